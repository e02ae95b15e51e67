// The contract collectors against the reference single window: every step taken, answered per the
// profile, and recorded with its evidence and operationId.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextFor, startFixture, type FixtureServer } from '../../../helpers/fixture-harness.ts';
import {
  formalityProbesCollector,
  FORMALITY_STEPS as F,
} from '../../../../suites/contract/collectors/formality-probes.ts';
import { identifierProbesCollector } from '../../../../suites/contract/collectors/identifier-probes.ts';
import { openApiCollector } from '../../../../suites/contract/collectors/openapi.ts';
import {
  LIFECYCLE_STEPS as L,
  portCallLifecycleCollector,
} from '../../../../suites/contract/collectors/port-call-lifecycle.ts';

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

describe('contract collectors on the reference', () => {
  it('OpenApi: the profile model, without traffic', async () => {
    const before = ctx.http.requestCount();
    const model = await openApiCollector.collect(ctx, {});
    expect(model.operations.map((o) => o.operationId)).toContain('createPortCall');
    expect(ctx.http.requestCount()).toBe(before);
  });

  it('IdentifierProbes: control accepted, each probe refused at its field, with evidence', async () => {
    const a = await identifierProbesCollector.collect(ctx, {});
    expect(a.control).toMatchObject({ probe: 'control', status: 201, operationId: 'createPortCall' });
    expect(a.probes.map((p) => [p.probe, p.pointer, p.status >= 400 && p.status < 500])).toEqual([
      ['imo-check-digit', '/ship/imoNumber', true],
      ['mmsi-not-ship-station', '/ship/mmsi', true],
      ['locode-unknown', '/portOfCall', true],
      ['eta-after-etd', '/etd', true],
      ['datetime-without-offset', '/eta', true],
    ]);
    for (const p of [a.control, ...a.probes]) {
      expect(p.evidenceId).toBeTruthy();
      expect(ctx.evidenceStore.get(p.evidenceId!)?.label).toMatch(/^identifier probes: /);
    }
  });

  it('PortCallLifecycle: every step taken with the status the profile prescribes', async () => {
    const a = await portCallLifecycleCollector.collect(ctx, {});
    expect(a.skipped).toEqual({});
    const statuses = Object.fromEntries(Object.entries(a.steps).map(([k, s]) => [k, s.status]));
    expect(statuses).toMatchObject({
      [L.create]: 201,
      [L.read]: 200,
      [L.update]: 200,
      [L.readAfterUpdate]: 200,
      [L.updateStale]: 412,
      [L.updateWithoutIfMatch]: 428,
      [L.clearance]: 200,
      [L.arrival]: 200,
      [L.departureBeforeArrival]: 422,
      [L.departure]: 200,
      [L.createCancelled]: 201,
      [L.cancel]: 200,
      [L.readAfterCancel]: 200,
      [L.updateAfterCancel]: 409,
      [L.arrivalAfterCancel]: 409,
      [L.createNotArrived]: 201,
      [L.departureWithoutArrival]: 409,
      [`${L.listPage}1`]: 200,
    });
    // The stale update sends the ETag read before the first update; the current one differs.
    expect(a.steps[L.updateStale]?.ifMatch).toBe(a.steps[L.read]?.headers.etag);
    expect(a.steps[L.updateStale]?.ifMatch).not.toBe(a.steps[L.readAfterUpdate]?.headers.etag);
    expect(a.steps[L.updateWithoutIfMatch]?.ifMatch).toBeUndefined();
    // Paginated two at a time over at least three port calls.
    expect(a.steps[`${L.listPage}2`]?.status).toBe(200);
    expect(a.portCalls.main && a.portCalls.cancelled && a.portCalls.notArrived).toBeTruthy();
    for (const s of Object.values(a.steps)) expect(s.evidenceId && s.operationId).toBeTruthy();
  });

  it('FormalityProbes: crew count scenario, formalities and FAL7 probes', async () => {
    const a = await formalityProbesCollector.collect(ctx, {});
    expect(a.skipped).toEqual({});
    expect(a.crewCount.generalDeclaration?.body).toMatchObject({ outcome: 'incomplete' });
    expect(a.crewCount.shortList).toMatchObject({ pointer: '/crew', status: 422, operationId: 'submitCrewList' });
    expect(a.crewCount.matchingList?.status).toBe(201);
    for (const name of [F.passengerList, F.waste, F.security, F.dangerousGoods])
      expect(a.steps[name]?.body, name).toMatchObject({ outcome: 'accepted' });
    expect(a.dangerousGoods.control?.status).toBe(201);
    expect(a.dangerousGoods.probes.map((p) => [p.probe, p.pointer])).toEqual([
      ['un-number', '/items/0/unNumber'],
      ['imdg-class', '/items/0/imdgClass'],
      ['imdg-division', '/items/0/imdgClass'],
      ['container-check-digit', '/items/0/containerNumber'],
    ]);
    expect(a.steps[F.listFormalities]?.status).toBe(200);
    expect(a.steps[F.getFormality]?.status).toBe(200);
  });
});
