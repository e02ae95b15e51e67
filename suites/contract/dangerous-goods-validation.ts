// PSW-ID-004, PSW-ID-005: FAL7 items with a bad UN number, IMDG class or container check digit are refused.
import { defineCheck } from '../../engine/check.ts';
import { FORMALITY_PROBES } from './collectors/formality-probes.ts';
import { judgeFieldProbes } from './judging.ts';

export default defineCheck({
  id: 'dangerous-goods-validation',
  title: 'Dangerous goods manifests with invalid identifiers are refused',
  failureTitle: 'Dangerous goods manifests with invalid identifiers are accepted',
  description:
    'Emergency response to a dangerous goods incident starts from the UN number and IMDG class of the ' +
    'cargo (IMDG Code 2.0 and 3.2, FAL form 7) and from the container holding it (ISO 6346 check ' +
    'digit). A manifest with UN 9999, class 10, division 6.3 or a container number with a wrong ' +
    'check digit is worthless to the fire brigade. Starting from a valid manifest the target accepts, each probe ' +
    'breaks one field of the first item and expects a 4xx with an error at it.',
  area: 'contract',
  requirements: ['PSW-ID-004', 'PSW-ID-005'],
  requires: ['FormalityProbes'],
  cwe: [20],
  messages: {
    accepted: 'A FAL7 manifest broken at {{pointer}} ({{probe}}) was accepted (HTTP {{status}})',
    'server-error': 'A FAL7 manifest broken at {{pointer}} ({{probe}}) crashed the server (HTTP {{status}})',
    'no-pointer':
      'A FAL7 manifest broken at {{pointer}} ({{probe}}) was refused (HTTP {{status}}) without an error there',
  },
  defaultOptions: {},
  run({ FormalityProbes: fp }, ctx) {
    const names = [
      FORMALITY_PROBES.unNumber,
      FORMALITY_PROBES.imdgClass,
      FORMALITY_PROBES.imdgDivision,
      FORMALITY_PROBES.containerCheckDigit,
    ];
    return judgeFieldProbes(ctx, fp.dangerousGoods, names, 'dangerous goods manifest');
  },
});
