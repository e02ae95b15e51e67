import { describe, expect, it } from 'vitest';
import authTokenSignature from '../../../../suites/security/auth-token-signature.ts';
import { describeAuthCheck } from './auth-check-spec.ts';
import { authProbes, idsAndLocations, opLoc, runCheck } from './builders.ts';

describeAuthCheck(authTokenSignature, 'signature-tampered', 'tampered');
describeAuthCheck(authTokenSignature, 'signature-foreign-key', 'foreignKey');

describe('auth-token-signature', () => {
  it('cites PSW-SEC-AUTH-002, OWASP API2:2023 and CWE-347, and judges AuthProbes', () => {
    expect(authTokenSignature.requirements).toEqual(['PSW-SEC-AUTH-002']);
    expect(authTokenSignature.owasp).toEqual(['API2:2023']);
    expect(authTokenSignature.cwe).toContain(347);
    expect(authTokenSignature.requires).toEqual(['AuthProbes', 'ProbePlan']);
  });

  it('judges the forgery that was made when the other could not be', async () => {
    const p = await runCheck(authTokenSignature, {
      AuthProbes: authProbes({
        kinds: { 'signature-foreign-key': { sent: false, reason: 'no key for alg' } },
        status: { 'signature-tampered': { getPortCall: 200 } },
      }),
    });
    expect(idsAndLocations(p)).toEqual([{ id: 'tamperedAccepted', location: opLoc('getPortCall') }]);
    expect(p.summary).toMatch(/no key for alg/);
  });

  it('is not applicable when neither forgery could be made', async () => {
    const why = { sent: false, reason: 'the access tokens are not JWTs' };
    const p = await runCheck(authTokenSignature, {
      AuthProbes: authProbes({ kinds: { 'signature-tampered': why, 'signature-foreign-key': why } }),
    });
    expect(p.outcome).toBe('not-applicable');
  });
});
