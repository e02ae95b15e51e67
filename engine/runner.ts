// The runner: select the checks, schedule the collectors they need, judge each check, score the
// run and assemble results. Nothing a collector or check throws stops the run; it becomes an `error`
// with its cause. When the run is stopped (deadline, interrupt, unresponsive target), what was
// collected is judged and the rest is `error` with the stop as its cause.
import type { AnyCheck, AnyCollector } from './check.ts';
import type {
  CollectContext,
  Engines,
  EvidenceStore,
  HttpClient,
  LoadProgress,
  ScanProgress,
  Logger,
  TokenProvider,
} from './context.ts';
import { judgeCheck, notApplicableCheck, skippedCheck, type ArtifactState } from './judge.ts';
import { checkSettings, type Profile } from './profile.ts';
import { assembleResults, type Policies } from './results.ts';
import type { RunControl } from './run-control.ts';
import { pool, Schedule, type ExclusiveGate } from './schedule.ts';
import { applyUnprobedPolicy, indexRequirements, scoreCheck, type BlockingPolicy } from './scoring.ts';
import type { Target } from './target.ts';
import {
  PLAN_ARTIFACT,
  type Area,
  type ArtifactRecord,
  type CheckResult,
  type ProbePlan,
  type Requirement,
  type Results,
  type RunErrorRecord,
} from './types.ts';

/** What a run reports as it goes (progress lines, live displays). */
export interface RunEvents {
  /** Once, before collecting: the collectors that will run and the checks that will be judged. */
  planned?(collectors: readonly string[], checks: readonly { id: string; area: Area }[]): void;
  collectorStart?(name: string): void;
  collectorEnd?(name: string, state: ArtifactState): void;
  loadProgress?(progress: LoadProgress): void;
  scanProgress?(progress: ScanProgress): void;
  checkJudged?(result: CheckResult, judged: number, total: number): void;
}

export interface Selection {
  selected: AnyCheck[];
  skipped: { check: AnyCheck; reason: string }[];
  /** Selected, but belonging to another standard than the profile's: not applicable, not run. */
  notApplicable: { check: AnyCheck; reason: string }[];
}

/** The standard a check depends on: its own, or that of a collector it needs (transitively). */
export function standardOf(check: AnyCheck, collectors: ReadonlyMap<string, AnyCollector>): string | undefined {
  if (check.standard) return check.standard;
  const seen = new Set<string>();
  const visit = (name: string): string | undefined => {
    if (seen.has(name)) return undefined;
    seen.add(name);
    const c = collectors.get(name);
    if (c?.standard) return c.standard;
    for (const d of c?.dependsOn ?? []) {
      const s = visit(d);
      if (s) return s;
    }
    return undefined;
  };
  for (const r of check.requires as readonly string[]) {
    const s = visit(r);
    if (s) return s;
  }
  return undefined;
}

/** Profile × suites × --checks, and the profile's standard. */
export function selectChecks(
  registry: readonly AnyCheck[],
  profile: Profile,
  suites: readonly Area[],
  only?: readonly string[],
  collectors: ReadonlyMap<string, AnyCollector> = new Map(),
): Selection {
  const out: Selection = { selected: [], skipped: [], notApplicable: [] };
  for (const c of registry) {
    const s = checkSettings(profile, c.id);
    const standard = standardOf(c, collectors);
    if (!suites.includes(c.area)) out.skipped.push({ check: c, reason: `suite "${c.area}" not selected` });
    else if (s.enabled === false) out.skipped.push({ check: c, reason: `disabled by profile ${profile.id}` });
    else if (only && !only.includes(c.id)) out.skipped.push({ check: c, reason: 'not in --checks' });
    else if (standard && standard !== profile.standard)
      out.notApplicable.push({
        check: c,
        reason: `a ${standard} check: not applicable to a run against ${profile.standard === 'openapi' ? 'a generic OpenAPI document' : profile.standard}`,
      });
    else out.selected.push(c);
  }
  return out;
}

export function blockingPolicy(profile: Profile): BlockingPolicy {
  return {
    levels: profile.blocking.levels,
    requiredOverride: (id) => {
      const r = checkSettings(profile, id).required;
      return typeof r === 'boolean' ? r : undefined;
    },
  };
}

export interface RunChecksInput {
  tool: { name: string; version: string };
  target: Target;
  profile: Profile;
  suites: Area[];
  /** Only these check ids (after suite selection). */
  only?: readonly string[];
  checks: readonly AnyCheck[];
  collectors: readonly AnyCollector[];
  requirements: readonly Requirement[];
  /** The run's client; each collector gets it bound to its own signal. */
  http: HttpClient & { withSignal(signal: AbortSignal): HttpClient };
  auth: TokenProvider;
  evidence: EvidenceStore & { dropped?(): number };
  log: Logger;
  seed: number;
  outDir: string;
  engines: Engines;
  control: RunControl;
  /** Recorded in results.run.options (no secrets). */
  options: Results['run']['options'];
  events?: RunEvents;
  /** The member's id (member config `member`), recorded in results.target and matched by waivers. */
  member?: string;
  /** Waivers, baseline and --fail-on, applied once every check is scored. */
  policies?: Policies;
  /** Shared with other runs: taken around the exclusive collectors (engine/schedule.ts). */
  exclusiveGate?: ExclusiveGate;
}

