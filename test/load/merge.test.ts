// Merging load measured in several places. The strongest form of the claim: the same latency samples
// recorded into one histogram, or into two halves that are encoded as hdr files, decoded and merged,
// give exactly the same percentiles, counts and verdicts. Then the rules around it: which thresholds
// apply, submetrics only some inputs recorded, and hdr files that cannot be trusted.
import { describe, expect, it } from 'vitest';
import { hdrFileOf, parseHdrFile, HDR_FILE_FORMAT, type HdrFile } from '../../load/hdr-file.ts';
import {
  MergeInputError,
  ScenarioMetrics,
  judgeMerged,
  mergeByScenario,
  pickThresholds,
  unionThresholds,
} from '../../load/merge.ts';
import { MetricSet, type Tags } from '../../load/sinks.ts';
import type { ThresholdMap } from '../../load/thresholds.ts';

const THRESHOLDS: ThresholdMap = {
  http_req_duration: ['p(95)<300', 'p(99)<300'],
  'http_req_duration{expected_response:true}': ['p(90)<250'],
  http_req_failed: ['rate<0.05'],
  dropped_iterations: ['count==0'],
};

/** Deterministic latencies (ms) with a long tail, and every 37th request failing. */
function sample(i: number): { ms: number; ok: boolean } {
  const base = 2 + ((i * 7919) % 997) / 10; // 2 .. 101.6 ms
  const tail = i % 50 === 0 ? 400 + (i % 7) * 90 : 0;
  return { ms: base + tail + (i % 3) * 0.0137, ok: i % 37 !== 0 };
}

/** A MetricSet fed like the engine feeds it (the same sinks, the same tags). */
function recorded(indices: readonly number[]): MetricSet {
  const m = new MetricSet();
  for (const k of [
    'http_reqs',
    'http_req_failed',
    'iterations',
    'dropped_iterations',
    'checks',
    'vus',
    ...Object.keys(THRESHOLDS),
  ])
    m.define(k);
  for (const i of indices) {
    const { ms, ok } = sample(i);
    const tags: Tags = { scenario: 's', status: ok ? '200' : '503', expected_response: String(ok) };
    m.add('http_reqs', 1, tags);
    m.add('http_req_duration', ms, tags);
    m.add('http_req_failed', ok ? 0 : 1, tags);
    m.add('checks', ok ? 1 : 0, tags);
    m.add('iterations', 1, tags);
    m.add('vus', 3, tags);
  }
  return m;
}

/** Through the file format and back, as `load merge` reads it. */
function throughFile(m: MetricSet, startedAtMs: number, durationMs: number, label: string): ScenarioMetrics {
  const file = hdrFileOf({
    scenario: 's',
    engine: 'builtin',
    startedAtMs,
    durationMs,
    metrics: m.mergeable(),
    thresholds: THRESHOLDS,
  });
  return parseHdrFile(JSON.parse(JSON.stringify(file)), label).metrics;
}

const N = 4000;
const ALL = Array.from({ length: N }, (_, i) => i);
const T0 = Date.parse('2026-03-01T10:00:00Z');

describe('one histogram vs two halves merged (the same samples)', () => {
  const whole = throughFile(recorded(ALL), T0, 20_000, 'whole.hdr.json');
  // Split by time: the first half of the requests, then the second.
  const first = throughFile(recorded(ALL.slice(0, N / 2)), T0, 10_000, 'a.hdr.json');
  const second = throughFile(recorded(ALL.slice(N / 2)), T0 + 10_000, 10_000, 'b.hdr.json');
  const merged = mergeByScenario([[first], [second]]).get('s')!;
  const one = judgeMerged(mergeByScenario([[whole]]).get('s')!, THRESHOLDS, 'recorded');
  const two = judgeMerged(merged, THRESHOLDS, 'recorded');

  it('gives exactly the same percentiles, min and max', () => {
    expect(two.latencyMs).not.toBeNull();
    const { avg: avg2, ...exact2 } = two.latencyMs!;
    const { avg: avg1, ...exact1 } = one.latencyMs!;
    expect(exact2).toEqual(exact1);
    expect(avg2).toBeCloseTo(avg1, 9); // a float sum in another order
  });

  it('equals what the run itself reported (the MetricSet a single run summarises)', () => {
    const direct = recorded(ALL).summarise(20_000, ['min', 'max', 'p(50)', 'p(90)', 'p(95)', 'p(99)'])
      .http_req_duration!.values;
    expect(two.latencyMs).toMatchObject({
      min: direct.min,
      max: direct.max,
      p50: direct['p(50)'],
      p90: direct['p(90)'],
      p95: direct['p(95)'],
      p99: direct['p(99)'],
    });
  });

  it('adds the counts and rates, and covers both halves in time', () => {
    expect(two).toMatchObject({
      requests: N,
      failedRequests: one.failedRequests,
      errorRate: one.errorRate,
      droppedIterations: 0,
      durationMs: 20_000,
      requestRate: N / 20,
      inputs: ['a.hdr.json', 'b.hdr.json'],
      incomplete: [],
    });
    expect(two.failedRequests).toBe(ALL.filter((i) => !sample(i).ok).length);
  });

  it('judges every threshold the same way, with the same observed values', () => {
    expect(two.thresholds.map((t) => [t.metric, t.source, t.ok, t.observed])).toEqual(
      one.thresholds.map((t) => [t.metric, t.source, t.ok, t.observed]),
    );
    // The 2 % tail (400-940 ms) makes p99 fail and nothing else.
    expect(two.thresholds.filter((t) => !t.ok).map((t) => t.source)).toEqual(['p(99)<300']);
    expect(two.ok).toBe(false);
  });

  it('leaves the gauges out (they do not merge)', () => {
    expect(merged.metrics.has('vus')).toBe(false);
    expect([...merged.metrics.keys()]).toContain('http_req_duration{expected_response:true}');
  });
});

