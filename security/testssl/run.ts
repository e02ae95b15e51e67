// Runs the installed testssl.sh against one host:port with a narrow, fast set of checks
// (protocols -p, ciphers per protocol -E) and maps its flat JSON into a TlsScan.
// Scope is enforced here too: a host that is neither loopback nor allowed is refused unrun.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { ScopeError } from '../../engine/errors.ts';
import { isLoopbackHost } from '../../engine/target.ts';
import type { TlsScan } from '../tls/types.ts';
import { parseTestsslJson, readTestsslFindings, type TestsslFinding } from './parse.ts';

export type TestsslCheck = 'protocols' | 'ciphers' | 'server-defaults';

const CHECK_FLAGS: Record<TestsslCheck, string> = {
  protocols: '-p',
  ciphers: '-E',
  'server-defaults': '-S',
};

export interface TestsslOptions {
  /** host or host:port entries that may be scanned besides loopback. */
  allowedHosts?: readonly string[];
  /** Default ['protocols', 'ciphers']. */
  checks?: readonly TestsslCheck[];
  /** Whole run; the process group is killed past it. Default 180 s. */
  timeoutMs?: number;
  /** Extra CA file for testssl's trust checks (--add-ca). */
  caFile?: string;
  /** Path of the testssl.sh executable; default: found on PATH. */
  binary?: string;
  signal?: AbortSignal;
}

export interface TestsslRun {
  scan: TlsScan;
  findings: TestsslFinding[];
  exitCode: number | null;
  durationMs: number;
  /** The command line that ran (no secrets: testssl gets none). */
  command: string[];
  /** Last lines of testssl's console output, for diagnosing a failed run. */
  outputTail: string;
}

export class TestsslError extends Error {
  override name = 'TestsslError';
}

const OUTPUT_TAIL_BYTES = 8192;
const KILL_GRACE_MS = 2000;

/** The testssl.sh executable on PATH (Debian installs it as `testssl`), or null. */
export function findTestssl(path = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    for (const name of ['testssl', 'testssl.sh']) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return null;
}

/** Splits "host:port" / "[v6]:port"; the port is required. */
export function splitHostPort(hostPort: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(hostPort.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port < 1 || port > 65535) throw new TestsslError(`expected host:port, got "${hostPort}"`);
  return { host: (m[1] ?? m[2])!, port };
}

function assertInScope(host: string, port: number, allowed: readonly string[]): void {
  if (isLoopbackHost(host)) return;
  const hp = net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
  if (allowed.some((a) => a === host || a === hp)) return;
  throw new ScopeError(`testssl.sh: ${hp} is neither loopback nor an allowed host; not scanned`);
}

export async function runTestssl(hostPort: string, opts: TestsslOptions = {}): Promise<TestsslRun> {
  const { host, port } = splitHostPort(hostPort);
  assertInScope(host, port, opts.allowedHosts ?? []);
  const binary = opts.binary ?? findTestssl();
  if (!binary) throw new TestsslError('testssl.sh is not installed (Debian: apt-get install testssl.sh)');

  const dir = mkdtempSync(join(tmpdir(), 'pc-testssl-'));
  const jsonFile = join(dir, 'result.json');
  const target = net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
  const checks = opts.checks ?? ['protocols', 'ciphers'];
  const args = [
    '--jsonfile',
    jsonFile,
    '--quiet',
    '--warnings',
    'off',
    '--color',
    '0',
    // An IP needs no DNS at all; a name needs its A/AAAA records only.
    '--nodns',
    net.isIP(host) ? 'none' : 'min',
    '--connect-timeout',
    '10',
    '--openssl-timeout',
    '10',
    ...(opts.caFile ? ['--add-ca', opts.caFile] : []),
    ...(net.isIPv6(host) ? ['-6'] : []),
    ...checks.map((c) => CHECK_FLAGS[c]),
    target,
  ];
  const scannedAt = new Date().toISOString();
  const started = Date.now();
  try {
    const { exitCode, tail } = await spawnBounded(binary, args, opts.timeoutMs ?? 180_000, opts.signal);
    const durationMs = Date.now() - started;
    let raw: string;
    try {
      raw = readFileSync(jsonFile, 'utf8');
    } catch {
      throw new TestsslError(`testssl.sh wrote no JSON (exit ${exitCode ?? 'killed'}): ${lastLine(tail)}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      throw new TestsslError(`testssl.sh JSON unreadable (exit ${exitCode ?? 'killed'}): ${(err as Error).message}`);
    }
    return {
      scan: parseTestsslJson(json, { scannedAt, durationMs }),
      findings: readTestsslFindings(json),
      exitCode,
      durationMs,
      command: [binary, ...args],
      outputTail: tail,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1] ?? '';
}

/**
 * Spawns in its own process group (testssl forks openssl and bash helpers) so a timeout or abort
 * can end the whole group; resolves with the exit code (null when killed).
 */
function spawnBounded(
  binary: string,
  args: string[],
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<{ exitCode: number | null; tail: string }> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new TestsslError('aborted before start'));
      return;
    }
    const child = spawn(binary, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, TERM: 'dumb' },
    });
    let tail = '';
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_BYTES);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let killedFor: string | null = null;
    const killGroup = (why: string) => {
      if (killedFor || child.pid === undefined) return;
      killedFor = why;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, KILL_GRACE_MS).unref();
    };
    const timer = setTimeout(() => killGroup(`timed out after ${timeoutMs} ms`), timeoutMs);
    const onAbort = () => killGroup('aborted');
    signal?.addEventListener('abort', onAbort, { once: true });
    child.once('error', (err) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      reject(new TestsslError(`cannot run ${binary}: ${err.message}`));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (killedFor) reject(new TestsslError(`testssl.sh ${killedFor}: ${lastLine(tail)}`));
      else resolve({ exitCode: code, tail });
    });
  });
}
