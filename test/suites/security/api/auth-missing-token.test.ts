import { describe, expect, it } from 'vitest';
import authMissingToken from '../../../../suites/security/auth-missing-token.ts';
import { describeAuthCheck, planFor } from './auth-check-spec.ts';
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

describe('auth-missing-token: operations the probes left out (run --openapi)', () => {
  const plan = planFor('PSW-SEC-AUTH-001');

  it('reports a left-out operation at its place with the collector’s reason, and passes on the others', async () => {
    const probes = {
      ...authProbes(),
      notProbed: [{ operationId: 'recordArrival', why: 'precondition-failed' as const, detail: 'no value for id' }],
    };
    const p = await runCheck(authMissingToken, { AuthProbes: probes, ProbePlan: plan });
    expect(p.outcome).toBe('pass');
    expect(p.summary).toMatch(/1 protected operation\(s\) left out: precondition-failed: no value for id/);
    expect(p.places?.['PSW-SEC-AUTH-001']?.notProbed).toEqual([
      { id: 'recordArrival', why: 'precondition-failed', detail: 'no value for id' },
    ]);
  });

  it('needs review when no protected operation could be addressed', async () => {
    const probes = {
      ...authProbes({ operations: [] }),
      notProbed: [{ operationId: 'recordArrival', why: 'precondition-failed' as const, detail: 'no value for id' }],
    };
    const p = await runCheck(authMissingToken, { AuthProbes: probes, ProbePlan: plan });
    expect(p.outcome).toBe('needs-review');
    expect(p.summary).toMatch(/no value for id/);
  });

  it('is not applicable when the secured operations take no bearer token, saying so', async () => {
    const probes = {
      ...authProbes({ operations: [] }),
      notProbed: [
        {
          operationId: 'keyed',
          why: 'not-applicable' as const,
          detail: 'secured by key without a bearer-token alternative',
        },
      ],
    };
    const p = await runCheck(authMissingToken, { AuthProbes: probes, ProbePlan: plan });
    expect(p.outcome).toBe('not-applicable');
    expect(p.summary).toMatch(
      /No operation of the document needs a bearer token: .*without a bearer-token alternative/,
    );
  });

  it('is not applicable when the document declares no security', async () => {
    const p = await runCheck(authMissingToken, { AuthProbes: authProbes({ operations: [] }), ProbePlan: plan });
    expect(p.outcome).toBe('not-applicable');
    expect(p.summary).toMatch(/no operation as needing credentials/);
  });
});
