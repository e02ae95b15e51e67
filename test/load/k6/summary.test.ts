// Hand-written samples of the three summary shapes k6 writes (reference §5.3: internal/js/summary.go,
// summary-wrapper.js oldJSONSummary, lib/summary/machine_readable.go).
import { describe, expect, it } from 'vitest';
import { detectK6SummaryShape, K6SummaryError, parseK6Summary } from '../../../load/k6/summary.ts';
import { evaluateThresholds } from '../../../load/thresholds.ts';

const THRESHOLDS = {
  http_req_duration: ['p(95)<300'],
  http_req_failed: ['rate<0.01'],
  checks: ['rate>0.99'],
  dropped_iterations: ['count==0'],
};

// (A) handleSummary(data): typed metrics, threshold {ok}, groups and checks as arrays.
const SHAPE_A = {
  root_group: {
    name: '',
    path: '',
    id: 'd41d8cd98f00b204e9800998ecf8427e',
    groups: [],
    checks: [
      {
        name: 'status is expected',
        path: '::status is expected',
        id: '6210a8cd14cd70477eba5c5e4cb3fb5f',
        passes: 95,
        fails: 5,
      },
    ],
  },
  options: { summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'], summaryTimeUnit: '', noColor: false },
  state: { isStdOutTTY: true, isStdErrTTY: true, testRunDurationMs: 5012.3 },
  metrics: {
    http_reqs: { type: 'counter', contains: 'default', values: { count: 100, rate: 19.95 } },
    http_req_duration: {
      type: 'trend',
      contains: 'time',
      values: { avg: 180.2, min: 2.1, med: 120.5, max: 640.7, 'p(90)': 410.3, 'p(95)': 420.9 },
      thresholds: { 'p(95)<300': { ok: false } },
    },
    'http_req_duration{expected_response:true}': {
      type: 'trend',
      contains: 'time',
      values: { avg: 170, min: 2.1, med: 110, max: 640.7, 'p(90)': 400, 'p(95)': 415 },
    },
    http_req_failed: {
      type: 'rate',
      contains: 'default',
      values: { rate: 0.05, passes: 5, fails: 95 },
      thresholds: { 'rate<0.01': { ok: false } },
    },
    checks: {
      type: 'rate',
      contains: 'default',
      values: { rate: 0.95, passes: 95, fails: 5 },
      thresholds: { 'rate>0.99': { ok: false } },
    },
    dropped_iterations: {
      type: 'counter',
      contains: 'default',
      values: { count: 12, rate: 2.39 },
      thresholds: { 'count==0': { ok: false } },
    },
    vus_max: { type: 'gauge', contains: 'default', values: { value: 5, min: 2, max: 5 } },
    data_received: { type: 'counter', contains: 'data', values: { count: 51200, rate: 10214.9 } },
  },
  setup_data: { token: 'x', portCallId: 'p' },
};

// (B) legacy --summary-export: values flattened, rate → value, thresholds true = FAILED, groups/checks keyed by name.
const SHAPE_B = {
  root_group: {
    name: '',
    path: '',
    id: 'd41d8cd98f00b204e9800998ecf8427e',
    groups: {},
    checks: {
      'status is expected': {
        name: 'status is expected',
        path: '::status is expected',
        id: '6210a8cd14cd70477eba5c5e4cb3fb5f',
        passes: 100,
        fails: 0,
      },
    },
  },
  metrics: {
    http_reqs: { count: 100, rate: 20 },
    http_req_duration: {
      avg: 3.1,
      min: 0.9,
      med: 2.8,
      max: 11.2,
      'p(90)': 4.4,
      'p(95)': 5.6,
      thresholds: { 'p(95)<300': false },
    },
    http_req_failed: { passes: 0, fails: 100, value: 0, thresholds: { 'rate<0.01': false } },
    checks: { passes: 100, fails: 0, value: 1, thresholds: { 'rate>0.99': false } },
    vus: { value: 1, min: 0, max: 2 },
    iterations: { count: 100, rate: 20 },
    my_custom_rate: { passes: 3, fails: 1, value: 0.75 },
    my_custom_trend: { avg: 1, min: 1, med: 1, max: 1, 'p(90)': 1, 'p(95)': 1 },
  },
};

// (C) --new-machine-readable-summary 1.0.0: metrics array, rates as {matches,total,rate}, no verdicts.
const SHAPE_C = {
  version: '1.0.0',
  config: { duration: 5.01, execution: 'local', script: 'list.js' },
  metadata: { generatedAt: '2026-11-21T10:00:00Z', k6Version: '2.2.0' },
  results: {
    checks: {
      metrics: [
        { name: 'checks_total', type: 'counter', contains: 'default', values: { count: 100 } },
        {
          name: 'checks_succeeded',
          type: 'rate',
          contains: 'default',
          values: { matches: 75, total: 100, rate: 0.75 },
        },
        { name: 'checks_failed', type: 'rate', contains: 'default', values: { matches: 25, total: 100, rate: 0.25 } },
      ],
      results: [{ name: 'status is expected', passes: 75, fails: 25 }],
    },
    metrics: [
      { name: 'http_reqs', type: 'counter', contains: 'default', values: { count: 100 } },
      {
        name: 'http_req_duration',
        type: 'trend',
        contains: 'time',
        values: { avg: 4, min: 1, med: 3, max: 20, 'p(90)': 8, 'p(95)': 9.5 },
      },
      { name: 'http_req_failed', type: 'rate', contains: 'default', values: { matches: 25, total: 100, rate: 0.25 } },
      { name: 'vus_max', type: 'gauge', contains: 'default', values: { value: 5, min: 2, max: 5 } },
    ],
  },
};

describe('detectK6SummaryShape', () => {
  it.each([
    ['A', SHAPE_A],
    ['B', SHAPE_B],
    ['C', SHAPE_C],
  ])('shape %s', (shape, doc) => {
    expect(detectK6SummaryShape(doc)).toBe(shape);
  });

  it.each([
    ['not an object', 'summary'],
    ['array', []],
    ['no metrics', { root_group: {} }],
    ['mixed entries', { metrics: { a: { type: 'counter', values: { count: 1 } }, b: { count: 1 } } }],
  ])('rejects %s', (_label, doc) => {
    expect(() => detectK6SummaryShape(doc)).toThrow(K6SummaryError);
  });
});

describe('parseK6Summary', () => {
  it('keeps shape A as is', () => {
    const { shape, summary } = parseK6Summary(SHAPE_A);
    expect(shape).toBe('A');
    expect(summary.state.testRunDurationMs).toBe(5012.3);
    expect(summary.metrics.http_req_duration!.thresholds).toEqual({ 'p(95)<300': { ok: false } });
    expect(summary.root_group.checks[0]).toMatchObject({ name: 'status is expected', passes: 95, fails: 5 });
    expect(summary.setup_data).toEqual({ token: 'x', portCallId: 'p' });
    expect(evaluateThresholds(THRESHOLDS, summary).map((t) => [t.metric, t.ok, t.observed])).toEqual([
      ['http_req_duration', false, 420.9],
      ['http_req_failed', false, 0.05],
      ['checks', false, 0.95],
      ['dropped_iterations', false, 12],
    ]);
  });

  it('normalises legacy shape B: types inferred, value → rate, true → failed', () => {
    const { shape, summary } = parseK6Summary(SHAPE_B);
    expect(shape).toBe('B');
    expect(summary.metrics.http_req_failed).toEqual({
      type: 'rate',
      contains: 'default',
      values: { passes: 0, fails: 100, rate: 0 },
      thresholds: { 'rate<0.01': { ok: true } },
    });
    expect(summary.metrics.http_req_duration).toMatchObject({
      type: 'trend',
      contains: 'time',
      thresholds: { 'p(95)<300': { ok: true } },
    });
    expect(summary.metrics.http_req_duration!.values).not.toHaveProperty('thresholds');
    expect(summary.metrics.vus).toMatchObject({ type: 'gauge', values: { value: 1 } });
    expect(summary.metrics.iterations).toMatchObject({ type: 'counter' });
    expect(summary.metrics.my_custom_rate).toMatchObject({ type: 'rate', values: { rate: 0.75 } });
    expect(summary.metrics.my_custom_trend).toMatchObject({ type: 'trend' });
    expect(summary.root_group.checks).toEqual([
      expect.objectContaining({ name: 'status is expected', passes: 100, fails: 0 }),
    ]);
    expect(summary.state.testRunDurationMs).toBe(5000); // count / rate
    // dropped_iterations absent: k6 emits no counter that never moved, so it is zero.
    expect(evaluateThresholds(THRESHOLDS, summary).every((t) => t.ok)).toBe(true);
  });

  it('legacy booleans mean FAILED', () => {
    const failed = structuredClone(SHAPE_B);
    failed.metrics.http_req_duration.thresholds['p(95)<300'] = true;
    const { summary } = parseK6Summary(failed);
    expect(summary.metrics.http_req_duration!.thresholds).toEqual({ 'p(95)<300': { ok: false } });
    // The recorded verdict is authoritative even though 5.6 < 300 on the rounded summary.
    expect(evaluateThresholds({ http_req_duration: ['p(95)<300'] }, summary)[0]).toMatchObject({
      ok: false,
      observed: 5.6,
    });
  });

  it('normalises shape C and judges its thresholds, which k6 left out', () => {
    const { shape, summary } = parseK6Summary(SHAPE_C, { thresholds: THRESHOLDS });
    expect(shape).toBe('C');
    expect(summary.metrics.http_req_failed!.values).toEqual({ rate: 0.25, passes: 25, fails: 75 });
    expect(summary.metrics.http_reqs!.values.count).toBe(100);
    expect(summary.metrics.http_reqs!.values.rate).toBeCloseTo(100 / 5.01);
    expect(summary.metrics.checks!.values).toEqual({ rate: 0.75, passes: 75, fails: 25 });
    expect(summary.state.testRunDurationMs).toBe(5010);
    expect(summary.root_group.checks).toEqual([
      expect.objectContaining({ name: 'status is expected', passes: 75, fails: 25 }),
    ]);
    expect(summary.metrics.http_req_duration!.thresholds).toEqual({ 'p(95)<300': { ok: true } });
    expect(summary.metrics.http_req_failed!.thresholds).toEqual({ 'rate<0.01': { ok: false } });
    expect(summary.metrics.checks!.thresholds).toEqual({ 'rate>0.99': { ok: false } });
    expect(summary.metrics.dropped_iterations!.thresholds).toEqual({ 'count==0': { ok: true } });
  });

  it('shape C keeps only p(90) and p(95): a p(99) threshold cannot be judged from it', () => {
    const { summary } = parseK6Summary(SHAPE_C, { thresholds: { http_req_duration: ['p(99)<300'] } });
    expect(evaluateThresholds({ http_req_duration: ['p(99)<300'] }, summary)[0]).toMatchObject({
      ok: false,
      observed: null,
      reason: 'stat-not-in-summary',
    });
  });

  it.each([
    [
      'A with a bad type',
      { metrics: { x: { type: 'histogram', contains: 'default', values: {} } } },
      /not a k6 metric type/,
    ],
    [
      'A with a non-number value',
      { metrics: { x: { type: 'counter', contains: 'default', values: { count: 'many' } } } },
      /is not a number/,
    ],
    [
      'A with a bad verdict',
      {
        metrics: { x: { type: 'counter', contains: 'default', values: { count: 1 }, thresholds: { 'count>0': true } } },
      },
      /must be \{ok: boolean\}/,
    ],
    [
      'B with a non-boolean verdict',
      { metrics: { http_reqs: { count: 1, thresholds: { 'count>0': 'no' } } } },
      /must be a boolean/,
    ],
    ['C without an array', { version: '1.0.0', results: { metrics: {} } }, /must be an array/],
    ['C with a nameless metric', { version: '1.0.0', results: { metrics: [{ type: 'counter' }] } }, /must be \{name/],
  ])('rejects %s', (_label, doc, message) => {
    expect(() => parseK6Summary(doc)).toThrow(K6SummaryError);
    expect(() => parseK6Summary(doc)).toThrow(message);
  });
});