describe('the time the inputs cover (request rates are per second of it)', () => {
  it.each([
    [
      'runs one after the other: the gap is no load time',
      [
        [0, 1000],
        [5000, 6000],
      ],
      2000,
    ],
    [
      'runners at once: their common time counts once',
      [
        [0, 1000],
        [0, 1000],
        [0, 1000],
      ],
      1000,
    ],
    [
      'overlapping',
      [
        [0, 1000],
        [500, 2000],
      ],
      2000,
    ],
    [
      'nested',
      [
        [0, 3000],
        [1000, 2000],
      ],
      3000,
    ],
  ] as const)('%s', (_n, spans, ms) => {
    const inputs = spans.map(([a, b]) => {
      const s = new ScenarioMetrics('s');
      s.cover(T0 + a, T0 + b);
      s.add('http_reqs', 'counter', 1);
      return [s];
    });
    const m = mergeByScenario(inputs).get('s')!;
    expect(m.durationMs).toBe(ms);
    expect(judgeMerged(m, {}, 'none').requestRate).toBe(spans.length / (ms / 1000));
    // Merging merged results keeps every span.
    expect(mergeByScenario([[m]]).get('s')!.durationMs).toBe(ms);
  });
});

describe('judging the merged scenario', () => {
  const m = mergeByScenario([[throughFile(recorded(ALL), T0, 20_000, 'x')]]).get('s')!;

  it.each([
    ['a threshold that holds', { http_req_duration: ['p(50)<200'] }, [true]],
    ['one that fails', { http_req_duration: ['max<100'] }, [false]],
    ['a counter never moved', { dropped_iterations: ['count==0'] }, [true]],
    ["another scenario's submetric does not apply", { 'http_req_duration{scenario:other}': ['p(95)<1'] }, []],
    ["this scenario's submetric does", { 'http_req_duration{scenario:s}': ['p(95)<1'] }, [false]],
    ['a metric nothing recorded fails', { http_req_waiting: ['p(95)<300'] }, [false]],
  ] as const)('%s', (_name, thresholds, oks) => {
    const r = judgeMerged(m, thresholds as unknown as ThresholdMap, 'flag');
    expect(r.thresholds.map((t) => t.ok)).toEqual(oks);
    expect(r.ok).toBe(oks.every(Boolean));
  });
});

describe('pickThresholds', () => {
  const flag = { http_req_duration: ['p(95)<100'] };
  const profile = { http_req_duration: ['p(95)<200'] };
  const recordedMap = { http_req_duration: ['p(95)<300'] };
  it.each([
    ['the flag first', { flag, profile, recorded: recordedMap }, 'flag'],
    ['then the profile', { profile, recorded: recordedMap }, 'profile'],
    ['then what the inputs recorded', { flag: {}, recorded: recordedMap }, 'recorded'],
    ['else none', { recorded: {} }, 'none'],
  ] as const)('%s', (_n, sources, from) => {
    expect(pickThresholds(sources).from).toBe(from);
  });

  it('unionThresholds keeps each expression once per metric', () => {
    expect(
      unionThresholds([
        { http_req_duration: ['p(95)<300'] },
        { http_req_duration: ['p(95)<300', { threshold: 'p(99)<900', abortOnFail: true }], checks: ['rate>0.9'] },
      ]),
    ).toEqual({ http_req_duration: ['p(95)<300', 'p(99)<900'], checks: ['rate>0.9'] });
  });
});

