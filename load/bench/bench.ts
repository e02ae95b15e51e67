// Benchmark of the built-in load engine against its peers, measured in the same run (a script, not
// a test; see load/bench/README.md for how to read it):
//   1. maximum request rate against a trivial loopback server: built-in engine, autocannon, wrk;
//   2. latency reported under a stalling server at a fixed offered rate, beside the true latency
//      computed from the schedule: built-in engine, autocannon with and without its coordinated-
//      omission correction, and wrk (closed loop);
//   3. TLS scan time of the Node prober vs testssl.sh on the same server (tls-scan.ts);
//   4. peak RSS of a process running only the engine at 2,000 req/s (30 s, or 5 min with --long);
// then one summary of every ratio (summary.ts). `--only rate,stall,rss,tls` picks sections (modes.ts).
// A missing peer (wrk, testssl.sh) fails the bench up front with one line (peers.ts), never a skipped row.
// Everything runs on 127.0.0.1, each server in its own process, and the whole run is bounded.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../engine/errors.ts';
import { runArrivalRate } from '../engine.ts';
import { parseBenchArgs, type BenchMode, type RssMode } from './modes.ts';
import { PeerMissing, requirePeers } from './peers.ts';
import { engineSend, scenario } from './pooled-send.ts';
import { runSampledScript } from './rss.ts';
import type { RssEngineReport } from './rss-engine.ts';
import { percentile, stallServerSource, TRIVIAL_SERVER_SOURCE, trueLatencies, type StallPlan } from './stall.ts';
import { median, summaryLines, type BenchFigures } from './summary.ts';
import { tlsScanTime, TLS_SCAN_BUDGET_MS } from './tls-scan.ts';
import { runWrk } from './wrk.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The RSS child's start-up, graceful stop and report, on top of its run. */
const RSS_SLACK_MS = 60_000;
const MAX_RATE_SECONDS = 3;
const MAX_RATE_OFFERED = 150_000;
const CONNECTIONS = 32;
/** Section 1 measures every tool this many times, interleaved, and reports each tool's median. */
const RATE_ROUNDS = 7;
const RATE_TOOLS = 3;
/** 100 req/s for 5 s; every 200th arrival pauses the server 500 ms: two whole pauses in the run. */
const STALL: StallPlan = { rate: 100, count: 500, every: 200, holdMs: 500 };
const WARMUP_SECONDS = 1;
const STALL_SECONDS = STALL.count / STALL.rate;
const CLOSED_LOOP_CONNECTIONS = 2;
const STALL_TOOLS = 4;
/** A slot's slack beyond its measured seconds: a server's start (up to a few hundred ms), the
 *  engine's graceful stop, a peer's start and report. */
const SLOT_SLACK_MS = 4_000;
/** Section 1's bound: every round's slots (warm-up and measurement each) with their slack. */
const RATE_LIMIT_MS = RATE_ROUNDS * RATE_TOOLS * ((WARMUP_SECONDS + MAX_RATE_SECONDS) * 1000 + SLOT_SLACK_MS);
/** Section 2's bound: each tool's run on its own stalling server, with the same slack. */
const STALL_LIMIT_MS = STALL_TOOLS * (STALL_SECONDS * 1000 + SLOT_SLACK_MS);

interface Served {
  url: string;
  pid: number;
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
        pid: child.pid!,
        stop: () => {
          child.stdin!.end();
          child.kill('SIGTERM');
        },
      });
    });
    child.on('error', reject);
  });
}

const fmt = (n: number | undefined, digits = 1): string =>
  n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(digits);
const row = (cells: string[], widths: number[]): string =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');

// ---------------------------------------------------------------- 1. maximum rate

/** One tool's measurement slot: a fresh server, an unmeasured warm-up (JIT, connection set-up),
 *  then MAX_RATE_SECONDS flat out with CONNECTIONS connections / VUs; completed requests per second. */
type RateSlot = (url: string) => Promise<number>;

