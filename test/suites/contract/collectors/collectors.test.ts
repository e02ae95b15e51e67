// The contract collectors against the reference single window: every step taken, answered per the
// profile, and recorded with its evidence and operationId.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextFor, startFixture, type FixtureServer } from '../../../helpers/fixture-harness.ts';
import type { OpenApiModel } from '../../../../contracts/openapi.ts';
import type { ProbePlan } from '../../../../engine/types.ts';
import {
  countStep,
  formalityProbesCollector,
  FORMALITY_STEPS as F,
} from '../../../../suites/contract/collectors/formality-probes.ts';
import { identifierProbesCollector } from '../../../../suites/contract/collectors/identifier-probes.ts';
import { openApiCollector } from '../../../../suites/contract/collectors/openapi.ts';
import {
  afterCancelStep,
  LIFECYCLE_STEPS as L,
  REFUSED_UPDATES,
  portCallLifecycleCollector,
} from '../../../../suites/contract/collectors/port-call-lifecycle.ts';
import { probePlanCollector } from '../../../../suites/probe-plan.ts';

let server: FixtureServer;
let ctx: Awaited<ReturnType<typeof contextFor>>;
let deps: { OpenApi: OpenApiModel; ProbePlan: ProbePlan };

beforeAll(async () => {
  server = await startFixture('reference');
  ctx = await contextFor(server);
  const OpenApi = await openApiCollector.collect(ctx, {});
  deps = { OpenApi, ProbePlan: await probePlanCollector.collect(ctx, { OpenApi }) };
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

  it('IdentifierProbes: per operation a control accepted, then every identifier and ordered-pair place refused at its field', async () => {
    const a = await identifierProbesCollector.collect(ctx, deps);
    const planned = new Set(
      Object.values(deps.ProbePlan.places)
        .flat()
        .filter((p) => p.kind === 'identifier-field' || p.kind === 'timestamp-order')
        .map((p) => p.id),
    );
    expect(a.notProbed).toEqual([]);
    expect(new Set(a.probes.map((p) => p.place))).toEqual(planned);
    expect(a.controls.map((c) => [c.operationId, c.status >= 200 && c.status < 300])).toEqual(
      [
        'createPortCall',
        'updatePortCall',
        'recordArrival',
        'recordDeparture',
        'submitGeneralDeclaration',
        'submitPassengerList',
        'submitDangerousGoods',
        'submitWasteNotification',
        'submitSecurityNotification',
      ].map((op) => [op, true]),
    );
    for (const p of a.probes) {
      expect([p.place, p.status >= 400 && p.status < 500]).toEqual([p.place, true]);
      const pointers = ((p.body as { errors?: { pointer?: string }[] }).errors ?? []).map((e) => e.pointer);
      expect(pointers, p.place).toContain(p.pointer);
    }
    for (const p of [...a.controls, ...a.probes]) {
      expect(p.evidenceId).toBeTruthy();
      expect(ctx.evidenceStore.get(p.evidenceId!)?.label).toMatch(/^identifier probes: /);
    }
    // A later item and the boundary of an ordered pair are probes of their own.
    expect(a.probes.find((p) => p.place === 'submitDangerousGoods /items/1/containerNumber')?.value).toBe(
      '"MSCU1234567"',
    );
    expect(a.probes.find((p) => p.place === 'recordDeparture /atd equal to recordArrival /ata')).toMatchObject({
      status: 422,
      breaks: 'order:equal',
    });
  });

  it('IdentifierProbes: a short budget probes a seeded sample, one place of each requirement first', async () => {
    const small = await contextFor(server, { profile: { ...ctx.profile, contract: { places: { budget: 5 } } } });
    try {
      const a = await identifierProbesCollector.collect(small, deps);
      expect(a.probes).toHaveLength(5);
      expect(a.notProbed.every((n) => n.why === 'budget')).toBe(true);
      expect(a.probes.length + a.notProbed.length).toBeGreaterThan(40);
    } finally {
      await small.close();
    }
  });

  it('PortCallLifecycle: every step taken with the status the profile prescribes', async () => {
    const a = await portCallLifecycleCollector.collect(ctx, deps);
    expect(a.skipped).toEqual({});
    const statuses = Object.fromEntries(Object.entries(a.steps).map(([k, s]) => [k, s.status]));
    expect(statuses).toMatchObject({
      [L.create]: 201,
      [L.read]: 200,
      [L.update]: 200,
      [L.readAfterUpdate]: 200,
      [L.updateStale]: 412,
      [L.readAfterUpdateStale]: 200,
      [L.updateWeakEtag]: 412,
      [L.readAfterUpdateWeakEtag]: 200,
      [L.updateWithoutIfMatch]: 428,
      [L.readAfterUpdateWithoutIfMatch]: 200,
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
      [L.readNotArrived]: 200,
      [L.updateWithoutIfMatchFresh]: 428,
      [L.readAfterUpdateWithoutIfMatchFresh]: 200,
      [L.departureWithoutArrival]: 409,
      [`${L.listPage}1`]: 200,
    });
    // The stale update sends the ETag read before the first update; the current one differs.
    expect(a.steps[L.updateStale]?.ifMatch).toBe(a.steps[L.read]?.headers.etag);
    expect(a.steps[L.updateStale]?.ifMatch).not.toBe(a.steps[L.readAfterUpdate]?.headers.etag);
    expect(a.steps[L.updateWithoutIfMatch]?.ifMatch).toBeUndefined();
    expect(a.steps[L.updateWeakEtag]?.ifMatch).toBe(`W/${a.steps[L.readAfterUpdate]?.headers.etag}`);
    // Each refused update sent its own personsOnBoard (so a read-back says which was applied), and none was.
    const sent = a.sentPersonsOnBoard ?? {};
    expect(Object.keys(sent).sort()).toEqual(Object.keys(REFUSED_UPDATES).sort());
    expect(new Set([L.updateStale, L.updateWeakEtag, L.updateWithoutIfMatch].map((k) => sent[k])).size).toBe(3);
    for (const [step, { after }] of Object.entries(REFUSED_UPDATES))
      expect([step, (a.steps[after]?.body as { personsOnBoard?: number }).personsOnBoard]).not.toEqual([
        step,
        sent[step],
      ]);
    // Every other write of the plan was sent to the cancelled port call, and refused with 409.
    for (const op of [
      'cancelPortCall',
      'recordDeparture',
      'decideClearance',
      'submitGeneralDeclaration',
      'submitCrewList',
      'submitPassengerList',
      'submitDangerousGoods',
      'submitWasteNotification',
      'submitSecurityNotification',
    ])
      expect([op, a.steps[afterCancelStep(op)]?.status]).toEqual([op, 409]);
    // Paginated two at a time over at least three port calls.
    expect(a.steps[`${L.listPage}2`]?.status).toBe(200);
    expect(a.portCalls.main && a.portCalls.cancelled && a.portCalls.notArrived).toBeTruthy();
    for (const s of Object.values(a.steps)) expect(s.evidenceId && s.operationId).toBeTruthy();
  });

  it('FormalityProbes: both count rules probed both ways on one port call', async () => {
    const a = await formalityProbesCollector.collect(ctx, deps);
    expect(a.skipped).toEqual({});
    expect(a.notProbed).toEqual([]);
    expect(a.steps[F.declaration]?.body).toMatchObject({ outcome: 'incomplete' });
    const byVariant = Object.fromEntries(a.probes.map((p) => [p.place, p.status]));
    expect(Object.keys(byVariant)).toHaveLength(7);
    for (const [place, status] of Object.entries(byVariant))
      expect([place, status]).toEqual([place, place.includes('before any') ? 201 : 422]);
    for (const list of a.rules.map((r) => r.list)) expect(a.steps[countStep(list, 'matching')]?.status).toBe(201);
    expect(a.steps[F.finalDeclaration]?.body).toMatchObject({ outcome: 'accepted' });
    expect(a.steps[F.listFormalities]?.status).toBe(200);
    expect(a.steps[F.getFormality]?.status).toBe(200);
    // Every request on the same port call.
    for (const s of Object.values(a.steps)) expect(s.url).toContain(a.portCallId!);
  });
});
