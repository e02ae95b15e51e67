// PSW-ID-003: a well-formed UN/LOCODE unknown to the code list is refused, in every message and position.
import { defineCheck } from '../../engine/check.ts';
import { judgePlaces, placesProduct } from './judging.ts';

export default defineCheck({
  id: 'locode-validation',
  title: 'Unknown UN/LOCODEs are refused',
  failureTitle: 'Unknown UN/LOCODEs are not refused',
  description:
    'Ports are identified by UN/LOCODE (UNECE Recommendation 16). The pattern `^[A-Z]{2}[A-Z2-9]{3}$` ' +
    'only says a code is well formed; the profile also requires it to exist in the code list, or ' +
    'notifications reach no port authority. Every location field of every message (`x-psw-identifier: ' +
    "locode`: port of call, previous and next port, FAL1 ports, every passenger's ports, the last " +
    'waste delivery port, every last call of the security notification, at the first and at a later ' +
    'item of a list) is probed with a well-formed code of the same country that the list does not ' +
    'know; each must be answered 4xx with an error at the field (rule LOCODE_UNKNOWN).',
  remediation:
    "Check every location code against the UN/LOCODE code list, not only its pattern, and answer 422 at the field's pointer for a code that does not exist.",
  area: 'contract',
  requirements: ['PSW-ID-003'],
  requires: ['IdentifierProbes', 'ProbePlan'],
  cwe: [20],
  messages: {
    accepted: 'An unknown UN/LOCODE was accepted at {{place}} ({{value}}, HTTP {{status}})',
    'server-error': 'An unknown UN/LOCODE crashed the server at {{place}} ({{value}}, HTTP {{status}})',
    'no-pointer':
      'An unknown UN/LOCODE at {{place}} ({{value}}) was refused (HTTP {{status}}) without an error pointing at {{pointer}}',
  },
  defaultOptions: {},
  run({ IdentifierProbes, ProbePlan }, ctx) {
    const verdicts = judgePlaces(ctx, ProbePlan, ['PSW-ID-003'], IdentifierProbes);
    return placesProduct(ctx, verdicts, 'unknown UN/LOCODEs');
  },
});
