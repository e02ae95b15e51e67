// The PortCallLifecycle artifact: the life of three port calls as named steps.
//   P1: create → read (Location) → update (current ETag) → read → update (stale ETag) → read →
//       update (weak form of the current ETag) → read → update (no If-Match) → read → clearance
//       (authority) → arrival → departure with ATD before ATA → departure
//   P2: create → cancel → read → update (current ETag) → arrival → every other write of the probe
//       plan's `resource-write` places (cancel again, departure, clearance, each formality)
//   P3: create → read → update without If-Match (never updated before) → read → departure before any
//       arrival
// Each refused update sends its own personsOnBoard (REFUSED_UPDATES), and the port call is read back
// after it: a server that applies the update and still answers 412 or 428 is seen in the read-back.
//   then listPortCalls with limit=2, following nextCursor; without a limit (default 20); with limits 0
//   and 101, outside 1..100.
// A fresh GET precedes every step that needs the current ETag, so one defect does not cascade.
import type { OpenApiModel } from '../../../contracts/openapi.ts';
import { defineCollector } from '../../../engine/check.ts';
import type { CollectContext, HttpExchange } from '../../../engine/context.ts';
import type { ProbePlan } from '../../../engine/types.ts';
import { isObject } from '../judging.ts';
import { formatDateTime, samplePortCall, type PortCallInput } from '../../../contracts/samples.ts';
import { dayOf, isProfileV1 } from '../fuzz/collectors/invalid-input-probes.ts';
import { profileV1Plan } from '../fuzz/plan-v1.ts';
import { RequestPlanner } from '../fuzz/requests.ts';
import { RawDocument } from '../fuzz/schema-doc.ts';
import { Traffic } from '../fuzz/traffic.ts';
import { createdPortCallId, createFailure, portCallPath, ScenarioRunner, type Scenario } from './scenario.ts';

export interface PortCallLifecycle extends Scenario {
  /** The port call ids of P1, P2, P3 when they were created. */
  portCalls: { main?: string; cancelled?: string; notArrived?: string };
  /**
   * The personsOnBoard each update of REFUSED_UPDATES sent (distinct within its port call), so a
   * read-back carrying one of them says which update was applied.
   */
  sentPersonsOnBoard?: Record<string, number>;
}

declare module '../../../engine/check.ts' {
  interface ArtifactMap {
    PortCallLifecycle: PortCallLifecycle;
  }
}

/** Step names, shared with the checks and tests. */
export const LIFECYCLE_STEPS = {
  create: 'create',
  read: 'read',
  update: 'update',
  readAfterUpdate: 'readAfterUpdate',
  updateStale: 'updateStale',
  updateWeakEtag: 'updateWeakEtag',
  readAfterUpdateStale: 'readAfterUpdateStale',
  readAfterUpdateWeakEtag: 'readAfterUpdateWeakEtag',
  updateWithoutIfMatch: 'updateWithoutIfMatch',
  readAfterUpdateWithoutIfMatch: 'readAfterUpdateWithoutIfMatch',
  clearance: 'clearance',
  arrival: 'arrival',
  departureBeforeArrival: 'departureBeforeArrival',
  departure: 'departure',
  createCancelled: 'createCancelled',
  cancel: 'cancel',
  readAfterCancel: 'readAfterCancel',
  updateAfterCancel: 'updateAfterCancel',
  arrivalAfterCancel: 'arrivalAfterCancel',
  createNotArrived: 'createNotArrived',
  readNotArrived: 'readNotArrived',
  updateWithoutIfMatchFresh: 'updateWithoutIfMatchFresh',
  readAfterUpdateWithoutIfMatchFresh: 'readAfterUpdateWithoutIfMatchFresh',
  departureWithoutArrival: 'departureWithoutArrival',
  /** listPage1, listPage2, … */
  listPage: 'listPage',
  listDefault: 'listDefault',
  listLimitZero: 'listLimitZero',
  listLimitOver: 'listLimitOver',
} as const;

const S = LIFECYCLE_STEPS;

