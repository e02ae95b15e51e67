// PSW-ID-004, PSW-ID-005: FAL7 items with a bad UN number, IMDG class, packing group or container check digit are refused, in every item.
import { defineCheck } from '../../engine/check.ts';
import { judgePlaces, placesProduct } from './judging.ts';

export default defineCheck({
  id: 'dangerous-goods-validation',
  title: 'Dangerous goods manifests with invalid identifiers are refused',
  failureTitle: 'Dangerous goods manifests with invalid identifiers are accepted',
  description:
    'Emergency response to a dangerous goods incident starts from the UN number and IMDG class of the ' +
    'cargo (IMDG Code 2.0 and 3.2, FAL form 7) and from the container holding it (ISO 6346 check ' +
    'digit). A manifest with UN 9999, division 6.3, a class-3 item without its packing group or a ' +
    'container number with a wrong check digit is worthless to the fire brigade. Every field the ' +
    'schema marks (`x-psw-identifier`: un-number, imdg-class, packing-group, container) is probed in ' +
    'the first item and in a later one, each probe breaking that one field of a valid manifest the ' +
    'target accepts; each must be answered 4xx with an error at the field.',
  remediation:
    'Validate every dangerous goods item against the UN number list and the IMDG classes and divisions, require the fields a class needs, and verify the ISO 6346 check digit of container numbers; answer 422 with the pointer of each bad field.',
  area: 'contract',
  requirements: ['PSW-ID-004', 'PSW-ID-005'],
  requires: ['IdentifierProbes', 'ProbePlan'],
  cwe: [20],
  messages: {
    accepted: 'A FAL7 manifest broken was accepted at {{place}} ({{value}}, HTTP {{status}})',
    'server-error': 'A FAL7 manifest broken crashed the server at {{place}} ({{value}}, HTTP {{status}})',
    'no-pointer':
      'A FAL7 manifest broken at {{place}} ({{value}}) was refused (HTTP {{status}}) without an error pointing at {{pointer}}',
  },
  defaultOptions: {},
  run({ IdentifierProbes, ProbePlan }, ctx) {
    const verdicts = judgePlaces(ctx, ProbePlan, ['PSW-ID-004', 'PSW-ID-005'], IdentifierProbes);
    return placesProduct(ctx, verdicts, 'invalid dangerous goods identifiers');
  },
});
