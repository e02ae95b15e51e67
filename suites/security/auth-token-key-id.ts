// auth-token-key-id: every protected operation refuses a token whose key the server does not publish:
// a kid that names no published key, and a key the token brings in its own `jwk` header.
import { defineCheck } from '../../engine/check.ts';
import { authMessages, judgeAuthProbeKinds } from './auth-judging.ts';

export default defineCheck({
  id: 'auth-token-key-id',
  title: 'Every protected operation refuses tokens signed by a key the server does not publish (401)',
  failureTitle: 'Some protected operations accept tokens signed by a key the server does not publish',
  description:
    'Only a key the server itself publishes may verify its tokens (RFC 8725 §3.1 and §3.10). Two forgeries of a real agentA token, each signed with a key of our own, are sent to each protected operation: one whose `kid` names no published key (a verifier that skips verification when it finds no key, or falls back to any key, accepts it) and one that carries our public key in its `jwk` header with its thumbprint as `kid` (a verifier that trusts the key a token brings accepts it; CVE-2018-0114). Both must be answered 401.',
  remediation:
    'Look up the verification key only among the keys your own JWKS publishes, by kid, and refuse a token whose kid is unknown rather than trying other keys or a key embedded in the token.',
  area: 'security',
  requirements: ['PSW-SEC-AUTH-002'],
  requires: ['AuthProbes', 'ProbePlan'],
  owasp: ['API2:2023'],
  cwe: [347],
  messages: authMessages(),
  defaultOptions: {},
  run({ AuthProbes, ProbePlan }, ctx) {
    return judgeAuthProbeKinds(
      AuthProbes,
      [
        { kind: 'kid-unknown', label: 'a token signed by a foreign key under a kid that names no published key' },
        { kind: 'kid-embedded-jwk', label: 'a token signed by the foreign key it embeds in its jwk header' },
      ],
      ctx,
      { requirements: ['PSW-SEC-AUTH-002'], plan: ProbePlan },
    );
  },
});
