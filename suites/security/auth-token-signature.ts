// auth-token-signature: every protected operation answers 401 to tokens whose signature does not
// verify: a tampered payload under the original signature, and the original claims re-signed with
// a key of our own under the server's `kid`.
import { defineCheck } from '../../engine/check.ts';
import { judgeAuthProbeKinds } from './auth-judging.ts';

export default defineCheck({
  id: 'auth-token-signature',
  title: 'Every protected operation refuses tokens whose signature does not verify (401)',
  failureTitle: 'Some protected operations accept tokens with a broken or foreign signature',
  description:
    "A server that does not verify the token's signature against its own published key lets anyone mint credentials for any tenant or role (OWASP API2:2023, RFC 8725 §3.1). Two forgeries of a real agentA token are sent to each protected operation: the payload changed with the original signature kept, and the original header (same `alg` and `kid`) and claims re-signed with a key of our own. Both must be answered 401.",
  remediation:
    "Verify every token's signature against the keys your token service publishes, and reject tokens whose signature does not verify, before reading any claim.",
  area: 'security',
  requirements: ['PSW-SEC-AUTH-002'],
  requires: ['AuthProbes', 'ProbePlan'],
  owasp: ['API2:2023'],
  cwe: [347],
  messages: {
    tamperedAccepted:
      '{{operationId}} ({{method}} {{url}}) served a token whose payload was changed under the original signature, with {{status}}.',
    tamperedNotRejected:
      '{{operationId}} ({{method}} {{url}}) answered {{status}} instead of 401 to a token whose payload was changed under the original signature.',
    tamperedNoAnswer:
      '{{operationId}} ({{method}} {{url}}) gave no HTTP answer to a token with a tampered payload: {{error}}.',
    tamperedNotProbed: '{{operationId}} ({{method}} {{url}}) was not probed with a tampered token.',
    foreignKeyAccepted:
      "{{operationId}} ({{method}} {{url}}) served a token signed with a key that is not the server's (same kid), with {{status}}.",
    foreignKeyNotRejected:
      "{{operationId}} ({{method}} {{url}}) answered {{status}} instead of 401 to a token signed with a key that is not the server's.",
    foreignKeyNoAnswer:
      '{{operationId}} ({{method}} {{url}}) gave no HTTP answer to a token signed with a foreign key: {{error}}.',
    foreignKeyNotProbed: '{{operationId}} ({{method}} {{url}}) was not probed with a token signed with a foreign key.',
  },
  defaultOptions: {},
  run({ AuthProbes, ProbePlan }, ctx) {
    return judgeAuthProbeKinds(
      AuthProbes,
      [
        {
          kind: 'signature-tampered',
          ids: {
            accepted: 'tamperedAccepted',
            notRejected: 'tamperedNotRejected',
            noAnswer: 'tamperedNoAnswer',
            notProbed: 'tamperedNotProbed',
          },
        },
        {
          kind: 'signature-foreign-key',
          ids: {
            accepted: 'foreignKeyAccepted',
            notRejected: 'foreignKeyNotRejected',
            noAnswer: 'foreignKeyNoAnswer',
            notProbed: 'foreignKeyNotProbed',
          },
        },
      ],
      ctx,
      { requirements: ['PSW-SEC-AUTH-002'], plan: ProbePlan },
    );
  },
});
