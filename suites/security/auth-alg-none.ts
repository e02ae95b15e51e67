// auth-alg-none: every protected operation answers 401 to an unsigned token, alg "none" in any spelling.
import { defineCheck } from '../../engine/check.ts';
import { authMessages, judgeAuthProbeKinds } from './auth-judging.ts';

export default defineCheck({
  id: 'auth-alg-none',
  title: 'Every protected operation refuses unsigned (alg none) tokens (401)',
  failureTitle: 'Some protected operations accept unsigned (alg none) tokens',
  description:
    'Accepting `alg: none` means accepting any claims at all without a signature (OWASP API2:2023, RFC 8725 §3.1: the algorithm must come from an allow-list). A real agentA token is rewritten as an unsecured JWT (header `alg: none`, same claims, empty signature) and sent to each protected operation; so is the same token with `alg` spelled `None`, `NONE` or `nOnE` (one spelling per operation, in turn), which a verifier blocking only the exact string "none" still treats as unsigned. Every answer must be 401.',
  remediation:
    'Verify tokens with an allow-list of algorithms fixed on the server (e.g. RS256 only) so that alg none is always refused.',
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
        { kind: 'alg-none', label: 'an unsigned token (alg none)' },
        { kind: 'alg-none-case', label: 'an unsigned token with alg spelled None, NONE or nOnE' },
      ],
      ctx,
      {
        requirements: ['PSW-SEC-AUTH-002'],
        plan: ProbePlan,
      },
    );
  },
});
