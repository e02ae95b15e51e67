import { describe, expect, it } from 'vitest';
import authExpiredToken from '../../../../suites/security/auth-expired-token.ts';
import { describeAuthCheck } from './auth-check-spec.ts';
import { authProbes, runCheck } from './builders.ts';

describeAuthCheck(authExpiredToken, 'expired');

describe('auth-expired-token', () => {
  it('cites PSW-SEC-AUTH-002, OWASP API2:2023 and CWE-613, and judges AuthProbes', () => {
    expect(authExpiredToken.requirements).toEqual(['PSW-SEC-AUTH-002']);
    expect(authExpiredToken.owasp).toEqual(['API2:2023']);
    expect(authExpiredToken.cwe).toContain(613);
    expect(authExpiredToken.requires).toEqual(['AuthProbes', 'ProbePlan']);
  });

  it('is not applicable when the probe could not be made, saying why', async () => {
    const p = await runCheck(authExpiredToken, {
      AuthProbes: authProbes({
        kinds: {
          expired: {
            sent: false,
            reason:
              'tokens live 900 s: waiting until exp + 6 s exceeds the budget of 75 s (security.expiredTokenMaxWaitSeconds)',
          },
        },
      }),
    });
    expect(p.outcome).toBe('not-applicable');
    expect(p.summary).toMatch(/900 s/);
  });
});
