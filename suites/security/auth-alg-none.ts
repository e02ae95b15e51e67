// auth-alg-none: every protected operation answers 401 to a request with an unsigned (alg none) token.
import { defineCheck } from '../../engine/check.ts';
import { judgeAuthProbeKind } from './api-judging.ts';

export default defineCheck({
  id: 'auth-alg-none',
  title: 'Every protected operation refuses unsigned (alg none) tokens (401)',
  failureTitle: 'Some protected operations accept unsigned (alg none) tokens',
  description:
    'Accepting `alg: none` means accepting any claims at all without a signature (OWASP API2:2023, RFC 8725 §3.1: the algorithm must come from an allow-list). A real agentA token is rewritten as an unsecured JWT (header `alg: none`, same claims, empty signature) and sent to each protected operation; the answer must be 401.',
  area: 'security',
  requirements: ['PSW-SEC-AUTH-002'],
  requires: ['AuthProbes'],
  owasp: ['API2:2023'],
  cwe: [347],
  messages: {
    accepted:
      '{{operationId}} ({{method}} {{url}}) served a request with an unsigned (alg none) token with {{status}}.',
    notRejected:
      '{{operationId}} ({{method}} {{url}}) answered {{status}} instead of 401 to a request with an unsigned (alg none) token.',
    noAnswer:
      '{{operationId}} ({{method}} {{url}}) gave no HTTP answer to a request with an unsigned (alg none) token: {{error}}.',
    notProbed: '{{operationId}} ({{method}} {{url}}) was not probed with an unsigned (alg none) token.',
  },
  defaultOptions: {},
  run({ AuthProbes }, ctx) {
    return judgeAuthProbeKind(AuthProbes, 'alg-none', ctx);
  },
});
