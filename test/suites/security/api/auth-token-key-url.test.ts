import { describe, expect, it } from 'vitest';
import authTokenKeyUrl from '../../../../suites/security/auth-token-key-url.ts';
import { describeAuthCheck } from './auth-check-spec.ts';
import { authProbes, idsAndLocations, opLoc, runCheck } from './builders.ts';

describeAuthCheck(authTokenKeyUrl, 'jku-injection');
describeAuthCheck(authTokenKeyUrl, 'x5u-injection');

describe('auth-token-key-url', () => {
  it('cites PSW-SEC-AUTH-002, OWASP API2:2023 and CWE-918, and judges AuthProbes', () => {
    expect(authTokenKeyUrl.requirements).toEqual(['PSW-SEC-AUTH-002']);
    expect(authTokenKeyUrl.owasp).toContain('API2:2023');
    expect(authTokenKeyUrl.cwe).toContain(918);
    expect(authTokenKeyUrl.requires).toEqual(['AuthProbes', 'ProbePlan']);
  });

  it('names the probe that got through in the finding', async () => {
    const p = await runCheck(authTokenKeyUrl, {
      AuthProbes: authProbes({ status: { 'x5u-injection': { getPortCall: 200 } } }),
    });
    expect(idsAndLocations(p)).toEqual([{ id: 'accepted', location: opLoc('getPortCall') }]);
    expect(p.findings?.[0]?.data?.probe).toMatch(/token/);
  });

  it('judges the probes that were made, saying which could not be', async () => {
    const p = await runCheck(authTokenKeyUrl, {
      AuthProbes: authProbes({
        kinds: { 'jku-injection': { sent: false, reason: 'not offered here', why: 'not-exposed' } },
        status: { 'x5u-injection': { createPortCall: 500 } },
      }),
    });
    expect(idsAndLocations(p)).toEqual([{ id: 'notRejected', location: opLoc('createPortCall') }]);
    expect(p.summary).toMatch(/not offered here/);
  });

  it('is not applicable when none of its probes could be made', async () => {
    const no = { sent: false, reason: 'none here', why: 'not-exposed' as const };
    const kinds = Object.fromEntries('jku-injection,x5u-injection'.split(',').map((k) => [k, no]));
    const p = await runCheck(authTokenKeyUrl, { AuthProbes: authProbes({ kinds }) });
    expect(p.outcome).toBe('not-applicable');
  });
});
