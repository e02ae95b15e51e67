// auth-missing-token: every protected operation answers 401 to a request without a token.
import { defineCheck } from '../../engine/check.ts';
import { judgeAuthProbeKind } from './api-judging.ts';

export default defineCheck({
  id: 'auth-missing-token',
  title: 'Every protected operation refuses requests without a token (401)',
  failureTitle: 'Some protected operations answer requests that carry no token',
  description:
    "An operation that answers without credentials exposes port calls, crew lists and clearance decisions to anyone who can reach the API (OWASP API2:2023 Broken Authentication). Each operation the profile's OpenAPI document protects is called with a valid path and body and no Authorization header; the answer must be 401 (RFC 6750 §3.1).",
  area: 'security',
  requirements: ['PSW-SEC-AUTH-001'],
  requires: ['AuthProbes'],
  owasp: ['API2:2023'],
  cwe: [306],
  messages: {
    accepted: '{{operationId}} ({{method}} {{url}}) served a request without a token with {{status}}.',
    notRejected:
      '{{operationId}} ({{method}} {{url}}) answered {{status}} instead of 401 to a request without a token.',
    noAnswer: '{{operationId}} ({{method}} {{url}}) gave no HTTP answer to a request without a token: {{error}}.',
    notProbed: '{{operationId}} ({{method}} {{url}}) was not probed without a token.',
  },
  defaultOptions: {},
  run({ AuthProbes }, ctx) {
    return judgeAuthProbeKind(AuthProbes, 'missing', ctx);
  },
});
