// The run session: the one way to start a run. RunRequest → Results, for the CLI, the tests and any
// command that starts runs. It resolves the profile, the selection and the target (starting the
// embedded reference single window when none is given), sets the run's deadline, wires the services
// once, runs the checks, and writes results.json (always, when an output folder is given) and the
// reports. A run that ends before it begins (usage error, unreachable target) is reported here too,
// through the same assembly and writing.
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AnyCheck, AnyCollector } from '../engine/check.ts';
import { loadMemberConfig, resolveTarget, type MemberConfig } from '../engine/config.ts';
import { DEFAULT_ENGINES, type Engines, type Logger } from '../engine/context.ts';
import { EXIT, UnreachableError, UsageError, errorMessage } from '../engine/errors.ts';
import { preflight } from '../engine/preflight.ts';
import { redactUrl } from '../engine/redact.ts';
import { loadProfile, type Profile } from '../engine/profile.ts';
import { assembleResults, type FailOn } from '../engine/results.ts';
import { RunControl, RunStopped, unresponsiveStop } from '../engine/run-control.ts';
import { blockingPolicy, runChecks, type RunEvents } from '../engine/runner.ts';
import type { ExclusiveGate } from '../engine/schedule.ts';
import { indexRequirements, scoreCheck } from '../engine/scoring.ts';
import { skippedCheck } from '../engine/judge.ts';
import type { Target } from '../engine/target.ts';
import { AREAS, type Area, type Requirement, type Results } from '../engine/types.ts';
import { SILENT_LOGGER, wireServices, type RunServices } from '../engine/wiring.ts';
import { loadRequirements, withStandardCatalog } from '../contracts/requirements.ts';
import { DEMO_CLIENTS, DEMO_PORTAL_USERS } from '../fixtures/credentials.ts';
import type { FixtureServer } from '../fixtures/index.ts';
import { loadOrCreateTestCa } from '../fixtures/tls/ca.ts';
import { ScenarioError, validateScenarios } from '../load/scenario.ts';
import { findTestssl } from '../security/testssl/run.ts';
import { DEFAULT_REPORT_FORMATS, type ReportFormat, type ReportOptions } from '../reports/index.ts';
import { prepareResultsValidator } from '../reports/schema.ts';
import { openApiPath, operationMatcher } from '../suites/contract/operations.ts';
import { genericProfile, loadForeignDocument } from './generic.ts';
import { DEFAULT_OUT_DIR, prepareOutputDir, writeOutputs, type Written } from './output.ts';
import { loadBaseline, loadWaivers } from './policies.ts';
import { guardListener, progressRunEvents, type ProgressListener } from './progress.ts';
import { TOOL } from './tool.ts';
import { recordRun } from './history.ts';
import { resolveZapEngine } from './zap.ts';
import { parseHistorySpec } from '../history/index.ts';

export interface TargetRequest {
  /** The member's origin or API base URL. With neither url nor config, the embedded reference is started. */
  url?: string;
  /** The member config: a file path (YAML or JSON), or settings already loaded. */
  config?: string | (MemberConfig & { baseDir: string });
  /** Extra CA certificate files (PEM) to trust. */
  caFiles?: string[];
  /** Where the credential variables are read; default process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface Registry {
  checks: readonly AnyCheck[];
  collectors: readonly AnyCollector[];
  requirements: readonly Requirement[];
}

export interface RunRequest {
  target?: TargetRequest;
  /** A built-in profile name, a profile file, or a loaded profile; default: the config's, else "default". */
  profile?: string | Profile;
  /** Areas to run; default: the config's, else the profile's. */
  suites?: Area[];
  /** Only these check ids. */
  checks?: string[];
  engines?: Partial<Engines>;
  /** Seed of randomised probing; default random (recorded in results). */
  seed?: number;
  /** The run's deadline; default the profile's limits.maxTimeMs. */
  maxTimeMs?: number;
  /**
   * Check an API that is not profile v1 against this OpenAPI document: the generic checks run, the
   * profile-specific ones are not applicable (session/generic.ts). Needs a target.
   */
  openapi?: string;
  /** Where results.json (always) and the other reports go; nothing is written without it. */
  output?: { dir: string; formats?: readonly ReportFormat[]; reportOptions?: ReportOptions };
  /** A stop from outside (SIGINT/SIGTERM, a consortium run's own deadline); its reason a RunStopped. */
  signal?: AbortSignal;
  log?: Logger;
  events?: RunEvents;
  /** Progress as the run goes (session/progress.ts), for a display; whatever it throws is ignored. */
  onProgress?: ProgressListener;
  /** The checks, collectors and requirements; default the whole registry of profile v1. */
  registry?: Registry;
  /** A waivers file (README "Waivers"); default the member config's `waivers`. */
  waivers?: string;
  /** An earlier run's results.json: findings are marked new or unchanged, and the fixed ones listed. */
  baseline?: string;
  /** `new`: exit 1 only when a blocking failure has a finding new since the baseline (needs `baseline`). */
  failOn?: FailOn;
  /**
   * Shared with other runs started at the same time (a consortium run): the run's exclusive phase
   * (rate-limit burst, load runs) takes it, so those never overlap another run's; the wait for it does
   * not count against this run's deadline.
   */
  exclusiveGate?: ExclusiveGate;
  /**
   * The history store to record the run in (history/index.ts: a SQLite file path or a postgres:// URL).
   * A spec that names nothing is a usage error before the run; a store that fails at the end is a
   * warning and a `history-not-recorded` run error, never a lost results.json or another exit code.
   */
  history?: string;
}

