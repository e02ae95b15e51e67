// The IdentifierProbes artifact: every place of the probe plan where an identifier is carried
// (`identifier-field`: IMO, MMSI, UN/LOCODE, container, UN number, IMDG class, packing group,
// date-time offset) or where two timestamps are ordered (`timestamp-order`: the boundary and the wrong
// side), probed in the operation that owns it. Per operation: a valid control request first, then
// one request per place, each the control with exactly that one field broken, so a refusal can only
// be about that rule. The requests come from the fuzzer's planner: it creates the port call a
// formality needs, reads the ETag an update needs, records the arrival a departure needs.
import type { OpenApiModel, OperationModel } from '../../../contracts/openapi.ts';
import { identifierFields } from '../../../contracts/plan/identifier-fields.ts';
import { orderRules, type OrderRule } from '../../../contracts/plan/timestamp-order.ts';
import { samplePassengerList, samplePortCall } from '../../../contracts/samples.ts';
import { defineCollector } from '../../../engine/check.ts';
import { pool } from '../../../engine/schedule.ts';
import type { CollectContext } from '../../../engine/context.ts';
import type { Place } from '../../../engine/types.ts';
import { dayOf, isProfileV1 } from '../fuzz/collectors/invalid-input-probes.ts';
import { profileV1Plan, type StandardPlan } from '../fuzz/plan-v1.ts';
import { tokens, valueAt } from '../fuzz/pointer.ts';
import { isSuccess, RequestPlanner, type PlannedRequest } from '../fuzz/requests.ts';
import { RawDocument } from '../fuzz/schema-doc.ts';
import { Traffic } from '../fuzz/traffic.ts';
import {
  breakIdentifier,
  breakOrder,
  describeBreak,
  placeBudget,
  samplePlaces,
  type Break,
  type NotProbed,
} from '../place-probes.ts';
import { probeOf, type ProbeRecord } from '../records.ts';

/** A probe of one place: the operation's control request broken there. */
export interface PlaceProbe extends ProbeRecord {
  /** The place's id (also in `probe`). */
  place: string;
  /** What was broken: the identifier kind, or `order:equal` / `order:before`. */
  breaks: string;
  /** The value sent at the pointer, or <removed>. */
  value: string;
}

export interface IdentifierProbes {
  /** The valid request of each operation probed (probe `control`), sent before its probes. */
  controls: ProbeRecord[];
  probes: PlaceProbe[];
  /** Places of the plan not probed, with why (budget, control refused, run stopped...). */
  notProbed: NotProbed[];
  /** Places the profile lets a run probe, and requests sent (controls and set-up included). */
  budget: number;
  requests: number;
}

declare module '../../../engine/check.ts' {
  interface ArtifactMap {
    IdentifierProbes: IdentifierProbes;
  }
}

export const FIELD_PLACE_KINDS = ['identifier-field', 'timestamp-order'] as const;

/** Requests per probed place the collector may spend at most (set-ups, controls and retries included). */
const REQUESTS_PER_PLACE = 4;
const MIN_REQUESTS = 40;
const LABEL = 'identifier probes';
/** Operations probed at once (each on its own port calls). */
const OPERATIONS_IN_FLIGHT = 3;

/** Profile v1's messages, with two passengers so a later passenger's ports can be probed. */
function planFor(ctx: CollectContext, now: Date): StandardPlan | undefined {
  if (!isProfileV1(ctx)) return undefined;
  const base = profileV1Plan(now);
  const portCall = samplePortCall({ now, ship: 0 });
  return {
    ...base,
    body: (op) => (op.operationId === 'submitPassengerList' ? samplePassengerList(portCall, 2) : base.body?.(op)),
  };
}

/**
 * A copy of `body` in which every pointer's parent exists: arrays too short get copies of their last
 * item. The pointers whose parent is still missing are returned (the message cannot carry them).
 */
