import { describe, expect, it } from 'vitest';
import {
  attachThresholdVerdicts,
  evaluateThresholds,
  parseThresholdExpression,
  parseThresholds,
  ThresholdError,
  type ThresholdMap,
} from '../../load/thresholds.ts';
import { emptyRootGroup, type K6Summary } from '../../load/summary.ts';

describe('parseThresholdExpression', () => {
  it.each([
    ['p(95)<300', 'p(95)', '<', 300, 95],
    ['p(99.9) <= 1000', 'p(99.9)', '<=', 1000, 99.9],
    ['p(95.0)<300', 'p(95)', '<', 300, 95],
    ['  avg   >   0.5 ', 'avg', '>', 0.5, undefined],
    ['med>=10', 'med', '>=', 10, undefined],
    ['min==0', 'min', '==', 0, undefined],
    ['max===1e3', 'max', '===', 1000, undefined],
    ['rate!=1', 'rate', '!=', 1, undefined],
    ['count==0', 'count', '==', 0, undefined],
    ['value<-1', 'value', '<', -1, undefined],
  ])('%s', (src, aggregation, op, value, percentile) => {
    const e = parseThresholdExpression(src);
    expect(e).toMatchObject({ source: src, aggregation, op, value });
    expect(e.percentile).toBe(percentile);
  });

  it.each([
    ['p(95)', /no operator/],
    ['<300', /missing aggregation/],
    ['p(95)<', /missing value/],
    ['p(95)<abc', /"abc" is not a number/],
    ['p(95)<<300', /"<300" is not a number/],
    ['p95<300', /unknown aggregation "p95"/],
    ['p(x)<300', /percentile "x" is not a number/],
    ['p(101)<300', /outside 0\.\.100/],
    ['average<3', /unknown aggregation "average"/],
    ['rate=0', /no operator/],
    ['', /no operator/],
  ])('rejects %j', (src, message) => {
    expect(() => parseThresholdExpression(src)).toThrow(ThresholdError);
    expect(() => parseThresholdExpression(src)).toThrow(message);
  });
});

describe('parseThresholds', () => {
  it('accepts strings, object form and tag-filtered submetrics', () => {
    const parsed = parseThresholds({
      http_req_duration: ['p(95)<300', { threshold: 'max<2000', abortOnFail: true, delayAbortEval: '10s' }],
      'http_req_duration{name:"GET /port-calls"}': ['med<100'],
      dropped_iterations: ['count==0'],
    });
    expect(parsed.map((p) => [p.metric.key, p.source, p.abortOnFail, p.delayAbortEvalMs])).toEqual([
      ['http_req_duration', 'p(95)<300', false, 0],
      ['http_req_duration', 'max<2000', true, 10_000],
      ['http_req_duration{name:"GET /port-calls"}', 'med<100', false, 0],
      ['dropped_iterations', 'count==0', false, 0],
    ]);
    expect(parsed[2]!.metric.tags).toEqual({ name: 'GET /port-calls' });
  });

  it.each([
    [{ http_req_failed: ['p(95)<1'] }, /does not apply to http_req_failed, a rate/],
    [{ http_req_duration: ['rate<1'] }, /does not apply to http_req_duration, a trend/],
    [{ dropped_iterations: ['value==0'] }, /does not apply to dropped_iterations, a counter/],
    [{ vus: ['count<3'] }, /does not apply to vus, a gauge/],
    [{ http_req_duration: 'p(95)<300' }, /must be a list/],
    [{ http_req_duration: [42] }, /string or \{threshold, abortOnFail\}/],
    [{ http_req_duration: [{ threshold: 'p(95)<3', abortOnFail: 'yes' }] }, /abortOnFail must be a boolean/],
    [{ http_req_duration: [{ threshold: 'p(95)<3', delayAbortEval: 'soon' }] }, /delayAbortEval/],
    [{ http_req_duration: [{ threshold: 'p(95)<3', abort: true }] }, /unknown field "abort"/],
    [{ http_req_duration: [{ abortOnFail: true }] }, /needs a "threshold" string/],
    [{ 'http_req_duration{status:200': ['p(95)<3'] }, /unmatched curly brace/],
    [{ 'http_req_duration{status}': ['p(95)<3'] }, /must be key:value/],
    [{ 'http_req_duration{status:200}x': ['p(95)<3'] }, /must end with its closing brace/],
    [{ 'bad name': ['p(95)<3'] }, /not a valid k6 metric name/],
    [['p(95)<3'], /must be an object/],
  ])('rejects %j', (map, message) => {
    expect(() => parseThresholds(map)).toThrow(ThresholdError);
    expect(() => parseThresholds(map)).toThrow(message);
  });
});

function summary(metrics: K6Summary['metrics']): K6Summary {
  return {
    root_group: emptyRootGroup(),
    options: { summaryTrendStats: ['avg', 'p(95)'], summaryTimeUnit: '', noColor: true },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: 5000 },
    metrics,
  };
}