const engineSlot: RateSlot = async (url) => {
  // The engine's own keep-alive client (load/http1.ts), one connection per VU, scoped to the server.
  const { send, close } = engineSend(url, CONNECTIONS);
  try {
    await runArrivalRate({ scenario: scenario(5_000, WARMUP_SECONDS, CONNECTIONS), send });
    // Offer far more than any tool can serve (the peers reach ~60k/s on an idle 2-core machine);
    // what completes per second is the engine's ceiling. The cap on iterations is the bench's own.
    const r = await runArrivalRate({
      scenario: scenario(MAX_RATE_OFFERED, MAX_RATE_SECONDS, CONNECTIONS),
      send,
      maxIterations: MAX_RATE_OFFERED * MAX_RATE_SECONDS,
    });
    return r.summary.metrics.http_reqs?.values.rate ?? NaN;
  } finally {
    await close();
  }
};

const autocannonSlot: RateSlot = async (url) => {
  await autocannon({ url, connections: CONNECTIONS, duration: WARMUP_SECONDS });
  const r = await autocannon({ url, connections: CONNECTIONS, duration: MAX_RATE_SECONDS });
  return (r['2xx'] + r.non2xx) / r.duration;
};

const wrkSlot =
  (wrk: string): RateSlot =>
  async (url) => {
    await runWrk(['-t2', `-c${CONNECTIONS}`, `-d${WARMUP_SECONDS}s`, url], (WARMUP_SECONDS + 10) * 1000, wrk);
    const r = await runWrk(
      ['-t2', `-c${CONNECTIONS}`, `-d${MAX_RATE_SECONDS}s`, url],
      (MAX_RATE_SECONDS + 10) * 1000,
      wrk,
    );
    return r.rps;
  };

async function maxRate(wrk: string): Promise<NonNullable<BenchFigures['maxRate']>> {
  console.log(
    `\n1. Maximum rate against a trivial loopback server (${CONNECTIONS} connections / VUs, ${MAX_RATE_SECONDS} s each;` +
      `\n   ${RATE_ROUNDS} interleaved rounds, each tool's median)\n`,
  );
  const tools: { tool: string; slot: RateSlot; rounds: number[] }[] = [
    { tool: 'built-in engine (open model)', slot: engineSlot, rounds: [] },
    { tool: 'autocannon 9', slot: autocannonSlot, rounds: [] },
    { tool: 'wrk 4.1 (-t2)', slot: wrkSlot(wrk), rounds: [] },
  ];
  // Round r starts with tool r (mod 3), so no tool always runs first, or always right after the same peer.
  for (let round = 0; round < RATE_ROUNDS; round++) {
    for (let k = 0; k < tools.length; k++) {
      const t = tools[(round + k) % tools.length]!;
      const server = await startServer(TRIVIAL_SERVER_SOURCE);
      try {
        t.rounds.push(await t.slot(server.url));
      } finally {
        server.stop();
      }
    }
  }
  const results = tools.map((t) => ({ ...t, rps: median(t.rounds) }));
  const base = results[0]!.rps;
  const w = [30, 10, 18, 0];
  console.log(row(['tool', 'req/s', 'ratio to built-in', '  rounds (req/s, in order)'], w));
  for (const r of results)
    console.log(row([r.tool, fmt(r.rps, 0), fmt(r.rps / base, 2), `  ${r.rounds.map((x) => fmt(x, 0)).join(' ')}`], w));
  return { builtin: results[0]!.rps, autocannon: results[1]!.rps, wrk: results[2]!.rps };
}

// ---------------------------------------------------------------- 2. coordinated omission

