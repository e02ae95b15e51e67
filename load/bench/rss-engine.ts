// The RSS section's child: runs only the built-in engine (no bench, no servers) at a fixed rate against
// an out-of-process loopback server, so the parent can sample this process's RSS alone. A script:
//   node bin/run-ts.js load/bench/rss-engine.ts URL RATE SECONDS
// Prints one JSON line (what the engine measured, and the kernel's own peak, maxRSS); exits 1 with a
// one-line cause otherwise.
import { runArrivalRate } from '../engine.ts';
import { pooledSend, scenario } from './pooled-send.ts';

export interface RssEngineReport {
  requests: number;
  rate: number;
  failed: number;
  p99Ms: number;
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
  const { send, close } = pooledSend(url, vus);
  try {
    const r = await runArrivalRate({ scenario: scenario(rate, seconds, vus), send, url });
    const m = r.summary.metrics;
    const report: RssEngineReport = {
      requests: m.http_reqs?.values.count ?? 0,
      rate: m.http_reqs?.values.rate ?? 0,
      failed: (m.http_req_failed?.values.rate ?? 0) * (m.http_reqs?.values.count ?? 0),
      p99Ms: m.http_req_duration?.values['p(99)'] ?? NaN,
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
