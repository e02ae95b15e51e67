// Runs the installed testssl.sh against one host:port with the sections the TLS checks judge
// (protocols -p, ciphers per protocol -E, server defaults and certificate -S, forward secrecy -f,
// HTTP headers -h, vulnerabilities -U) and maps its flat JSON into a TestsslReport (findings.ts).
// Scope is enforced here too: a host that is neither loopback nor allowed is refused unrun, and
// testssl.sh is kept off DNS beyond the target's own records and off revocation servers (no --phone-out).
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { ScopeError } from '../../engine/errors.ts';
import { isLoopbackHost } from '../../engine/target.ts';
import type { TlsScan } from '../tls/types.ts';
import {
  readTestsslReport,
  TESTSSL_CHECKS,
  type TestsslCheck,
  type TestsslReport,
  type VulnerabilityId,
} from './findings.ts';
import { parseTestsslJson, readTestsslFindings, type TestsslFinding } from './parse.ts';

export type { TestsslCheck } from './findings.ts';

const CHECK_FLAGS: Record<TestsslCheck, string> = {
  protocols: '-p',
  ciphers: '-E',
  'server-defaults': '-S',
  'forward-secrecy': '-f',
  headers: '-h',
  vulnerabilities: '-U',
};

/** One flag per vulnerability, for a run that needs only some of them (-U runs them all). */
const VULNERABILITY_FLAGS: Record<VulnerabilityId, string> = {
  heartbleed: '-H',
  'ccs-injection': '-I',
  ticketbleed: '-T',
  robot: '-BB',
  'secure-renegotiation': '-R',
  'client-renegotiation': '-R',
  crime: '-C',
  breach: '-B',
  poodle: '-O',
  'fallback-scsv': '-Z',
  sweet32: '-W',
  freak: '-F',
  drown: '-D',
  logjam: '-J',
  beast: '-A',
  lucky13: '-L',
  rc4: '-4',
};

export interface TestsslOptions {
  /** host or host:port entries that may be scanned besides loopback. */
  allowedHosts?: readonly string[];
  /** Default: every section the TLS checks judge (TESTSSL_CHECKS). */
  checks?: readonly TestsslCheck[];
  /** With 'vulnerabilities': test only these (one flag each) instead of all of -U. */
  vulnerabilities?: readonly VulnerabilityId[];
  /** Whole run; the process group is killed past it. Default 180 s. */
  timeoutMs?: number;
  /** Extra CA file for testssl's trust checks (--add-ca). */
  caFile?: string;
  /** Extra trust anchors as PEM (the target's configured CAs), written to a file for --add-ca. */
  caPems?: readonly string[];
  /** Path of the testssl.sh executable; default: found on PATH. */
  binary?: string;
  signal?: AbortSignal;
}

export interface TestsslRun {
  /** Protocols and weak suites as a TlsScan (source testssl). */
  scan: TlsScan;
  /** Everything the TLS checks judge, typed. */
  report: TestsslReport;
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
  try {
    return await runIn(dir, binary, host, port, opts);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runIn(
  dir: string,
  binary: string,
  host: string,
  port: number,
  opts: TestsslOptions,
): Promise<TestsslRun> {
  const jsonFile = join(dir, 'result.json');
  const target = net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
  const checks = opts.checks ?? TESTSSL_CHECKS;
  const caFiles = [...(opts.caFile ? [opts.caFile] : [])];
  if (opts.caPems && opts.caPems.length > 0) {
    const caFile = join(dir, 'extra-ca.pem');
    writeFileSync(caFile, opts.caPems.join('\n'));
    caFiles.push(caFile);
  }
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
    ...(caFiles.length ? ['--add-ca', caFiles.join(',')] : []),
    ...(net.isIPv6(host) ? ['-6'] : []),
    ...flagsFor(checks, opts.vulnerabilities),
    target,
  ];
  const scannedAt = new Date().toISOString();
  const started = Date.now();
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
  const report = readTestsslReport(json, { checks, scannedAt, durationMs });
  return {
    scan: parseTestsslJson(json, { scannedAt, durationMs }),
    report: { ...report, command: [binary, ...args], exitCode },
    findings: readTestsslFindings(json),
    exitCode,
    durationMs,
    command: [binary, ...args],
    outputTail: tail,
  };
}

/** The flags of the sections asked for; 'vulnerabilities' narrowed to single flags when some are named. */
export function flagsFor(checks: readonly TestsslCheck[], vulnerabilities?: readonly VulnerabilityId[]): string[] {
  const flags = checks.flatMap((c) =>
    c === 'vulnerabilities' && vulnerabilities ? vulnerabilities.map((v) => VULNERABILITY_FLAGS[v]) : [CHECK_FLAGS[c]],
  );
  return [...new Set(flags)];
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
      // testssl prints certificate dates in local time on some builds; UTC makes them unambiguous.
      env: { ...process.env, TERM: 'dumb', TZ: 'UTC' },
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
