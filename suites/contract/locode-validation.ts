// PSW-ID-003: a well-formed UN/LOCODE unknown to the code list is refused at /portOfCall.
import { defineCheck } from '../../engine/check.ts';
import { IDENTIFIER_PROBES } from './collectors/identifier-probes.ts';
import { judgeFieldProbes } from './judging.ts';

export default defineCheck({
  id: 'locode-validation',
  title: 'Unknown UN/LOCODEs are refused',
  failureTitle: 'Unknown UN/LOCODEs are not refused',
  description:
    'Ports are identified by UN/LOCODE (UNECE Recommendation 16). The pattern `^[A-Z]{2}[A-Z2-9]{3}$` ' +
    'only says a code is well formed; the profile also requires it to exist in the code list, or ' +
    'notifications reach no port authority. The probe names port of call FRQQQ, well formed but not ' +
    'a location, and expects a 4xx with an error at `/portOfCall` (profile psw-v1, rule LOCODE_UNKNOWN).',
  area: 'contract',
  requirements: ['PSW-ID-003'],
  requires: ['IdentifierProbes'],
  cwe: [20],
  messages: {
    accepted: 'A port call to the unknown UN/LOCODE FRQQQ was accepted (HTTP {{status}})',
    'server-error': 'A port call to the unknown UN/LOCODE FRQQQ crashed the server (HTTP {{status}})',
    'no-pointer':
      'A port call to the unknown UN/LOCODE FRQQQ was refused (HTTP {{status}}) without an error at {{pointer}}',
  },
  defaultOptions: {},
  run({ IdentifierProbes }, ctx) {
    return judgeFieldProbes(ctx, IdentifierProbes, [IDENTIFIER_PROBES.locodeUnknown], 'port call');
  },
});
