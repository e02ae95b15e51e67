// The bench's transport for the built-in engine: GET / through its own client (the engine's SendFn),
// and the constant-arrival-rate scenario it offers. Shared by bench.ts and the RSS child (rss-engine.ts).
import type { SendFn } from '../engine.ts';
import { createHttp1Client } from '../http1.ts';
import type { ConstantArrivalRateScenario } from '../scenario.ts';

/**
 * The engine's own keep-alive client (load/http1.ts), one connection per VU, scoped to the bench server:
 * what sections 1, 2 and the RSS child drive, so the rate, the stall latencies and the memory are one engine's.
 */
export function engineSend(url: string, connections: number): { send: SendFn; close: () => Promise<void> } {
  return createHttp1Client({ url, connections, target: { allowedHosts: [new URL(url).host] } });
}

export function scenario(rate: number, seconds: number, vus: number): ConstantArrivalRateScenario {
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
