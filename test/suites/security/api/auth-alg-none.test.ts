import { describe, expect, it } from 'vitest';
import authAlgNone from '../../../../suites/security/auth-alg-none.ts';
import { describeAuthCheck } from './auth-check-spec.ts';
import { authProbes, runCheck } from './builders.ts';

describeAuthCheck(authAlgNone, 'alg-none');
describeAuthCheck(authAlgNone, 'alg-none-case');

describe('auth-alg-none', () => {
  it('cites PSW-SEC-AUTH-002, OWASP API2:2023 and CWE-347, and judges AuthProbes', () => {
    expect(authAlgNone.requirements).toEqual(['PSW-SEC-AUTH-002']);
    expect(authAlgNone.owasp).toEqual(['API2:2023']);
    expect(authAlgNone.cwe).toContain(347);
    expect(authAlgNone.requires).toEqual(['AuthProbes', 'ProbePlan']);
  });

  it('is not applicable when the probe could not be made, saying why', async () => {
    const p = await runCheck(authAlgNone, {
      AuthProbes: authProbes({
        kinds: {
          'alg-none': { sent: false, reason: 'the access tokens are not JWTs, so no forged variant can be built' },
          'alg-none-case': { sent: false, reason: 'the access tokens are not JWTs, so no forged variant can be built' },
        },
      }),
    });
    expect(p.outcome).toBe('not-applicable');
    expect(p.summary).toMatch(/not JWTs/);
  });
});
