// PSW-API-005: updatePortCall with a stale If-Match is refused with 412.
import { defineCheck } from '../../engine/check.ts';
import { LIFECYCLE_STEPS } from './collectors/port-call-lifecycle.ts';
import { evidenceOf, locationOf, stepNamed } from './judging.ts';

export default defineCheck({
  id: 'stale-etag-rejected',
  title: 'Updates with a stale ETag are refused with 412',
  failureTitle: 'Updates with a stale ETag are not refused with 412',
  description:
    'An update based on a version someone else has since changed would undo their change (the lost ' +
    'update). RFC 9110 §13.1.1: when `If-Match` does not match the current entity tag the server must ' +
    'not apply the request and answers 412 Precondition Failed. The probe updates a port call, then ' +
    'sends a second update with the ETag from before the first.',
  area: 'contract',
  requirements: ['PSW-API-005'],
  requires: ['PortCallLifecycle'],
  cwe: [362],
  messages: {
    accepted: 'An update with the stale ETag {{ifMatch}} was applied (HTTP {{status}})',
    'wrong-status': 'An update with the stale ETag {{ifMatch}} was answered HTTP {{status}}, not 412',
  },
  defaultOptions: {},
  run({ PortCallLifecycle: lc }, ctx) {
    const step = stepNamed(lc, LIFECYCLE_STEPS.updateStale);
    const ev = evidenceOf(lc.steps[LIFECYCLE_STEPS.update], lc.steps[LIFECYCLE_STEPS.readAfterUpdate], step);
    if (step.status === 412) return ctx.pass('update with a stale ETag answered 412', ev);
    const id = step.status >= 200 && step.status < 300 ? 'accepted' : 'wrong-status';
    return ctx.fail(
      [
        ctx.finding(
          id,
          { status: step.status, ifMatch: step.ifMatch ?? null },
          locationOf(step, { header: 'If-Match' }),
          evidenceOf(step),
        ),
      ],
      `update with a stale ETag answered HTTP ${step.status}`,
    );
  },
});
