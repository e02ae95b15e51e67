// auth-token-audience: every protected operation answers 401 to a request with a token issued for another audience.
import { defineCheck } from '../../engine/check.ts';
import { authMessages, judgeAuthProbeKinds } from './auth-judging.ts';

export default defineCheck({
  id: 'auth-token-audience',
  title: 'Every protected operation refuses tokens issued for another audience (401)',
  failureTitle: 'Some protected operations accept tokens issued for another audience',
  description:
    "A token issued for another service (here the consortium's event feed) must not open the API: otherwise any relying party that receives a token can replay it against the single window (OWASP API2:2023, RFC 7519 §4.1.3, RFC 8707). A validly signed agentA token is requested with the resource indicator `resource=urn:psw:events` (audience `psw-events`) and sent to each protected operation; the answer must be 401. When the token endpoint refuses or ignores the resource indicator, the check is not applicable.",
  remediation: "Verify that the token's aud names this API and refuse tokens issued for any other audience with 401.",
  area: 'security',
  requirements: ['PSW-SEC-AUTH-002'],
  requires: ['AuthProbes', 'ProbePlan'],
  owasp: ['API2:2023'],
  cwe: [287],
  messages: authMessages(),
  defaultOptions: {},
  run({ AuthProbes, ProbePlan }, ctx) {
    return judgeAuthProbeKinds(
      AuthProbes,
      [{ kind: 'wrong-audience', label: 'a token issued for another audience' }],
      ctx,
      {
        requirements: ['PSW-SEC-AUTH-002'],
        plan: ProbePlan,
      },
    );
  },
});
