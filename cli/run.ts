// `port-conformance run`: parse the flags into a RunRequest, start the run session, print. Everything
// else (target, deadline, checks, results.json) is the session's, shared with the tests.
import { basename, resolve } from 'node:path';
import type { Logger } from '../engine/context.ts';
import { LOAD_ENGINES, TLS_ENGINES, ZAP_MODES, type ZapEngine } from '../engine/context.ts';
import { UsageError, errorMessage } from '../engine/errors.ts';
import { AREAS } from '../engine/types.ts';
import { renderConsoleSummary, renderVerdictLine } from '../reports/console.ts';
import { DEFAULT_REPORT_FORMATS, REPORT_FORMATS, summarySiblings } from '../reports/index.ts';
import { colorEnabled, createProgressDisplay, outputMode } from './progress.ts';
import { endBeforeStart, runSession, type RunOutcome, type RunRequest } from '../session/index.ts';
import { DEFAULT_OUT_DIR } from '../session/output.ts';
import { parseFailOn } from '../session/policies.ts';
import { stopOnSignals } from '../session/signals.ts';
import { emitCiOutputs, readSarifSource } from './ci.ts';
import { historySpec } from '../history/index.ts';

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
  zap?: string;
  zapApi?: string;
  zapRules?: string;
  zapMinutes?: string;
  maxTime?: string;
  openapi?: string;
  waivers?: string;
  baseline?: string;
  failOn?: string;
  sarifSource?: string;
  /** The history store to record the run in (default $PORT_CONFORMANCE_HISTORY). */
  history?: string;
  color?: boolean;
  verbose?: boolean;
  quiet?: boolean;
}

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  /** Whether stdout is a terminal. */
  isTty: boolean;
  /** The terminal's width, when it is one. */
  columns?: number;
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

export function parseSeed(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,10}$/.test(value) || Number(value) > 2 ** 31 - 1)
    throw new UsageError(`--seed must be an integer from 0 to ${2 ** 31 - 1}`);
  return Number(value);
}

