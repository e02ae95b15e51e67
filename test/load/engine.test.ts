// The built-in engine against fake senders and a loopback server. Assertions are on counts, shapes
// and verdicts, never on how long anything took.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import { runArrivalRate, type SendFn } from '../../load/engine.ts';
import { evaluateThresholds } from '../../load/thresholds.ts';
import type { ConstantArrivalRateScenario } from '../../load/scenario.ts';

function scenario(patch: Partial<ConstantArrivalRateScenario> = {}): ConstantArrivalRateScenario {
  return {
    name: 'test',
    operation: { method: 'GET', path: '/port-calls' },
    executor: 'constant-arrival-rate',
    rate: 40,
    timeUnit: '1s',
    duration: '1s',
    preAllocatedVUs: 2,
    maxVUs: 4,
    gracefulStop: '1s',
    thresholds: { http_req_duration: ['p(95)<300'], http_req_failed: ['rate<0.01'], dropped_iterations: ['count==0'] },
    ...patch,
  };
}

const ok: SendFn = async () => ({ status: 200, bytes: 10 });

/**
 * For tests that count every planned iteration: a VU for each and a hard stop far away, so a stalled
 * event loop on a busy machine (other test files, two cores) can neither drop an iteration nor cut one.
 */
const EVERY_ITERATION_RUNS = {
  maxVUs: 40,
  gracefulStop: '30s',
  thresholds: { http_req_duration: ['p(95)<60000'], http_req_failed: ['rate<0.01'], dropped_iterations: ['count==0'] },
} satisfies Partial<ConstantArrivalRateScenario>;