export async function runChecks(i: RunChecksInput): Promise<Results> {
  const startedAt = new Date(i.control.startedAt);
  const collectors = new Map(i.collectors.map((c) => [c.name, c]));
  const { selected, skipped, notApplicable } = selectChecks(i.checks, i.profile, i.suites, i.only, collectors);
  const contextFor = (signal: AbortSignal, endsBy: number): Omit<CollectContext, 'waitOnTargetClock'> => ({
    target: i.target,
    profile: i.profile,
    http: i.http.withSignal(signal),
    auth: i.auth,
    evidence: i.evidence,
    log: i.log,
    seed: i.seed,
    signal,
    endsBy,
    outDir: i.outDir,
    engines: i.engines,
    ...(i.events?.loadProgress ? { onProgress: i.events.loadProgress } : {}),
    ...(i.events?.scanProgress ? { onScanProgress: i.events.scanProgress } : {}),
  });
  const schedule = new Schedule({
    collectors,
    // The probe plan is always wanted when there is one: results say, per requirement, where it applies.
    wanted: [
      ...selected.flatMap((c) => c.requires as readonly string[]),
      ...(collectors.has(PLAN_ARTIFACT) ? [PLAN_ARTIFACT] : []),
    ],
    concurrency: i.profile.limits.concurrency,
    defaultTimeoutMs: i.profile.limits.collectorTimeoutMs,
    control: i.control,
    contextFor,
    log: i.log,
    ...(i.exclusiveGate ? { exclusiveGate: i.exclusiveGate } : {}),
    onCollectorStart: i.events?.collectorStart,
    onCollectorEnd: i.events?.collectorEnd,
  });
  i.events?.planned?.(
    schedule.names,
    selected.map((c) => ({ id: c.id, area: c.area })),
  );
  const artifacts = await schedule.run();

  const index = indexRequirements(i.requirements);
  const policy = blockingPolicy(i.profile);
  const unprobed = i.profile.coverage?.unprobedPlaces ?? 'report';
  const areaSpans = new Map<Area, AreaSpan>();
  const results: CheckResult[] = [];
  const extensions: Record<string, unknown> = {};
  await pool(selected, i.profile.limits.concurrency, async (check) => {
    // Judging is quick; a check that is not still ends before the results must be written.
    const timeoutMs = Math.min(i.profile.limits.checkTimeoutMs, Math.max(1000, i.control.leftMs() - 1000));
    const options = checkSettings(i.profile, check.id).options ?? {};
    const { result, extension } = await judgeCheck(check, artifacts, options, timeoutMs);
    if (extension !== undefined) extensions[check.id] = extension;
    const scored = applyUnprobedPolicy(scoreCheck(result, index, policy), unprobed);
    areaSpans.set(
      check.area,
      widenSpan(areaSpans.get(check.area), check.requires as readonly string[], artifacts, scored),
    );
    results.push(scored);
    i.events?.checkJudged?.(scored, results.length, selected.length);
  });
  for (const { check, reason } of skipped) results.push(scoreCheck(skippedCheck(check, reason), index, policy));
  for (const { check, reason } of notApplicable)
    results.push(scoreCheck(notApplicableCheck(check, reason), index, policy));
  const order = new Map(i.checks.map((c, idx) => [c.id, idx]));
  results.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));

  const artifactRecords: ArtifactRecord[] = schedule.names.map((n) => {
    const a = artifacts.get(n);
    return a
      ? { name: n, status: a.status, durationMs: a.durationMs, ...(a.error ? { error: a.error } : {}) }
      : { name: n, status: 'skipped', durationMs: 0 };
  });
  const errors: RunErrorRecord[] = [];
  const stop = i.control.stopped;
  const planArtifact = artifacts.get(PLAN_ARTIFACT);
  const plan = planArtifact?.status === 'ok' ? (planArtifact.value as ProbePlan) : undefined;
  if (stop) errors.push({ code: `stopped-${stop.kind}`, message: stop.message });
  const dropped = i.evidence.dropped?.() ?? 0;
  if (dropped > 0)
    errors.push({ code: 'evidence-capped', message: `${dropped} evidence items were not kept (cap reached)` });
  return assembleResults({
    tool: i.tool,
    target: i.target,
    profile: i.profile,
    suites: i.suites,
    seed: i.seed,
    options: i.options,
    requirements: i.requirements,
    registry: i.checks,
    checks: results,
    evidence: i.evidence.all(),
    artifacts: artifactRecords,
    errors,
    startedAt,
    finishedAt: new Date(),
    areaTime: areaTimes(areaSpans),
    extensions,
    ...(plan ? { plan } : {}),
    ...(stop ? { stop: { reason: stop, at: new Date(i.control.stoppedAt ?? Date.now()) } } : {}),
    ...(i.member !== undefined ? { member: i.member } : {}),
    ...(i.policies ? { policies: i.policies } : {}),
  });
}

/** What an area took so far: its collectors' first start and last end, and its longest judging. */
interface AreaSpan {
  start?: number;
  end?: number;
  judgeMs: number;
}

function widenSpan(
  span: AreaSpan | undefined,
  requires: readonly string[],
  artifacts: ReadonlyMap<string, ArtifactState>,
  judged: { durationMs: number },
): AreaSpan {
  const out: AreaSpan = { ...(span ?? {}), judgeMs: Math.max(span?.judgeMs ?? 0, judged.durationMs) };
  for (const n of requires) {
    const a = artifacts.get(n);
    if (a?.startedAt === undefined || a.endedAt === undefined) continue;
    out.start = Math.min(out.start ?? a.startedAt, a.startedAt);
    out.end = Math.max(out.end ?? a.endedAt, a.endedAt);
  }
  return out;
}

/**
 * An area's wall time: from the first start to the last end of the collectors its checks read (areas
 * overlap in a run, so these do not add up to the run's time), plus its longest judging.
 */
function areaTimes(spans: ReadonlyMap<Area, AreaSpan>): Map<Area, number> {
  const out = new Map<Area, number>();
  for (const [area, s] of spans) out.set(area, (s.end ?? 0) - (s.start ?? 0) + s.judgeMs);
  return out;
}
