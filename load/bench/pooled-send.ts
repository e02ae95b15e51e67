// The bench's transport for the built-in engine: GET / through an undici Pool (the engine's SendFn),
// and the constant-arrival-rate scenario it offers. Shared by bench.ts and the RSS child (rss-engine.ts).
import { Pool } from 'undici';
import type { SendFn } from '../engine.ts';
import type { ConstantArrivalRateScenario } from '../scenario.ts';

export function pooledSend(url: string, connections: number): { send: SendFn; close: () => Promise<void> } {
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
