// The checks auth-fixture-pairs.test.ts proves on the flawed port, defect by defect (the others:
// fixture-pairs.test.ts).
export const AUTH_PAIR_CHECKS = [
  'auth-missing-token',
  'auth-malformed-token',
  'auth-expired-token',
  'auth-token-signature',
  'auth-alg-none',
  'auth-algorithm-confusion',
  'auth-token-key-id',
  'auth-token-key-url',
  'auth-token-claims',
  'auth-token-audience',
  'security-headers',
  'error-disclosure',
] as const;
