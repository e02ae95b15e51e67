// PSW-API-005: updatePortCall with an If-Match that does not match the current ETag (a stale one, or
// the weak form of the current one) is refused with 412, and the refused update changes nothing (the
// port call read back after it).
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { LIFECYCLE_STEPS } from './collectors/port-call-lifecycle.ts';
import { evidenceOf, locationOf, stepNamed } from './judging.ts';
import { judgeRefusedUpdate } from './refused-update.ts';

export default defineCheck({
  id: 'stale-etag-rejected',
  title: 'Updates with an ETag that does not match are refused with 412',
  failureTitle: 'Updates with an ETag that does not match are not refused with 412',
  description:
    'An update based on a version someone else has since changed would undo their change (the lost ' +
    'update). RFC 9110 §13.1.1: when `If-Match` does not match the current entity tag the server must ' +
    'not apply the request and answers 412 Precondition Failed; If-Match uses the strong comparison ' +
    '(§8.8.3.2), so a weak tag never matches. The probes update a port call, then send an update with ' +
    'the ETag from before (stale) and one with the weak form `W/"…"` of the current ETag, and read the ' +
    'port call back after each: a server that applies the update and then answers 412 loses updates all the same.',
  remediation:
    'Compare If-Match with the current ETag before applying an update and answer 412 Precondition Failed without changing anything when they differ.',
  area: 'contract',
  requirements: ['PSW-API-005'],
  requires: ['PortCallLifecycle'],
  cwe: [362],
  messages: {
    accepted: 'An update with the {{which}} ETag {{ifMatch}} was applied (HTTP {{status}})',
    'wrong-status': 'An update with the {{which}} ETag {{ifMatch}} was answered HTTP {{status}}, not 412',
    'changed-despite-refusal':
      'An update with the {{which}} ETag {{ifMatch}} was refused (HTTP {{status}}), yet the port call changed: {{field}} {{before}} → {{after}}{{appliedNote}}',
  },
  defaultOptions: {},
  run({ PortCallLifecycle: lc }, ctx) {
    const attempts = [
      { which: 'stale', name: LIFECYCLE_STEPS.updateStale, header: 'If-Match: <stale ETag>' },
      { which: 'weak', name: LIFECYCLE_STEPS.updateWeakEtag, header: 'If-Match: W/<current ETag>' },
    ].map((a) => ({ ...a, step: stepNamed(lc, a.name) }));
    const findings: Finding[] = [];
    const unread: string[] = [];
    const readBacks = [];
    for (const { which, name, header, step } of attempts) {
      const data = { which, status: step.status, ifMatch: step.ifMatch ?? null };
      if (step.status !== 412) {
        const id = step.status >= 200 && step.status < 300 ? 'accepted' : 'wrong-status';
        findings.push(ctx.finding(id, data, locationOf(step, { header: 'If-Match' }), evidenceOf(step)));
      }
      const back = judgeRefusedUpdate(ctx, lc, { name, step, header, data });
      if (back.unread) unread.push(`${which}: ${back.unread}`);
      if (back.finding) findings.push(back.finding);
      readBacks.push(...back.records);
    }
    const ev = evidenceOf(lc.steps[LIFECYCLE_STEPS.update], lc.steps[LIFECYCLE_STEPS.readAfterUpdate], ...readBacks);
    if (findings.length > 0)
      return ctx.fail(
        findings,
        `${findings.length} problem(s) with ${attempts.length} non-matching If-Match updates (412, nothing changed)`,
      );
    if (unread.length > 0)
      return ctx.needsReview(
        `non-matching If-Match updates answered 412, but the port call could not be read back to confirm nothing changed: ${unread.join('; ')}`,
      );
    return ctx.pass('updates with a stale ETag and with the weak current ETag answered 412 and changed nothing', ev);
  },
});
