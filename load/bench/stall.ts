// The stalling server's ground truth. The server counts arrivals; the k-th arrival with
// k % every === 0 pauses it for holdMs, and nothing is answered until the pause ends (one
// stop-the-world pause, like a GC or a lock). Offered on an open schedule at `rate`, the request
// i arrives at t_i = i / rate and its true latency is
//   L_i = max(0, pauseEnd(t_i) - t_i)
// where pauseEnd is the end of the pause in progress at t_i (if any). So the arrival that triggers
// a pause waits holdMs, the one after it holdMs - 1/rate, and so on down to zero: a whole queue
// of slow requests per pause, which a closed-loop client never sends and so never measures
// (coordinated omission). Service time outside pauses is taken as zero.

export interface StallPlan {
  /** Offered requests per second. */
  rate: number;
  /** Requests offered in total. */
  count: number;
  /** Every `every`-th arrival pauses the server. */
  every: number;
  holdMs: number;
}

/** True latency (ms) of each scheduled request, in schedule order. */
export function trueLatencies(plan: StallPlan): number[] {
  const interval = 1000 / plan.rate;
  const out: number[] = [];
  let pauseEnd = -Infinity;
  for (let i = 0; i < plan.count; i++) {
    const t = i * interval;
    if ((i + 1) % plan.every === 0) pauseEnd = Math.max(pauseEnd, t) + plan.holdMs;
    out.push(Math.max(0, pauseEnd - t));
  }
  return out;
}

/** Nearest-rank percentile of a list of numbers (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

/** JS source of the stalling server, run in its own process so it never shares the tool's CPU. */
export function stallServerSource(plan: Pick<StallPlan, 'every' | 'holdMs'>): string {
  return `
const http = require('node:http');
let arrivals = 0, pauseEnd = 0;
const server = http.createServer((req, res) => {
  req.resume();
  const now = performance.now();
  arrivals++;
  if (arrivals % ${plan.every} === 0) pauseEnd = Math.max(pauseEnd, now) + ${plan.holdMs};
  const wait = pauseEnd - now;
  if (wait > 0) setTimeout(() => res.end('ok'), wait); else res.end('ok');
});
server.keepAliveTimeout = 10000;
server.listen(0, '127.0.0.1', () => console.log('PORT ' + server.address().port));
process.stdin.on('end', () => process.exit(0)).resume();
`;
}

/** JS source of the trivial server for the maximum-rate runs. */
export const TRIVIAL_SERVER_SOURCE = `
const http = require('node:http');
const server = http.createServer((req, res) => { req.resume(); res.end('ok'); });
server.keepAliveTimeout = 10000;
server.listen(0, '127.0.0.1', () => console.log('PORT ' + server.address().port));
process.stdin.on('end', () => process.exit(0)).resume();
`;
