// Runs a scenario with k6 when a member's machine has it: exports the script, spawns
// `k6 run --summary-export --out json`, maps the exit code (errext/exitcodes/codes.go), parses the
// summary, and reads the points into mergeable state (load/k6/points.ts) for the run's hdr file.
import { spawn } from 'node:child_process';
import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { rootCertificates } from 'node:tls';
import type { ClientCredentials, Target } from '../../engine/target.ts';
import { gracefulStopMs, scenarioDurationMs, type LoadScenario } from '../scenario.ts';
import type { MergeableRun } from '../engine.ts';
import type { K6Summary } from '../summary.ts';
import { evaluateThresholds, type ThresholdResult } from '../thresholds.ts';
import { exportK6Script, K6_ENV } from './script.ts';
import { parseK6Summary, type K6SummaryShape } from './summary.ts';
import { readK6Points } from './points.ts';

/** k6 v2 exit codes (errext/exitcodes/codes.go). */
export const K6_EXIT_CODES: Readonly<Record<number, string>> = {
  0: 'success',
  97: 'cloud test run failed',
  98: 'cloud progress failure',
  99: 'thresholds have failed',
  100: 'setup() timed out',
  101: 'teardown() timed out',
  102: 'generic timeout',
  103: 'stopped via the REST API',
  104: 'invalid configuration',
  105: 'aborted by a signal',
  106: 'cannot start the REST API',
  107: 'script exception',
  108: 'test.abort() called by the script',
  109: 'Go panic',
  110: 'test marked as failed by the script',
};
export const K6_THRESHOLDS_FAILED = 99;

export class K6NotFoundError extends Error {
  override name = 'K6NotFoundError';
  constructor() {
    super(
      'k6 not found on PATH: install k6 (https://grafana.com/docs/k6/latest/set-up/install-k6/) or use the built-in load engine',
    );
  }
}

export class K6RunError extends Error {
  override name = 'K6RunError';
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stderrTail: string,
  ) {
    super(message);
  }
}

export interface RunK6Options {
  /** PATH to look for k6 in and to give it; default process.env.PATH. */
  path?: string;
  /** The scenario's client (operation.as); passed to k6 as PSW_CLIENT_ID / PSW_CLIENT_SECRET. */
  credentials?: ClientCredentials;
  /** Extra CA certificates (PEM) k6 must trust, e.g. the embedded reference's test CA. */
  ca?: readonly string[];
  signal?: AbortSignal;
  /** Kill k6 after this long; default the scenario's duration + gracefulStop + 60 s. */
  timeoutMs?: number;
  /** Ask k6 for the v1.0.0 machine-readable summary (shape C) instead of the legacy export. */
  machineReadableSummary?: boolean;
}

export interface K6RunResult {
  exitCode: number;
  thresholdsFailed: boolean;
  shape: K6SummaryShape;
  summary: K6Summary;
  thresholds: ThresholdResult[];
  /** The script k6 ran (no secrets in it), for evidence. */
  script: string;
  /** Last lines k6 printed on stderr/stdout. */
  outputTail: string;
  /** The scenario's points (k6 --out json) as mergeable state; absent when k6 wrote none (pointsNote says why). */
  mergeable?: MergeableRun;
  pointsNote?: string;
}

