// PSW-API-006: a cancelled port call refuses updates and arrivals with 409.
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { LIFECYCLE_STEPS } from './collectors/port-call-lifecycle.ts';
import { evidenceOf, locationOf, stepNamed } from './judging.ts';

export default defineCheck({
  id: 'cancelled-port-call-immutable',
  title: 'Cancelled port calls refuse updates and arrivals with 409',
  failureTitle: 'Cancelled port calls still accept updates or arrivals',
  description:
    'Cancelling a port call is final: authorities stop planning for it, so a later update or ' +
    'recorded arrival would revive a call nobody expects. The profile (psw-v1, updatePortCall and ' +
    'recordArrival) answers 409 Conflict (RFC 9110 §15.5.10) for both. The probe cancels a port ' +
    'call, reads it for the current ETag (so only the cancellation can be the reason to refuse), ' +
    'then updates it and records an arrival.',
  area: 'contract',
  requirements: ['PSW-API-006'],
  requires: ['PortCallLifecycle'],
  messages: {
    accepted: '{{action}} on a cancelled port call was applied (HTTP {{status}})',
    'wrong-status': '{{action}} on a cancelled port call was answered HTTP {{status}}, not 409',
  },
  defaultOptions: {},
  run({ PortCallLifecycle: lc }, ctx) {
    const cancel = stepNamed(lc, LIFECYCLE_STEPS.cancel);
    if (cancel.status !== 200)
      throw new Error(`cancelling the port call answered HTTP ${cancel.status}, so nothing was cancelled to probe`);
    const attempts = [
      { action: 'An update', step: stepNamed(lc, LIFECYCLE_STEPS.updateAfterCancel) },
      { action: 'An arrival', step: stepNamed(lc, LIFECYCLE_STEPS.arrivalAfterCancel) },
    ];
    const findings: Finding[] = [];
    for (const { action, step } of attempts) {
      if (step.status === 409) continue;
      const id = step.status >= 200 && step.status < 300 ? 'accepted' : 'wrong-status';
      findings.push(ctx.finding(id, { action, status: step.status }, locationOf(step), evidenceOf(step)));
    }
    if (findings.length > 0)
      return ctx.fail(
        findings,
        `${findings.length} of ${attempts.length} changes to a cancelled port call not refused with 409`,
      );
    return ctx.pass(
      'update and arrival on a cancelled port call answered 409',
      evidenceOf(cancel, ...attempts.map((a) => a.step)),
    );
  },
});
