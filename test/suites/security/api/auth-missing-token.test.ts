import { describe, expect, it } from 'vitest';
import authMissingToken from '../../../../suites/security/auth-missing-token.ts';
import { describeAuthCheck } from './auth-check-spec.ts';

describeAuthCheck(authMissingToken, 'missing');

describe('auth-missing-token', () => {
  it('cites PSW-SEC-AUTH-001, OWASP API2:2023 and CWE-306, and judges AuthProbes', () => {
    expect(authMissingToken.requirements).toEqual(['PSW-SEC-AUTH-001']);
    expect(authMissingToken.owasp).toEqual(['API2:2023']);
    expect(authMissingToken.cwe).toContain(306);
    expect(authMissingToken.requires).toEqual(['AuthProbes']);
  });
});