/**
 * The updates that must be refused and change nothing (PSW-API-004, PSW-API-005): the reads of the
 * port call just before each (the first taken of `before`, nearest first) and just after it, and how
 * far its personsOnBoard is from the created port call's.
 */
export const REFUSED_UPDATES: Readonly<
  Record<string, { before: readonly string[]; after: string; personsOnBoardOffset: number }>
> = {
  [S.updateStale]: { before: [S.readAfterUpdate], after: S.readAfterUpdateStale, personsOnBoardOffset: 2 },
  [S.updateWeakEtag]: {
    before: [S.readAfterUpdateStale, S.readAfterUpdate],
    after: S.readAfterUpdateWeakEtag,
    personsOnBoardOffset: 3,
  },
  [S.updateWithoutIfMatch]: {
    before: [S.readAfterUpdateWeakEtag, S.readAfterUpdateStale, S.readAfterUpdate],
    after: S.readAfterUpdateWithoutIfMatch,
    personsOnBoardOffset: 4,
  },
  [S.updateWithoutIfMatchFresh]: {
    before: [S.readNotArrived],
    after: S.readAfterUpdateWithoutIfMatchFresh,
    personsOnBoardOffset: 1,
  },
};

/** The body of a refused update of REFUSED_UPDATES: the input with that update's own personsOnBoard. */
function refusedUpdateBody(input: PortCallInput, step: string): PortCallInput {
  return { ...input, personsOnBoard: (input.personsOnBoard ?? 20) + REFUSED_UPDATES[step]!.personsOnBoardOffset };
}

/** The personsOnBoard each refused update sent, by step, recorded as each is sent. */
type SentPersonsOnBoard = Record<string, number>;

/**
 * Sends the refused update `step` (PUT of the port call at `path`) with its own personsOnBoard, records
 * that personsOnBoard in `sent` once the update got an answer, and reads the port call back.
 */
async function refusedUpdate(
  run: ScenarioRunner,
  sent: SentPersonsOnBoard,
  step: string,
  path: string,
  input: PortCallInput,
  opts: { headers?: Record<string, string>; label: string },
): Promise<void> {
  const body = refusedUpdateBody(input, step);
  const update = await run.step(step, { method: 'PUT', url: path, as: 'agentA', ...opts, body });
  if (update && body.personsOnBoard !== undefined) sent[step] = body.personsOnBoard;
  await readBack(run, update, step, path);
}

/** Reads the port call back after a refused update (skipped, with the reason, when it was not sent). */
async function readBack(run: ScenarioRunner, update: HttpExchange | undefined, step: string, path: string) {
  const after = REFUSED_UPDATES[step]!.after;
  if (!update) {
    run.skip(after, `the ${step} step was not taken`);
    return undefined;
  }
  return run.step(after, { method: 'GET', url: path, as: 'agentA', label: `read back after ${step}` });
}

/** The step of a write to the cancelled port call (P2) other than its update and arrival. */
export const afterCancelStep = (operationId: string) =>
  operationId === 'updatePortCall'
    ? LIFECYCLE_STEPS.updateAfterCancel
    : operationId === 'recordArrival'
      ? LIFECYCLE_STEPS.arrivalAfterCancel
      : `afterCancel:${operationId}`;
const MAX_LIST_PAGES = 10;
const HOUR_MS = 3_600_000;

function etagOf(ex: HttpExchange | undefined): string | undefined {
  return ex && ex.status === 200 ? ex.headers.etag || undefined : undefined;
}

/**
 * Creates a port call as the named step. When that fails, the steps that needed it are skipped with
 * the reason, so each scenario below goes on only with a real port call.
 */
async function createStep(
  run: ScenarioRunner,
  step: string,
  input: PortCallInput,
  label: string,
  dependents: readonly string[],
): Promise<{ created: HttpExchange; id: string } | undefined> {
  const created = await run.step(step, { method: 'POST', url: '/port-calls', as: 'agentA', body: input, label });
  const id = createdPortCallId(created);
  if (!created || !id) {
    for (const name of dependents) run.skip(name, createFailure(created, 'createPortCall'));
    return undefined;
  }
  return { created, id };
}

