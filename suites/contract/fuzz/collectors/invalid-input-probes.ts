// The InvalidInputProbes artifact. For every operation taking input: a control (its valid request,
// which must succeed), then requests each breaking ONE field of it (wrong type, missing, bad format,
// pattern, enum, range, length, unknown member; profile v1's identifier rules), spread round-robin
// over operations within a request budget and a time limit. Each target is a fast-check property
// seeded from the run seed; a failure is shrunk (bounded) and the smallest failing request kept.
import fc from 'fast-check';
import {
  validateSchema,
  type OpenApiModel,
  type OperationModel,
  type SchemaObject,
} from '../../../../contracts/openapi.ts';
import { defineCollector } from '../../../../engine/check.ts';
import type { CollectContext } from '../../../../engine/context.ts';
import { errorMessage } from '../../../../engine/errors.ts';
import { checkSettings } from '../../../../engine/profile.ts';
import { mediaTypeOf } from '../../records.ts';
import { FIELD_LOCATION_RULES, judgeProbe, type FieldLocationRule, type InvalidInputVerdict } from '../judge.ts';
import {
  bodyTargets,
  isRuleKind,
  KIND_ORDER,
  parameterTargets,
  type FieldTarget,
  type InputLocation,
  type Mutation,
  type MutationKind,
} from '../mutations.ts';
import { profileV1Plan } from '../plan-v1.ts';
import { withValueAt } from '../pointer.ts';
import { isSuccess, RequestPlanner, type PlannedRequest } from '../requests.ts';
import { isJsonMediaType, RawDocument, type RawParameter } from '../schema-doc.ts';
import { deriveSeed, seededShuffle } from '../seeds.ts';
import { Traffic } from '../traffic.ts';
import { hasCredentials, NEEDS_CREDENTIALS } from '../../../security/collectors/requests.ts';

export interface InvalidInputProbe {
  operationId: string;
  method: string;
  url: string;
  in: InputLocation;
  /** The broken field: an RFC 6901 pointer into the body, or `/<name>` of a parameter. */
  pointer: string;
  kind: MutationKind;
  /** The value sent (JSON, at most 200 characters), or `<removed>`. */
  value: string;
  status: number;
  contentType?: string;
  body?: unknown;
  evidenceId?: string;
  /** As judged when collected (the check judges again with its options). */
  verdict: InvalidInputVerdict;
  /** fast-check replay data: the target's seed, the counterexample's path, shrink steps taken. */
  seed: number;
  path?: string;
  shrinks: number;
}

export type OperationProbeStatus = 'probed' | 'no-input' | 'uncontrolled' | 'not-reached';

export interface InvalidInputOperation {
  operationId: string;
  method: string;
  path: string;
  status: OperationProbeStatus;
  reason?: string;
  control?: { status: number; evidenceId?: string };
  targets: number;
  probes: number;
}

export interface InvalidInputProbes {
  seed: number;
  budget: number;
  timeLimitMs: number;
  requests: number;
  stoppedBy?: 'budget' | 'time' | 'interrupted';
  fieldLocation: FieldLocationRule;
  operations: InvalidInputOperation[];
  probes: InvalidInputProbe[];
}

declare module '../../../../engine/check.ts' {
  interface ArtifactMap {
    InvalidInputProbes: InvalidInputProbes;
  }
}

export const DEFAULT_FUZZ_BUDGET = 150;
export const DEFAULT_FUZZ_TIME_LIMIT_MS = 90_000;
/** Requests one failure may spend on shrinking, and the share of the budget all shrinking may take. */
const MAX_SHRINK_REQUESTS = 8;
const SHRINK_SHARE = 0.25;
const SHRINK_TIME_LIMIT_MS = 20_000;
const VALUE_CHARS = 200;
const SAMPLES_PER_TARGET = 24;

/** The budget settings of profile.contract.fuzz, checked. */
export function fuzzSettings(profile: CollectContext['profile']): {
  budget: number;
  timeLimitMs: number;
  fieldLocation: FieldLocationRule;
} {
  const raw = (profile.contract as { fuzz?: Record<string, unknown> } | undefined)?.fuzz ?? {};
  const positive = (v: unknown, fallback: number, what: string) => {
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 1)
      throw new Error(`profile ${profile.id}: contract.fuzz.${what} must be a positive number`);
    return Math.floor(v);
  };
  const option = checkSettings(profile, 'invalid-input-rejected').options?.fieldLocation;
  if (option !== undefined && !FIELD_LOCATION_RULES.includes(option as FieldLocationRule)) {
    throw new Error(
      `profile ${profile.id}: checks.invalid-input-rejected.options.fieldLocation must be one of ${FIELD_LOCATION_RULES.join(', ')}`,
    );
  }
  return {
    budget: positive(raw.budget, DEFAULT_FUZZ_BUDGET, 'budget'),
    timeLimitMs: positive(raw.timeLimitMs, DEFAULT_FUZZ_TIME_LIMIT_MS, 'timeLimitMs'),
    fieldLocation: (option as FieldLocationRule | undefined) ?? 'required',
  };
}

