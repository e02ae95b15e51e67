// PSW-BR-004: a departure needs an arrival first (409), and its ATD must come strictly after the ATA
// recorded by recordArrival: the boundary (equal) and the wrong side are both refused at /atd.
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { LIFECYCLE_STEPS } from './collectors/port-call-lifecycle.ts';
import { evidenceOf, judgePlaces, locationOf, placesProduct, stepNamed } from './judging.ts';

export default defineCheck({
  id: 'arrival-departure-order',
  title: 'Departures not after the arrival are refused',
  failureTitle: 'Departures not after the arrival are accepted',
  description:
    'A ship departs after it arrives. The profile (psw-v1, recordDeparture) refuses a departure time ' +
    'that is not after the recorded arrival time with 422 and an error at `/atd` (rule ATD_BEFORE_ATA), ' +
    'and a departure of a port call that has not arrived with 409. Port dues, berth occupancy and the ' +
    'EMSWe ship call record are computed from these two times. Every ordered pair the profile declares ' +
    'for the departure (`x-psw-order` on recordDeparture) is probed on an arrived port call at the ' +
    'boundary (ATD the same instant as ATA) and on the wrong side (an hour before), after a valid ' +
    'departure was recorded on another one; a departure of a port call never arrived must answer 409.',
  remediation:
    'Refuse a recorded departure whose time is not after the recorded arrival with 422 and an error at /atd (ATD_BEFORE_ATA), and a departure of a port call that has not arrived with 409.',
  area: 'contract',
  requirements: ['PSW-BR-004'],
  requires: ['IdentifierProbes', 'ProbePlan', 'PortCallLifecycle'],
  cwe: [20],
  messages: {
    accepted: 'A departure not after the arrival was recorded at {{place}} ({{value}}, HTTP {{status}})',
    'server-error': 'A departure not after the arrival crashed the server at {{place}} ({{value}}, HTTP {{status}})',
    'no-pointer':
      'A departure not after the arrival at {{place}} ({{value}}) was refused (HTTP {{status}}) without an error at {{pointer}}',
    'departure-without-arrival-accepted':
      'A departure of a port call that never arrived was recorded (HTTP {{status}})',
    'departure-without-arrival-wrong-status':
      'A departure of a port call that never arrived was answered HTTP {{status}}, not 409',
  },
  defaultOptions: {},
  run({ IdentifierProbes, ProbePlan, PortCallLifecycle: lc }, ctx) {
    const verdicts = judgePlaces(ctx, ProbePlan, ['PSW-BR-004'], IdentifierProbes);
    const findings: Finding[] = [];
    const orphan = stepNamed(lc, LIFECYCLE_STEPS.departureWithoutArrival);
    if (orphan.status !== 409) {
      const id =
        orphan.status >= 200 && orphan.status < 300
          ? 'departure-without-arrival-accepted'
          : 'departure-without-arrival-wrong-status';
      findings.push(ctx.finding(id, { status: orphan.status }, locationOf(orphan), evidenceOf(orphan)));
    }
    return placesProduct(ctx, verdicts, 'departures not after the arrival', { findings, evidence: evidenceOf(orphan) });
  },
});