export function withPositions(body: unknown, pointers: readonly string[]): { body: unknown; missing: Set<string> } {
  const copy = structuredClone(body);
  const missing = new Set<string>();
  for (const pointer of pointers) {
    const path = tokens(pointer);
    let node: unknown = copy;
    for (const token of path.slice(0, -1)) {
      if (Array.isArray(node) && /^\d+$/.test(token)) {
        const index = Number(token);
        while (node.length > 0 && node.length <= index) node.push(structuredClone(node[node.length - 1]));
        node = node[index];
      } else if (typeof node === 'object' && node !== null) {
        node = (node as Record<string, unknown>)[token];
      } else {
        node = undefined;
      }
      if (node === undefined) break;
    }
    if (typeof node !== 'object' || node === null) missing.add(pointer);
  }
  return { body: copy, missing };
}

interface Target {
  place: Place;
  breaks: string;
  /** The change, given the operation's valid body. */
  change(body: unknown): Break | { unavailable: string };
}

function targetsOf(model: OpenApiModel, planner: RequestPlanner, places: readonly Place[]): Map<string, Target> {
  const identifiers = new Map(identifierFields(model).map((f) => [f.place.id, f.identifier]));
  const orders = new Map(orderRules(model).map((r) => [r.place.id, r]));
  const byId = new Map(model.operations.map((o) => [o.operationId, o]));
  const earlierValue = (rule: OrderRule, body: unknown): unknown => {
    if (rule.earlier.operationId === rule.later.operationId) return valueAt(body, rule.earlier.pointer);
    // Recorded by another operation: the value the planner sends when it sets that state up.
    const other = byId.get(rule.earlier.operationId);
    return other ? valueAt(planner.baseBody(other).body, rule.earlier.pointer) : undefined;
  };
  const out = new Map<string, Target>();
  for (const place of places) {
    const pointer = place.pointer ?? '';
    const identifier = identifiers.get(place.id);
    const rule = orders.get(place.id);
    if (identifier !== undefined)
      out.set(place.id, { place, breaks: identifier, change: (body) => breakIdentifier(identifier, body, pointer) });
    else if (rule)
      out.set(place.id, {
        place,
        breaks: `order:${rule.side}`,
        change: (body) => breakOrder(rule.side, earlierValue(rule, body), valueAt(body, pointer)),
      });
  }
  return out;
}

export const identifierProbesCollector = defineCollector({
  name: 'IdentifierProbes',
  description:
    'Per operation, a valid control and one request per identifier field and timestamp pair of the probe plan, each breaking that one place',
  dependsOn: ['ProbePlan', 'OpenApi'],
  // Its control requests are built from profile v1's samples, on port calls of its own.
  standard: 'psw-v1',
  async collect(ctx, deps) {
    const model = deps.OpenApi;
    const plan = deps.ProbePlan;
    if (!model || !plan) throw new Error('the OpenApi and ProbePlan artifacts are required');
    const budget = placeBudget(ctx.profile);
    const { selected, skipped } = samplePlaces(plan, FIELD_PLACE_KINDS, budget, ctx.seed);
    const notProbed: NotProbed[] = [...skipped];
    const controls: ProbeRecord[] = [];
    const probes: PlaceProbe[] = [];
    // Stop sending well before the collector's budget ends, so what was probed is kept and judged.
    const left = ctx.endsBy - Date.now();
    const traffic = new Traffic(
      ctx,
      Math.max(MIN_REQUESTS, selected.length * REQUESTS_PER_PLACE),
      Math.max(1, left - Math.min(10_000, left / 4)),
    );
    const now = dayOf(new Date());
    const standard = planFor(ctx, now);
    // One planner per operation: each keeps its own port calls, so operations are probed side by side.
    const plannerOf = () =>
      new RequestPlanner(ctx, model, new RawDocument(model), traffic, {
        seed: ctx.seed,
        now,
        label: LABEL,
        ...(standard ? { plan: standard } : {}),
      });
    const targets = targetsOf(model, plannerOf(), selected);
    const groups = model.operations
      .map((op) => ({ op, places: selected.filter((p) => p.operationId === op.operationId) }))
      .filter((g) => g.places.length > 0);
    const results = new Map<OperationModel, OperationResult>();
    await pool(groups, OPERATIONS_IN_FLIGHT, async ({ op, places }) => {
      results.set(op, await probeOperation(op, places, plannerOf(), traffic, targets));
    });
    // In the document's order, whatever order they finished in.
    for (const { op } of groups) {
      const r = results.get(op);
      if (!r) continue;
      if (r.control) controls.push(r.control);
      probes.push(...r.probes);
      notProbed.push(...r.notProbed);
    }
    return { controls, probes, notProbed, budget, requests: traffic.used };
  },
});