describe('runArrivalRate', () => {
  it('runs every planned iteration of a fast target and reports shape A', async () => {
    const r = await runArrivalRate({ scenario: scenario(EVERY_ITERATION_RUNS), send: ok });
    const m = r.summary.metrics;
    expect(m.http_reqs).toMatchObject({ type: 'counter', contains: 'default', values: { count: 40 } });
    expect(m.iterations!.values.count).toBe(40);
    expect(m.dropped_iterations!.values.count).toBe(0);
    expect(m.http_req_failed).toMatchObject({ type: 'rate', values: { rate: 0, passes: 0, fails: 40 } });
    expect(m.checks!.values).toMatchObject({ rate: 1, passes: 40, fails: 0 });
    expect(m.data_received).toMatchObject({ contains: 'data', values: { count: 400 } });
    expect(m.http_req_duration).toMatchObject({ type: 'trend', contains: 'time' });
    expect(Object.keys(m.http_req_duration!.values).sort()).toEqual(
      ['avg', 'max', 'med', 'min', 'p(90)', 'p(95)', 'p(99)'].sort(),
    );
    expect(m['http_req_duration{expected_response:true}']!.values.min).toBeGreaterThanOrEqual(0);
    expect(m.vus_max!.values.min).toBe(2);
    expect(m.http_req_duration!.thresholds).toEqual({ 'p(95)<60000': { ok: true } });
    expect(m.dropped_iterations!.thresholds).toEqual({ 'count==0': { ok: true } });
    expect(r.summary.state.testRunDurationMs).toBeGreaterThan(0);
    expect(r.summary.root_group.checks).toEqual([
      expect.objectContaining({ name: 'status is expected', path: '::status is expected', passes: 40, fails: 0 }),
    ]);
    expect(r.thresholds.every((t) => t.ok)).toBe(true);
    expect(r.interrupted).toBe(0);
  });

  it('drops iterations when every VU is stuck on a target that never answers, and counts no latency', async () => {
    let calls = 0;
    const hang: SendFn = ({ signal }) => {
      calls++;
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    };
    const r = await runArrivalRate({ scenario: scenario({ gracefulStop: '0s' }), send: hang });
    const m = r.summary.metrics;
    expect(calls).toBe(4); // maxVUs
    expect(m.dropped_iterations!.values.count).toBe(36);
    expect(m.vus_max!.values.max).toBe(4);
    expect(r.interrupted).toBe(4);
    expect(m.http_reqs!.values.count).toBe(0);
    expect(m.http_req_duration!.values).toEqual({});
    expect(r.thresholds).toEqual([
      expect.objectContaining({ metric: 'http_req_duration', ok: false, observed: null, reason: 'no-samples' }),
      expect.objectContaining({ metric: 'http_req_failed', ok: false, observed: null, reason: 'no-samples' }),
      expect.objectContaining({ metric: 'dropped_iterations', ok: false, observed: 36 }),
    ]);
  });

  it('counts non-2xx/3xx answers and transport failures in http_req_failed (passes = failed)', async () => {
    let n = 0;
    const flaky: SendFn = async () => {
      n++;
      if (n % 4 === 0) throw new Error('ECONNRESET');
      return { status: n % 4 === 2 ? 503 : 200 };
    };
    const r = await runArrivalRate({
      scenario: scenario({
        ...EVERY_ITERATION_RUNS,
        thresholds: {
          http_req_failed: ['rate<0.01'],
          'http_reqs{status:503}': ['count==10'],
          'http_reqs{status:0}': ['count==10'],
        },
      }),
      send: flaky,
    });
    const m = r.summary.metrics;
    expect(m.http_reqs!.values.count).toBe(40);
    expect(m.http_req_failed!.values).toEqual({ rate: 0.5, passes: 20, fails: 20 });
    expect(m.checks!.values).toMatchObject({ passes: 20, fails: 20 });
    expect(r.errors).toEqual([{ message: 'ECONNRESET', count: 10 }]);
    expect(r.thresholds.find((t) => t.metric === 'http_req_failed')).toMatchObject({ ok: false, observed: 0.5 });
    // Tag-filtered submetrics see exactly their samples: 10 answers 503, 10 transport failures (status 0).
    expect(m['http_reqs{status:503}']!.values.count).toBe(10);
    expect(m['http_reqs{status:0}']!.values.count).toBe(10);
    expect(r.thresholds.filter((t) => t.metric.startsWith('http_reqs{')).map((t) => t.ok)).toEqual([true, true]);
  });

  it('stops early on a failing abortOnFail threshold', async () => {
    const failing: SendFn = async () => ({ status: 500 });
    const r = await runArrivalRate({
      scenario: scenario({
        rate: 20,
        duration: '10s',
        thresholds: { http_req_failed: [{ threshold: 'rate<0.01', abortOnFail: true }] },
      }),
      send: failing,
    });
    expect(r.abortedBy).toBe('rate<0.01');
    expect(r.summary.metrics.http_reqs!.values.count).toBeLessThan(200);
    expect(r.summary.metrics.http_req_failed!.thresholds).toEqual({ 'rate<0.01': { ok: false } });
  });

  it('rejects when the caller aborts', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('collector timed out')), 100);
    await expect(
      runArrivalRate({ scenario: scenario({ duration: '10s' }), send: ok, signal: ac.signal }),
    ).rejects.toThrow(/aborted/);
  });

  it('refuses a submetric on a tag it does not produce', async () => {
    await expect(
      runArrivalRate({
        scenario: scenario({ thresholds: { 'http_req_duration{group:::setup}': ['p(95)<1'] } }),
        send: ok,
      }),
    ).rejects.toThrow(/tags samples with/);
  });

  it('counts an iteration cut by the hard stop as interrupted, not as a failed request', async () => {
    // The timeout each request gets is the time left to the hard stop; a target (or a late harness)
    // still busy then is cut there, as k6 interrupts it, and nothing of it is a sample.
    const untilTimeout: SendFn = ({ timeoutMs }) =>
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), timeoutMs));
    const r = await runArrivalRate({ scenario: scenario({ gracefulStop: '0s' }), send: untilTimeout });
    const m = r.summary.metrics;
    expect(r.interrupted).toBe(4);
    expect(r.errors).toEqual([]);
    expect(m.http_reqs!.values.count).toBe(0);
    expect(m.http_req_failed!.values).toEqual({});
    expect(m.dropped_iterations!.values.count).toBe(36);
  });

  it('honours the iteration cap', async () => {
    let calls = 0;
    await runArrivalRate({ scenario: scenario(), send: async () => (calls++, { status: 200 }), maxIterations: 7 });
    expect(calls).toBe(7);
  });
});

