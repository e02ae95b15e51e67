import { describe, expect, it } from 'vitest';
import authorityOnlyClearance from '../../../../suites/security/authority-only-clearance.ts';
import {
  CLEARANCE_OTHER,
  CLEARANCE_OWN,
  authzProbes,
  clearanceLoc,
  idsAndLocations,
  roleProbes,
  runCheck,
} from './builders.ts';

const run = (change: Parameters<typeof roleProbes>[0]) =>
  runCheck(authorityOnlyClearance, { AuthzProbes: authzProbes({ roles: roleProbes(change) }) });

describe('authority-only-clearance', () => {
  const own = clearanceLoc(CLEARANCE_OWN);
  const other = clearanceLoc(CLEARANCE_OTHER);

  it('passes on 403 everywhere with no clearance recorded, and reports every place probed', async () => {
    const p = await run({});
    expect(p.outcome).toBe('pass');
    expect(p.evidence).toEqual([
      `ev-${CLEARANCE_OWN}`,
      `ev-${CLEARANCE_OWN}-read`,
      `ev-${CLEARANCE_OTHER}`,
      `ev-${CLEARANCE_OTHER}-read`,
    ]);
    expect(p.places?.['PSW-SEC-AUTHZ-002']).toEqual({ probed: [CLEARANCE_OWN, CLEARANCE_OTHER], notProbed: [] });
  });

  it("accepts 404 on another tenant's port call (isolation may answer first)", async () => {
    expect((await run({ [CLEARANCE_OTHER]: { status: 404 } })).outcome).toBe('pass');
  });

  it.each([
    [
      'the agent decides on its own port call',
      { [CLEARANCE_OWN]: { status: 200, clearanceAfter: { decision: 'granted', decidedAt: 'x' }, versionAfter: 2 } },
      [
        { id: 'agentDecided', location: own },
        { id: 'clearanceRecorded', location: { ...own, jsonPointer: '/clearance', in: 'response' } },
      ],
    ],
    [
      "the agent decides on the other tenant's port call",
      { [CLEARANCE_OTHER]: { status: 200, clearanceAfter: { decision: 'granted' }, versionAfter: 2 } },
      [
        { id: 'agentDecided', location: other },
        { id: 'clearanceRecorded', location: { ...other, jsonPointer: '/clearance', in: 'response' } },
      ],
    ],
    [
      'the agent gets 404 on its own port call',
      { [CLEARANCE_OWN]: { status: 404 } },
      [{ id: 'notForbidden', location: own }],
    ],
    ['the agent gets 400', { [CLEARANCE_OTHER]: { status: 400 } }, [{ id: 'notForbidden', location: other }]],
    [
      'a 403 still records a clearance',
      { [CLEARANCE_OWN]: { status: 403, clearanceAfter: { decision: 'granted' } } },
      [{ id: 'clearanceRecorded', location: { ...own, jsonPointer: '/clearance', in: 'response' } }],
    ],
    [
      'a 403 still changes the port call',
      { [CLEARANCE_OTHER]: { status: 403, versionAfter: 2 } },
      [{ id: 'portCallChanged', location: other }],
    ],
    [
      'there is no answer',
      { [CLEARANCE_OWN]: { status: undefined, error: 'ECONNRESET' } },
      [{ id: 'noAnswer', location: own }],
    ],
  ] as const)('fails when %s', async (_name, change, expected) => {
    const p = await run(change as never);
    expect(p.outcome).toBe('fail');
    expect(idsAndLocations(p)).toEqual(expected);
  });

  it.each([
    ['the read-back failed', { [CLEARANCE_OWN]: { readStatus: 500, clearanceAfter: undefined } }, 'needs-review'],
    [
      'every attempt was throttled',
      { [CLEARANCE_OWN]: { status: 429 }, [CLEARANCE_OTHER]: { status: 429 } },
      'needs-review',
    ],
  ] as const)('%s → %s', async (_name, change, outcome) => {
    expect((await run(change as never)).outcome).toBe(outcome);
  });

  it('is not applicable when the document reserves nothing to a role', async () => {
    const p = await runCheck(authorityOnlyClearance, {
      AuthzProbes: authzProbes({ roles: { places: [], attempts: [], notProbed: [] } }),
    });
    expect(p.outcome).toBe('not-applicable');
  });
});
