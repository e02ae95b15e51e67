import { describe, expect, it } from 'vitest';
import authTokenClaims from '../../../../suites/security/auth-token-claims.ts';
import { describeAuthCheck } from './auth-check-spec.ts';
import { authProbes, idsAndLocations, opLoc, runCheck } from './builders.ts';

describeAuthCheck(authTokenClaims, 'claims-no-exp');
describeAuthCheck(authTokenClaims, 'claims-future-nbf');
describeAuthCheck(authTokenClaims, 'claims-wrong-issuer');

describe('auth-token-claims', () => {
  it('cites PSW-SEC-AUTH-002, OWASP API2:2023 and CWE-613, and judges AuthProbes', () => {
    expect(authTokenClaims.requirements).toEqual(['PSW-SEC-AUTH-002']);
    expect(authTokenClaims.owasp).toContain('API2:2023');
    expect(authTokenClaims.cwe).toContain(613);
    expect(authTokenClaims.requires).toEqual(['AuthProbes', 'ProbePlan']);
  });

  it('names the probe that got through in the finding', async () => {
    const p = await runCheck(authTokenClaims, {
      AuthProbes: authProbes({ status: { 'claims-wrong-issuer': { getPortCall: 200 } } }),
    });
    expect(idsAndLocations(p)).toEqual([{ id: 'accepted', location: opLoc('getPortCall') }]);
    expect(p.findings?.[0]?.data?.probe).toMatch(/token/);
  });

  it('judges the probes that were made, saying which could not be', async () => {
    const p = await runCheck(authTokenClaims, {
      AuthProbes: authProbes({
        kinds: { 'claims-no-exp': { sent: false, reason: 'not offered here', why: 'not-exposed' } },
        status: { 'claims-wrong-issuer': { createPortCall: 500 } },
      }),
    });
    expect(idsAndLocations(p)).toEqual([{ id: 'notRejected', location: opLoc('createPortCall') }]);
    expect(p.summary).toMatch(/not offered here/);
  });

  it('is not applicable when none of its probes could be made', async () => {
    const no = { sent: false, reason: 'none here', why: 'not-exposed' as const };
    const kinds = Object.fromEntries(
      'claims-no-exp,claims-future-nbf,claims-wrong-issuer'.split(',').map((k) => [k, no]),
    );
    const p = await runCheck(authTokenClaims, { AuthProbes: authProbes({ kinds }) });
    expect(p.outcome).toBe('not-applicable');
  });
});
