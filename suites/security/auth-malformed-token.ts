// auth-malformed-token: every protected operation answers 401 to a request with the bearer value "not.a.jwt".
import { defineCheck } from '../../engine/check.ts';
import { judgeAuthProbeKind } from './api-judging.ts';

export default defineCheck({
  id: 'auth-malformed-token',
  title: 'Every protected operation answers 401 to a bearer value that is not a JWT',
  failureTitle: 'Some protected operations mishandle a bearer value that is not a JWT',
  description:
    "A token the server cannot parse must be refused like any invalid credential; a 500, or a request served anyway, shows the verifier's error path is not safe (OWASP API2:2023). Each protected operation is called with `Authorization: Bearer not.a.jwt`; the answer must be 401 (RFC 6750 §3.1, invalid_token).",
  area: 'security',
  requirements: ['PSW-SEC-AUTH-001'],
  requires: ['AuthProbes'],
  owasp: ['API2:2023'],
  cwe: [287],
  messages: {
    accepted:
      '{{operationId}} ({{method}} {{url}}) served a request with the bearer value "not.a.jwt" with {{status}}.',
    notRejected:
      '{{operationId}} ({{method}} {{url}}) answered {{status}} instead of 401 to a request with the bearer value "not.a.jwt".',
    noAnswer:
      '{{operationId}} ({{method}} {{url}}) gave no HTTP answer to a request with the bearer value "not.a.jwt": {{error}}.',
    notProbed: '{{operationId}} ({{method}} {{url}}) was not probed with the bearer value "not.a.jwt".',
  },
  defaultOptions: {},
  run({ AuthProbes }, ctx) {
    return judgeAuthProbeKind(AuthProbes, 'malformed', ctx);
  },
});
