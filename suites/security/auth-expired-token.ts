// auth-expired-token: every protected operation answers 401 to a request with an expired token.
import { defineCheck } from '../../engine/check.ts';
import { authMessages, judgeAuthProbeKinds } from './auth-judging.ts';

export default defineCheck({
  id: 'auth-expired-token',
  title: 'Every protected operation refuses an expired token (401)',
  failureTitle: 'Some protected operations accept an expired token',
  description:
    "A token accepted after its `exp` never really expires: a leaked token stays useful forever (OWASP API2:2023, RFC 7519 §4.1.4). A real token for agentA is fetched and left to expire (the profile's tokens live at most 60 s; at `exp` + 5 s, the leeway servers may allow, one operation is tried with it: refused, every protected operation is called with it at once; accepted, the probe waits until `exp` + 6 s, as a server comparing whole seconds may accept it for one more second); each protected operation must answer 401. When the token lives longer than `security.expiredTokenMaxWaitSeconds`, the check is not applicable.",
  remediation:
    'Verify the exp claim on every request (with at most a few seconds of clock skew) and answer 401 for an expired token.',
  area: 'security',
  requirements: ['PSW-SEC-AUTH-002'],
  requires: ['AuthProbes', 'ProbePlan'],
  owasp: ['API2:2023'],
  cwe: [613],
  messages: authMessages(),
  defaultOptions: {},
  run({ AuthProbes, ProbePlan }, ctx) {
    return judgeAuthProbeKinds(AuthProbes, [{ kind: 'expired', label: 'an expired token' }], ctx, {
      requirements: ['PSW-SEC-AUTH-002'],
      plan: ProbePlan,
    });
  },
});
