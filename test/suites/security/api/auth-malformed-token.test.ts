import { describe, expect, it } from 'vitest';
import authMalformedToken from '../../../../suites/security/auth-malformed-token.ts';
import { describeAuthCheck } from './auth-check-spec.ts';

describeAuthCheck(authMalformedToken, 'malformed');

describe('auth-malformed-token', () => {
  it('cites PSW-SEC-AUTH-001, OWASP API2:2023 and CWE-287, and judges AuthProbes', () => {
    expect(authMalformedToken.requirements).toEqual(['PSW-SEC-AUTH-001']);
    expect(authMalformedToken.owasp).toEqual(['API2:2023']);
    expect(authMalformedToken.cwe).toContain(287);
    expect(authMalformedToken.requires).toEqual(['AuthProbes']);
  });
});
