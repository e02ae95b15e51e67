// auth-token-key-url: every protected operation refuses a token whose header points at where its key
// is (jku, x5u): the server must never fetch keys a token names.
import { defineCheck } from '../../engine/check.ts';
import { authMessages, judgeAuthProbeKinds } from './auth-judging.ts';

export default defineCheck({
  id: 'auth-token-key-url',
  title: 'Every protected operation refuses tokens that point at their own key set (jku, x5u) (401)',
  failureTitle: 'Some protected operations mishandle tokens that point at their own key set (jku, x5u)',
  description:
    "A server that follows a token's `jku` (JWK Set URL) or `x5u` (X.509 URL) header verifies it with keys the attacker serves, and can be made to send requests anywhere (RFC 8725 §3.10; SSRF, CWE-918). A real agentA token is signed with a key of our own, named by its kid, with `jku` and then `x5u` pointing at https://attacker.invalid/... (a name that never resolves, RFC 6761: the harness never contacts it and neither can the server). Each must be answered 401: a 2xx means the server accepted keys it could not even fetch, a 5xx or timeout that it tried to.",
  remediation: 'Ignore the jku, x5u and jwk headers of incoming tokens: fetch keys only from your configured JWKS URL.',
  area: 'security',
  requirements: ['PSW-SEC-AUTH-002'],
  requires: ['AuthProbes', 'ProbePlan'],
  owasp: ['API2:2023', 'API7:2023'],
  cwe: [347, 918],
  messages: authMessages(),
  defaultOptions: {},
  run({ AuthProbes, ProbePlan }, ctx) {
    return judgeAuthProbeKinds(
      AuthProbes,
      [
        { kind: 'jku-injection', label: 'a token whose jku header points at a foreign key set' },
        { kind: 'x5u-injection', label: 'a token whose x5u header points at a foreign certificate' },
      ],
      ctx,
      { requirements: ['PSW-SEC-AUTH-002'], plan: ProbePlan },
    );
  },
});