// The harness's own busy time is credited to it: `harness.stallCredited` charges the target only with
// the time the event loop sat idle waiting for it. A deliberate block of our loop and a deliberately
// slow target make the two cases; the assertions are verdicts, not durations.
describe('runArrivalRate: stall credit', () => {
  const judged = (s: { metrics: Record<string, unknown> } | undefined, map: Record<string, string[]>) =>
    evaluateThresholds(map, s as never).map((t) => t.ok);

  it('does not charge a fast target with a stall of our own loop', async () => {
    let calls = 0;
    const blocksOnce: SendFn = async () => {
      if (++calls === 5) {
        const until = performance.now() + 400; // the harness stalls: nothing else runs meanwhile
        while (performance.now() < until);
      }
      return { status: 200 };
    };
    const thresholds = { http_req_duration: ['max<200'], dropped_iterations: ['count==0'] };
    const r = await runArrivalRate({ scenario: scenario({ thresholds }), send: blocksOnce });
    // As measured, the stall shows as latency and as drops (the backlog found every VU taken) ...
    expect(r.thresholds.map((t) => t.ok)).toEqual([false, false]);
    expect(r.harness.maxStallMs).toBeGreaterThanOrEqual(150);
    // ... none of which the target is charged with: its answers came while our loop was busy.
    expect(judged(r.harness.stallCredited, thresholds)).toEqual([true, true]);
    expect(r.harness.stallCredited!.metrics.dropped_iterations!.values.count).toBe(0);
    expect(r.harness.stallCredited!.metrics.http_req_duration!.values.max).toBe(0);
  });

  it('still charges a slow target with the time our loop idled waiting for it', async () => {
    const slow: SendFn = () => new Promise((resolve) => setTimeout(() => resolve({ status: 200 }), 200));
    const thresholds = { http_req_duration: ['p(95)<100'], dropped_iterations: ['count==0'] };
    const r = await runArrivalRate({ scenario: scenario({ maxVUs: 2, thresholds }), send: slow });
    expect(r.thresholds.map((t) => t.ok)).toEqual([false, false]);
    expect(judged(r.harness.stallCredited, thresholds)).toEqual([false, false]);
    const dropped = r.summary.metrics.dropped_iterations!.values.count!;
    const credited = r.harness.stallCredited!.metrics.dropped_iterations!.values.count!;
    expect(credited).toBeGreaterThan(0);
    expect(credited).toBeLessThanOrEqual(dropped);
  });

  it('credits a submetric a threshold is defined on', async () => {
    const thresholds = { 'http_req_duration{expected_response:true}': ['p(95)<300'] };
    const r = await runArrivalRate({ scenario: scenario({ thresholds }), send: ok });
    expect(Object.keys(r.harness.stallCredited!.metrics).sort()).toEqual([
      'dropped_iterations',
      'http_req_duration',
      'http_req_duration{expected_response:true}',
    ]);
    const sub = r.harness.stallCredited!.metrics['http_req_duration{expected_response:true}']!;
    expect(sub.values['p(95)']).toBeTypeOf('number');
  });
});

describe('runArrivalRate over loopback HTTP', () => {
  let server: Server;
  let url: string;
  let served = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      served++;
      // Every 5th request is held long enough to keep VUs busy.
      if (served % 5 === 0) setTimeout(() => res.end('slow'), 150);
      else res.end('fast');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('measures real requests and accounts for every iteration', async () => {
    const send: SendFn = async ({ signal, timeoutMs }) => {
      const res = await request(url, { signal, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
      const text = await res.body.text();
      return { status: res.statusCode, bytes: Buffer.byteLength(text) };
    };
    const r = await runArrivalRate({ scenario: scenario({ rate: 50, duration: '1s', maxVUs: 20 }), send, url });
    const m = r.summary.metrics;
    const done = m.iterations!.values.count!;
    const dropped = m.dropped_iterations!.values.count!;
    expect(done + dropped + r.interrupted).toBe(50);
    expect(m.http_reqs!.values.count).toBe(done);
    expect(m.http_req_failed!.values.passes).toBe(0);
    // The held requests take at least their 150 ms, measured from the intended start.
    expect(m.http_req_duration!.values.max).toBeGreaterThanOrEqual(150);
    expect(m.data_received!.values.count).toBeGreaterThan(0);
  });
});
