import { describe, expect, it } from 'vitest';
import tenantIsolation from '../../../../suites/security/tenant-isolation.ts';
import { OWNER_READS, authzProbes, idsAndLocations, runCheck, tenantLoc, tenantProbes } from './builders.ts';

const run = (change: Parameters<typeof tenantProbes>[0]) =>
  runCheck(tenantIsolation, { AuthzProbes: authzProbes({ tenant: tenantProbes(change) }) });

const ownerA = { operationId: 'getPortCall', method: 'GET', url: OWNER_READS[0]!.url };
const ownerB = { operationId: 'getFormality', method: 'GET', url: OWNER_READS[1]!.url };

describe('tenant-isolation', () => {
  it('passes when every attempt is denied without data, the owners see no change and the authority reaches all', async () => {
    const p = await run({});
    expect(p.outcome).toBe('pass');
    expect(p.evidence).toContain('ev-updatePortCall agentB→agentA');
    expect(p.places?.['PSW-SEC-AUTHZ-001']).toEqual({
      probed: [
        'listPortCalls agentB→agentA',
        'getPortCall agentB→agentA',
        'getFormality (crew-list) agentA→agentB',
        'updatePortCall agentB→agentA',
        'submitCrewList agentA→agentB',
        'cancelPortCall agentB→agentA',
      ],
      notProbed: [],
    });
  });

  it('accepts 403 as a denial', async () => {
    const p = await run({
      attempts: { 'getPortCall agentB→agentA': { status: 403 }, 'cancelPortCall agentB→agentA': { status: 403 } },
    });
    expect(p.outcome).toBe('pass');
  });

  it.each([
    [
      "B reads A's port call",
      { attempts: { 'getPortCall agentB→agentA': { status: 200, leaked: ['imoNumber', 'shipName'] } } },
      [
        { id: 'dataLeaked', location: tenantLoc('getPortCall agentB→agentA') },
        { id: 'served', location: tenantLoc('getPortCall agentB→agentA') },
      ],
    ],
    [
      "A reads B's crew list (the other direction, a formality)",
      { attempts: { 'getFormality (crew-list) agentA→agentB': { status: 200 } } },
      [{ id: 'served', location: tenantLoc('getFormality (crew-list) agentA→agentB') }],
    ],
    [
      "B updates A's port call and A sees it changed",
      {
        attempts: { 'updatePortCall agentB→agentA': { status: 200 } },
        ownerReads: { agentA: { changed: ['ship', 'updatedAt', 'version'] } },
      },
      [
        { id: 'served', location: tenantLoc('updatePortCall agentB→agentA') },
        { id: 'ownerDataChanged', location: ownerA },
      ],
    ],
    [
      "A's crew list lands on B's port call",
      {
        attempts: { 'submitCrewList agentA→agentB': { status: 201 } },
        ownerReads: { agentB: { changed: ['document', 'receiptId', 'submittedAt'] } },
      },
      [
        { id: 'served', location: tenantLoc('submitCrewList agentA→agentB') },
        { id: 'ownerDataChanged', location: ownerB },
      ],
    ],
    [
      "B's cancel reveals existence with 409",
      { attempts: { 'cancelPortCall agentB→agentA': { status: 409 } } },
      [{ id: 'notDenied', location: tenantLoc('cancelPortCall agentB→agentA') }],
    ],
    [
      "B's list contains A's port call",
      { attempts: { 'listPortCalls agentB→agentA': { leaked: ['portCallId'] } } },
      [{ id: 'dataLeaked', location: tenantLoc('listPortCalls agentB→agentA') }],
    ],
    [
      "B's list holds other tenants' port calls",
      { attempts: { 'listPortCalls agentB→agentA': { foreignItems: 12 } } },
      [{ id: 'foreignItems', location: tenantLoc('listPortCalls agentB→agentA') }],
    ],
    [
      "B's 404 body names A's ship",
      { attempts: { 'cancelPortCall agentB→agentA': { leaked: ['shipName'] } } },
      [{ id: 'dataLeaked', location: tenantLoc('cancelPortCall agentB→agentA') }],
    ],
    [
      'A can no longer read its port call',
      { ownerReads: { agentA: { afterStatus: 404 } } },
      [{ id: 'ownerDataGone', location: ownerA }],
    ],
    [
      'an attempt gets no answer',
      { attempts: { 'submitCrewList agentA→agentB': { status: undefined, error: 'ECONNRESET' } } },
      [{ id: 'noAnswer', location: tenantLoc('submitCrewList agentA→agentB') }],
    ],
    [
      "the authority cannot read B's port call",
      { authority: { agentB: { read: { operationId: 'getPortCall', method: 'GET', url: '/x', status: 404 } } } },
      [{ id: 'authorityDenied', location: { operationId: 'getPortCall', method: 'GET', url: '/x' } }],
    ],
    [
      "A's port call is missing from the authority's whole list",
      { authority: { agentA: { listed: false } } },
      [{ id: 'authorityListMissing', location: { operationId: 'listPortCalls', method: 'GET' } }],
    ],
  ] as const)('fails when %s', async (_name, change, expected) => {
    const p = await run(change as never);
    expect(p.outcome).toBe('fail');
    expect(idsAndLocations(p)).toEqual(expected);
  });

  it("does not count the actor's own list (200) as a breach", async () => {
    const p = await run({ attempts: { 'listPortCalls agentB→agentA': { status: 200 } } });
    expect(p.outcome).toBe('pass');
  });

  it("does not judge the authority's list when its pages ran out first", async () => {
    const p = await run({ authority: { agentA: { listed: undefined, listPages: 20 } } });
    expect(p.outcome).toBe('pass');
  });

  it('reports places it could not probe, with why, and those the collector skipped', async () => {
    const p = await run({
      attempts: { 'getPortCall agentB→agentA': { status: 429 } },
      notProbed: [{ id: 'recordArrival agentB→agentA', why: 'budget', detail: 'security.maxPlaces allows 6' }],
      extraPlaces: [{ id: 'recordArrival agentB→agentA', kind: 'tenant-resource' }],
    });
    expect(p.outcome).toBe('needs-review');
    expect(p.places?.['PSW-SEC-AUTHZ-001']?.notProbed).toEqual([
      { id: 'getPortCall agentB→agentA', why: 'precondition-failed', detail: 'answered 429 (throttled)' },
      { id: 'recordArrival agentB→agentA', why: 'budget', detail: 'security.maxPlaces allows 6' },
    ]);
  });

  it("needs review when an owner could not read its data first ('unchanged' is unverified)", async () => {
    const p = await run({ ownerReads: { agentB: { beforeStatus: 500 } } });
    expect(p.outcome).toBe('needs-review');
  });

  it('is not applicable when the document marks nothing tenant-scoped', async () => {
    const empty = { places: [], attempts: [], ownerReads: [], authority: [], notProbed: [] };
    const p = await runCheck(tenantIsolation, { AuthzProbes: authzProbes({ tenant: empty }) });
    expect(p.outcome).toBe('not-applicable');
  });
});
