// PSW-API-004: updatePortCall without If-Match is refused with 428.
import { defineCheck } from '../../engine/check.ts';
import { LIFECYCLE_STEPS } from './collectors/port-call-lifecycle.ts';
import { evidenceOf, locationOf, stepNamed } from './judging.ts';

export default defineCheck({
  id: 'if-match-required',
  title: 'Updates without If-Match are refused with 428',
  failureTitle: 'Updates without If-Match are not refused with 428',
  description:
    'Two agents editing the same port call silently overwrite each other unless every update says ' +
    'which version it replaces. The profile makes updatePortCall conditional: without `If-Match` the ' +
    'server answers 428 Precondition Required (RFC 6585 §3; RFC 9110 §13.1.1 for If-Match).',
  area: 'contract',
  requirements: ['PSW-API-004'],
  requires: ['PortCallLifecycle'],
  cwe: [362],
  messages: {
    accepted: 'An update without If-Match was applied (HTTP {{status}})',
    'wrong-status': 'An update without If-Match was answered HTTP {{status}}, not 428',
  },
  defaultOptions: {},
  run({ PortCallLifecycle: lc }, ctx) {
    const step = stepNamed(lc, LIFECYCLE_STEPS.updateWithoutIfMatch);
    if (step.status === 428) return ctx.pass('update without If-Match answered 428', evidenceOf(step));
    const id = step.status >= 200 && step.status < 300 ? 'accepted' : 'wrong-status';
    return ctx.fail(
      [ctx.finding(id, { status: step.status }, locationOf(step, { header: 'If-Match' }), evidenceOf(step))],
      `update without If-Match answered HTTP ${step.status}`,
    );
  },
});