describe('a submetric only some inputs recorded', () => {
  it('is left out rather than merged from part of the samples', () => {
    const a = throughFile(recorded(ALL.slice(0, 100)), T0, 1000, 'a');
    const bSet = new MetricSet();
    bSet.define('http_req_duration');
    bSet.add('http_req_duration', 5, {});
    const b = throughFile(bSet, T0 + 1000, 1000, 'b');
    const merged = mergeByScenario([[a], [b]]).get('s')!;
    expect([...merged.incomplete]).toEqual(['http_req_duration{expected_response:true}']);
    expect(merged.metrics.has('http_req_duration{expected_response:true}')).toBe(false);
    const r = judgeMerged(merged, { 'http_req_duration{expected_response:true}': ['p(90)<250'] }, 'flag');
    expect(r.incomplete).toEqual(['http_req_duration{expected_response:true}']);
    expect(r.thresholds[0]).toMatchObject({ ok: false, observed: null });
  });

  it('a metric of two types is refused, naming the input', () => {
    const a = new ScenarioMetrics('s');
    a.inputs.push('a.json');
    a.add('x', 'counter', 1);
    const b = new ScenarioMetrics('s');
    b.inputs.push('b.json');
    b.add('x', 'trend', 1);
    expect(() => mergeByScenario([[a], [b]])).toThrow(MergeInputError);
    expect(() => mergeByScenario([[a], [b]])).toThrow(
      'b.json: scenario s: metric x is a counter here and a trend elsewhere',
    );
  });
});

describe('parseHdrFile refuses what it cannot trust, naming the file', () => {
  const good = (): HdrFile =>
    JSON.parse(
      JSON.stringify(
        hdrFileOf({
          scenario: 's',
          engine: 'builtin',
          startedAtMs: T0,
          durationMs: 1000,
          metrics: recorded(ALL.slice(0, 50)).mergeable(),
          thresholds: THRESHOLDS,
        }),
      ),
    ) as HdrFile;
  const trend = (f: HdrFile) => f.metrics.http_req_duration as Extract<HdrFile['metrics'][string], { type: 'trend' }>;

  it.each([
    ['another format', (f: HdrFile) => void ((f as { format: string }).format = 'x'), `not a ${HDR_FILE_FORMAT} file`],
    ['another version', (f: HdrFile) => void ((f as { version: number }).version = 2), 'version 2'],
    ['another precision', (f: HdrFile) => void (f.significantDigits = 2), 'histograms recorded with'],
    ['a bad scenario name', (f: HdrFile) => void (f.scenario = '../x'), '"scenario"'],
    ['no start', (f: HdrFile) => void (f.startedAt = 'yesterday'), '"startedAt"'],
    [
      'a count the histogram does not hold',
      (f: HdrFile) => void (trend(f).count += 1),
      'holds 50 samples but count says 51',
    ],
    ['a histogram that is not base64', (f: HdrFile) => void (trend(f).histogram = 'not base64!'), 'must be base64'],
    ['a histogram that does not decode', (f: HdrFile) => void (trend(f).histogram = 'AAAA'), 'does not decode'],
    [
      'rate trues above total',
      (f: HdrFile) => void (f.metrics.http_req_failed = { type: 'rate', trues: 3, total: 2 }),
      'trues ≤ total',
    ],
    [
      "a built-in metric of another type than k6's",
      (f: HdrFile) => void (f.metrics.http_reqs = { type: 'rate', trues: 0, total: 1 }),
      'metrics["http_reqs"].type must be counter',
    ],
    [
      'an unknown metric type',
      (f: HdrFile) => void (f.metrics.x = { type: 'gauge' } as never),
      'counter, rate or trend',
    ],
    ['bad thresholds', (f: HdrFile) => void (f.thresholds = { http_req_duration: ['p95<3'] }), '"thresholds"'],
  ])('%s', (_n, spoil, message) => {
    const f = good();
    spoil(f);
    expect(() => parseHdrFile(f, 'run-1.hdr.json')).toThrow(MergeInputError);
    expect(() => parseHdrFile(f, 'run-1.hdr.json')).toThrow(/^run-1\.hdr\.json: /);
    expect(() => parseHdrFile(f, 'run-1.hdr.json')).toThrow(message);
  });

  it('reads a good one back with its thresholds', () => {
    const { metrics, thresholds } = parseHdrFile(good(), 'ok.hdr.json');
    expect(thresholds).toEqual(THRESHOLDS);
    expect(metrics).toMatchObject({ scenario: 's', startMs: T0, endMs: T0 + 1000, inputs: ['ok.hdr.json'] });
  });
});
