import { describe, expect, it } from 'vitest';
import authAlgorithmConfusion from '../../../../suites/security/auth-algorithm-confusion.ts';
import { describeAuthCheck } from './auth-check-spec.ts';
import { authProbes, idsAndLocations, opLoc, runCheck } from './builders.ts';

describeAuthCheck(authAlgorithmConfusion, 'alg-confusion-spki-pem');
describeAuthCheck(authAlgorithmConfusion, 'alg-confusion-pkcs1-pem');
describeAuthCheck(authAlgorithmConfusion, 'alg-confusion-spki-der');
describeAuthCheck(authAlgorithmConfusion, 'alg-confusion-jwk-json');

describe('auth-algorithm-confusion', () => {
  it('cites PSW-SEC-AUTH-002, OWASP API2:2023 and CWE-347, and judges AuthProbes', () => {
    expect(authAlgorithmConfusion.requirements).toEqual(['PSW-SEC-AUTH-002']);
    expect(authAlgorithmConfusion.owasp).toContain('API2:2023');
    expect(authAlgorithmConfusion.cwe).toContain(347);
    expect(authAlgorithmConfusion.requires).toEqual(['AuthProbes', 'ProbePlan']);
  });

  it('names the probe that got through in the finding', async () => {
    const p = await runCheck(authAlgorithmConfusion, {
      AuthProbes: authProbes({ status: { 'alg-confusion-jwk-json': { getPortCall: 200 } } }),
    });
    expect(idsAndLocations(p)).toEqual([{ id: 'accepted', location: opLoc('getPortCall') }]);
    expect(p.findings?.[0]?.data?.probe).toMatch(/token/);
  });

  it('judges the probes that were made, saying which could not be', async () => {
    const p = await runCheck(authAlgorithmConfusion, {
      AuthProbes: authProbes({
        kinds: { 'alg-confusion-spki-pem': { sent: false, reason: 'not offered here', why: 'not-exposed' } },
        status: { 'alg-confusion-jwk-json': { createPortCall: 500 } },
      }),
    });
    expect(idsAndLocations(p)).toEqual([{ id: 'notRejected', location: opLoc('createPortCall') }]);
    expect(p.summary).toMatch(/not offered here/);
  });

  it('is not applicable when none of its probes could be made', async () => {
    const no = { sent: false, reason: 'none here', why: 'not-exposed' as const };
    const kinds = Object.fromEntries(
      'alg-confusion-spki-pem,alg-confusion-pkcs1-pem,alg-confusion-spki-der,alg-confusion-jwk-json'
        .split(',')
        .map((k) => [k, no]),
    );
    const p = await runCheck(authAlgorithmConfusion, { AuthProbes: authProbes({ kinds }) });
    expect(p.outcome).toBe('not-applicable');
  });
});