async function stalled(wrk: string): Promise<NonNullable<BenchFigures['stall']>> {
  const truth = trueLatencies(STALL);
  console.log(
    `\n2. Stalling server: every ${STALL.every}th arrival pauses it ${STALL.holdMs} ms; offered ${STALL.rate} req/s for ${STALL_SECONDS} s` +
      `\n   (closed-loop tools use ${CLOSED_LOOP_CONNECTIONS} connections; latencies in ms)\n`,
  );
  const rows: { tool: string; samples?: number; p50?: number; p90?: number; p99?: number }[] = [
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
  const { send, close } = engineSend(server.url, vus);
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

  {
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
        wrk,
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
  }

  const w = [34, 8, 8, 8, 8];
  console.log(row(['tool', 'samples', 'p50', 'p90', 'p99'], w));
  for (const r of rows) console.log(row([r.tool, String(r.samples ?? 'n/a'), fmt(r.p50), fmt(r.p90), fmt(r.p99)], w));
  const [truthRow, ...tools] = rows;
  return { trueP99: truthRow!.p99!, tools: tools.map((r) => ({ tool: r.tool, p99: r.p99 ?? NaN })) };
}

// ---------------------------------------------------------------- 4. engine RSS

async function engineRss(mode: RssMode): Promise<NonNullable<BenchFigures['rss']>> {
  console.log(
    `\n4. Peak RSS of the engine alone, ${mode.name} mode: ${mode.rate} req/s for ${mode.seconds} s` +
      `\n   (its own process, sampled from outside every 250 ms; the trivial server in another process)\n`,
  );
  const server = await startServer(TRIVIAL_SERVER_SOURCE);
  try {
    const { report, rss } = await runSampledScript<RssEngineReport>(
      ROOT,
      'load/bench/rss-engine.ts',
      [server.url, String(mode.rate), String(mode.seconds)],
      mode.seconds * 1000 + RSS_SLACK_MS,
      'RSS run',
    );
    const figures = {
      mode,
      peakMb: rss.peakMb,
      endMb: rss.endMb,
      samples: rss.samples,
      achievedRate: report.rate,
      kernelPeakMb: report.maxRssBytes / 1024 / 1024,
    };
    console.log(
      `requests ${report.requests} in ${report.scenarios} scenario${report.scenarios > 1 ? 's back to back' : ''} (${report.rate.toFixed(0)} req/s, ${report.failed.toFixed(0)} failed, p99 ${fmt(report.p99Ms)} ms); ` +
        `RSS peak ${rss.peakMb.toFixed(0)} MB, at end ${rss.endMb.toFixed(0)} MB ` +
        `(kernel high-water mark ${figures.kernelPeakMb.toFixed(0)} MB)`,
    );
    return figures;
  } finally {
    server.stop();
  }
}

/** The whole bench's bound: each selected section's own. */
function hardLimitMs(mode: BenchMode): number {
  const s = mode.sections;
  return (
    (s.includes('rate') ? RATE_LIMIT_MS : 0) +
    (s.includes('stall') ? STALL_LIMIT_MS : 0) +
    (s.includes('tls') ? TLS_SCAN_BUDGET_MS : 0) +
    (s.includes('rss') ? mode.rss.seconds * 1000 + RSS_SLACK_MS : 0) +
    10_000
  );
}

async function main(): Promise<void> {
  const mode = parseBenchArgs(process.argv.slice(2), process.env);
  const peers = requirePeers(mode.sections);
  const limitMs = hardLimitMs(mode);
  const watchdog = setTimeout(() => {
    console.error(`bench: stopped after ${limitMs / 1000} s`);
    process.exit(1);
  }, limitMs);
  watchdog.unref();
  const started = performance.now();
  console.log(
    `port-conformance load bench (node ${process.version}, loopback only; sections ${mode.sections.join(', ')}` +
      `${mode.sections.includes('rss') ? `; RSS ${mode.rss.name} mode` : ''})`,
  );
  const figures: BenchFigures = {};
  // requirePeers has found wrk whenever a section that drives it is selected.
  if (mode.sections.includes('rate')) figures.maxRate = await maxRate(peers.get('wrk')!);
  if (mode.sections.includes('stall')) figures.stall = await stalled(peers.get('wrk')!);
  if (mode.sections.includes('tls')) figures.tls = await tlsScanTime();
  if (mode.sections.includes('rss')) figures.rss = await engineRss(mode.rss);
  for (const line of summaryLines(figures, mode)) console.log(line);
  console.log(`\nfinished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((err: unknown) => {
  // A usage problem exits 2, a missing peer or a failed measurement 1; either way one line.
  if (err instanceof UsageError) {
    console.error(err.message);
    process.exit(2);
  }
  if (err instanceof PeerMissing) console.error(err.message);
  else console.error(`bench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