/** P1: creation, conditional updates, clearance, arrival and departure. */
async function mainPortCall(
  run: ScenarioRunner,
  sent: SentPersonsOnBoard,
  input: PortCallInput,
  now: Date,
): Promise<string | undefined> {
  const made = await createStep(run, S.create, input, 'create port call', [
    S.read,
    S.update,
    S.readAfterUpdate,
    S.updateStale,
    S.readAfterUpdateStale,
    S.updateWeakEtag,
    S.readAfterUpdateWeakEtag,
    S.updateWithoutIfMatch,
    S.readAfterUpdateWithoutIfMatch,
    S.clearance,
    S.arrival,
    S.departureBeforeArrival,
    S.departure,
  ]);
  if (!made) return undefined;
  const { created, id } = made;
  const path = portCallPath(id);
  // Follow Location as a client would; without one, read the profile's path so the rest can go on.
  const location = created.headers.location ? new URL(created.headers.location, created.url).href : path;
  const read = await run.step(S.read, {
    method: 'GET',
    url: location,
    as: 'agentA',
    label: 'read the created port call (Location)',
  });

  const first = etagOf(read);
  if (first) {
    const changed = { ...input, personsOnBoard: (input.personsOnBoard ?? 20) + 1 };
    await run.step(S.update, {
      method: 'PUT',
      url: path,
      as: 'agentA',
      headers: { 'If-Match': first },
      body: changed,
      label: 'update with the current ETag',
    });
  } else {
    run.skip(S.update, 'reading the port call gave no ETag');
  }
  const current = etagOf(
    await run.step(S.readAfterUpdate, { method: 'GET', url: path, as: 'agentA', label: 'read after the update' }),
  );
  if (first && current && first !== current) {
    await refusedUpdate(run, sent, S.updateStale, path, input, {
      headers: { 'If-Match': first },
      label: 'update with a stale ETag',
    });
  } else {
    const why =
      first && current ? 'the update did not change the ETag, so no stale ETag exists' : 'no ETag to make stale';
    run.skip(S.updateStale, why);
    run.skip(S.readAfterUpdateStale, why);
  }
  // RFC 9110 13.1.1: If-Match compares strongly, so the weak form of the current tag matches nothing.
  if (current && !current.startsWith('W/')) {
    await refusedUpdate(run, sent, S.updateWeakEtag, path, input, {
      headers: { 'If-Match': `W/${current}` },
      label: 'update with the weak form of the current ETag',
    });
  } else {
    const why = current ? 'the current ETag is weak already' : 'no current ETag to weaken';
    run.skip(S.updateWeakEtag, why);
    run.skip(S.readAfterUpdateWeakEtag, why);
  }
  await refusedUpdate(run, sent, S.updateWithoutIfMatch, path, input, { label: 'update without If-Match' });
  await run.step(S.clearance, {
    method: 'POST',
    url: `${path}/clearance`,
    as: 'authority',
    body: { decision: 'granted', remarks: 'Pre-arrival formalities complete' },
    label: 'authority grants clearance',
  });

  // Actual times are in the past, as actual times are; ATD before ATA by one hour.
  const ata = new Date(Math.floor(now.getTime() / 60_000) * 60_000 - 3 * HOUR_MS);
  const arrival = await run.step(S.arrival, {
    method: 'POST',
    url: `${path}/arrival`,
    as: 'agentA',
    body: { ata: formatDateTime(ata, 60) },
    label: 'record arrival',
  });
  if (arrival?.status === 200) {
    const early = formatDateTime(new Date(ata.getTime() - HOUR_MS), 60);
    await run.step(S.departureBeforeArrival, {
      method: 'POST',
      url: `${path}/departure`,
      as: 'agentA',
      body: { atd: early },
      label: 'departure with ATD before ATA',
    });
    const atd = formatDateTime(new Date(ata.getTime() + 2 * HOUR_MS), 0);
    await run.step(S.departure, {
      method: 'POST',
      url: `${path}/departure`,
      as: 'agentA',
      body: { atd },
      label: 'record departure',
    });
  } else {
    const why = arrival
      ? `recording the arrival answered HTTP ${arrival.status}`
      : 'recording the arrival got no response';
    run.skip(S.departureBeforeArrival, why);
    run.skip(S.departure, why);
  }
  return id;
}

