// Benchmark of the built-in load engine against its peers, measured in the same run (a script, not
// a test; see load/bench/README.md for how to read it):
//   1. maximum request rate against a trivial loopback server: built-in engine, autocannon, wrk;
//   2. latency reported under a stalling server at a fixed offered rate, beside the true latency
//      computed from the schedule: built-in engine, autocannon with and without its coordinated-
//      omission correction, and wrk (closed loop);
//   3. TLS scan time of the Node prober vs testssl.sh on the same server (tls-scan.ts).
// Everything runs on 127.0.0.1, each server in its own process, and the whole run is bounded.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { runArrivalRate, type SendFn } from '../engine.ts';
import { createHttp1Client } from '../http1.ts';
import type { ConstantArrivalRateScenario } from '../scenario.ts';
import { percentile, stallServerSource, TRIVIAL_SERVER_SOURCE, trueLatencies, type StallPlan } from './stall.ts';
import { tlsScanTime, TLS_SCAN_BUDGET_MS } from './tls-scan.ts';
import { runWrk, wrkAvailable, WRK_PATH } from './wrk.ts';

const HARD_LIMIT_MS = 115_000 + TLS_SCAN_BUDGET_MS;
const MAX_RATE_SECONDS = 3;
const MAX_RATE_OFFERED = 150_000;
const CONNECTIONS = 32;
/** 100 req/s for 5 s; every 200th arrival pauses the server 500 ms: two whole pauses in the run. */
const STALL: StallPlan = { rate: 100, count: 500, every: 200, holdMs: 500 };
const WARMUP_SECONDS = 1;
const STALL_SECONDS = STALL.count / STALL.rate;
const CLOSED_LOOP_CONNECTIONS = 2;

interface Served {
  url: string;
  stop(): void;
}

/** Starts a server from JS source in a child process; it exits when we close its stdin or kill it. */
function startServer(source: string): Promise<Served> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ['-e', source], { stdio: ['pipe', 'pipe', 'inherit'] });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('bench server did not start within 10 s'));
    }, 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      const m = /PORT (\d+)/.exec(chunk.toString());
      if (!m) return;
      clearTimeout(timer);
      resolve({
        url: `http://127.0.0.1:${m[1]}/`,
        stop: () => {
          child.stdin!.end();
          child.kill('SIGTERM');
        },
      });
    });
    child.on('error', reject);
  });
}