/** Midnight UTC of the run: dates in messages stay the same when a seed is replayed the same day. */
export function dayOf(now: Date): Date {
  return new Date(Math.floor(now.getTime() / 86_400_000) * 86_400_000);
}

export function isProfileV1(ctx: Pick<CollectContext, 'profile'>): boolean {
  return ctx.profile.standard === 'psw-v1';
}

interface Prepared {
  op: OperationModel;
  record: InvalidInputOperation;
  queue: FieldTarget[];
}

export const invalidInputProbesCollector = defineCollector({
  name: 'InvalidInputProbes',
  // One of the longest: started early (engine/schedule.ts startOrder).
  expectedMs: 6_000,
  description: 'Requests breaking one field of a valid request each, per operation, seeded and shrunk with fast-check',
  dependsOn: ['OpenApi'],
  async collect(ctx, deps) {
    const model = deps.OpenApi;
    if (!model) throw new Error('the OpenApi artifact is missing');
    const settings = fuzzSettings(ctx.profile);
    // Stop sending well before the collector's budget ends (its timeout, or the run's deadline), so
    // what was found is kept and judged.
    const budgetLeft = ctx.endsBy - Date.now();
    const timeLimitMs = Math.max(1, Math.min(settings.timeLimitMs, budgetLeft - Math.min(30_000, budgetLeft / 4)));
    const traffic = new Traffic(ctx, settings.budget, timeLimitMs);
    const now = dayOf(new Date());
    const doc = new RawDocument(model);
    const planner = new RequestPlanner(ctx, model, doc, traffic, {
      seed: ctx.seed,
      now,
      label: 'invalid input',
      ...(isProfileV1(ctx) ? { plan: profileV1Plan(now) } : {}),
    });
    const fuzz = new Fuzzer(ctx, model, doc, planner, traffic, settings.fieldLocation);

    // Controls first, so every operation is judged even when the budget runs short later.
    const prepared: Prepared[] = [];
    const records: InvalidInputOperation[] = [];
    for (const op of model.operations) {
      const p = await fuzz.control(op);
      records.push(p.record);
      if (p.queue.length > 0) prepared.push(p);
    }
    // Round-robin: each operation's next target in turn, until the budget or the time is spent.
    const probes: InvalidInputProbe[] = [];
    while (prepared.some((p) => p.queue.length > 0) && traffic.available()) {
      for (const p of prepared) {
        const target = p.queue.shift();
        if (!target || !traffic.available()) continue;
        const probe = await fuzz.probe(p.op, target);
        if (!probe) continue;
        probes.push(probe);
        p.record.probes += 1;
      }
    }
    for (const r of records) if (r.status === 'probed' && r.probes === 0) r.status = 'not-reached';
    return {
      seed: ctx.seed,
      budget: settings.budget,
      timeLimitMs,
      requests: traffic.used,
      ...(traffic.stoppedBy ? { stoppedBy: traffic.stoppedBy } : {}),
      fieldLocation: settings.fieldLocation,
      operations: records,
      probes,
    };
  },
});

class Fuzzer {
  #shrinkRequests = 0;

  constructor(
    private readonly ctx: CollectContext,
    private readonly model: OpenApiModel,
    private readonly doc: RawDocument,
    private readonly planner: RequestPlanner,
    private readonly traffic: Traffic,
    private readonly fieldLocation: FieldLocationRule,
  ) {}

  /** The operation's control request and its targets (none when it takes no input or the control failed). */
  async control(op: OperationModel): Promise<Prepared> {
    try {
      return await this.#control(op);
    } catch (err) {
      // A part of a foreign document we cannot read (a broken $ref) costs that operation only.
      return { op, record: { ...newRecord(op), status: 'uncontrolled', reason: errorMessage(err) }, queue: [] };
    }
  }

