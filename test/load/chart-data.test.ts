// The load charts' data: the HDR percentile ladder, the k6 summary's percentiles, the target rate,
// and the engine's per-second counts. Assertions are on structure and counts, never on timing.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateSeconds, summaryPercentiles, targetRatePoints } from '../../load/chart-data.ts';
import { runArrivalRate, type SendFn } from '../../load/engine.ts';
import type { ConstantArrivalRateScenario, LoadScenario } from '../../load/scenario.ts';
import { TrendSink } from '../../load/sinks.ts';
import type { K6Summary } from '../../load/summary.ts';

function scenario(patch: Partial<ConstantArrivalRateScenario> = {}): ConstantArrivalRateScenario {
  return {
    name: 'test',
    operation: { method: 'GET', path: '/port-calls' },
    executor: 'constant-arrival-rate',
    rate: 40,
    timeUnit: '1s',
    duration: '2s',
    preAllocatedVUs: 4,
    maxVUs: 20,
    gracefulStop: '1s',
    thresholds: { http_req_duration: ['p(95)<300'] },
    ...patch,
  };
}

/** The rows of HdrHistogram's own outputPercentileDistribution: [percentile in %, value]. */
function hdrRows(sink: TrendSink, ticksPerHalfDistance: number): Array<[number, number]> {
  return sink.hdr
    .outputPercentileDistribution(ticksPerHalfDistance, 1000)
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols.length >= 3 && /^\d/.test(cols[0]!))
    .map((cols) => [Number(cols[1]) * 100, Number(cols[0])]);
}

describe('TrendSink.percentileLadder', () => {
  const uniform = new TrendSink();
  for (let ms = 1; ms <= 1000; ms++) uniform.add(ms);

  it('steps like HdrHistogram: two ticks per half distance, from 0 % to the last resolvable, then 100 %', () => {
    const ladder = uniform.percentileLadder();
    // 1 - p halves every two steps until it would resolve less than one of the 1000 samples.
    expect(ladder).toHaveLength(21);
    const expected = [
      0,
      100 * (1 - Math.SQRT1_2),
      50,
      100 * (1 - Math.SQRT1_2 / 2),
      75,
      100 * (1 - Math.SQRT1_2 / 4),
      87.5,
    ];
    expected.forEach((p, i) => expect(ladder[i]!.percentile).toBeCloseTo(p, 9));
    expect(ladder.at(-1)).toEqual({ percentile: 100, valueMs: 1000 });
    expect(ladder[0]).toEqual({ percentile: 0, valueMs: 1 });
    for (let i = 1; i < ladder.length; i++) expect(ladder[i]!.valueMs).toBeGreaterThanOrEqual(ladder[i - 1]!.valueMs);
  });

  it("agrees with HdrHistogram's outputPercentileDistribution at every percentile both give", () => {
    const ladder = new Map(uniform.percentileLadder().map((p) => [p.percentile, p.valueMs]));
    const rows = hdrRows(uniform, 1).filter(([p]) => p > 0 && p < 100 && ladder.has(p));
    expect(rows.map(([p]) => p)).toEqual([50, 75, 87.5, 93.75, 96.875, 98.4375, 99.21875, 99.609375, 99.8046875]);
    for (const [p, value] of rows) expect(ladder.get(p), `p${p}`).toBeCloseTo(value, 3);
  });

  it.each([
    [1, 2],
    [0, 0],
    [100_000, 35],
  ])('keeps %i samples to %i points, never more than 60', (samples, points) => {
    const sink = new TrendSink();
    for (let i = 0; i < samples; i++) sink.add(1 + (i % 997));
    expect(sink.percentileLadder()).toHaveLength(points);
    expect(sink.percentileLadder(20).length).toBeLessThanOrEqual(60);
  });
});