/** `--max-time`: seconds (`90`), or with a unit (`90s`, `10m`, `1h`). */
export function parseDuration(value: string | undefined, flag = '--max-time'): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m?.[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  const ms = m ? Number(m[1]) * unit : NaN;
  if (!(ms >= 1000) || ms > 24 * 3_600_000)
    throw new UsageError(`${flag}: "${value}" is not a duration from 1s to 24h (e.g. 90, 90s, 10m)`);
  return Math.round(ms);
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}`);
  return value as T;
}

function splitIds(value: string | undefined): string[] | undefined {
  return value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function makeLogger(io: Io, verbose: boolean): Logger {
  return {
    info: (m) => io.out(m),
    warn: (m) => io.err(`warning: ${m}`),
    debug: (m) => (verbose ? io.err(`debug: ${m}`) : undefined),
  };
}

/** `--zap-minutes`: a whole number of minutes (the session checks its range). */
function parseMinutes(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,4}$/.test(value.trim())) throw new UsageError('--zap-minutes must be a whole number of minutes');
  return Number(value);
}

/** ZAP's settings from the flags, the daemon's URL and key from the environment when not given. */
export function zapFromFlags(flags: RunFlags, env: NodeJS.ProcessEnv): ZapEngine {
  const apiUrl = flags.zapApi ?? (env.ZAP_API_URL || undefined);
  const minutes = parseMinutes(flags.zapMinutes);
  return {
    mode: oneOf(flags.zap, ZAP_MODES, '--zap') ?? 'auto',
    ...(apiUrl ? { apiUrl } : {}),
    ...(env.ZAP_API_KEY ? { apiKey: env.ZAP_API_KEY } : {}),
    ...(flags.zapRules ? { rulesFile: resolve(flags.zapRules) } : {}),
    ...(minutes !== undefined ? { minutes } : {}),
  };
}

/** The flags as a RunRequest; a flag that does not parse is a UsageError. */
export function requestFromFlags(flags: RunFlags, io: Io): RunRequest {
  const formats = parseList(flags.format, REPORT_FORMATS, '--format');
  const source = flags.sarifSource ? readSarifSource(flags.sarifSource) : undefined;
  const history = historySpec(flags.history, io.env);
  return {
    target:
      flags.target || flags.config
        ? { url: flags.target, config: flags.config, caFiles: flags.ca, env: io.env }
        : undefined,
    profile: flags.profile,
    suites: parseList(flags.suites, AREAS, '--suites'),
    checks: splitIds(flags.checks),
    engines: {
      ...(flags.loadEngine ? { load: oneOf(flags.loadEngine, LOAD_ENGINES, '--load-engine') } : {}),
      ...(flags.tlsEngine ? { tls: oneOf(flags.tlsEngine, TLS_ENGINES, '--tls-engine') } : {}),
      zap: zapFromFlags(flags, io.env),
    },
    seed: parseSeed(flags.seed),
    maxTimeMs: parseDuration(flags.maxTime),
    ...(flags.openapi ? { openapi: flags.openapi } : {}),
    ...(flags.waivers ? { waivers: flags.waivers } : {}),
    ...(flags.baseline ? { baseline: flags.baseline } : {}),
    ...(flags.failOn ? { failOn: parseFailOn(flags.failOn) } : {}),
    ...(history !== undefined ? { history } : {}),
    output: {
      dir: flags.out ?? DEFAULT_OUT_DIR,
      formats: formats ?? DEFAULT_REPORT_FORMATS,
      ...(source ? { reportOptions: { sarif: { source } } } : {}),
    },
    log: makeLogger(io, flags.verbose === true),
  };
}

function printEnd(outcome: RunOutcome, io: Io, color: boolean, quiet = false): void {
  const { written } = outcome;
  for (const e of written.schemaErrors.slice(0, 3)) io.err(`warning: results do not match the published schema: ${e}`);
  for (const f of written.failed) io.err(`warning: the ${f.format} report could not be written: ${f.error}`);
  if (outcome.cause) {
    const label = { usage: 'error', unreachable: 'unreachable', internal: 'internal error' }[outcome.cause.kind];
    io.err(`${label}: ${outcome.cause.message}`);
    if (written.written.length) io.err(`Results: ${written.written.join(', ')}`);
    return;
  }
  if (quiet) {
    io.out(renderVerdictLine(outcome.results, { color }));
    return;
  }
  const fullReport = written.written.find((p) => p.endsWith('.html')) ?? written.written[0];
  io.out(renderConsoleSummary(outcome.results, { color, outDir: outcome.outDir ?? '', fullReport }));
  if (written.written.length) io.out(`  ${written.written.map((p) => basename(p)).join(', ')}`);
}

/** For a `run` whose flags commander could not parse: still write results.json saying why. */
export async function recordUsageFailure(argv: readonly string[], reason: string, io: Io): Promise<void> {
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1) ?? (i >= 0 ? argv[i + 1] : undefined);
  };
  const outcome = await endBeforeStart(
    { outDir: resolve(flag('--out') ?? DEFAULT_OUT_DIR), targetUrl: flag('--target') },
    { kind: 'usage', message: reason },
  );
  if (outcome.written.written.length) io.err(`Results: ${outcome.written.written.join(', ')}`);
  else if (outcome.cause && outcome.cause.message !== reason)
    io.err(`could not write results: ${outcome.cause.message}`);
}

export async function runCommand(flags: RunFlags, io: Io): Promise<number> {
  let request: RunRequest;
  try {
    request = requestFromFlags(flags, io);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    const outcome = await endBeforeStart(
      { outDir: flags.out ?? DEFAULT_OUT_DIR, targetUrl: flags.target },
      { kind: 'usage', message: errorMessage(err) },
    );
    printEnd(outcome, io, false);
    emitCiOutputs(outcome.results, io, undefined, summarySiblings(['json']));
    return outcome.exitCode;
  }
  const color = colorEnabled(io.env, io.isTty, flags.color);
  const display = createProgressDisplay(outputMode(io.env, io.isTty, flags), io, { color, columns: io.columns });
  const log = display.logger(flags.verbose === true);
  const signals = stopOnSignals(() => io.err('interrupted: writing results (press Ctrl-C again to quit at once)'));
  try {
    const outcome = await runSession({ ...request, log, onProgress: display.onProgress, signal: signals.signal });
    display.stop();
    printEnd(outcome, io, color, flags.quiet);
    const { formats, reportOptions } = request.output!;
    emitCiOutputs(
      outcome.results,
      io,
      reportOptions?.sarif?.source,
      summarySiblings(formats ?? DEFAULT_REPORT_FORMATS),
    );
    return outcome.exitCode;
  } finally {
    display.stop();
    signals.dispose();
  }
}