  async #control(op: OperationModel): Promise<Prepared> {
    const record = newRecord(op);
    const stop = (status: OperationProbeStatus, reason?: string): Prepared => ({
      op,
      record: { ...record, status, ...(reason === undefined ? {} : { reason }) },
      queue: [],
    });
    const inputs = this.doc.inputs(op);
    const params = inputs.parameters.filter((p) => p.in !== 'cookie' && !MANAGED.has(p.name));
    const jsonBody = inputs.body && isJsonMediaType(inputs.body.mediaType) ? inputs.body : undefined;
    if (params.length === 0 && !jsonBody) return stop('no-input');
    // Another document's secured operation in a run without credentials: no valid control can be sent.
    if (op.security && !isProfileV1(this.ctx) && !hasCredentials(this.ctx))
      return stop('uncontrolled', NEEDS_CREDENTIALS);

    const req = await this.planner.prepare(op);
    if ('unavailable' in req) return stop('uncontrolled', req.unavailable);
    const sent = await this.planner.send(req, `control: ${op.operationId} with a valid request`);
    if (!sent) return stop('uncontrolled', 'the request budget was spent before its control');
    const ex = sent.exchange;
    if (!ex) return stop('uncontrolled', `the control got no response: ${sent.error}`);
    record.control = { status: ex.status, ...(ex.evidenceId ? { evidenceId: ex.evidenceId } : {}) };
    if (!isSuccess(ex.status)) return stop('uncontrolled', `the valid control request was answered HTTP ${ex.status}`);

    const targets: FieldTarget[] = [];
    const base = this.planner.baseBody(op).body;
    if (jsonBody?.schema && base !== undefined) {
      for (const t of bodyTargets(this.doc, jsonBody.schema, base, { rules: isProfileV1(this.ctx) })) {
        const usable = this.#usable(op, t, (m) => this.#bodyProbeValid(jsonBody.modelSchema, base, t.kind, m));
        if (usable) targets.push(usable);
      }
    }
    for (const p of params) {
      const current =
        p.in === 'path' ? req.pathParams[p.name] : p.in === 'query' ? req.query[p.name] : req.headers[p.name];
      // Resource ids differ from run to run: mutations must not derive from them, or a seed would not replay.
      const base = req.resourceParams.has(p.name) || p.name === 'if-match' ? undefined : current;
      for (const t of parameterTargets(this.doc, p, base, current !== undefined)) {
        const usable = this.#usable(op, t, (m) => paramProbeValid(this.model, p, m));
        if (usable) targets.push(usable);
      }
    }
    record.targets = targets.length;
    return { op, record, queue: order(targets, deriveSeed(this.ctx.seed, op.operationId)) };
  }

  /** Keeps a target when its arbitrary can produce a probe that really breaks the field; invalid draws fall back to that one. */
  #usable(op: OperationModel, t: FieldTarget, valid: (m: Mutation) => boolean): FieldTarget | undefined {
    const seed = targetSeed(this.ctx.seed, op, t);
    const fallback = fc.sample(t.arbitrary, { seed, numRuns: SAMPLES_PER_TARGET }).find(valid);
    if (fallback === undefined) return undefined;
    return { ...t, arbitrary: t.arbitrary.map((m) => (valid(m) ? m : fallback)) };
  }

  /** Schema kinds must make the body invalid AT the pointer; rule kinds must leave it schema-valid. */
  #bodyProbeValid(schema: SchemaObject | undefined, base: unknown, kind: MutationKind, m: Mutation): boolean {
    if (schema === undefined) return !isRuleKind(kind);
    let mutated: unknown;
    try {
      mutated = withValueAt(base, m.pointer, m.remove ? { remove: true } : { value: m.value });
    } catch {
      return false;
    }
    const r = validateSchema(this.model, schema, mutated);
    return isRuleKind(kind) ? r.valid : !r.valid && r.errors.some((e) => e.pointer === m.pointer);
  }

  /** Sends the target as a fast-check property; a failure is shrunk within its share of the budget. */
  async probe(op: OperationModel, target: FieldTarget): Promise<InvalidInputProbe | undefined> {
    const seed = targetSeed(this.ctx.seed, op, target);
    let first: InvalidInputProbe | undefined;
    let lastFailure: InvalidInputProbe | undefined;
    let calls = 0;
    const shrinkCap = Math.floor(this.traffic.limit * SHRINK_SHARE);
    const property = fc.asyncProperty(target.arbitrary, async (mutation) => {
      // Past the first call every request is shrinking: bounded per failure and overall.
      if (calls > 0 && (calls > MAX_SHRINK_REQUESTS || this.#shrinkRequests >= shrinkCap)) return true;
      const req = await this.planner.prepare(op);
      if ('unavailable' in req) return true;
      const sent = await this.planner.send(req, `${op.operationId}: ${target.kind} at ${mutation.pointer}`, {
        in: target.in,
        ...(target.param === undefined ? {} : { param: target.param }),
        mutation,
      });
      if (!sent) return true;
      if (calls > 0) this.#shrinkRequests += 1;
      calls += 1;
      const probe = this.#record(op, req, target, mutation, sent.exchange, seed);
      first ??= probe;
      if (probe.verdict === 'pass') return true;
      lastFailure = probe;
      return false;
    });
    // One run per target; shrinking is bounded by requests above and, as a safety net, by time.
    const details = await fc.check(property, { seed, numRuns: 1, interruptAfterTimeLimit: SHRINK_TIME_LIMIT_MS });
    if (!first) return undefined;
    if (!details.failed || !lastFailure) return first;
    const failure: InvalidInputProbe = lastFailure;
    return {
      ...failure,
      shrinks: details.numShrinks,
      ...(details.counterexamplePath ? { path: details.counterexamplePath } : {}),
    };
  }

  #record(
    op: OperationModel,
    req: PlannedRequest,
    target: FieldTarget,
    mutation: Mutation,
    ex:
      | {
          status: number;
          url: string;
          json?: unknown;
          text: string;
          headers: Record<string, string>;
          evidenceId?: string;
        }
      | undefined,
    seed: number,
  ): InvalidInputProbe {
    const status = ex?.status ?? 0;
    const body = ex ? (ex.json !== undefined ? ex.json : ex.text === '' ? undefined : ex.text) : undefined;
    const contentType = ex ? mediaTypeOf(ex.headers) : undefined;
    return {
      operationId: op.operationId,
      method: op.method,
      url: ex?.url ?? this.planner.url(req),
      in: target.in,
      pointer: mutation.pointer,
      kind: target.kind,
      value: mutation.remove ? '<removed>' : (JSON.stringify(mutation.value) ?? 'undefined').slice(0, VALUE_CHARS),
      status,
      ...(contentType === undefined ? {} : { contentType }),
      ...(body === undefined ? {} : { body }),
      ...(ex?.evidenceId ? { evidenceId: ex.evidenceId } : {}),
      verdict: judgeProbe({ status, body, in: target.in, pointer: mutation.pointer }, this.fieldLocation),
      seed,
      shrinks: 0,
    };
  }
}