export type EarlyEndKind = 'usage' | 'unreachable' | 'internal';

export interface RunOutcome {
  results: Results;
  /** The process exit code (README: exit codes). */
  exitCode: number;
  /** Set when the run ended before it began: one line saying why. */
  cause?: { kind: EarlyEndKind; message: string };
  /** Absolute output folder, when one was given and usable. */
  outDir?: string;
  written: Written;
}

/** What is known so far: a run that ends early is reported with it. */
interface Known {
  started: Date;
  seed: number;
  suites: Area[];
  targetUrl?: string;
  /** The member's id, once the config is read: an early end records it too. */
  member?: string;
  profile?: Profile;
  target?: Target;
  outDir?: string;
  formats: readonly ReportFormat[];
  options: Results['run']['options'];
  /** The history store, once its spec is checked. */
  history?: string;
  log?: Logger;
}

const NOTHING_WRITTEN: Written = { written: [], failed: [], schemaErrors: [] };
/** Idle work (compiling the results validator) is done only with at least this long before a wait ends. */
const IDLE_WORK_MIN_MS = 2_000;

/** The whole registry; imported on first use, so a run that ends before it begins ends at once. */
export async function defaultRegistry(): Promise<Registry> {
  const { ALL_CHECKS, ALL_COLLECTORS } = await import('../suites/index.ts');
  return { checks: ALL_CHECKS, collectors: ALL_COLLECTORS, requirements: loadRequirements() };
}

export function randomSeed(): number {
  return randomInt(0, 2 ** 31 - 1);
}

/** A bad load scenario is a profile error (exit 2), found before anything is sent. */
function validateProfileLoad(profile: Profile): void {
  if (!profile.load?.scenarios) return;
  try {
    validateScenarios(profile.load.scenarios, `profile ${profile.id} load.scenarios`);
  } catch (err) {
    if (err instanceof ScenarioError) throw new UsageError(err.message);
    throw err;
  }
}

function readCaFiles(files: readonly string[] = []): string[] {
  return files.map((p) => {
    try {
      return readFileSync(resolve(p), 'utf8');
    } catch {
      throw new UsageError(`--ca: cannot read ${p}`);
    }
  });
}

function demoPortalUser() {
  const u = DEMO_PORTAL_USERS[0];
  return u ? { username: u.username, password: u.password } : undefined;
}

function embeddedTarget(server: FixtureServer): Target {
  return {
    ...resolveTarget({
      targetUrl: server.origin,
      env: {},
      loopbackDefaults: { credentials: DEMO_CLIENTS, portalUser: demoPortalUser(), ca: [server.caPem] },
    }),
    kind: 'embedded-reference',
    name: 'reference single window (embedded)',
    notes: [],
  };
}

function remoteTarget(
  req: TargetRequest,
  config: (MemberConfig & { baseDir: string }) | undefined,
  extraCa: string[],
  /** For a foreign document: its server path ('' at the origin root); profile v1's conventions otherwise. */
  foreignBasePath?: string,
): Target {
  const loopbackCa = (() => {
    try {
      return [loadOrCreateTestCa().certPem];
    } catch {
      return [];
    }
  })();
  return resolveTarget({
    config,
    targetUrl: req.url,
    extraCa,
    env: req.env ?? process.env,
    loopbackDefaults: { credentials: DEMO_CLIENTS, portalUser: demoPortalUser(), ca: loopbackCa },
    ...(foreignBasePath !== undefined ? { apiBasePath: foreignBasePath, profileConventions: false } : {}),
  });
}

