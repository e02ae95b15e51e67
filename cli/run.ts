// `port-conformance run`: resolve the target, run the selected suites, write the reports.
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { ClientCredentialsTokenProvider } from '../engine/auth.ts';
import { loadMemberConfig, resolveTarget } from '../engine/config.ts';
import type { Logger } from '../engine/context.ts';
import { EXIT, UnreachableError, UsageError, errorMessage } from '../engine/errors.ts';
import { MemoryEvidenceStore } from '../engine/evidence.ts';
import { ScopedHttpClient } from '../engine/http.ts';
import { preflight } from '../engine/preflight.ts';
import { loadProfile, type Profile } from '../engine/profile.ts';
import { Runner, assembleResults } from '../engine/runner.ts';
import type { Target } from '../engine/target.ts';
import { AREAS, type Area, type Results } from '../engine/types.ts';
import { renderConsoleSummary } from '../reports/console.ts';
import { REPORT_FORMATS, writeReports, type ReportFormat } from '../reports/index.ts';
import { validateResults } from '../reports/schema.ts';
import { DEMO_CLIENTS, DEMO_PORTAL_USERS } from '../fixtures/credentials.ts';
import { startReferenceServer, type FixtureServer } from '../fixtures/index.ts';
import { loadOrCreateTestCa } from '../fixtures/tls/ca.ts';
import { loadRequirements } from '../contracts/requirements.ts';
import { operationMatcher } from '../suites/contract/operations.ts';
import { ALL_CHECKS, ALL_COLLECTORS } from '../suites/index.ts';
import { ScenarioError, validateScenarios } from '../load/scenario.ts';
import { TOOL } from './tool.ts';

export { REPORT_FORMATS };

export interface RunFlags {
  target?: string;
  config?: string;
  profile?: string;
  suites?: string;
  checks?: string;
  out?: string;
  seed?: string;
  ca?: string[];
  format?: string;
  loadEngine?: string;
  tlsEngine?: string;
  color?: boolean;
  verbose?: boolean;
}

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  isTty: boolean;
}

export function parseList<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  flag: string,
): T[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = items.filter((s) => !allowed.includes(s as T));
  if (bad.length || items.length === 0)
    throw new UsageError(`${flag}: "${bad.join(',') || value}" is not one of ${allowed.join(', ')}`);
  return [...new Set(items)] as T[];
}

export function parseSeed(value: string | undefined): number {
  if (value === undefined) return Math.floor(Math.random() * 2 ** 31);
  if (!/^\d{1,10}$/.test(value) || Number(value) > 2 ** 31 - 1)
    throw new UsageError(`--seed must be an integer from 0 to ${2 ** 31 - 1}`);
  return Number(value);
}

function makeLogger(io: Io, verbose: boolean): Logger {
  return {
    info: (m) => io.out(m),
    warn: (m) => io.err(`warning: ${m}`),
    debug: (m) => (verbose ? io.err(`debug: ${m}`) : undefined),
  };
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

/** A results file for a run that ended before judging (bad input, unreachable target). */
function earlyResults(args: {
  profile?: Profile;
  target?: Target;
  targetUrl?: string;
  suites: Area[];
  seed: number;
  status: 'unreachable' | 'error';
  exitCode: number;
  reason: string;
  code: string;
  started: Date;
}): Results {
  const profile =
    args.profile ??
    ({
      id: 'unknown',
      title: 'unknown',
      version: '0.0.0',
      standard: 'psw-v1',
      suites: [],
      blocking: { levels: ['MUST'] },
      checks: {},
      limits: { concurrency: 1, requestTimeoutMs: 1, collectorTimeoutMs: 1, checkTimeoutMs: 1, maxRequests: 1 },
    } satisfies Profile);
  // Before a target is resolved: the one asked for, or the embedded reference that was not started.
  const target: Target = args.target ?? {
    name: args.targetUrl ?? 'reference single window (embedded, not started)',
    kind: args.targetUrl ? 'remote' : 'embedded-reference',
    apiBaseUrl: args.targetUrl ?? 'about:blank',
    tokenUrl: '',
    jwksUrl: '',
    allowedHosts: [],
    ca: [],
    credentials: {},
    notes: [],
  };
  const evidence = new MemoryEvidenceStore();
  // A broken catalog must not stop the results file that reports the problem.
  let requirements: ReturnType<typeof loadRequirements>;
  try {
    requirements = loadRequirements();
  } catch {
    requirements = [];
  }
  return assembleResults({
    input: {
      tool: TOOL,
      target,
      profile,
      suites: args.suites,
      requirements,
      checks: ALL_CHECKS,
      evidence,
      seed: args.seed,
    },
    startedAt: args.started,
    finishedAt: new Date(),
    checks: ALL_CHECKS.map((c) => ({
      id: c.id,
      title: c.title,
      area: c.area,
      outcome: 'skipped' as const,
      severity: 'info' as const,
      required: false,
      requirements: [...c.requirements],
      description: c.description,
      durationMs: 0,
      summary: args.status === 'unreachable' ? 'not run: the target was unreachable' : `not run: ${args.reason}`,
      findings: [],
      evidence: [],
    })),
    artifacts: [],
    errors: [{ code: args.code, message: args.reason }],
    verdictOverride: { status: args.status, conformant: false, exitCode: args.exitCode, reason: args.reason },
  });
}

async function writeAll(results: Results, outDir: string, formats: readonly ReportFormat[], io: Io): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  // The results file is the contract: a run that does not satisfy its own schema is a harness bug.
  const check = validateResults(results);
  if (!check.valid)
    io.err(`warning: results do not match the published schema: ${check.errors.slice(0, 3).join('; ')}`);
  const { written, failed } = await writeReports(results, outDir, formats);
  for (const f of failed) io.err(`warning: the ${f.format} report could not be written: ${f.error}`);
  return written.map((w) => w.path);
}

