import { describe, expect, it } from 'vitest';
import authTokenKeyId from '../../../../suites/security/auth-token-key-id.ts';
import { describeAuthCheck } from './auth-check-spec.ts';
import { authProbes, idsAndLocations, opLoc, runCheck } from './builders.ts';

describeAuthCheck(authTokenKeyId, 'kid-unknown');
describeAuthCheck(authTokenKeyId, 'kid-embedded-jwk');

describe('auth-token-key-id', () => {
  it('cites PSW-SEC-AUTH-002, OWASP API2:2023 and CWE-347, and judges AuthProbes', () => {
    expect(authTokenKeyId.requirements).toEqual(['PSW-SEC-AUTH-002']);
    expect(authTokenKeyId.owasp).toContain('API2:2023');
    expect(authTokenKeyId.cwe).toContain(347);
    expect(authTokenKeyId.requires).toEqual(['AuthProbes', 'ProbePlan']);
  });

  it('names the probe that got through in the finding', async () => {
    const p = await runCheck(authTokenKeyId, {
      AuthProbes: authProbes({ status: { 'kid-embedded-jwk': { getPortCall: 200 } } }),
    });
    expect(idsAndLocations(p)).toEqual([{ id: 'accepted', location: opLoc('getPortCall') }]);
    expect(p.findings?.[0]?.data?.probe).toMatch(/token/);
  });

  it('judges the probes that were made, saying which could not be', async () => {
    const p = await runCheck(authTokenKeyId, {
      AuthProbes: authProbes({
        kinds: { 'kid-unknown': { sent: false, reason: 'not offered here', why: 'not-exposed' } },
        status: { 'kid-embedded-jwk': { createPortCall: 500 } },
      }),
    });
    expect(idsAndLocations(p)).toEqual([{ id: 'notRejected', location: opLoc('createPortCall') }]);
    expect(p.summary).toMatch(/not offered here/);
  });

  it('is not applicable when none of its probes could be made', async () => {
    const no = { sent: false, reason: 'none here', why: 'not-exposed' as const };
    const kinds = Object.fromEntries('kid-unknown,kid-embedded-jwk'.split(',').map((k) => [k, no]));
    const p = await runCheck(authTokenKeyId, { AuthProbes: authProbes({ kinds }) });
    expect(p.outcome).toBe('not-applicable');
  });
});