/** Absolute path of an executable `k6` on the given PATH, if any. */
export function findK6(pathEnv: string | undefined = process.env.PATH): string | undefined {
  for (const dir of (pathEnv ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'k6');
    try {
      accessSync(candidate, fsConstants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

const TAIL_BYTES = 4096;

export async function runK6(
  scenario: LoadScenario,
  target: Pick<Target, 'apiBaseUrl' | 'tokenUrl' | 'name'>,
  opts: RunK6Options = {},
): Promise<K6RunResult> {
  const pathEnv = opts.path ?? process.env.PATH ?? '';
  const k6 = findK6(pathEnv);
  if (!k6) throw new K6NotFoundError();
  const script = exportK6Script(scenario, target);
  const dir = await mkdtemp(join(tmpdir(), 'port-conformance-k6-'));
  try {
    const scriptPath = join(dir, `${scenario.name}.js`);
    const summaryPath = join(dir, 'summary.json');
    const pointsPath = join(dir, 'points.json');
    await writeFile(scriptPath, script);
    // A clean environment: no inherited K6_* settings (outputs, cloud tokens) can send data elsewhere.
    const env: Record<string, string> = {
      PATH: pathEnv,
      HOME: process.env.HOME ?? dir,
      TMPDIR: tmpdir(),
      K6_NO_USAGE_REPORT: 'true',
      [K6_ENV.apiBase]: target.apiBaseUrl.replace(/\/+$/, ''),
      [K6_ENV.tokenUrl]: target.tokenUrl,
    };
    if (opts.credentials) {
      env[K6_ENV.clientId] = opts.credentials.clientId;
      env[K6_ENV.clientSecret] = opts.credentials.clientSecret;
    }
    if (opts.ca?.length) {
      // Go reads its trust store from SSL_CERT_FILE: the system roots plus the target's CA.
      const bundle = join(dir, 'ca-bundle.pem');
      await writeFile(bundle, [...rootCertificates, ...opts.ca].join('\n'));
      env.SSL_CERT_FILE = bundle;
    }
    if (opts.machineReadableSummary) env.K6_NEW_MACHINE_READABLE_SUMMARY = 'true';
    const timeoutMs = opts.timeoutMs ?? scenarioDurationMs(scenario) + gracefulStopMs(scenario) + 60_000;
    const args = [
      'run',
      '--no-usage-report',
      '--quiet',
      '--summary-export',
      summaryPath,
      '--out',
      `json=${pointsPath}`,
      scriptPath,
    ];
    const { code, tail } = await spawnBounded(k6, args, env, timeoutMs, opts.signal);
    if (code !== 0 && code !== K6_THRESHOLDS_FAILED) {
      const meaning = code === null ? 'killed' : (K6_EXIT_CODES[code] ?? 'unknown exit code');
      throw new K6RunError(
        `k6 exited ${code ?? 'without a code'} (${meaning})${tail ? `: ${lastLine(tail)}` : ''}`,
        code,
        tail,
      );
    }
    let raw: string;
    try {
      raw = await readFile(summaryPath, 'utf8');
    } catch {
      throw new K6RunError(`k6 exited ${code} but wrote no summary to ${summaryPath}`, code, tail);
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      throw new K6RunError(`k6 summary is not JSON: ${(err as Error).message}`, code, tail);
    }
    const { shape, summary } = parseK6Summary(json, { thresholds: scenario.thresholds });
    const points = await scenarioPoints(pointsPath, scenario);
    return {
      ...points,
      exitCode: code,
      thresholdsFailed: code === K6_THRESHOLDS_FAILED,
      shape,
      summary,
      thresholds: evaluateThresholds(scenario.thresholds, summary),
      script,
      outputTail: tail,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The scenario's points as mergeable state, or why there are none (the summary stays authoritative). */
async function scenarioPoints(
  path: string,
  scenario: LoadScenario,
): Promise<{ mergeable: MergeableRun } | { pointsNote: string }> {
  try {
    const file = await readK6Points(path, { label: 'k6 --out json', submetrics: Object.keys(scenario.thresholds) });
    const sm = file.scenarios.find((s) => s.scenario === scenario.name);
    if (!sm) return { pointsNote: 'k6 wrote no point of the scenario (--out json): no histograms to merge' };
    return { mergeable: { startedAtMs: sm.startMs, durationMs: sm.durationMs, metrics: sm.metrics } };
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    return { pointsNote: missing ? 'k6 wrote no points (--out json): no histograms to merge' : (err as Error).message };
  }
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}

/** Spawns and waits, killing the child (ours, by handle) on timeout or abort; keeps the output's tail. */
function spawnBounded(
  cmd: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<{ code: number | null; tail: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (chunk: Buffer): void => {
      tail = (tail + chunk.toString('utf8')).slice(-TAIL_BYTES);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let killTimer: NodeJS.Timeout | undefined;
    const kill = (): void => {
      child.kill('SIGTERM');
      killTimer ??= setTimeout(() => child.kill('SIGKILL'), 5_000);
    };
    const timer = setTimeout(kill, timeoutMs);
    signal?.addEventListener('abort', kill, { once: true });
    child.on('error', (err) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      reject(new K6RunError(`could not start k6: ${err.message}`, null, tail));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      signal?.removeEventListener('abort', kill);
      resolve({ code, tail });
    });
  });
}
