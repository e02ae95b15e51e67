import { describe, expect, it } from 'vitest';
import authMissingToken from '../../../../suites/security/auth-missing-token.ts';
import { describeAuthCheck } from './auth-check-spec.ts';
import { authProbes, idsAndLocations, opLoc, runCheck } from './builders.ts';

describeAuthCheck(authMissingToken, 'missing');

describe('auth-missing-token', () => {
  it('cites PSW-SEC-AUTH-001, OWASP API2:2023 and CWE-306, and judges AuthProbes', () => {
    expect(authMissingToken.requirements).toEqual(['PSW-SEC-AUTH-001']);
    expect(authMissingToken.owasp).toEqual(['API2:2023']);
    expect(authMissingToken.cwe).toContain(306);
    expect(authMissingToken.requires).toEqual(['AuthProbes', 'ProbePlan']);
  });
});

describe('auth-missing-token: the RFC 6750 challenge (PSW-SEC-AUTH-001)', () => {
  it.each([
    ['no WWW-Authenticate at all', undefined],
    ['a Basic challenge', 'Basic realm="psw"'],
  ])('fails a 401 with %s, pointing at the header', async (_name, challenge) => {
    const p = await runCheck(authMissingToken, {
      AuthProbes: authProbes({ status: { missing: { createPortCall: { status: 401, challenge } } } }),
    });
    expect(p.outcome).toBe('fail');
    expect(idsAndLocations(p)).toEqual([
      { id: 'noChallenge', location: { ...opLoc('createPortCall'), header: 'www-authenticate' } },
    ]);
  });

  it.each(['Bearer', 'Bearer realm="psw", error="invalid_token"', 'Basic realm="x", Bearer realm="psw"'])(
    'accepts %s',
    async (challenge) => {
      const p = await runCheck(authMissingToken, {
        AuthProbes: authProbes({ status: { missing: { createPortCall: { status: 401, challenge } } } }),
      });
      expect(p.outcome).toBe('pass');
    },
  );
});
