// auth-malformed-token: every protected operation answers 401 (with a Bearer challenge) to a bearer
// value that is not a JWT, and to a JWT whose payload is not JSON.
import { defineCheck } from '../../engine/check.ts';
import { authMessages, judgeAuthProbeKinds } from './auth-judging.ts';

export default defineCheck({
  id: 'auth-malformed-token',
  title: 'Every protected operation answers 401 to a token it cannot parse',
  failureTitle: 'Some protected operations mishandle a token they cannot parse',
  description:
    "A token the server cannot parse must be refused like any invalid credential; a 500, or a request served anyway, shows the verifier's error path is not safe (OWASP API2:2023). Each protected operation is called with `Authorization: Bearer not.a.jwt` (no JWT at all) and with a real token whose payload segment is not JSON (the header parses, the claims do not); each answer must be 401 with a `WWW-Authenticate: Bearer` challenge (RFC 6750 §3.1, invalid_token; PSW-SEC-AUTH-001).",
  remediation:
    "Treat any token that fails to parse as an invalid credential: catch the verifier's errors and answer 401, never 500 and never the resource.",
  area: 'security',
  requirements: ['PSW-SEC-AUTH-001'],
  requires: ['AuthProbes', 'ProbePlan'],
  owasp: ['API2:2023'],
  cwe: [287],
  messages: authMessages({ challenge: true }),
  defaultOptions: {},
  run({ AuthProbes, ProbePlan }, ctx) {
    return judgeAuthProbeKinds(
      AuthProbes,
      [
        { kind: 'malformed', label: 'the bearer value "not.a.jwt"' },
        { kind: 'malformed-payload', label: 'a token whose payload is not JSON' },
      ],
      ctx,
      {
        requirements: ['PSW-SEC-AUTH-001'],
        plan: ProbePlan,
        challenge: true,
      },
    );
  },
});
