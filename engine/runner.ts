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
import { judgeCheck, notApplicableCheck, skippedCheck, type ArtifactState, type Judgement } from './judge.ts';
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

/** Checks are judged early, in the run's idle time, only with at least this long before a wait ends. */
const IDLE_JUDGING_MIN_MS = 2_000;

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
  /** Work for the run's idle time (engine/schedule.ts `onIdle`). */
  onIdle?(msUntilNextWake: number): void;
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
    onIdle: (ms) => {
      i.onIdle?.(ms);
      if (ms > IDLE_JUDGING_MIN_MS) judgeEarly();
    },
    onCollectorStart: i.events?.collectorStart,
    onCollectorEnd: i.events?.collectorEnd,
  });
  // Checks whose artifacts are all in are judged while the run only waits on the target's clock (the
  // expired token): the run's end then judges only the rest. A check is a function of its artifacts, so
  // when it is judged does not change its result.
  const judgements = new Map<string, Promise<Judgement>>();
  const judge = (check: AnyCheck): Promise<Judgement> => {
    let j = judgements.get(check.id);
    if (!j) {
      // Judging is quick; a check that is not still ends before the results must be written.
      const timeoutMs = Math.min(i.profile.limits.checkTimeoutMs, Math.max(1000, i.control.leftMs() - 1000));
      j = judgeCheck(check, schedule.artifacts, checkSettings(i.profile, check.id).options ?? {}, timeoutMs);
      judgements.set(check.id, j);
    }
    return j;
  };
  const judgeEarly = () => {
    for (const check of selected)
      if ((check.requires as readonly string[]).every((n) => schedule.artifacts.has(n))) void judge(check);
  };
  i.events?.planned?.(
    schedule.names,
    selected.map((c) => ({ id: c.id, area: c.area })),
  );
  const artifacts = await schedule.run();

  const index = indexRequirements(i.requirements);
  const policy = blockingPolicy(i.profile);
  const unprobed = i.profile.coverage?.unprobedPlaces ?? 'report';
  const judgeMs = new Map<Area, number>();
  const results: CheckResult[] = [];
  const extensions: Record<string, unknown> = {};
  await pool(selected, i.profile.limits.concurrency, async (check) => {
    const { result, extension } = await judge(check);
    if (extension !== undefined) extensions[check.id] = extension;
    const scored = applyUnprobedPolicy(scoreCheck(result, index, policy), unprobed);
    judgeMs.set(check.area, Math.max(judgeMs.get(check.area) ?? 0, scored.durationMs));
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
    areaTime: areaTimes(selected, artifacts, judgeMs),
    extensions,
    ...(plan ? { plan } : {}),
    ...(stop ? { stop: { reason: stop, at: new Date(i.control.stoppedAt ?? Date.now()) } } : {}),
    ...(i.member !== undefined ? { member: i.member } : {}),
    ...(i.policies ? { policies: i.policies } : {}),
  });
}

/**
 * Each area's wall time: from the first start to the last end of its own collectors, those only its
 * checks read (a shared one, such as HttpLog or the probe plan, would stretch every area to the run's
 * length; an area with none of its own counts the ones it reads), plus its longest judging. Areas run
 * side by side, so these do not add up to the run's time.
 */
export function areaTimes(
  checks: ReadonlyArray<{ area: Area; requires: readonly string[] }>,
  artifacts: ReadonlyMap<string, Pick<ArtifactState, 'startedAt' | 'endedAt'>>,
  judgeMs: ReadonlyMap<Area, number>,
): Map<Area, number> {
  const readers = new Map<string, Set<Area>>();
  for (const c of checks) for (const n of c.requires) readers.set(n, (readers.get(n) ?? new Set<Area>()).add(c.area));
  const out = new Map<Area, number>();
  for (const area of new Set(checks.map((c) => c.area))) {
    const read = [...readers].filter(([, areas]) => areas.has(area)).map(([n]) => n);
    const own = read.filter((n) => readers.get(n)!.size === 1);
    const spans = (own.length > 0 ? own : read)
      .map((n) => artifacts.get(n))
      .filter((a) => a?.startedAt !== undefined && a.endedAt !== undefined);
    const start = Math.min(...spans.map((a) => a!.startedAt!));
    const end = Math.max(...spans.map((a) => a!.endedAt!));
    out.set(area, (spans.length > 0 ? end - start : 0) + (judgeMs.get(area) ?? 0));
  }
  return out;
}
