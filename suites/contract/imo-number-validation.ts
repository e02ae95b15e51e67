// PSW-ID-001: an IMO number with a wrong check digit is refused, wherever a message carries one.
import { defineCheck } from '../../engine/check.ts';
import { judgePlaces, placesProduct } from './judging.ts';

export default defineCheck({
  id: 'imo-number-validation',
  title: 'IMO numbers with a wrong check digit are refused',
  failureTitle: 'IMO numbers with a wrong check digit are not refused',
  description:
    'The seventh digit of an IMO ship identification number is a check digit over the first six (IMO ' +
    'Resolution A.1117(30), SOLAS XI-1/3). A single window that does not verify it registers port ' +
    'calls for ships that do not exist and breaks the link to the IMO ship register. Every field the ' +
    'profile marks as an IMO number (`x-psw-identifier: imo`) is probed in every operation that ' +
    'accepts it: create and update of a port call, the General Declaration. Each probe is that ' +
    "operation's valid control request with the check digit changed; it must be answered 4xx with an " +
    'error pointing at the field (rule IMO_CHECK_DIGIT).',
  remediation:
    "Verify the IMO number's seventh digit (the sum of the first six digits weighted 7 to 2, modulo 10) and answer 422 at the field's pointer when it does not match.",
  area: 'contract',
  requirements: ['PSW-ID-001'],
  requires: ['IdentifierProbes', 'ProbePlan'],
  cwe: [20],
  messages: {
    accepted: 'An IMO number with a wrong check digit was accepted at {{place}} ({{value}}, HTTP {{status}})',
    'server-error':
      'An IMO number with a wrong check digit crashed the server at {{place}} ({{value}}, HTTP {{status}})',
    'no-pointer':
      'An IMO number with a wrong check digit at {{place}} ({{value}}) was refused (HTTP {{status}}) without an error pointing at {{pointer}}',
  },
  defaultOptions: {},
  run({ IdentifierProbes, ProbePlan }, ctx) {
    const verdicts = judgePlaces(ctx, ProbePlan, ['PSW-ID-001'], IdentifierProbes);
    return placesProduct(ctx, verdicts, 'IMO numbers with a wrong check digit');
  },
});