function pooledSend(url: string, connections: number): { send: SendFn; close: () => Promise<void> } {
  const pool = new Pool(new URL(url).origin, { connections, pipelining: 1 });
  const send: SendFn = async ({ signal, timeoutMs }) => {
    const res = await pool.request({
      path: '/',
      method: 'GET',
      signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const text = await res.body.text();
    return { status: res.statusCode, bytes: text.length };
  };
  return { send, close: () => pool.close() };
}

function scenario(rate: number, seconds: number, vus: number): ConstantArrivalRateScenario {
  return {
    name: 'bench',
    operation: { method: 'GET', path: '/' },
    executor: 'constant-arrival-rate',
    rate,
    timeUnit: '1s',
    duration: `${seconds}s`,
    preAllocatedVUs: vus,
    maxVUs: vus,
    gracefulStop: '2s',
    thresholds: { http_req_duration: ['p(50)<1e9'] },
  };
}

const fmt = (n: number | undefined, digits = 1): string =>
  n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(digits);
const row = (cells: string[], widths: number[]): string =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');

// ---------------------------------------------------------------- 1. maximum rate

async function maxRate(): Promise<void> {
  console.log(
    `\n1. Maximum rate against a trivial loopback server (${CONNECTIONS} connections / VUs, ${MAX_RATE_SECONDS} s each)\n`,
  );
  const results: { tool: string; rps?: number; note?: string }[] = [];

  // Each tool gets a fresh server and a short unmeasured warm-up (JIT, connection set-up) first.
  let server = await startServer(TRIVIAL_SERVER_SOURCE);
  // The engine's own keep-alive client (load/http1.ts), one connection per VU, scoped to the server.
  const { send, close } = createHttp1Client({
    url: server.url,
    connections: CONNECTIONS,
    target: { allowedHosts: [new URL(server.url).host] },
  });
  try {
    await runArrivalRate({ scenario: scenario(5_000, WARMUP_SECONDS, CONNECTIONS), send });
    // Offer far more than any tool can serve (the peers reach ~60k/s on an idle 2-core machine);
    // what completes per second is the engine's ceiling. The cap on iterations is the bench's own.
    const r = await runArrivalRate({
      scenario: scenario(MAX_RATE_OFFERED, MAX_RATE_SECONDS, CONNECTIONS),
      send,
      maxIterations: MAX_RATE_OFFERED * MAX_RATE_SECONDS,
    });
    results.push({ tool: 'built-in engine (open model)', rps: r.summary.metrics.http_reqs?.values.rate });
  } finally {
    await close();
    server.stop();
  }

  server = await startServer(TRIVIAL_SERVER_SOURCE);
  try {
    await autocannon({ url: server.url, connections: CONNECTIONS, duration: WARMUP_SECONDS });
    const r = await autocannon({ url: server.url, connections: CONNECTIONS, duration: MAX_RATE_SECONDS });
    results.push({ tool: 'autocannon 9', rps: (r['2xx'] + r.non2xx) / r.duration });
  } finally {
    server.stop();
  }

  if (wrkAvailable()) {
    server = await startServer(TRIVIAL_SERVER_SOURCE);
    try {
      await runWrk(['-t2', `-c${CONNECTIONS}`, `-d${WARMUP_SECONDS}s`, server.url], (WARMUP_SECONDS + 10) * 1000);
      const r = await runWrk(
        ['-t2', `-c${CONNECTIONS}`, `-d${MAX_RATE_SECONDS}s`, server.url],
        (MAX_RATE_SECONDS + 10) * 1000,
      );
      results.push({ tool: 'wrk 4.1 (-t2)', rps: r.rps });
    } finally {
      server.stop();
    }
  } else results.push({ tool: 'wrk', note: `skipped: ${WRK_PATH} not installed` });

  const base = results[0]!.rps ?? NaN;
  const w = [30, 10, 18];
  console.log(row(['tool', 'req/s', 'ratio to built-in'], w));
  for (const r of results)
    console.log(row([r.tool, r.note ?? fmt(r.rps, 0), r.note ? '' : fmt((r.rps ?? NaN) / base, 2)], w));
}

// ---------------------------------------------------------------- 2. coordinated omission

async function stalled(): Promise<void> {
  const truth = trueLatencies(STALL);
  console.log(
    `\n2. Stalling server: every ${STALL.every}th arrival pauses it ${STALL.holdMs} ms; offered ${STALL.rate} req/s for ${STALL_SECONDS} s` +
      `\n   (closed-loop tools use ${CLOSED_LOOP_CONNECTIONS} connections; latencies in ms)\n`,
  );
  const rows: { tool: string; samples?: number; p50?: number; p90?: number; p99?: number; note?: string }[] = [
    {
      tool: 'true, from the schedule',
      samples: truth.length,
      p50: percentile(truth, 50),
      p90: percentile(truth, 90),
      p99: percentile(truth, 99),
    },
  ];

  // Built-in: the open model needs a VU per request in flight (holdMs × rate), so give it room.
  let server = await startServer(stallServerSource(STALL));
  const vus = Math.ceil((STALL.holdMs / 1000) * STALL.rate) + 20;
  const { send, close } = pooledSend(server.url, vus);
  try {
    const r = await runArrivalRate({ scenario: scenario(STALL.rate, STALL_SECONDS, vus), send });
    const v = r.summary.metrics.http_req_duration?.values ?? {};
    rows.push({
      tool: 'built-in engine (open model)',
      samples: r.summary.metrics.http_reqs?.values.count,
      p50: v.med,
      p90: v['p(90)'],
      p99: v['p(99)'],
    });
  } finally {
    await close();
    server.stop();
  }

  for (const ignoreCoordinatedOmission of [false, true]) {
    server = await startServer(stallServerSource(STALL));
    try {
      const r = await autocannon({
        url: server.url,
        connections: CLOSED_LOOP_CONNECTIONS,
        duration: STALL_SECONDS,
        overallRate: STALL.rate,
        ignoreCoordinatedOmission,
      });
      rows.push({
        tool: `autocannon, CO correction ${ignoreCoordinatedOmission ? 'off (-C)' : 'on'}`,
        samples: r.latency.totalCount,
        p50: r.latency.p50,
        p90: r.latency.p90,
        p99: r.latency.p99,
      });
    } finally {
      server.stop();
    }
  }

  if (wrkAvailable()) {
    // wrk 4.1 has no fixed rate; a Lua delay() paces each connection after its response (closed loop).
    const dir = mkdtempSync(join(tmpdir(), 'bench-wrk-'));
    const script = join(dir, 'pace.lua');
    writeFileSync(
      script,
      `function delay()\n  return ${Math.round((1000 * CLOSED_LOOP_CONNECTIONS) / STALL.rate)}\nend\n`,
    );
    server = await startServer(stallServerSource(STALL));
    try {
      const r = await runWrk(
        ['-t1', `-c${CLOSED_LOOP_CONNECTIONS}`, `-d${STALL_SECONDS}s`, '-s', script, server.url],
        (STALL_SECONDS + 10) * 1000,
      );
      rows.push({
        tool: 'wrk 4.1 (closed loop, Lua delay)',
        samples: r.requests,
        p50: r.latency.p50,
        p90: r.latency.p90,
        p99: r.latency.p99,
      });
    } finally {
      server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  } else rows.push({ tool: 'wrk', note: `skipped: ${WRK_PATH} not installed` });

  const w = [34, 8, 8, 8, 8];
  console.log(row(['tool', 'samples', 'p50', 'p90', 'p99'], w));
  for (const r of rows)
    console.log(
      r.note
        ? `${r.tool.padEnd(w[0]!)}  ${r.note}`
        : row([r.tool, String(r.samples ?? 'n/a'), fmt(r.p50), fmt(r.p90), fmt(r.p99)], w),
    );
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error(`bench: stopped after ${HARD_LIMIT_MS / 1000} s`);
    process.exit(1);
  }, HARD_LIMIT_MS);
  watchdog.unref();
  const started = performance.now();
  console.log(`port-conformance load bench (node ${process.version}, loopback only)`);
  await maxRate();
  await stalled();
  await tlsScanTime();
  console.log(`\nfinished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((err: unknown) => {
  console.error(`bench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
