import { describe, expect, it } from 'vitest';
import authMalformedToken from '../../../../suites/security/auth-malformed-token.ts';
import { describeAuthCheck } from './auth-check-spec.ts';
import { authProbes, idsAndLocations, opLoc, runCheck } from './builders.ts';

describeAuthCheck(authMalformedToken, 'malformed');
describeAuthCheck(authMalformedToken, 'malformed-payload');

describe('auth-malformed-token', () => {
  it('cites PSW-SEC-AUTH-001, OWASP API2:2023 and CWE-287, and judges AuthProbes', () => {
    expect(authMalformedToken.requirements).toEqual(['PSW-SEC-AUTH-001']);
    expect(authMalformedToken.owasp).toEqual(['API2:2023']);
    expect(authMalformedToken.cwe).toContain(287);
    expect(authMalformedToken.requires).toEqual(['AuthProbes', 'ProbePlan']);
  });
});

describe('auth-malformed-token: the RFC 6750 challenge (PSW-SEC-AUTH-001)', () => {
  it.each([
    ['no WWW-Authenticate at all', undefined],
    ['a Basic challenge', 'Basic realm="psw"'],
  ])('fails a 401 with %s, pointing at the header', async (_name, challenge) => {
    const p = await runCheck(authMalformedToken, {
      AuthProbes: authProbes({ status: { 'malformed-payload': { createPortCall: { status: 401, challenge } } } }),
    });
    expect(p.outcome).toBe('fail');
    expect(idsAndLocations(p)).toEqual([
      { id: 'noChallenge', location: { ...opLoc('createPortCall'), header: 'www-authenticate' } },
    ]);
  });

  it.each(['Bearer', 'Bearer realm="psw", error="invalid_token"', 'Basic realm="x", Bearer realm="psw"'])(
    'accepts %s',
    async (challenge) => {
      const p = await runCheck(authMalformedToken, {
        AuthProbes: authProbes({ status: { 'malformed-payload': { createPortCall: { status: 401, challenge } } } }),
      });
      expect(p.outcome).toBe('pass');
    },
  );
});