/** P2: a cancelled port call must refuse updates, arrivals and every other write of `writes`. */
async function cancelledPortCall(
  run: ScenarioRunner,
  input: PortCallInput,
  now: Date,
  writes: CancelledWrites | undefined,
): Promise<string | undefined> {
  const others = writes?.operations.filter((id) => id !== 'updatePortCall' && id !== 'recordArrival') ?? [];
  const made = await createStep(run, S.createCancelled, input, 'create the port call to cancel', [
    S.cancel,
    S.readAfterCancel,
    S.updateAfterCancel,
    S.arrivalAfterCancel,
    ...others.map(afterCancelStep),
  ]);
  if (!made) return undefined;
  const { id } = made;
  const path = portCallPath(id);
  await run.step(S.cancel, {
    method: 'POST',
    url: `${path}/cancel`,
    as: 'agentA',
    body: { reason: 'Voyage cancelled by the owner' },
    label: 'cancel',
  });
  const etag = etagOf(
    await run.step(S.readAfterCancel, {
      method: 'GET',
      url: path,
      as: 'agentA',
      label: 'read the cancelled port call',
    }),
  );
  if (etag) {
    await run.step(S.updateAfterCancel, {
      method: 'PUT',
      url: path,
      as: 'agentA',
      headers: { 'If-Match': etag },
      body: input,
      label: 'update after cancel (current ETag)',
    });
  } else {
    run.skip(S.updateAfterCancel, 'reading the cancelled port call gave no ETag');
  }
  const ata = formatDateTime(new Date(now.getTime() - 2 * HOUR_MS), 60);
  await run.step(S.arrivalAfterCancel, {
    method: 'POST',
    url: `${path}/arrival`,
    as: 'agentA',
    body: { ata },
    label: 'arrival after cancel',
  });
  // Every other way to change it (valid requests: only the cancellation can be the reason to refuse).
  if (writes) {
    for (const operationId of others) {
      const name = afterCancelStep(operationId);
      const op = writes.model.operations.find((o) => o.operationId === operationId);
      const req = op
        ? await writes.planner.prepare(op, { portCallId: id })
        : { unavailable: `no operation ${operationId}` };
      if ('unavailable' in req) {
        run.skip(name, req.unavailable);
        continue;
      }
      await run.step(name, {
        method: op!.method,
        url: writes.planner.url(req),
        headers: {
          ...req.headers,
          ...(req.body !== undefined ? { 'content-type': req.mediaType ?? 'application/json' } : {}),
        },
        ...(req.as ? { as: req.as } : {}),
        ...(req.body !== undefined ? { body: req.body } : {}),
        label: `${operationId} after cancel`,
      });
    }
  }
  return id;
}

/** The writes to probe on the cancelled port call, and a planner for their valid requests. */
interface CancelledWrites {
  model: OpenApiModel;
  planner: RequestPlanner;
  operations: string[];
}

const RESOURCE_WRITE = 'resource-write';

function cancelledWrites(
  ctx: CollectContext,
  model: OpenApiModel | undefined,
  plan: ProbePlan | undefined,
  now: Date,
): CancelledWrites | undefined {
  if (!model || !plan) return undefined;
  const ids = new Set(
    Object.values(plan.places)
      .flat()
      .filter((p) => p.kind === RESOURCE_WRITE && p.operationId)
      .map((p) => p.operationId!),
  );
  // The planner only builds bodies here (the port call is fixed): its traffic is never used.
  const traffic = new Traffic(ctx, 1, 1);
  const day = dayOf(now);
  const planner = new RequestPlanner(ctx, model, new RawDocument(model), traffic, {
    seed: ctx.seed,
    now: day,
    label: 'lifecycle',
    ...(isProfileV1(ctx) ? { plan: profileV1Plan(day) } : {}),
  });
  return {
    model,
    planner,
    operations: model.operations.filter((o) => ids.has(o.operationId)).map((o) => o.operationId),
  };
}

