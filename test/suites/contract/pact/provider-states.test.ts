// Provider states set up through the reference's public API: each answers the values its
// interactions take fromProviderState; bad names and parameters are refused before any request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATES } from '../../../../contracts/pact/states.ts';
import { isKnownState, setUpState, StateSetupError } from '../../../../suites/contract/pact/provider-states.ts';
import { contextFor, startFixture, type FixtureServer } from '../../../helpers/fixture-harness.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ETAG = /^"[^"]+"$/;

describe('provider states on the reference', () => {
  let server: FixtureServer;
  let ctx: Awaited<ReturnType<typeof contextFor>>;
  beforeAll(async () => {
    server = await startFixture('reference');
    ctx = await contextFor(server);
  });
  afterAll(async () => {
    await ctx?.close();
    await server?.close();
  });

  it('knows every state of states.ts', () => {
    for (const name of Object.values(STATES)) expect(isKnownState(name), name).toBe(true);
  });

  it.each([
    [STATES.portCallOfTenantA, {}, { portCallId: UUID, etag: ETAG }],
    [STATES.portCallOfTenantB, {}, { portCallId: UUID }],
    [STATES.portCallsOfTenantsAAndB, {}, { portCallIdA: UUID, portCallIdB: UUID }],
    [STATES.portCallChangedSinceRead, {}, { portCallId: UUID, staleEtag: ETAG, etag: ETAG }],
    [STATES.cancelledPortCallOfTenantA, {}, { portCallId: UUID, etag: ETAG }],
    [
      STATES.generalDeclarationOnFile,
      { numberOfCrew: 3, numberOfPassengers: 2 },
      { portCallId: UUID, receiptId: UUID },
    ],
    [STATES.morePortCallsThanOnePage, { pageSize: 2 }, { cursor: /^\S+$/ }],
    [STATES.arrivedPortCallOfTenantA, { ata: '2026-11-20T08:00:00+01:00' }, { portCallId: UUID }],
  ] as const)('%s', async (state, params, shape) => {
    const r = await setUpState(ctx.http, state, params);
    expect(Object.keys(r.values).sort()).toEqual(Object.keys(shape).sort());
    for (const [k, re] of Object.entries(shape)) expect(r.values[k], k).toMatch(re);
    expect(r.evidence.length).toBeGreaterThan(0);
    for (const id of r.evidence)
      expect(ctx.evidenceStore.get(id)).toMatchObject({
        kind: 'http',
        label: expect.stringContaining(`pact state "${state}"`),
      });
  });

  it('the stale ETag is stale: the port call changed after it was read', async () => {
    const r = await setUpState(ctx.http, STATES.portCallChangedSinceRead, {});
    expect(r.values.staleEtag).not.toBe(r.values.etag);
  });

  it.each([
    ['no such state', {}, /no provider state handler/],
    [STATES.generalDeclarationOnFile, { numberOfCrew: 0, numberOfPassengers: 0 }, /numberOfCrew/],
    [STATES.morePortCallsThanOnePage, { pageSize: 500 }, /pageSize/],
    [STATES.arrivedPortCallOfTenantA, {}, /ata/],
  ])('refuses %s %j before sending anything', async (state, params, message) => {
    const before = ctx.http.requestCount();
    await expect(setUpState(ctx.http, state, params)).rejects.toThrow(StateSetupError);
    await expect(setUpState(ctx.http, state, params)).rejects.toThrow(message);
    expect(ctx.http.requestCount()).toBe(before);
  });

  it('a setup request the target refuses is a StateSetupError naming it, with its evidence', async () => {
    // An ata without offset is refused by the reference (400): the state cannot be established.
    const err = await setUpState(ctx.http, STATES.arrivedPortCallOfTenantA, { ata: '2026-11-20T08:00:00' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StateSetupError);
    expect((err as Error).message).toMatch(/record the arrival answered HTTP 400/);
    expect((err as { evidence?: string[] }).evidence?.length).toBe(2);
  });
});