export async function runSession(req: RunRequest): Promise<RunOutcome> {
  const log = req.log ?? SILENT_LOGGER;
  const progress = req.onProgress ? guardListener(req.onProgress) : undefined;
  const known: Known = {
    started: new Date(),
    seed: req.seed ?? randomSeed(),
    suites: req.suites ?? [...AREAS],
    targetUrl: req.target?.url,
    formats: req.output?.formats ?? DEFAULT_REPORT_FORMATS,
    options: {},
    log,
  };
  let registry: Registry | undefined;
  let control: RunControl | undefined;
  let fixture: Pick<FixtureServer, 'close'> | undefined;
  let services: RunServices | undefined;
  if (req.output) {
    try {
      known.outDir = prepareOutputDir(req.output.dir);
    } catch (err) {
      return endEarly(known, undefined, { kind: 'usage', message: errorMessage(err) }, 'the output folder is unusable');
    }
  }
  try {
    // Without a target the embedded reference runs: its modules load beside the checks' (the loader
    // pipelines them), not after. Swallowed here; a failure surfaces where it is awaited.
    const fixtures = !req.target?.url && !req.target?.config ? import('../fixtures/index.ts') : undefined;
    fixtures?.catch(() => undefined);
    registry = req.registry ?? (await defaultRegistry());
    const config = typeof req.target?.config === 'string' ? loadMemberConfig(req.target.config) : req.target?.config;
    known.member = config?.member;
    const chosen =
      typeof req.profile === 'object' ? req.profile : loadProfile(req.profile ?? config?.profile ?? 'default');
    const foreign = req.openapi ? await loadForeignDocument(req.openapi) : undefined;
    if (foreign && !req.target?.url && !config)
      throw new UsageError('--openapi checks a member API: give --target URL (or a --config) as well');
    const profile = foreign
      ? genericProfile(chosen, foreign.path, foreign.model, Boolean(config?.tokenEndpoint))
      : chosen;
    // A profile of another standard than psw-v1 (dcsa-port-call) places the API where its document says.
    const standardDocument =
      foreign ?? (profile.standard !== 'psw-v1' ? await loadForeignDocument(openApiPath(profile)) : undefined);
    validateProfileLoad(profile);
    known.profile = profile;
    known.suites = req.suites ?? config?.suites ?? profile.suites;
    const only = req.checks;
    if (only) {
      const unknown = only.filter((id) => !registry!.checks.some((c) => c.id === id));
      if (unknown.length)
        throw new UsageError(`--checks: unknown check id(s) ${unknown.join(', ')}; see "port-conformance catalog"`);
    }
    const waiversFile = req.waivers ?? (config?.waivers ? resolve(config.baseDir, config.waivers) : undefined);
    const waivers = waiversFile ? loadWaivers(waiversFile, new Set(registry.checks.map((c) => c.id))) : undefined;
    const baseline = req.baseline ? loadBaseline(req.baseline) : undefined;
    if (req.failOn === 'new' && !baseline)
      throw new UsageError('--fail-on new compares with a baseline: give --baseline <results.json> as well');
    if (req.history !== undefined) {
      parseHistorySpec(req.history);
      known.history = req.history;
    }
    const engines: Engines = { ...DEFAULT_ENGINES, ...req.engines };
    engines.zap = resolveZapEngine(engines.zap, config);
    // Asked for, testssl.sh must be there: said before anything is sent, not as an error in each TLS check.
    if (engines.tls === 'testssl' && !findTestssl())
      throw new UsageError(
        '--tls-engine testssl: testssl.sh is not on PATH (Debian: apt-get install testssl.sh); or use --tls-engine node',
      );
    const maxTimeMs = req.maxTimeMs ?? profile.limits.maxTimeMs;
    known.options = {
      // As given, but a refused user:password@ is not written (the run ends on it as a usage error).
      target: req.target?.url === undefined ? null : redactUrl(req.target.url),
      config: typeof req.target?.config === 'string' ? req.target.config : (config?.name ?? null),
      profile: profile.id,
      suites: known.suites,
      checks: only ?? null,
      seed: known.seed,
      loadEngine: engines.load,
      tlsEngine: engines.tls,
      zap: engines.zap.mode,
      ...(engines.zap.apiUrl ? { zapApi: engines.zap.apiUrl } : {}),
      ...(engines.zap.rulesFile ? { zapRules: engines.zap.rulesFile } : {}),
      ...(engines.zap.minutes !== undefined ? { zapMinutes: engines.zap.minutes } : {}),
      maxTimeMs,
      openapi: foreign?.path ?? null,
      ...(waiversFile ? { waivers: waiversFile } : {}),
      ...(baseline ? { baseline: baseline.from } : {}),
      ...(req.failOn ? { failOn: req.failOn } : {}),
    };
    const extraCa = readCaFiles(req.target?.caFiles);
    control = new RunControl({ maxTimeMs, external: req.signal });

    let target: Target;
    const otherReference =
      !req.target?.url && !config
        ? (await (fixtures ?? import('../fixtures/index.ts'))).standardFixture(profile.standard)
        : undefined;
    if (otherReference) {
      log.info(`Starting the ${otherReference.name} on loopback...`);
      const server = await otherReference.start();
      fixture = server;
      target = {
        ...resolveTarget({
          targetUrl: server.origin,
          env: {},
          apiBasePath: standardDocument?.model.serverBasePath ?? '',
          profileConventions: false,
          loopbackDefaults: { credentials: DEMO_CLIENTS, ca: [server.caPem] },
        }),
        kind: 'embedded-reference',
        name: otherReference.name,
        notes: [],
      };
    } else if (!req.target?.url && !config) {
      log.info('Starting the embedded reference single window on loopback...');
      const { startReferenceServer } = await (fixtures ?? import('../fixtures/index.ts'));
      const reference = await startReferenceServer({ host: '127.0.0.1', port: 0 });
      fixture = reference;
      target = embeddedTarget(reference);
    } else {
      target = remoteTarget(req.target ?? {}, config, extraCa, standardDocument?.model.serverBasePath);
      known.target = target;
      await preflight(target.apiBaseUrl, Math.min(5_000, control.collectingLeftMs()), control.signal);
    }
    known.target = target;
    log.info(
      `Checking ${target.name} (${target.apiBaseUrl}) with profile ${profile.id}, suites ${known.suites.join(', ')}, seed ${known.seed}`,
    );
    for (const note of target.notes) log.info(`  note: ${note}`);

    const matcher = await operationMatcher(profile, new URL(target.apiBaseUrl).pathname).catch((err: unknown) => {
      log.warn(`operation matching disabled: ${errorMessage(err)}`);
      return undefined;
    });
    const run = control;
    services = wireServices({
      target,
      profile,
      outDir: known.outDir,
      operationOf: matcher,
      signal: run.signal,
      onUnresponsive: (message) => run.stop(unresponsiveStop(message)),
    });
    const results = await runChecks({
      tool: TOOL,
      target,
      profile,
      suites: known.suites,
      only,
      checks: registry.checks,
      collectors: registry.collectors,
      // Profile v1's catalog (the generic checks cite it) and the catalog of the profile's own standard.
      requirements: withStandardCatalog(registry.requirements, profile.standard),
      http: services.http,
      auth: services.auth,
      evidence: services.evidence,
      log,
      seed: known.seed,
      outDir: known.outDir ?? '',
      engines,
      control,
      options: known.options,
      events: progress
        ? progressRunEvents(progress, { target: target.name, profile: profile.id }, req.events)
        : req.events,
      ...(config?.member !== undefined ? { member: config.member } : {}),
      policies: { waivers, baseline, failOn: req.failOn },
      ...(req.exclusiveGate ? { exclusiveGate: req.exclusiveGate } : {}),
      // The results validator compiles while the run waits for a token to expire, not after it.
      onIdle: (ms) => (ms > IDLE_WORK_MIN_MS ? prepareResultsValidator() : undefined),
    });
    progress?.({
      type: 'run-finished',
      status: results.verdict.status,
      exitCode: results.verdict.exitCode,
      durationMs: results.run.durationMs,
    });
    const write = () =>
      known.outDir ? writeOutputs(results, known.outDir, known.formats, req.output?.reportOptions) : NOTHING_WRITTEN;
    let written = await write();
    // Recorded once results.json is safe on disk; a failure is then written into it too.
    if (known.history && !(await recordRun(known.history, results, log))) written = await write();
    return { results, exitCode: results.verdict.exitCode, outDir: known.outDir, written };
  } catch (err) {
    const stop = control?.stopped ?? (err instanceof RunStopped ? err : undefined);
    const kind: EarlyEndKind =
      err instanceof UsageError ? 'usage' : err instanceof UnreachableError ? 'unreachable' : 'internal';
    if (kind === 'internal' && !stop) log.debug((err as Error)?.stack ?? String(err));
    return endEarly(known, registry, stop ?? { kind, message: errorMessage(err) });
  } finally {
    control?.dispose();
    await services?.close().catch(() => undefined);
    await fixture?.close().catch(() => undefined);
  }
}

