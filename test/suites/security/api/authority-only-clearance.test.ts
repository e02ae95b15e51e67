import { describe, expect, it } from 'vitest';
import authorityOnlyClearance from '../../../../suites/security/authority-only-clearance.ts';
import { PC, authzProbes, idsAndLocations, runCheck } from './builders.ts';

describe('authority-only-clearance', () => {
  const loc = { operationId: 'decideClearance', method: 'POST', url: `/port-calls/${PC}/clearance` };

  it('passes on 403 with no clearance recorded', async () => {
    const p = await runCheck(authorityOnlyClearance, { AuthzProbes: authzProbes() });
    expect(p.outcome).toBe('pass');
    expect(p.evidence).toEqual(['ev-clearance', 'ev-clearance-read']);
  });

  it.each([
    [
      'the agent decides',
      { status: 200, clearanceAfter: { decision: 'granted', decidedAt: 'x' } },
      [
        { id: 'agentDecided', location: loc },
        { id: 'clearanceRecorded', location: { ...loc, jsonPointer: '/clearance', in: 'response' } },
      ],
    ],
    ['the agent gets 404 on its own port call', { status: 404 }, [{ id: 'notForbidden', location: loc }]],
    ['the agent gets 400', { status: 400 }, [{ id: 'notForbidden', location: loc }]],
    [
      'a 403 still records a clearance',
      { status: 403, clearanceAfter: { decision: 'granted' } },
      [{ id: 'clearanceRecorded', location: { ...loc, jsonPointer: '/clearance', in: 'response' } }],
    ],
    ['there is no answer', { status: undefined, error: 'ECONNRESET' }, [{ id: 'noAnswer', location: loc }]],
  ] as const)('fails when %s', async (_name, clearance, expected) => {
    const p = await runCheck(authorityOnlyClearance, { AuthzProbes: authzProbes({ clearance: clearance as never }) });
    expect(p.outcome).toBe('fail');
    expect(idsAndLocations(p)).toEqual(expected);
  });

  it.each([
    ['the document has no decideClearance', { clearance: null }, 'not-applicable'],
    ['the read-back failed', { clearance: { readStatus: 500, clearanceAfter: undefined } }, 'needs-review'],
    ['the attempt was throttled', { clearance: { status: 429 } }, 'needs-review'],
  ] as const)('%s → %s', async (_name, change, outcome) => {
    expect((await runCheck(authorityOnlyClearance, { AuthzProbes: authzProbes(change as never) })).outcome).toBe(
      outcome,
    );
  });
});
