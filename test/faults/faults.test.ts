// The fault suite: the real CLI, as a child process, against loopback servers that misbehave in one
// way each (test/faults/servers.ts). Whatever the target does, a run must end within its deadline
// (plus a grace), exit with a documented code, leave a results.json that satisfies the published
// schema, print no stack trace, and send nothing outside the allow-list (a canary server on another
// loopback port must receive nothing).
// The first four classes made a run hang before the run session (no run-level deadline, no
// "unresponsive target" rule, Retry-After waited out); redirect-off-scope reached the canary through the
// Pact verifier, which followed the target's redirect itself.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Results } from '../../engine/types.ts';
import { validateResults } from '../../reports/schema.ts';
import * as faults from './servers.ts';
import type { FaultServer } from './servers.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'port-conformance.js');
/** The default profile with requestTimeoutMs 3000. */
const PROFILE = fileURLToPath(new URL('./fast.profile.yaml', import.meta.url));

/** The run-level deadline given to `--max-time`. */
const MAX_TIME_S = 20;
/** What a run may take beyond its deadline: startup, writing results, closing. A bound, not a benchmark. */
const GRACE_S = 15;
/** A child still running at this point is killed (its whole process group) and the test fails. */
const HARD_BOUND_MS = (MAX_TIME_S + GRACE_S) * 1000;
/**
 * Children at once, in two pools: runs that work through their probes are CPU-bound (one per core on a
 * two-core machine, so each stays well inside its deadline); runs of classes that `wait` mostly sit
 * waiting for the target's timeouts, so they get a pool of their own. Four children at most.
 */
const BUSY_PARALLEL = 2;
const IDLE_PARALLEL = 2;

/** Exit codes of README.md, plus the run session's: 5 deadline passed, 130/143 interrupted. */
const DOCUMENTED_EXIT_CODES = [0, 1, 2, 3, 4, 5, 130, 143];

type StopKind = 'deadline' | 'interrupted' | 'unresponsive';

interface FaultClass {
  id: string;
  what: string;
  start: (canaryPort: number) => Promise<FaultServer>;
  /** The exit code a correct harness gives. */
  exit: 1 | 3;
  /** results.json `run.stop.kind` a correct harness records (absent: the run was not stopped). */
  stop?: StopKind;
  /** The harness must not send this server a single HTTP request. */
  noRequests?: true;
  /** The run mostly waits for the target's timeouts (it uses little CPU). */
  waits?: true;
  /** Moves gigabytes through loopback (both ends are CPU-bound): runs with no other busy child. */
  heavy?: true;
}

// The expected outcome of each class. 1: the run ends, checks fail or error (not conformant or
// incomplete). 3: the target did not answer (refused at preflight, or declared unresponsive after
// consecutive timeouts, with run.stop 'unresponsive'). retry-after-3600 is 1: a Retry-After beyond the
// cap makes each exchange an error at once, and the run ends incomplete. Every plain-http class also
// fails tls-protocol-versions (no TLS), so none of them can be conformant.
const CLASSES: readonly FaultClass[] = [
  {
    id: 'hang-silent',
    what: 'accepts, never answers',
    start: faults.hangSilent,
    exit: 3,
    stop: 'unresponsive',
    waits: true,
  },
  {
    id: 'drip-bytes',
    what: 'a byte every 500 ms, forever',
    start: faults.dripBytes,
    exit: 3,
    stop: 'unresponsive',
    waits: true,
  },
  {
    id: 'endless-body',
    what: 'headers, then a body that never ends',
    start: faults.endlessBody,
    waits: true,
    exit: 3,
    stop: 'unresponsive',
  },
  { id: 'retry-after-3600', what: '429 with Retry-After: 3600', start: faults.retryAfterHour, exit: 1, waits: true },
  { id: 'reset', what: 'resets every connection', start: faults.resetEveryConnection, exit: 1 },
  { id: 'huge-body-50mb', what: 'a 50 MB body', start: faults.hugeBody50Mb, exit: 1, heavy: true },
  { id: 'gzip-bomb', what: 'gzip of 1 GiB of zeros', start: faults.gzipBombServer, exit: 1 },
  { id: 'header-flood', what: '5,000 response headers', start: faults.headerFlood, exit: 1 },
  { id: 'invalid-json', what: 'application/json that is not JSON', start: faults.invalidJson, exit: 1 },
  { id: 'redirect-loop', what: '307 to itself', start: faults.redirectLoop, exit: 1 },
  { id: 'redirect-off-scope', what: '307 to the canary', start: faults.redirectOffScope, exit: 1 },
  { id: '5xx-storm', what: '500/502/503 on every request', start: faults.fiveHundredStorm, exit: 1 },
  { id: 'random-status', what: 'a seeded random status each time', start: () => faults.randomStatuses(1), exit: 1 },
  { id: 'garbage-tcp', what: 'a TCP port speaking no HTTP', start: faults.garbageTcp, exit: 1 },
  { id: 'refused', what: 'nothing listening', start: faults.refused, exit: 3 },
  {
    id: 'tls-untrusted-cert',
    what: 'https with a self-signed certificate',
    start: faults.tlsUntrustedCert,
    exit: 1,
    noRequests: true,
  },
  {
    id: 'tls-handshake-stall',
    what: 'https, ClientHello never answered',
    start: faults.tlsHandshakeStall,
    waits: true,
    exit: 3,
    stop: 'unresponsive',
  },
  { id: 'close-mid-body', what: 'drops the connection mid-body', start: faults.closeMidBody, exit: 1 },
  { id: 'bad-chunked', what: 'a chunk size that is not hex', start: faults.badChunked, exit: 1 },
];

interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
  killed: boolean;
  stdout: string;
  stderr: string;
  outDir: string;
}

/** Tasks in flight whose weights add up to at most `capacity`, first come first served. */
function limiter(capacity: number) {
  let used = 0;
  const waiting: { weight: number; start: () => void }[] = [];
  const admit = () => {
    while (waiting.length && used + waiting[0]!.weight <= capacity) {
      const next = waiting.shift()!;
      used += next.weight;
      next.start();
    }
  };
  return async <T>(weight: number, task: () => Promise<T>): Promise<T> => {
    const w = Math.min(weight, capacity);
    await new Promise<void>((start) => {
      waiting.push({ weight: w, start });
      admit();
    });
    try {
      return await task();
    } finally {
      used -= w;
      admit();
    }
  };
}
const busySlot = limiter(BUSY_PARALLEL);
const idleSlot = limiter(IDLE_PARALLEL);

/** Process groups of children still running (killed in afterAll if a test was cut short). */
const liveGroups = new Set<number>();

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function runCli(args: string[]): Promise<ChildRun> {
  const outDir = mkdtempSync(join(tmpdir(), 'pc-faults-'));
  const started = Date.now();
  // Its own process group, so that a kill also reaches what it started (the Pact verifier child).
  const child = spawn(process.execPath, [BIN, ...args, '--out', outDir], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  const pid = child.pid!;
  liveGroups.add(pid);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    killGroup(pid);
  }, HARD_BOUND_MS);
  return new Promise((resolve, reject) => {
    child.once('error', (err) => {
      clearTimeout(timer);
      liveGroups.delete(pid);
      reject(err);
    });
    child.once('exit', (code, signal) => {
      const ms = Date.now() - started;
      clearTimeout(timer);
      // Whatever it left behind in its group goes too; then wait (briefly) for the pipes to drain.
      killGroup(pid);
      liveGroups.delete(pid);
      const done = () => resolve({ code, signal, ms, killed, stdout, stderr, outDir });
      const drained = setTimeout(done, 2000);
      child.once('close', () => {
        clearTimeout(drained);
        done();
      });
    });
  });
}

/** The line that says how the run ended: the verdict, or the one-line cause on stderr. */
function verdictLine(run: ChildRun): string {
  if (run.killed) return `killed after ${run.ms} ms (still running at the hard bound)`;
  const lines = [...run.stdout.split('\n'), ...run.stderr.split('\n')].map((l) => l.trim());
  return (
    lines.find((l) => /CONFORMANT|INCOMPLETE|UNREACHABLE/.test(l)) ??
    lines.find((l) => /^(unreachable|error|internal error|interrupted):/.test(l)) ??
    lines.find(Boolean) ??
    ''
  );
}

function tail(text: string, n = 15): string {
  return text.split('\n').slice(-n).join('\n');
}

function describeRun(run: ChildRun): string {
  return `exit ${run.code} signal ${run.signal} after ${run.ms} ms${run.killed ? ' (killed at the hard bound)' : ''}\n--- stdout (tail)\n${tail(run.stdout)}\n--- stderr (tail)\n${tail(run.stderr)}`;
}

const measured: { id: string; code: number | null; ms: number; line: string; stderr: string }[] = [];
const outDirs: string[] = [];
const fileStarted = Date.now();

