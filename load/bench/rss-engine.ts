// The RSS section's child: runs only the built-in engine (no bench, no servers) at a fixed rate against
// an out-of-process loopback server, so the parent can sample this process's RSS alone. A script:
//   node bin/run-ts.js load/bench/rss-engine.ts URL RATE SECONDS
// Prints one JSON line (what the engine measured, and the kernel's own peak, maxRSS); exits 1 with a
// one-line cause otherwise. A scenario may plan at most MAX_ITERATIONS_PER_SCENARIO iterations (50 s at
// 2,000 req/s), so a longer run is back-to-back scenarios, as a profile's several scenarios are; every
// run's result is kept to the end, as the harness keeps them for judging, so retained memory is counted.
import { runArrivalRate, type EngineResult } from '../engine.ts';
import { chunkSeconds } from './modes.ts';
import { engineSend, scenario } from './pooled-send.ts';

export interface RssEngineReport {
  requests: number;
  rate: number;
  failed: number;
  /** Highest p99 of the back-to-back scenarios. */
  p99Ms: number;
  scenarios: number;
  /** process.resourceUsage().maxRSS: the kernel's high-water mark of this process, bytes. */
  maxRssBytes: number;
}

// Enough VUs for a few ms of latency at the rate; a trivial server answers in well under that.
const vusFor = (rate: number) => Math.max(32, Math.ceil(rate / 50));

async function main(): Promise<void> {
  const [url, rateArg, secondsArg] = process.argv.slice(2);
  const rate = Number(rateArg);
  const seconds = Number(secondsArg);
  if (!url || !(rate > 0) || !(seconds > 0))
    throw new Error('usage: node bin/run-ts.js load/bench/rss-engine.ts URL RATE SECONDS');
  const vus = vusFor(rate);
  const { send, close } = engineSend(url, vus);
  try {
    const runs: EngineResult[] = [];
    for (const chunk of chunkSeconds(rate, seconds))
      runs.push(await runArrivalRate({ scenario: scenario(rate, chunk, vus), send, url }));
    const metric = (r: EngineResult) => r.summary.metrics;
    const requests = runs.reduce((n, r) => n + (metric(r).http_reqs?.values.count ?? 0), 0);
    const report: RssEngineReport = {
      requests,
      rate: requests / seconds,
      failed: runs.reduce(
        (n, r) => n + (metric(r).http_req_failed?.values.rate ?? 0) * (metric(r).http_reqs?.values.count ?? 0),
        0,
      ),
      p99Ms: Math.max(...runs.map((r) => metric(r).http_req_duration?.values['p(99)'] ?? NaN)),
      scenarios: runs.length,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
    };
    console.log(JSON.stringify(report));
  } finally {
    await close();
  }
}

main().catch((err: unknown) => {
  console.error(`rss engine: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
