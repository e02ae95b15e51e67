// LoadRuns: runs each of the profile's load scenarios (built-in open-model engine, or k6 when asked)
// and keeps k6-shaped summaries with their threshold verdicts. Runs alone (exclusive): any other
// traffic would distort the latencies it measures.
import { defineCollector } from '../../../engine/check.ts';
import type { ClientRole, CollectContext, LoadEngineName } from '../../../engine/context.ts';
import type { LoadScenarioChartData } from '../../../engine/types.ts';
import { chartData, rateSeconds, summaryPercentiles } from '../../../load/chart-data.ts';
import { runArrivalRate, type HarnessStall, type MergeableRun } from '../../../load/engine.ts';
import { HDR_CONTENT_TYPE, HDR_FILE_EXT, hdrFileOf } from '../../../load/hdr-file.ts';
import { runK6 } from '../../../load/k6/run.ts';
import {
  MAX_SCENARIO_DURATION_MS,
  gracefulStopMs,
  plannedIterations,
  validateScenarios,
  type LoadScenario,
} from '../../../load/scenario.ts';
import { fillPath, formalityReadBy, portCallIdFrom, seedFormality, seedPortCall } from '../../../load/seed.ts';
import { ANONYMOUS } from '../../../load/scenario.ts';
import type { K6Summary } from '../../../load/summary.ts';
import type { ThresholdResult } from '../../../load/thresholds.ts';

/** Sequential requests before each built-in run (the first one recorded as evidence). */
export const WARMUP_REQUESTS = 4;

export interface LoadScenarioRun {
  name: string;
  engine: LoadEngineName;
  operation: { method: string; path: string; as: ClientRole | typeof ANONYMOUS };
  /** Iterations the schedule offered. */
  planned: number;
  /** k6 handleSummary shape (A), thresholds attached. */
  summary: K6Summary;
  thresholds: ThresholdResult[];
  /**
   * Evidence ids: a sample exchange of the operation, the summary, and the built-in engine's
   * mergeable HDR histograms (file evidence, `port-conformance load merge`); the k6 script when k6 ran.
   */
  evidence: string[];
  /** Anything worth knowing about the run itself: interrupted iterations, transport errors, early abort. */
  notes: string[];
  /** Built-in engine only: how long the harness's own event loop stalled during the run. */
  harness?: HarnessStall;
  /** What the report's charts draw (load-latency puts it in results.extensions). */
  charts?: LoadScenarioChartData;
}

export interface LoadRuns {
  scenarios: LoadScenarioRun[];
}

declare module '../../../engine/check.ts' {
  interface ArtifactMap {
    LoadRuns: LoadRuns;
  }
}

/** The scenarios the profile holds (validated here too: a profile file is user input). */
export function profileScenarios(ctx: Pick<CollectContext, 'profile'>): LoadScenario[] {
  const raw = (ctx.profile as { load?: { scenarios?: unknown } }).load?.scenarios;
  return raw === undefined ? [] : validateScenarios(raw, 'profile load.scenarios');
}

/** The port call a role's {portCallId} scenarios read, and the formalities already submitted for it. */
interface SeededPortCall {
  id: string;
  input: Record<string, unknown>;
  formalities: Set<string>;
}

/** Creates (once per role) the port call a {portCallId} path needs. */
async function portCallFor(
  ctx: CollectContext,
  role: ClientRole,
  cache: Map<ClientRole, SeededPortCall>,
): Promise<SeededPortCall> {
  const hit = cache.get(role);
  if (hit) return hit;
  const input = seedPortCall();
  const ex = await ctx.http.request({
    method: 'POST',
    url: '/port-calls',
    as: role,
    body: input,
    label: `load: create the port call the scenarios read (${role})`,
  });
  const id = ex.status === 201 ? portCallIdFrom(ex.json, ex.headers.location) : undefined;
  if (!id)
    throw new Error(`could not create the port call the load scenarios need: createPortCall answered ${ex.status}`);
  const seeded = { id, input, formalities: new Set<string>() };
  cache.set(role, seeded);
  return seeded;
}