interface OperationResult {
  control?: ProbeRecord;
  probes: PlaceProbe[];
  notProbed: NotProbed[];
}

/** One operation: its valid control, then one probe per place (each the control broken there). */
async function probeOperation(
  op: OperationModel,
  mine: readonly Place[],
  planner: RequestPlanner,
  traffic: Traffic,
  targets: ReadonlyMap<string, Target>,
): Promise<OperationResult> {
  const out: OperationResult = { probes: [], notProbed: [] };
  const skip = (places: readonly Place[], why: NotProbed['why'], detail: string) => {
    for (const p of places) out.notProbed.push({ place: p.id, why, detail });
  };
  const base = planner.baseBody(op);
  if (base.error !== undefined || base.body === undefined) {
    skip(mine, 'precondition-failed', base.error ?? `${op.operationId} takes no JSON body`);
    return out;
  }
  const { body, missing } = withPositions(
    base.body,
    mine.map((p) => p.pointer ?? ''),
  );
  const usable = mine.filter((p) => !missing.has(p.pointer ?? ''));
  skip(
    mine.filter((p) => missing.has(p.pointer ?? '')),
    'not-applicable',
    'the valid message has no parent for this field',
  );
  if (usable.length === 0) return out;
  const control = await send(planner, traffic, op, body, 'control', undefined);
  if ('notSent' in control) {
    skip(usable, control.notSent, control.detail);
    return out;
  }
  out.control = control.record;
  if (!isSuccess(control.record.status)) {
    const why =
      control.record.status === 0
        ? 'the valid control request got no response'
        : `the valid control request was answered HTTP ${control.record.status}`;
    skip(usable, 'precondition-failed', why);
    return out;
  }
  for (const place of usable) {
    const target = targets.get(place.id);
    const change = target?.change(body);
    if (!target || !change || 'unavailable' in change) {
      skip([place], 'not-applicable', change && 'unavailable' in change ? change.unavailable : 'no probe for it');
      continue;
    }
    const sent = await send(planner, traffic, op, body, place.id, { pointer: place.pointer ?? '', change });
    if ('notSent' in sent) {
      skip([place], sent.notSent, sent.detail);
      continue;
    }
    out.probes.push({ ...sent.record, place: place.id, breaks: target.breaks, value: describeBreak(change) });
  }
  return out;
}

type Sent = { record: ProbeRecord } | { notSent: NotProbed['why']; detail: string };

/** Prepares and sends the operation's request with `body`, broken at one place when `at` is given. */
async function send(
  planner: RequestPlanner,
  traffic: Traffic,
  op: OperationModel,
  body: unknown,
  name: string,
  at: { pointer: string; change: Break } | undefined,
): Promise<Sent> {
  const stopped = (detail: string): Sent => ({
    notSent: traffic.stoppedBy === 'budget' ? 'budget' : 'stopped',
    detail,
  });
  const req = await planner.prepare(op);
  if ('unavailable' in req)
    return traffic.available() ? { notSent: 'precondition-failed', detail: req.unavailable } : stopped(req.unavailable);
  const planned: PlannedRequest = { ...req, body: structuredClone(body) };
  const label = at ? `${op.operationId}: ${name} = ${describeBreak(at.change)}` : `${op.operationId}: valid control`;
  const mutation = at
    ? 'remove' in at.change
      ? { pointer: at.pointer, remove: true as const }
      : { pointer: at.pointer, value: at.change.value }
    : undefined;
  const sent = await planner.send(planned, label, mutation ? { in: 'body', mutation } : undefined);
  if (!sent) return stopped(`the request ${traffic.stoppedBy ?? 'budget'} ran out before ${name}`);
  const pointer = at?.pointer ?? '';
  // No response (transport error): status 0, judged as such by the checks.
  if (!sent.exchange)
    return { record: { probe: name, pointer, status: 0, operationId: op.operationId, method: op.method } };
  return { record: { ...probeOf(name, pointer, sent.exchange), operationId: op.operationId } };
}