describe('summaryPercentiles (k6)', () => {
  it('reads min, med, p(N) and max of http_req_duration as percentiles, in order', () => {
    const summary = {
      metrics: {
        http_req_duration: {
          type: 'trend',
          contains: 'time',
          values: { avg: 2, min: 1, med: 2, max: 9, 'p(90)': 3, 'p(99.9)': 8, 'p(95)': 4 },
        },
      },
    } as unknown as K6Summary;
    expect(summaryPercentiles(summary)).toEqual([
      { percentile: 0, valueMs: 1 },
      { percentile: 50, valueMs: 2 },
      { percentile: 90, valueMs: 3 },
      { percentile: 95, valueMs: 4 },
      { percentile: 99.9, valueMs: 8 },
      { percentile: 100, valueMs: 9 },
    ]);
  });
});

describe('targetRatePoints', () => {
  it.each<[string, LoadScenario, Array<[number, number]>]>([
    [
      'constant, per second',
      scenario({ rate: 20, duration: '30s' }),
      [
        [0, 20],
        [30, 20],
      ],
    ],
    [
      'constant, per minute',
      scenario({ rate: 120, timeUnit: '1m', duration: '10s' }),
      [
        [0, 2],
        [10, 2],
      ],
    ],
    [
      'ramping',
      {
        ...scenario(),
        executor: 'ramping-arrival-rate',
        startRate: 0,
        stages: [
          { duration: '10s', target: 50 },
          { duration: '20s', target: 50 },
          { duration: '5s', target: 0 },
        ],
      } as LoadScenario,
      [
        [0, 0],
        [10, 50],
        [30, 50],
        [35, 0],
      ],
    ],
  ])('%s', (_name, s, expected) => {
    expect(targetRatePoints(s).map((p) => [p.second, p.perSecond])).toEqual(expected);
  });
});

describe('the engine counts completed and failed requests per second', () => {
  it('accounts for every sample in the per-second series (fake sender, every 4th fails)', async () => {
    let n = 0;
    const send: SendFn = async () => ({ status: ++n % 4 === 0 ? 503 : 200 });
    const r = await runArrivalRate({ scenario: scenario(), send });
    const m = r.summary.metrics;
    const series = rateSeconds(r.perSecond);
    expect(series.map((s) => s.second)).toEqual(series.map((_, i) => i));
    expect(series.reduce((t, s) => t + s.completed, 0)).toBe(m.http_reqs!.values.count);
    expect(series.reduce((t, s) => t + s.failed, 0)).toBe(m.http_req_failed!.values.passes);
    for (const s of series) expect(s.failed).toBeLessThanOrEqual(s.completed);
    // 2 s of schedule and 1 s of grace: at most one point per second of the run.
    expect(series.length).toBeLessThanOrEqual(4);
    expect(r.latencyPercentiles[0]!.percentile).toBe(0);
    expect(r.latencyPercentiles.at(-1)!.percentile).toBe(100);
  });

  describe('over loopback HTTP', () => {
    let server: Server;
    let url: string;
    beforeAll(async () => {
      let served = 0;
      server = createServer((_req, res) => {
        res.statusCode = ++served % 5 === 0 ? 500 : 200;
        res.end('x');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it('sums the per-second counts to http_reqs and the failed ones to http_req_failed', async () => {
      const send: SendFn = async ({ signal, timeoutMs }) => {
        const res = await request(url, { signal, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
        await res.body.text();
        return { status: res.statusCode };
      };
      const r = await runArrivalRate({ scenario: scenario({ rate: 30 }), send, url });
      const m = r.summary.metrics;
      const completed = r.perSecond.completed.reduce((a, b) => a + b, 0);
      expect(completed).toBe(m.http_reqs!.values.count);
      expect(completed).toBeGreaterThan(0);
      expect(r.perSecond.failed.reduce((a, b) => a + b, 0)).toBe(m.http_req_failed!.values.passes);
      expect(r.perSecond.failed).toHaveLength(r.perSecond.completed.length);
      expect(r.latencyPercentiles.length).toBeLessThanOrEqual(60);
      const values = r.latencyPercentiles.map((p) => p.valueMs);
      expect(values).toEqual([...values].sort((a, b) => a - b));
    });
  });
});
