// PSW-API-006: a cancelled port call refuses every change with 409: update, cancel again, arrival,
// departure, clearance and each formality (the probe plan's `resource-write` places).
import { defineCheck } from '../../engine/check.ts';
import type { Finding, NotProbedReason } from '../../engine/types.ts';
import { plannedPlaces, placesReport } from '../places.ts';
import { afterCancelStep, LIFECYCLE_STEPS } from './collectors/port-call-lifecycle.ts';
import { evidenceOf, locationOf, stepNamed } from './judging.ts';
import type { StepRecord } from './records.ts';

const REQUIREMENT = 'PSW-API-006';

export default defineCheck({
  id: 'cancelled-port-call-immutable',
  title: 'Cancelled port calls refuse every change with 409',
  failureTitle: 'Cancelled port calls still accept changes',
  description:
    'Cancelling a port call is final: authorities stop planning for it, so a later update, recorded ' +
    'arrival or departure, clearance or formality would revive a call nobody expects. The profile ' +
    '(psw-v1) answers 409 Conflict (RFC 9110 §15.5.10) to each. The probe cancels a port call, then ' +
    'sends every operation that writes to a port call (the probe plan derives them from the paths) a ' +
    'valid request — the update with the current ETag — so only the cancellation can be the reason to ' +
    'refuse.',
  remediation:
    "Check the port call's status before every update, arrival, departure, clearance and formality submission, and answer 409 Conflict once it is cancelled.",
  area: 'contract',
  requirements: [REQUIREMENT],
  requires: ['PortCallLifecycle', 'ProbePlan'],
  messages: {
    accepted: '{{operationId}} on a cancelled port call was applied (HTTP {{status}})',
    'wrong-status': '{{operationId}} on a cancelled port call was answered HTTP {{status}}, not 409',
  },
  defaultOptions: {},
  run({ PortCallLifecycle: lc, ProbePlan }, ctx) {
    const cancel = stepNamed(lc, LIFECYCLE_STEPS.cancel);
    if (cancel.status !== 200)
      throw new Error(`cancelling the port call answered HTTP ${cancel.status}, so nothing was cancelled to probe`);
    const findings: Finding[] = [];
    const judged: StepRecord[] = [];
    const why = new Map<string, { why: NotProbedReason; detail?: string }>();
    for (const place of plannedPlaces(ProbePlan, REQUIREMENT)) {
      const operationId = place.operationId ?? place.id;
      const name = afterCancelStep(operationId);
      const step = lc.steps[name];
      if (!step) {
        const skipped = lc.skipped[name];
        why.set(place.id, skipped ? { why: 'precondition-failed', detail: skipped } : { why: 'not-reached' });
        continue;
      }
      judged.push(step);
      if (step.status === 409) continue;
      const id = step.status >= 200 && step.status < 300 ? 'accepted' : 'wrong-status';
      findings.push(ctx.finding(id, { operationId, status: step.status }, locationOf(step), evidenceOf(step)));
    }
    const places = {
      [REQUIREMENT]: placesReport(
        ProbePlan,
        REQUIREMENT,
        (p) => !why.has(p.id),
        (p) => why.get(p.id) ?? { why: 'not-reached' },
      ),
    };
    if (findings.length > 0)
      return {
        ...ctx.fail(
          findings,
          `${findings.length} of ${judged.length} changes to a cancelled port call not refused with 409`,
        ),
        places,
      };
    if (judged.length === 0) throw new Error('no change was sent to the cancelled port call');
    const missed = why.size > 0 ? `; ${why.size} not probed` : '';
    return {
      ...ctx.pass(
        `${judged.length} changes to a cancelled port call answered 409${missed}`,
        evidenceOf(cancel, ...judged),
      ),
      places,
    };
  },
});
