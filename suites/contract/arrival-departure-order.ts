// PSW-BR-004: a departure needs an arrival first, and its ATD must come after the ATA.
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { LIFECYCLE_STEPS } from './collectors/port-call-lifecycle.ts';
import { evidenceOf, fieldProbeFinding, locationOf, stepNamed } from './judging.ts';
import { probeOf } from './records.ts';

export default defineCheck({
  id: 'arrival-departure-order',
  title: 'Departures before the arrival are refused',
  failureTitle: 'Departures before the arrival are accepted',
  description:
    'A ship departs after it arrives. The profile (psw-v1, recordDeparture) refuses a departure time ' +
    'before the recorded arrival time with 422 and an error at `/atd` (rule ATD_BEFORE_ATA), and a ' +
    'departure of a port call that has not arrived with 409. Port dues, berth occupancy and the EMSWe ' +
    'ship call record are computed from these two times.',
  area: 'contract',
  requirements: ['PSW-BR-004'],
  requires: ['PortCallLifecycle'],
  cwe: [20],
  messages: {
    accepted: 'A departure with ATD before ATA was recorded (HTTP {{status}})',
    'server-error': 'A departure with ATD before ATA crashed the server (HTTP {{status}})',
    'no-pointer': 'A departure with ATD before ATA was refused (HTTP {{status}}) without an error at {{pointer}}',
    'departure-refused': 'A departure after the arrival was refused (HTTP {{status}})',
    'departure-without-arrival-accepted':
      'A departure of a port call that never arrived was recorded (HTTP {{status}})',
    'departure-without-arrival-wrong-status':
      'A departure of a port call that never arrived was answered HTTP {{status}}, not 409',
  },
  defaultOptions: {},
  run({ PortCallLifecycle: lc }, ctx) {
    const early = stepNamed(lc, LIFECYCLE_STEPS.departureBeforeArrival);
    const findings: Finding[] = [];
    const probeFinding = fieldProbeFinding(ctx, probeOf('atd-before-ata', '/atd', early));
    if (probeFinding) {
      findings.push(probeFinding);
    } else {
      // Only once the early departure was refused does a refused real departure mean a false refusal.
      const departure = stepNamed(lc, LIFECYCLE_STEPS.departure);
      if (departure.status !== 200)
        findings.push(
          ctx.finding('departure-refused', { status: departure.status }, locationOf(departure), evidenceOf(departure)),
        );
    }
    const orphan = stepNamed(lc, LIFECYCLE_STEPS.departureWithoutArrival);
    if (orphan.status !== 409) {
      const id =
        orphan.status >= 200 && orphan.status < 300
          ? 'departure-without-arrival-accepted'
          : 'departure-without-arrival-wrong-status';
      findings.push(ctx.finding(id, { status: orphan.status }, locationOf(orphan), evidenceOf(orphan)));
    }
    if (findings.length > 0) return ctx.fail(findings, `${findings.length} departure-order problem(s)`);
    return ctx.pass(
      'ATD before ATA refused at /atd, a later ATD recorded, and a departure without arrival answered 409',
      evidenceOf(lc.steps[LIFECYCLE_STEPS.arrival], early, lc.steps[LIFECYCLE_STEPS.departure], orphan),
    );
  },
});
