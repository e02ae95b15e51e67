import { describe, expect, it } from 'vitest';
import authTokenAudience from '../../../../suites/security/auth-token-audience.ts';
import { describeAuthCheck } from './auth-check-spec.ts';
import { authProbes, runCheck } from './builders.ts';

describeAuthCheck(authTokenAudience, 'wrong-audience');

describe('auth-token-audience', () => {
  it('cites PSW-SEC-AUTH-002, OWASP API2:2023 and CWE-287, and judges AuthProbes', () => {
    expect(authTokenAudience.requirements).toEqual(['PSW-SEC-AUTH-002']);
    expect(authTokenAudience.owasp).toEqual(['API2:2023']);
    expect(authTokenAudience.cwe).toContain(287);
    expect(authTokenAudience.requires).toEqual(['AuthProbes', 'ProbePlan']);
  });

  it('is not applicable when the probe could not be made, saying why', async () => {
    const p = await runCheck(authTokenAudience, {
      AuthProbes: authProbes({
        kinds: {
          'wrong-audience': {
            sent: false,
            reason:
              'the token endpoint refused resource=urn:psw:events (400 invalid_target), so no token for another audience could be obtained',
          },
        },
      }),
    });
    expect(p.outcome).toBe('not-applicable');
    expect(p.summary).toMatch(/invalid_target/);
  });
});