afterAll(() => {
  for (const pid of liveGroups) killGroup(pid);
  if (!process.env.KEEP_FAULT_RESULTS) for (const d of outDirs) rmSync(d, { recursive: true, force: true });
  const rows = [...measured].sort(
    (a, b) => CLASSES.findIndex((c) => c.id === a.id) - CLASSES.findIndex((c) => c.id === b.id),
  );
  console.log(
    [
      `fault suite (--max-time ${MAX_TIME_S}):`,
      ...rows.map(
        (r) =>
          `  ${r.id.padEnd(20)} exit ${String(r.code).padEnd(4)} ${(r.ms / 1000).toFixed(1).padStart(5)} s  ${r.line}` +
          (r.stderr && !r.line.includes(r.stderr) ? `\n${' '.repeat(40)}stderr: ${r.stderr}` : ''),
      ),
      `  total wall time ${((Date.now() - fileStarted) / 1000).toFixed(1)} s`,
    ].join('\n'),
  );
});

/**
 * Declaration order is start order (vitest runs five of these at a time): the waiting classes spread
 * among the others, so that both pools have work from the start to the end.
 */
function schedule(classes: readonly FaultClass[]): FaultClass[] {
  const hanging = classes.filter((c) => c.waits);
  const others = classes.filter((c) => !c.waits);
  const out: FaultClass[] = [];
  while (hanging.length || others.length) {
    if (hanging.length) out.push(hanging.shift()!);
    out.push(...others.splice(0, 2));
  }
  return out;
}

describe.concurrent(
  'fault classes: the CLI ends in bounded time, with a documented exit code and a valid results.json',
  () => {
    for (const fc of schedule(CLASSES)) {
      it(
        `${fc.id} (${fc.what}) → exit ${fc.exit}`,
        async () => {
          const canary = await faults.canary();
          const server = await fc.start(canary.port);
          let run: ChildRun;
          try {
            run = await (fc.waits ? idleSlot : busySlot)(fc.heavy ? BUSY_PARALLEL : 1, () =>
              runCli([
                'run',
                '--target',
                server.origin,
                '--suites',
                'contract,security',
                '--profile',
                PROFILE,
                '--seed',
                '1',
                '--no-color',
                '--max-time',
                String(MAX_TIME_S),
              ]),
            );
          } finally {
            await server.close();
            await canary.close();
          }
          outDirs.push(run.outDir);
          measured.push({
            id: fc.id,
            code: run.code,
            ms: run.ms,
            line: verdictLine(run),
            stderr: run.stderr.split('\n').find((l) => l.trim() && !l.startsWith('Results:')) ?? '',
          });
          const why = describeRun(run);

          // Ends within the deadline plus the grace, by itself.
          expect(run.killed, why).toBe(false);
          expect(run.ms, why).toBeLessThanOrEqual(HARD_BOUND_MS);

          // A documented, non-zero exit code: the expected one for this class.
          expect(DOCUMENTED_EXIT_CODES, why).toContain(run.code);
          expect(run.code, why).not.toBe(0);
          expect(run.code, why).toBe(fc.exit);

          // No crash on the way.
          expect(run.stderr, why).not.toMatch(/Uncaught|UnhandledPromiseRejection|^ {4}at /m);

          // results.json: written, valid, and agreeing with the exit code.
          const file = join(run.outDir, 'results.json');
          expect(existsSync(file), why).toBe(true);
          const results = JSON.parse(readFileSync(file, 'utf8')) as Results;
          expect(validateResults(results).errors).toEqual([]);
          expect(results.verdict.exitCode).toBe(run.code);
          expect(results.verdict.conformant).toBe(false);
          // A target that stopped answering: unreachable, or not conformant when a required check had
          // already failed before it stopped (plain HTTP fails tls-protocol-versions at once): a fact.
          if (fc.exit === 3)
            expect(fc.stop ? ['unreachable', 'not-conformant'] : ['unreachable']).toContain(results.verdict.status);
          else expect(['not-conformant', 'incomplete']).toContain(results.verdict.status);
          const stop = (results.run as { stop?: { kind?: string } }).stop;
          expect(stop?.kind).toBe(fc.stop);

          // Scope: every request this server saw was addressed to it; the canary saw nothing.
          const self = `127.0.0.1:${server.port}`;
          expect(server.requests().filter((h) => h.host !== self)).toEqual([]);
          if (fc.noRequests) expect(server.requests()).toEqual([]);
          expect(canary.connections()).toBe(0);
          expect(canary.requests()).toEqual([]);
        },
        // A safety net only (the hard bound kills the child): the wait for a slot counts too.
        HARD_BOUND_MS * 8,
      );
    }
  },
);