describe('evaluateThresholds', () => {
  const s = summary({
    http_req_duration: {
      type: 'trend',
      contains: 'time',
      values: { avg: 120, min: 2, med: 90, max: 900, 'p(90)': 250, 'p(95)': 410 },
    },
    'http_req_duration{expected_response:true}': { type: 'trend', contains: 'time', values: {} },
    http_req_failed: { type: 'rate', contains: 'default', values: { rate: 0.2, passes: 20, fails: 80 } },
    http_reqs: { type: 'counter', contains: 'default', values: { count: 100, rate: 20 } },
    vus_max: { type: 'gauge', contains: 'default', values: { value: 5, min: 2, max: 5 } },
    checks: {
      type: 'rate',
      contains: 'default',
      values: { rate: 0.8, passes: 80, fails: 20 },
      thresholds: { 'rate>0.5': { ok: false } },
    },
  });

  it.each<[ThresholdMap, { metric: string; source: string; ok: boolean; observed: number | null; reason?: string }]>([
    [
      { http_req_duration: ['p(95)<300'] },
      { metric: 'http_req_duration', source: 'p(95)<300', ok: false, observed: 410 },
    ],
    [
      { http_req_duration: ['p(95)<500'] },
      { metric: 'http_req_duration', source: 'p(95)<500', ok: true, observed: 410 },
    ],
    [{ http_req_duration: ['avg<=120'] }, { metric: 'http_req_duration', source: 'avg<=120', ok: true, observed: 120 }],
    [{ http_req_duration: ['med>90'] }, { metric: 'http_req_duration', source: 'med>90', ok: false, observed: 90 }],
    [
      { http_req_duration: ['p(99)<1000'] },
      { metric: 'http_req_duration', source: 'p(99)<1000', ok: false, observed: null, reason: 'stat-not-in-summary' },
    ],
    [
      { 'http_req_duration{expected_response:true}': ['p(95)<300'] },
      {
        metric: 'http_req_duration{expected_response:true}',
        source: 'p(95)<300',
        ok: false,
        observed: null,
        reason: 'no-samples',
      },
    ],
    [{ http_req_failed: ['rate<0.01'] }, { metric: 'http_req_failed', source: 'rate<0.01', ok: false, observed: 0.2 }],
    [{ http_req_failed: ['rate<0.25'] }, { metric: 'http_req_failed', source: 'rate<0.25', ok: true, observed: 0.2 }],
    [{ http_reqs: ['count>=100'] }, { metric: 'http_reqs', source: 'count>=100', ok: true, observed: 100 }],
    [{ http_reqs: ['rate>25'] }, { metric: 'http_reqs', source: 'rate>25', ok: false, observed: 20 }],
    [{ vus_max: ['value<=5'] }, { metric: 'vus_max', source: 'value<=5', ok: true, observed: 5 }],
    // A counter k6 never emitted is zero.
    [{ dropped_iterations: ['count==0'] }, { metric: 'dropped_iterations', source: 'count==0', ok: true, observed: 0 }],
    [{ dropped_iterations: ['count>0'] }, { metric: 'dropped_iterations', source: 'count>0', ok: false, observed: 0 }],
    // Any other missing metric cannot prove anything.
    [
      { iteration_duration: ['p(95)<1'] },
      { metric: 'iteration_duration', source: 'p(95)<1', ok: false, observed: null, reason: 'no-samples' },
    ],
    // A verdict the summary records wins over recomputation (k6 judged exact samples).
    [{ checks: ['rate>0.5'] }, { metric: 'checks', source: 'rate>0.5', ok: false, observed: 0.8 }],
  ])('%j', (map, expected) => {
    const [r] = evaluateThresholds(map, s);
    expect(r).toMatchObject(expected);
    if (!expected.reason) expect(r!.reason).toBeUndefined();
  });

  it('rejects an aggregation that does not fit the summary metric type', () => {
    const custom = summary({ my_trend: { type: 'trend', contains: 'default', values: { avg: 1 } } });
    expect(() => evaluateThresholds({ my_trend: ['rate<1'] }, custom)).toThrow(/does not apply to a trend/);
  });

  it('attaches verdicts in shape A and keeps them re-readable', () => {
    const copy = structuredClone(s);
    const map = { http_req_duration: ['p(95)<300', 'p(95)<500'], dropped_iterations: ['count==0'] };
    attachThresholdVerdicts(copy, evaluateThresholds(map, copy));
    expect(copy.metrics.http_req_duration!.thresholds).toEqual({
      'p(95)<300': { ok: false },
      'p(95)<500': { ok: true },
    });
    expect(copy.metrics.dropped_iterations).toMatchObject({
      type: 'counter',
      values: { count: 0 },
      thresholds: { 'count==0': { ok: true } },
    });
    expect(evaluateThresholds(map, copy).map((r) => r.ok)).toEqual([false, true, true]);
  });
});
