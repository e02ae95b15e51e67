// PSW-ID-001: an IMO number whose check digit is wrong is refused at /ship/imoNumber.
import { defineCheck } from '../../engine/check.ts';
import { IDENTIFIER_PROBES } from './collectors/identifier-probes.ts';
import { judgeFieldProbes } from './judging.ts';

export default defineCheck({
  id: 'imo-number-validation',
  title: 'IMO numbers with a wrong check digit are refused',
  failureTitle: 'IMO numbers with a wrong check digit are not refused',
  description:
    'The seventh digit of an IMO ship identification number is a check digit over the first six ' +
    '(IMO Resolution A.1117(30), SOLAS XI-1/3). A single window that does not verify it registers ' +
    'port calls for ships that do not exist and breaks the link to the IMO ship register. ' +
    'The probe is the valid control port call with the check digit changed; it must be answered ' +
    '4xx with an error pointing at `/ship/imoNumber` (profile psw-v1, rule IMO_CHECK_DIGIT).',
  area: 'contract',
  requirements: ['PSW-ID-001'],
  requires: ['IdentifierProbes'],
  cwe: [20],
  messages: {
    accepted: 'A port call with a wrong IMO check digit was accepted (HTTP {{status}})',
    'server-error': 'A port call with a wrong IMO check digit crashed the server (HTTP {{status}})',
    'no-pointer':
      'A port call with a wrong IMO check digit was refused (HTTP {{status}}) without an error at {{pointer}}',
  },
  defaultOptions: {},
  run({ IdentifierProbes }, ctx) {
    return judgeFieldProbes(ctx, IdentifierProbes, [IDENTIFIER_PROBES.imoCheckDigit], 'port call');
  },
});