/** P3: departure before any arrival. */
async function notArrivedPortCall(
  run: ScenarioRunner,
  sent: SentPersonsOnBoard,
  input: PortCallInput,
  now: Date,
): Promise<string | undefined> {
  const made = await createStep(run, S.createNotArrived, input, 'create the port call never arrived', [
    S.readNotArrived,
    S.updateWithoutIfMatchFresh,
    S.readAfterUpdateWithoutIfMatchFresh,
    S.departureWithoutArrival,
  ]);
  if (!made) return undefined;
  const { id } = made;
  const path = portCallPath(id);
  await run.step(S.readNotArrived, {
    method: 'GET',
    url: path,
    as: 'agentA',
    label: 'read the port call never updated',
  });
  // A port call never updated must need If-Match as much as one updated before (P1).
  await refusedUpdate(run, sent, S.updateWithoutIfMatchFresh, path, input, {
    label: 'update without If-Match, never updated before',
  });
  const atd = formatDateTime(new Date(now.getTime() - HOUR_MS), 0);
  await run.step(S.departureWithoutArrival, {
    method: 'POST',
    url: `${portCallPath(id)}/departure`,
    as: 'agentA',
    body: { atd },
    label: 'departure without arrival',
  });
  return id;
}

/** listPortCalls, two per page, following nextCursor (bounded; stops on a repeated cursor). */
async function listPages(run: ScenarioRunner): Promise<void> {
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 1; page <= MAX_LIST_PAGES; page++) {
    const query = new URLSearchParams({ limit: '2', ...(cursor ? { cursor } : {}) });
    const ex = await run.step(`${S.listPage}${page}`, {
      method: 'GET',
      url: `/port-calls?${query}`,
      as: 'agentA',
      label: `list port calls, page ${page}`,
    });
    const next = ex?.status === 200 && isObject(ex.json) ? ex.json.nextCursor : undefined;
    if (typeof next !== 'string' || next === '' || seen.has(next)) break;
    seen.add(next);
    cursor = next;
  }
  await run.step(S.listDefault, {
    method: 'GET',
    url: '/port-calls',
    as: 'agentA',
    label: 'list port calls, no limit',
  });
  for (const [name, limit] of [
    [S.listLimitZero, '0'],
    [S.listLimitOver, '101'],
  ] as const)
    await run.step(name, {
      method: 'GET',
      url: `/port-calls?limit=${limit}`,
      as: 'agentA',
      label: `list port calls, limit=${limit} (outside 1..100)`,
    });
}

export const portCallLifecycleCollector = defineCollector({
  name: 'PortCallLifecycle',
  description: 'Create, read, conditional updates, clearance, arrival, departure, cancel and list of port calls',
  dependsOn: ['ProbePlan', 'OpenApi'],
  // Port calls and their lifecycle: profile v1's conventions.
  standard: 'psw-v1',
  async collect(ctx: CollectContext, deps) {
    const run = new ScenarioRunner(ctx, 'lifecycle');
    const now = new Date();
    const writes = cancelledWrites(ctx, deps.OpenApi, deps.ProbePlan, now);
    const inputs = [1, 2, 3].map((ship) => samplePortCall({ now, ship })) as [
      PortCallInput,
      PortCallInput,
      PortCallInput,
    ];
    const sentPersonsOnBoard: SentPersonsOnBoard = {};
    const main = await mainPortCall(run, sentPersonsOnBoard, inputs[0], now);
    const cancelled = await cancelledPortCall(run, inputs[1], now, writes);
    const notArrived = await notArrivedPortCall(run, sentPersonsOnBoard, inputs[2], now);
    await listPages(run);
    return {
      ...run.result(),
      sentPersonsOnBoard,
      portCalls: {
        ...(main ? { main } : {}),
        ...(cancelled ? { cancelled } : {}),
        ...(notArrived ? { notArrived } : {}),
      },
    };
  },
});