/** Headers the client sets itself: never mutated. */
const MANAGED = new Set(['authorization', 'content-type', 'accept']);

function newRecord(op: OperationModel): InvalidInputOperation {
  return {
    operationId: op.operationId,
    method: op.method,
    path: `${op.basePath}${op.pathTemplate}`,
    status: 'probed',
    targets: 0,
    probes: 0,
  };
}

function targetSeed(runSeed: number, op: OperationModel, t: FieldTarget): number {
  return deriveSeed(runSeed, op.operationId, t.kind, t.in, t.pointer);
}

/** Kinds in KIND_ORDER, one field per kind first (a seeded pick), then the remaining fields. */
function order(targets: FieldTarget[], seed: number): FieldTarget[] {
  const byKind = new Map<MutationKind, FieldTarget[]>();
  for (const kind of KIND_ORDER) byKind.set(kind, []);
  for (const t of targets) byKind.get(t.kind)?.push(t);
  const lanes = [...byKind.entries()].map(([kind, list]) => seededShuffle(list, deriveSeed(seed, kind)));
  const out: FieldTarget[] = [];
  for (let round = 0; lanes.some((l) => l.length > round); round++)
    for (const lane of lanes) if (lane[round]) out.push(lane[round]!);
  return out;
}

/** A parameter value breaks its schema (a removal always does: it was required). */
function paramProbeValid(model: OpenApiModel, p: RawParameter, m: Mutation): boolean {
  if (m.remove) return true;
  if (!p.modelSchema) return false;
  const text = String(m.value);
  const types =
    typeof p.modelSchema === 'object' && p.modelSchema !== null
      ? (p.modelSchema as { type?: unknown }).type
      : undefined;
  const list = Array.isArray(types) ? types : typeof types === 'string' ? [types] : [];
  let value: unknown = text;
  if ((list.includes('integer') || list.includes('number')) && /^-?\d+(\.\d+)?$/.test(text)) value = Number(text);
  else if (list.includes('boolean') && (text === 'true' || text === 'false')) value = text === 'true';
  try {
    return !validateSchema(model, p.modelSchema, value).valid;
  } catch {
    return false;
  }
}
