// PSW-API-004: updatePortCall without If-Match is refused with 428, whether the port call was
// updated before or never.
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { LIFECYCLE_STEPS } from './collectors/port-call-lifecycle.ts';
import { evidenceOf, locationOf, stepNamed } from './judging.ts';

export default defineCheck({
  id: 'if-match-required',
  title: 'Updates without If-Match are refused with 428',
  failureTitle: 'Updates without If-Match are not refused with 428',
  description:
    'Two agents editing the same port call silently overwrite each other unless every update says ' +
    'which version it replaces. The profile makes updatePortCall conditional: without `If-Match` the ' +
    'server answers 428 Precondition Required (RFC 6585 §3; RFC 9110 §13.1.1 for If-Match). The ' +
    'probe is sent to a port call already updated once and to one never updated (its first version), ' +
    'so a server that only guards later versions is found too.',
  remediation:
    'Make updatePortCall conditional: answer 428 Precondition Required with a problem document when the request carries no If-Match header.',
  area: 'contract',
  requirements: ['PSW-API-004'],
  requires: ['PortCallLifecycle'],
  cwe: [362],
  messages: {
    accepted: 'An update without If-Match of {{which}} was applied (HTTP {{status}})',
    'wrong-status': 'An update without If-Match of {{which}} was answered HTTP {{status}}, not 428',
  },
  defaultOptions: {},
  run({ PortCallLifecycle: lc }, ctx) {
    const attempts = [
      { which: 'a port call updated before', step: stepNamed(lc, LIFECYCLE_STEPS.updateWithoutIfMatch) },
      { which: 'a port call never updated', step: stepNamed(lc, LIFECYCLE_STEPS.updateWithoutIfMatchFresh) },
    ];
    const findings: Finding[] = [];
    for (const { which, step } of attempts) {
      if (step.status === 428) continue;
      const id = step.status >= 200 && step.status < 300 ? 'accepted' : 'wrong-status';
      findings.push(
        ctx.finding(id, { which, status: step.status }, locationOf(step, { header: 'If-Match' }), evidenceOf(step)),
      );
    }
    if (findings.length > 0)
      return ctx.fail(findings, `${findings.length} of ${attempts.length} updates without If-Match not answered 428`);
    return ctx.pass(
      'updates without If-Match answered 428, before and after a first update',
      evidenceOf(...attempts.map((a) => a.step)),
    );
  },
});
