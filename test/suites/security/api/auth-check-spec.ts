// The shared table the six auth checks are held to: each judges one probe kind (or two) of
// AuthProbes, and every protected operation must answer 401.
import { describe, expect, it } from 'vitest';
import type { AnyCheck } from '../../../../engine/check.ts';
import type { ProbePlan } from '../../../../engine/types.ts';
import type { AuthProbeKind } from '../../../../suites/security/collectors/auth-probes.ts';
import { authProbes, idsAndLocations, OPS, opLoc, runCheck } from './builders.ts';

/** The probe plan of the check's requirement: the builders' operations and one the probes never reached. */
export function planFor(requirement: string): ProbePlan {
  const ops = [...OPS.map((o) => o.operationId), 'recordArrival'];
  return { places: { [requirement]: ops.map((id) => ({ id, kind: 'operation', operationId: id })) } };
}

const id = (prefix: string, base: string) => (prefix ? prefix + base[0]!.toUpperCase() + base.slice(1) : base);

/** Runs the common table for `check` judging `kind`; `prefix` prefixes its finding ids (e.g. tampered). */
export function describeAuthCheck(check: AnyCheck, kind: AuthProbeKind, prefix = ''): void {
  describe(`${check.id} (${kind} probes)`, () => {
    it('passes when every protected operation answers 401, citing every probe', async () => {
      const p = await runCheck(check, { AuthProbes: authProbes() });
      expect(p.outcome).toBe('pass');
      expect(p.evidence).toContain(`ev-${kind}-getPortCall`);
      expect(p.metrics?.rejected).toBeGreaterThanOrEqual(4);
    });

    it.each([
      ['a GET is served', { getPortCall: 200 }, [{ id: 'accepted', location: opLoc('getPortCall') }]],
      [
        'a create is served and a list crashes',
        { listPortCalls: 500, createPortCall: 201 },
        [
          { id: 'notRejected', location: opLoc('listPortCalls') },
          { id: 'accepted', location: opLoc('createPortCall') },
        ],
      ],
      [
        'an operation answers 404 (existence checked before the token)',
        { cancelPortCall: 404 },
        [{ id: 'notRejected', location: opLoc('cancelPortCall') }],
      ],
      [
        'an operation answers 403 instead of 401',
        { getPortCall: 403 },
        [{ id: 'notRejected', location: opLoc('getPortCall') }],
      ],
      [
        'the connection drops',
        { createPortCall: { error: 'ECONNRESET' } },
        [{ id: 'noAnswer', location: opLoc('createPortCall') }],
      ],
      [
        'an operation was not probed',
        { cancelPortCall: null },
        [{ id: 'notProbed', location: opLoc('cancelPortCall') }],
      ],
    ] as const)('fails when %s', async (_name, status, expected) => {
      const p = await runCheck(check, { AuthProbes: authProbes({ status: { [kind]: status } }) });
      expect(p.outcome).toBe('fail');
      expect(idsAndLocations(p)).toEqual(expected.map((e) => ({ ...e, id: id(prefix, e.id) })));
    });

    it('cites the evidence of the failing exchange', async () => {
      const p = await runCheck(check, { AuthProbes: authProbes({ status: { [kind]: { getPortCall: 200 } } }) });
      expect(p.findings?.[0]?.evidence).toEqual([`ev-${kind}-getPortCall`]);
    });

    it('ignores failures of the other probe kinds', async () => {
      const other = kind === 'missing' ? 'malformed' : 'missing';
      const p = await runCheck(check, { AuthProbes: authProbes({ status: { [other]: { getPortCall: 200 } } }) });
      expect(p.outcome).toBe('pass');
    });

    it('needs review when an operation was throttled and none failed', async () => {
      const p = await runCheck(check, { AuthProbes: authProbes({ status: { [kind]: { listPortCalls: 429 } } }) });
      expect(p.outcome).toBe('needs-review');
    });

    it('reports the operations every probe of the check reached, and the others as not reached', async () => {
      const requirement = check.requirements[0]!;
      const p = await runCheck(check, { AuthProbes: authProbes(), ProbePlan: planFor(requirement) });
      expect(p.places?.[requirement]?.probed).toEqual(OPS.map((o) => o.operationId));
      expect(p.places?.[requirement]?.notProbed).toEqual([
        expect.objectContaining({ id: 'recordArrival', why: 'not-reached' }),
      ]);
    });

    it("reports every operation not probed, with the collector's why, when the probe could not be made", async () => {
      const requirement = check.requirements[0]!;
      const p = await runCheck(check, {
        AuthProbes: authProbes({ kinds: { [kind]: { sent: false, reason: 'cannot', why: 'not-exposed' } } }),
        ProbePlan: planFor(requirement),
      });
      expect(p.places?.[requirement]?.probed).toEqual([]);
      expect(p.places?.[requirement]?.notProbed?.map((n) => n.why)).toEqual(Array(OPS.length + 1).fill('not-exposed'));
    });

    it('is not applicable when the document protects no operation', async () => {
      const p = await runCheck(check, { AuthProbes: authProbes({ operations: [] }) });
      expect(p.outcome).toBe('not-applicable');
    });
  });
}
