// PSW-API-005: updatePortCall with an If-Match that does not match the current ETag (a stale one, or
// the weak form of the current one) is refused with 412.
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { LIFECYCLE_STEPS } from './collectors/port-call-lifecycle.ts';
import { evidenceOf, locationOf, stepNamed } from './judging.ts';

export default defineCheck({
  id: 'stale-etag-rejected',
  title: 'Updates with an ETag that does not match are refused with 412',
  failureTitle: 'Updates with an ETag that does not match are not refused with 412',
  description:
    'An update based on a version someone else has since changed would undo their change (the lost ' +
    'update). RFC 9110 §13.1.1: when `If-Match` does not match the current entity tag the server must ' +
    'not apply the request and answers 412 Precondition Failed; If-Match uses the strong comparison ' +
    '(§8.8.3.2), so a weak tag never matches. The probes update a port call, then send an update with ' +
    'the ETag from before (stale) and one with the weak form `W/"…"` of the current ETag.',
  remediation:
    'Compare If-Match with the current ETag before applying an update and answer 412 Precondition Failed without changing anything when they differ.',
  area: 'contract',
  requirements: ['PSW-API-005'],
  requires: ['PortCallLifecycle'],
  cwe: [362],
  messages: {
    accepted: 'An update with the {{which}} ETag {{ifMatch}} was applied (HTTP {{status}})',
    'wrong-status': 'An update with the {{which}} ETag {{ifMatch}} was answered HTTP {{status}}, not 412',
  },
  defaultOptions: {},
  run({ PortCallLifecycle: lc }, ctx) {
    const attempts = [
      { which: 'stale', step: stepNamed(lc, LIFECYCLE_STEPS.updateStale) },
      { which: 'weak', step: stepNamed(lc, LIFECYCLE_STEPS.updateWeakEtag) },
    ];
    const findings: Finding[] = [];
    for (const { which, step } of attempts) {
      if (step.status === 412) continue;
      const id = step.status >= 200 && step.status < 300 ? 'accepted' : 'wrong-status';
      findings.push(
        ctx.finding(
          id,
          { which, status: step.status, ifMatch: step.ifMatch ?? null },
          locationOf(step, { header: 'If-Match' }),
          evidenceOf(step),
        ),
      );
    }
    const ev = evidenceOf(
      lc.steps[LIFECYCLE_STEPS.update],
      lc.steps[LIFECYCLE_STEPS.readAfterUpdate],
      ...attempts.map((a) => a.step),
    );
    if (findings.length > 0)
      return ctx.fail(
        findings,
        `${findings.length} of ${attempts.length} non-matching If-Match updates not answered 412`,
      );
    return ctx.pass('updates with a stale ETag and with the weak current ETag answered 412', ev);
  },
});
