// auth-algorithm-confusion: every protected operation refuses an HS256 token whose HMAC key is the
// server's own public key (RFC 8725 §2.1), in each encoding an attacker tries.
import { defineCheck } from '../../engine/check.ts';
import { authMessages, judgeAuthProbeKinds } from './auth-judging.ts';

export default defineCheck({
  id: 'auth-algorithm-confusion',
  title: "Every protected operation refuses HS256 tokens keyed with the server's public key (401)",
  failureTitle: "Some protected operations accept HS256 tokens keyed with the server's public key",
  description:
    "A verifier that takes the algorithm from the token and hands it its configured key turns the RS256 public key, which anyone can read from the JWKS, into an HMAC secret: an attacker then signs any claims with HS256 (RFC 8725 §2.1 and §3.1, CVE-2015-9235, CVE-2016-10555). The server's published signing key is read from its JWKS and a real agentA token is MACed with HS256 under each encoding a server may hold that key in (SPKI PEM as in a .pem file, PKCS#1 PEM, SPKI DER, the JWK as published); each token is sent to each protected operation and must be answered 401.",
  remediation:
    'Fix the expected algorithm per key on the server (RS256 for the RSA key) instead of taking it from the token header, so an HS256 token keyed with the public key is refused.',
  area: 'security',
  requirements: ['PSW-SEC-AUTH-002'],
  requires: ['AuthProbes', 'ProbePlan'],
  owasp: ['API2:2023'],
  cwe: [347, 327],
  messages: authMessages(),
  defaultOptions: {},
  run({ AuthProbes, ProbePlan }, ctx) {
    return judgeAuthProbeKinds(
      AuthProbes,
      [
        { kind: 'alg-confusion-spki-pem', label: "an HS256 token keyed with the server's public key (SPKI PEM)" },
        { kind: 'alg-confusion-pkcs1-pem', label: "an HS256 token keyed with the server's public key (PKCS#1 PEM)" },
        { kind: 'alg-confusion-spki-der', label: "an HS256 token keyed with the server's public key (SPKI DER)" },
        { kind: 'alg-confusion-jwk-json', label: "an HS256 token keyed with the server's public key (its JWK)" },
      ],
      ctx,
      { requirements: ['PSW-SEC-AUTH-002'], plan: ProbePlan },
    );
  },
});
