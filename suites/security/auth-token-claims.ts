// auth-token-claims: every protected operation refuses tokens signed with the server's own key whose
// claims it must refuse: no exp, an nbf ahead, another issuer.
import { defineCheck } from '../../engine/check.ts';
import { authMessages, judgeAuthProbeKinds } from './auth-judging.ts';

export default defineCheck({
  id: 'auth-token-claims',
  title:
    'Every protected operation refuses validly signed tokens without exp, not yet valid, or from another issuer (401)',
  failureTitle:
    'Some protected operations accept validly signed tokens without exp, not yet valid, or from another issuer',
  description:
    'A signature proves who signed, not that the token may be used now and here: the server must require `exp` (a token without one never expires), honour `nbf` and accept only its own issuer (RFC 7519 §4.1.1, §4.1.4, §4.1.5; RFC 8725 §3.8-3.9; PSW-SEC-AUTH-002). Only the member can sign such tokens: its test deployment mints them at its optional probe-token endpoint (`probe-token` beside the token endpoint; profile README, Probe tokens). Each minted token is checked to differ from a good one in exactly that claim, then sent to each protected operation and must be answered 401. Without the endpoint the check is not applicable and its places are reported not exposed.',
  remediation:
    'Require exp, honour nbf and accept only your own issuer (iss) when verifying tokens; refuse a token missing any of these with 401.',
  area: 'security',
  requirements: ['PSW-SEC-AUTH-002'],
  requires: ['AuthProbes', 'ProbePlan'],
  owasp: ['API2:2023'],
  cwe: [613, 287],
  messages: authMessages(),
  defaultOptions: {},
  run({ AuthProbes, ProbePlan }, ctx) {
    return judgeAuthProbeKinds(
      AuthProbes,
      [
        { kind: 'claims-no-exp', label: 'a token signed by the server without exp' },
        { kind: 'claims-future-nbf', label: 'a token signed by the server, valid only from a time ahead (nbf)' },
        { kind: 'claims-wrong-issuer', label: 'a token signed by the server for another issuer (iss)' },
      ],
      ctx,
      { requirements: ['PSW-SEC-AUTH-002'], plan: ProbePlan },
    );
  },
});