/** Submits (once per port call) the formality a scenario reads. */
async function formalityFor(ctx: CollectContext, role: ClientRole, pc: SeededPortCall, type: string): Promise<void> {
  if (pc.formalities.has(type)) return;
  const ex = await ctx.http.request({
    method: 'POST',
    url: `/port-calls/${encodeURIComponent(pc.id)}/formalities/${type}`,
    as: role,
    body: seedFormality(type, pc.input),
    label: `load: submit the ${type} the scenarios read (${role})`,
  });
  if (ex.status !== 201)
    throw new Error(`could not submit the ${type} the load scenarios read: the target answered ${ex.status}`);
  pc.formalities.add(type);
}

/**
 * The run's histograms, encoded, as file evidence: runs of the same scenario elsewhere (another CI
 * job, other k6 runners) merge with it into exact combined percentiles (`port-conformance load merge`).
 */
function hdrEvidence(ctx: CollectContext, s: LoadScenario, engine: LoadEngineName, run: MergeableRun): string {
  const hdr = hdrFileOf({ scenario: s.name, engine, ...run, thresholds: s.thresholds });
  return ctx.evidence.addFile(
    `load ${s.name}: HDR histograms (port-conformance load merge)`,
    Buffer.from(`${JSON.stringify(hdr, null, 2)}\n`),
    HDR_CONTENT_TYPE,
    HDR_FILE_EXT,
  );
}