/** For a `run` whose flags could not even be parsed: still write results.json saying why. */
export async function recordUsageFailure(argv: readonly string[], reason: string, io: Io): Promise<void> {
  const i = argv.indexOf('--out');
  const outFlag = argv.find((a) => a.startsWith('--out='))?.slice(6) ?? (i >= 0 ? argv[i + 1] : undefined);
  const outDir = resolve(outFlag ?? 'port-conformance-results');
  try {
    const t = argv.indexOf('--target');
    const targetUrl = argv.find((a) => a.startsWith('--target='))?.slice(9) ?? (t >= 0 ? argv[t + 1] : undefined);
    const results = earlyResults({
      targetUrl,
      suites: [...AREAS],
      seed: 0,
      status: 'error',
      exitCode: EXIT.usage,
      reason,
      code: 'usage',
      started: new Date(),
    });
    io.err(`Results: ${(await writeAll(results, outDir, ['json'], io)).join(', ')}`);
  } catch (err) {
    io.err(`could not write results: ${errorMessage(err)}`);
  }
}

export async function runCommand(flags: RunFlags, io: Io): Promise<number> {
  const started = new Date();
  const outDir = resolve(flags.out ?? 'port-conformance-results');
  const formats = parseList(flags.format, REPORT_FORMATS, '--format') ?? [...REPORT_FORMATS];
  if (!formats.includes('json')) formats.unshift('json'); // results.json is the contract: always written
  let seed = 0;
  let suites: Area[] = [...AREAS];
  let profile: Profile | undefined;
  let target: Target | undefined;
  let server: FixtureServer | undefined;
  let http: ScopedHttpClient | undefined;
  const interrupt = new AbortController();
  const onSigint = () => {
    io.err('interrupted: finishing what is in flight and writing results');
    interrupt.abort(new Error('run interrupted'));
  };
  process.once('SIGINT', onSigint);

  try {
    seed = parseSeed(flags.seed);
    const config = flags.config ? loadMemberConfig(flags.config) : undefined;
    profile = loadProfile(flags.profile ?? config?.profile ?? 'default');
    validateProfileLoad(profile);
    suites = parseList(flags.suites, AREAS, '--suites') ?? config?.suites ?? profile.suites;
    const only = flags.checks
      ? flags.checks
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined;
    if (only) {
      const unknown = only.filter((id) => !ALL_CHECKS.some((c) => c.id === id));
      if (unknown.length)
        throw new UsageError(`--checks: unknown check id(s) ${unknown.join(', ')}; see "port-conformance catalog"`);
    }
    const loadEngine = flags.loadEngine ?? 'builtin';
    if (!['builtin', 'k6'].includes(loadEngine)) throw new UsageError('--load-engine must be builtin or k6');
    const tlsEngine = flags.tlsEngine ?? 'node';
    if (!['node', 'testssl'].includes(tlsEngine)) throw new UsageError('--tls-engine must be node or testssl');
    const extraCa = (flags.ca ?? []).map((p) => {
      try {
        return readFileSync(resolve(p), 'utf8');
      } catch {
        throw new UsageError(`--ca: cannot read ${p}`);
      }
    });
    const portalUser = DEMO_PORTAL_USERS[0];
    const demoPortal = portalUser ? { username: portalUser.username, password: portalUser.password } : undefined;

    if (!flags.target && !config) {
      io.out('Starting the embedded reference single window on loopback...');
      server = await startReferenceServer({ host: '127.0.0.1', port: 0 });
      target = {
        ...resolveTarget({
          targetUrl: server.origin,
          env: {},
          loopbackDefaults: { credentials: DEMO_CLIENTS, portalUser: demoPortal, ca: [server.caPem] },
        }),
        kind: 'embedded-reference',
        name: 'reference single window (embedded)',
        notes: [],
      };
    } else {
      const loopbackCa = (() => {
        try {
          return [loadOrCreateTestCa().certPem];
        } catch {
          return [];
        }
      })();
      target = resolveTarget({
        config,
        targetUrl: flags.target,
        extraCa,
        env: io.env,
        loopbackDefaults: { credentials: DEMO_CLIENTS, portalUser: demoPortal, ca: loopbackCa },
      });
      await preflight(target.apiBaseUrl);
    }

    io.out(
      `Checking ${target.name} (${target.apiBaseUrl}) with profile ${profile.id}, suites ${suites.join(', ')}, seed ${seed}`,
    );
    for (const note of target.notes) io.out(`  note: ${note}`);

    const log = makeLogger(io, flags.verbose === true);
    const evidence = new MemoryEvidenceStore(outDir);
    const matcher = await operationMatcher(profile, new URL(target.apiBaseUrl).pathname).catch((err: unknown) => {
      log.warn(`operation matching disabled: ${errorMessage(err)}`);
      return undefined;
    });
    const tokenHolder: { provider?: ClientCredentialsTokenProvider } = {};
    http = new ScopedHttpClient({
      target,
      evidence,
      token: (role) => tokenHolder.provider!.token(role),
      operationOf: matcher,
      requestTimeoutMs: profile.limits.requestTimeoutMs,
      maxRequests: profile.limits.maxRequests,
      signal: interrupt.signal,
    });
    const client = http;
    tokenHolder.provider = new ClientCredentialsTokenProvider(target, () => client);

    const runner = new Runner({
      tool: TOOL,
      target,
      profile,
      suites,
      checks: ALL_CHECKS,
      collectors: ALL_COLLECTORS,
      requirements: loadRequirements(),
      http,
      auth: tokenHolder.provider,
      evidence,
      log,
      seed,
      outDir,
      only,
      runOptions: { loadEngine, tlsEngine },
      options: {
        target: flags.target ?? null,
        config: flags.config ?? null,
        profile: profile.id,
        suites,
        checks: only ?? null,
        seed,
        loadEngine,
        tlsEngine,
      },
      signal: interrupt.signal,
    });
    const results = await runner.run();
    if (evidence.dropped() > 0)
      results.errors.push({
        code: 'evidence-capped',
        message: `${evidence.dropped()} evidence items were not kept (cap reached)`,
      });
    const written = await writeAll(results, outDir, formats, io);
    io.out(renderConsoleSummary(results, { color: flags.color !== false && io.isTty, outDir }));
    io.out(`  ${written.map((p) => basename(p)).join(', ')}`);
    return results.verdict.exitCode;
  } catch (err) {
    const unreachable = err instanceof UnreachableError;
    const usage = err instanceof UsageError;
    const exitCode = unreachable ? EXIT.unreachable : usage ? EXIT.usage : EXIT.internal;
    const reason = errorMessage(err);
    io.err(`${unreachable ? 'unreachable' : usage ? 'error' : 'internal error'}: ${reason}`);
    if (!unreachable && !usage && flags.verbose) io.err((err as Error).stack ?? '');
    try {
      const results = earlyResults({
        profile,
        target,
        targetUrl: flags.target,
        suites,
        seed,
        status: unreachable ? 'unreachable' : 'error',
        exitCode,
        reason,
        code: unreachable ? 'unreachable' : usage ? 'usage' : 'internal',
        started,
      });
      const written = await writeAll(results, outDir, ['json'], io);
      io.err(`Results: ${written.join(', ')}`);
    } catch (writeErr) {
      io.err(`could not write results: ${errorMessage(writeErr)}`);
    }
    return exitCode;
  } finally {
    process.off('SIGINT', onSigint);
    await http?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
  }
}