const EARLY_EXIT: Record<EarlyEndKind, number> = {
  usage: EXIT.usage,
  unreachable: EXIT.unreachable,
  internal: EXIT.internal,
};

/**
 * Reports a run that ended before its checks ran: every check skipped with the cause, the verdict
 * the cause, results.json written when the output folder is usable. Also used by the CLI for flags
 * it could not parse (the run never had a request).
 */
export async function endBeforeStart(
  context: { outDir?: string; targetUrl?: string; formats?: readonly ReportFormat[] },
  cause: { kind: EarlyEndKind; message: string },
): Promise<RunOutcome> {
  const known: Known = {
    started: new Date(),
    seed: 0,
    suites: [...AREAS],
    targetUrl: context.targetUrl,
    formats: ['json'],
    options: {},
  };
  try {
    known.outDir = prepareOutputDir(context.outDir ?? DEFAULT_OUT_DIR);
  } catch (err) {
    // The folder itself is a problem too: there is nowhere to write; the cause says what to fix.
    return endEarly(known, undefined, cause, errorMessage(err));
  }
  return endEarly(known, undefined, cause);
}

async function endEarly(
  known: Known,
  registry: Registry | undefined,
  why: RunStopped | { kind: EarlyEndKind; message: string },
  unwritableBecause?: string,
): Promise<RunOutcome> {
  const canWrite = known.outDir !== undefined && !unwritableBecause;
  // Nowhere to write: the one-line cause is all there is, and it should come at once.
  const reg = registry ?? (canWrite ? await safeRegistry() : { checks: [], collectors: [], requirements: [] });
  const index = indexRequirements(reg.requirements);
  const policy = known.profile
    ? blockingPolicy(known.profile)
    : { levels: ['MUST' as const], requiredOverride: () => undefined };
  const stop = why instanceof RunStopped ? why : undefined;
  const early = why instanceof RunStopped ? undefined : why;
  const summary = stop
    ? `not run: ${stop.message}`
    : early?.kind === 'unreachable'
      ? 'not run: the target was unreachable'
      : `not run: ${why.message}`;
  const checks = reg.checks.map((c) => scoreCheck(skippedCheck(c, summary), index, policy));
  // Before a target is resolved: the one asked for, or the embedded reference that was not started.
  // The URL as given may be the one refused for its user:password@: written redacted.
  const asked = known.targetUrl === undefined ? undefined : redactUrl(known.targetUrl);
  const target = known.target ?? {
    name: asked ?? 'reference single window (embedded, not started)',
    kind: asked ? ('remote' as const) : ('embedded-reference' as const),
    apiBaseUrl: asked ?? 'about:blank',
  };
  const finishedAt = new Date();
  const results = assembleResults({
    tool: TOOL,
    target,
    profile: known.profile,
    suites: known.suites,
    seed: known.seed,
    options: known.options,
    requirements: reg.requirements,
    registry: reg.checks,
    checks,
    evidence: {},
    artifacts: [],
    errors: [
      stop ? { code: `stopped-${stop.kind}`, message: stop.message } : { code: early!.kind, message: why.message },
    ],
    startedAt: known.started,
    finishedAt,
    ...(known.member !== undefined ? { member: known.member } : {}),
    ...(early
      ? {
          verdictOverride: {
            status: early.kind === 'unreachable' ? ('unreachable' as const) : ('error' as const),
            conformant: false,
            exitCode: EARLY_EXIT[early.kind],
            reason: early.message,
          },
        }
      : { stop: { reason: stop!, at: finishedAt } }),
  });
  const write = () => (canWrite ? writeOutputs(results, known.outDir!, ['json']) : NOTHING_WRITTEN);
  let written = await write();
  // A target that did not answer is part of a member's history; a run that never had one is not.
  const unreachable = early?.kind === 'unreachable';
  if (known.history && unreachable && !(await recordRun(known.history, results, known.log ?? SILENT_LOGGER)))
    written = await write();
  const message =
    unwritableBecause && !why.message.includes(unwritableBecause)
      ? `${why.message} (results.json not written: ${unwritableBecause})`
      : why.message;
  return {
    results,
    exitCode: results.verdict.exitCode,
    ...(early ? { cause: { kind: early.kind, message } } : {}),
    outDir: unwritableBecause ? undefined : known.outDir,
    written,
  };
}

/** A broken catalog must not stop the results file that reports the problem. */
async function safeRegistry(): Promise<Registry> {
  try {
    return await defaultRegistry();
  } catch {
    const { ALL_CHECKS, ALL_COLLECTORS } = await import('../suites/index.ts');
    return { checks: ALL_CHECKS, collectors: ALL_COLLECTORS, requirements: [] };
  }
}
