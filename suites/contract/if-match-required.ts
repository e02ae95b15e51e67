// PSW-API-004: updatePortCall without If-Match is refused with 428, whether the port call was
// updated before or never, and the refused update changes nothing (the port call read back after it).
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { LIFECYCLE_STEPS } from './collectors/port-call-lifecycle.ts';
import { evidenceOf, locationOf, stepNamed } from './judging.ts';
import { judgeRefusedUpdate } from './refused-update.ts';

export default defineCheck({
  id: 'if-match-required',
  title: 'Updates without If-Match are refused with 428',
  failureTitle: 'Updates without If-Match are not refused with 428',
  description:
    'Two agents editing the same port call silently overwrite each other unless every update says ' +
    'which version it replaces. The profile makes updatePortCall conditional: without `If-Match` the ' +
    'server answers 428 Precondition Required (RFC 6585 §3; RFC 9110 §13.1.1 for If-Match). The ' +
    'probe is sent to a port call already updated once and to one never updated (its first version), ' +
    'so a server that only guards later versions is found too. The port call is read back after each ' +
    'refusal: a server that applies the update and then answers 428 has lost the update it claims to refuse.',
  remediation:
    'Make updatePortCall conditional: answer 428 Precondition Required with a problem document when the request carries no If-Match header.',
  area: 'contract',
  requirements: ['PSW-API-004'],
  requires: ['PortCallLifecycle'],
  cwe: [362],
  messages: {
    accepted: 'An update without If-Match of {{which}} was applied (HTTP {{status}})',
    'wrong-status': 'An update without If-Match of {{which}} was answered HTTP {{status}}, not 428',
    'changed-despite-refusal':
      'An update without If-Match of {{which}} was refused (HTTP {{status}}), yet the port call changed: {{field}} {{before}} → {{after}}{{appliedNote}}',
  },
  defaultOptions: {},
  run({ PortCallLifecycle: lc }, ctx) {
    const attempts = [
      {
        which: 'a port call updated before',
        name: LIFECYCLE_STEPS.updateWithoutIfMatch,
        header: 'If-Match (absent; port call updated before)',
      },
      {
        which: 'a port call never updated',
        name: LIFECYCLE_STEPS.updateWithoutIfMatchFresh,
        header: 'If-Match (absent; port call never updated)',
      },
    ].map((a) => ({ ...a, step: stepNamed(lc, a.name) }));
    const findings: Finding[] = [];
    const unread: string[] = [];
    const readBacks = [];
    for (const { which, name, header, step } of attempts) {
      if (step.status !== 428) {
        const id = step.status >= 200 && step.status < 300 ? 'accepted' : 'wrong-status';
        findings.push(
          ctx.finding(id, { which, status: step.status }, locationOf(step, { header: 'If-Match' }), evidenceOf(step)),
        );
      }
      const back = judgeRefusedUpdate(ctx, lc, { name, step, header, data: { which } });
      if (back.unread) unread.push(`${which}: ${back.unread}`);
      if (back.finding) findings.push(back.finding);
      readBacks.push(...back.records);
    }
    if (findings.length > 0)
      return ctx.fail(
        findings,
        `${findings.length} problem(s) with ${attempts.length} updates without If-Match (428, nothing changed)`,
      );
    if (unread.length > 0)
      return ctx.needsReview(
        `updates without If-Match answered 428, but the port call could not be read back to confirm nothing changed: ${unread.join('; ')}`,
      );
    return ctx.pass(
      'updates without If-Match answered 428 and changed nothing, before and after a first update',
      evidenceOf(...readBacks),
    );
  },
});
