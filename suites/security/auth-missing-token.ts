// auth-missing-token: every protected operation answers 401 to a request without a token.
import { defineCheck } from '../../engine/check.ts';
import { authMessages, judgeAuthProbeKinds } from './auth-judging.ts';

export default defineCheck({
  id: 'auth-missing-token',
  title: 'Every protected operation refuses requests without a token (401)',
  failureTitle: 'Some protected operations answer requests that carry no token',
  description:
    "An operation that answers without credentials exposes port calls, crew lists and clearance decisions to anyone who can reach the API (OWASP API2:2023 Broken Authentication). Each operation the profile's OpenAPI document protects (reads, writes, every formality route) is called with a valid path and body and no Authorization header; the answer must be 401 with a `WWW-Authenticate: Bearer` challenge (RFC 6750 §3.1; PSW-SEC-AUTH-001).",
  remediation:
    'Require a valid bearer token on every operation the OpenAPI document protects, in a middleware that runs before the route handler, and answer 401 with WWW-Authenticate when it is missing.',
  area: 'security',
  requirements: ['PSW-SEC-AUTH-001'],
  requires: ['AuthProbes', 'ProbePlan'],
  owasp: ['API2:2023'],
  cwe: [306],
  messages: authMessages({ challenge: true }),
  defaultOptions: {},
  run({ AuthProbes, ProbePlan }, ctx) {
    return judgeAuthProbeKinds(AuthProbes, [{ kind: 'missing', label: 'no token' }], ctx, {
      requirements: ['PSW-SEC-AUTH-001'],
      plan: ProbePlan,
      challenge: true,
    });
  },
});