async function runScenario(
  ctx: CollectContext,
  s: LoadScenario,
  engine: LoadEngineName,
  portCalls: Map<ClientRole, SeededPortCall>,
): Promise<LoadScenarioRun> {
  const as = s.operation.as ?? 'agentA';
  const role = as === ANONYMOUS ? undefined : as;
  const planned = plannedIterations(s);
  const evidence: string[] = [];
  const notes: string[] = [];
  const op = { method: s.operation.method, path: s.operation.path, as };

  if (engine === 'k6') {
    const credentials = role ? ctx.target.credentials[role] : undefined;
    if (role && !credentials) throw new Error(`no credentials for ${role}, which load scenario "${s.name}" runs as`);
    const r = await runK6(s, ctx.target, { credentials, ca: ctx.target.ca, signal: ctx.signal });
    evidence.push(ctx.evidence.addText(`load ${s.name}: k6 script`, r.script, 'text/javascript'));
    evidence.push(
      ctx.evidence.addText(
        `load ${s.name}: summary (k6, shape ${r.shape})`,
        JSON.stringify(r.summary, null, 2),
        'application/json',
      ),
    );
    if (r.thresholdsFailed) notes.push('k6 exited 99: thresholds have failed');
    if (r.mergeable) evidence.push(hdrEvidence(ctx, s, engine, r.mergeable));
    if (r.pointsNote) notes.push(r.pointsNote);
    return {
      name: s.name,
      engine,
      operation: op,
      planned,
      summary: r.summary,
      thresholds: r.thresholds,
      evidence,
      notes,
      charts: chartData({
        scenario: s,
        engine,
        thresholds: r.thresholds,
        latencyPercentiles: summaryPercentiles(r.summary),
      }),
    };
  }

  const params: Record<string, string> = {};
  if (s.operation.path.includes('{portCallId}')) {
    if (!role) throw new Error(`load scenario "${s.name}" needs a port call, which an anonymous client cannot create`);
    const pc = await portCallFor(ctx, role, portCalls);
    params.portCallId = pc.id;
    const formality = s.operation.method === 'GET' ? formalityReadBy(s.operation.path) : undefined;
    if (formality !== undefined) await formalityFor(ctx, role, pc, formality);
  }
  const url = fillPath(s.operation.path, params);
  const budget = ctx.profile.limits.maxRequests - ctx.http.requestCount();
  if (planned + WARMUP_REQUESTS > budget) {
    throw new Error(
      `load scenario "${s.name}" plans ${planned} requests but only ${budget} remain of the run's budget (profile limits.maxRequests)`,
    );
  }
  const request = {
    method: s.operation.method,
    url,
    ...(role ? { as: role } : {}),
    ...(s.operation.body !== undefined ? { body: s.operation.body } : {}),
  };
  // A few sequential requests before the schedule starts: the first is recorded as evidence of what
  // the load consists of (redacted like all evidence); the rest warm our side (JIT, connections,
  // token) so a cold harness is not charged to the target. Fewer than the defects' 8/s trigger.
  for (let i = 0; i < WARMUP_REQUESTS; i++) {
    try {
      const ex = await ctx.http.request({
        ...request,
        label: `load ${s.name}: sample request`,
        retryOn429: false,
        record: i === 0,
      });
      if (ex.evidenceId) evidence.push(ex.evidenceId);
    } catch (err) {
      notes.push(`warm-up request failed: ${(err as Error).message}`);
      break;
    }
  }
  const r = await runArrivalRate({
    scenario: s,
    url,
    signal: ctx.signal,
    ...(ctx.onProgress ? { onProgress: ctx.onProgress } : {}),
    send: async ({ timeoutMs }) => {
      const ex = await ctx.http.request({
        ...request,
        record: false,
        retryOn429: false,
        timeoutMs,
        label: `load ${s.name}`,
      });
      return { status: ex.status, bytes: Buffer.byteLength(ex.text) };
    },
  });
  if (r.interrupted > 0)
    notes.push(`${r.interrupted} iteration(s) still in flight after gracefulStop were interrupted`);
  for (const e of r.errors) notes.push(`${e.count} transport error(s): ${e.message}`); // at most 10 kinds (engine)
  if (r.abortedBy) notes.push(`stopped early: abortOnFail threshold "${r.abortedBy}" failed`);
  if (r.harness.maxStallMs >= 50) notes.push(`harness event loop stalled up to ${r.harness.maxStallMs} ms`);
  evidence.push(
    ctx.evidence.addText(
      `load ${s.name}: summary (built-in engine)`,
      JSON.stringify(r.summary, null, 2),
      'application/json',
    ),
  );
  evidence.push(hdrEvidence(ctx, s, engine, r.mergeable));
  return {
    name: s.name,
    engine,
    operation: op,
    planned,
    summary: r.summary,
    thresholds: r.thresholds,
    evidence,
    notes,
    harness: r.harness,
    charts: chartData({
      scenario: s,
      engine,
      thresholds: r.thresholds,
      latencyPercentiles: r.latencyPercentiles,
      ratePerSecond: rateSeconds(r.perSecond),
    }),
  };
}

export const loadRunsCollector = defineCollector({
  name: 'LoadRuns',
  description: "Runs the profile's load scenarios (open model, k6 thresholds) and keeps their summaries",
  exclusive: true,
  // Each scenario is bounded by its own schedule and gracefulStop; this only backs that up
  // (a profile may hold several long scenarios, so it is well above one scenario's maximum).
  timeoutMs: 2 * MAX_SCENARIO_DURATION_MS,
  async collect(ctx) {
    const scenarios = profileScenarios(ctx);
    const engine = ctx.engines.load;
    const portCalls = new Map<ClientRole, SeededPortCall>();
    const runs: LoadScenarioRun[] = [];
    for (const s of scenarios) {
      ctx.log.info(
        `load: ${s.name} (${engine}, ${plannedIterations(s)} iterations, up to ${Math.round(gracefulStopMs(s) / 1000)} s grace)`,
      );
      runs.push(await runScenario(ctx, s, engine, portCalls));
    }
    return { scenarios: runs };
  },
});
