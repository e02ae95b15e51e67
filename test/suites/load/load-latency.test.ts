import { describe, expect, it } from 'vitest';
import { makeCheckContext } from '../../../engine/check.ts';
import { loadLatency } from '../../../suites/load/load-latency.ts';
import { LOAD_PLAN, loadRuns, type RunSpec } from './synthetic.ts';

async function judge(specs: RunSpec[], options = loadLatency.defaultOptions) {
  return loadLatency.run(
    { LoadRuns: loadRuns(...specs), ProbePlan: LOAD_PLAN },
    makeCheckContext(loadLatency, options),
  );
}

describe('load-latency', () => {
  it.each<[string, RunSpec[], string, Array<[string, string | undefined]>]>([
    ['fast reference', [{ p95: 4 }, { name: 'get', p95: 3 }], 'pass', []],
    [
      'slow under load',
      [{ p95: 420 }, { name: 'get', p95: 3 }],
      'fail',
      [['latency-threshold-failed', 'http_req_duration']],
    ],
    [
      'both slow',
      [{ p95: 420 }, { name: 'get', p95: 800 }],
      'fail',
      [
        ['latency-threshold-failed', 'http_req_duration'],
        ['latency-threshold-failed', 'http_req_duration'],
      ],
    ],
    ['at the limit is a fail (p(95)<300)', [{ p95: 300 }], 'fail', [['latency-threshold-failed', 'http_req_duration']]],
    ['nothing completed', [{ p95: null }], 'fail', [['latency-no-samples', 'http_req_duration']]],
    [
      'submetric and several thresholds',
      [
        {
          p95: 250,
          thresholds: {
            http_req_duration: ['p(95)<300', 'p(99)<300'],
            'http_req_duration{expected_response:true}': ['max<400'],
          },
        },
      ],
      'fail',
      [
        ['latency-threshold-failed', 'http_req_duration'],
        ['latency-threshold-failed', 'http_req_duration{expected_response:true}'],
      ],
    ],
    [
      'no latency threshold: fallback p(95)<500 passes',
      [{ p95: 420, thresholds: { http_req_failed: ['rate<0.01'] } }],
      'pass',
      [],
    ],
    [
      'no latency threshold: fallback p(95)<500 fails',
      [{ p95: 700, thresholds: { http_req_failed: ['rate<0.01'] } }],
      'fail',
      [['latency-threshold-failed', 'http_req_duration']],
    ],
    ['other thresholds failing do not matter here', [{ p95: 5, failed: 50, dropped: 9 }], 'pass', []],
    // A failure while the harness's own event loop stalled ≥ 150 ms is inconclusive, not the target's.
    [
      'slow while the harness stalled',
      [{ p95: 420, stall: 320 }],
      'needs-review',
      [['harness-stalled', 'http_req_duration']],
    ],
    [
      'a short harness stall does not excuse it',
      [{ p95: 420, stall: 100 }],
      'fail',
      [['latency-threshold-failed', 'http_req_duration']],
    ],
    [
      'a clean failure elsewhere still fails',
      [
        { p95: 420, stall: 320 },
        { name: 'get', p95: 500 },
      ],
      'fail',
      [
        ['latency-threshold-failed', 'http_req_duration'],
        ['harness-stalled', 'http_req_duration'],
      ],
    ],
    [
      'nothing completed is never excused',
      [{ p95: null, stall: 400 }],
      'fail',
      [['latency-no-samples', 'http_req_duration']],
    ],
    [
      'k6 runs report no stall: judged as measured',
      [{ p95: 420, stall: null }],
      'fail',
      [['latency-threshold-failed', 'http_req_duration']],
    ],
    ['a stall with thresholds holding passes', [{ p95: 20, stall: 500 }], 'pass', []],
    // With the harness's busy time discounted (only loop idle time charged to the target), the
    // threshold is judged again: still failing, the target is to blame whatever the stall.
    [
      'slow while the harness stalled, and still slow with its stalls discounted',
      [{ p95: 1949, stall: 931, credited: { p95: 987 } }],
      'fail',
      [['latency-threshold-failed', 'http_req_duration']],
    ],
    [
      'slow only with the harness stalls counted',
      [{ p95: 1392, stall: 915, credited: { p95: 33 } }],
      'needs-review',
      [['harness-stalled', 'http_req_duration']],
    ],
    [
      'credited at the limit still fails (p(95)<300)',
      [{ p95: 420, stall: 320, credited: { p95: 300 } }],
      'fail',
      [['latency-threshold-failed', 'http_req_duration']],
    ],
    [
      'credited just under the limit is inconclusive',
      [{ p95: 420, stall: 320, credited: { p95: 299 } }],
      'needs-review',
      [['harness-stalled', 'http_req_duration']],
    ],
    [
      'credited with no samples (nothing idle to charge) is inconclusive',
      [{ p95: 420, stall: 320, credited: { p95: null } }],
      'needs-review',
      [['harness-stalled', 'http_req_duration']],
    ],
    [
      'each threshold judged again on its own metric',
      [
        {
          p95: 420,
          stall: 320,
          credited: { p95: 350 },
          thresholds: {
            http_req_duration: ['p(95)<300', 'p(95)<400'],
            'http_req_duration{expected_response:true}': ['max<1000'],
          },
        },
      ],
      'fail',
      [
        ['latency-threshold-failed', 'http_req_duration'],
        ['harness-stalled', 'http_req_duration'],
      ],
    ],
    [
      'a short stall is judged as measured, credit or not',
      [{ p95: 420, stall: 100, credited: { p95: 20 } }],
      'fail',
      [['latency-threshold-failed', 'http_req_duration']],
    ],
  ])('%s', async (_label, specs, outcome, findings) => {
    const r = await judge(specs);
    expect(r.outcome).toBe(outcome);
    expect((r.findings ?? []).map((f) => [f.id, f.location?.metric])).toEqual(findings);
    expect(r.metrics).toMatchObject({ scenarios: specs.length });
    expect(r.metrics?.p95Ms).toBeTypeOf(specs.every((s) => s.p95 === null) ? 'undefined' : 'number');
  });

  it('locates a failure at the scenario operation and cites its evidence', async () => {
    const r = await judge([{ name: 'slow', p95: 420, path: '/port-calls?limit=20' }]);
    expect(r.findings?.[0]).toMatchObject({
      id: 'latency-threshold-failed',
      data: { scenario: 'slow', metric: 'http_req_duration', threshold: 'p(95)<300', observed: 420 },
      location: { metric: 'http_req_duration', method: 'GET', url: '/port-calls?limit=20' },
      evidence: ['ev-slow'],
    });
    expect(r.metrics).toMatchObject({
      p95Ms: 420,
      'slow.p95Ms': 420,
      'slow.rps': 20,
      'slow.errorRate': 0,
      'slow.droppedIterations': 0,
    });
  });

  it('honours a profile override of the fallback', async () => {
    const r = await judge([{ p95: 120, thresholds: {} }], {
      ...loadLatency.defaultOptions,
      fallbackThresholds: { http_req_duration: ['p(95)<100'] },
    });
    expect(r.findings?.map((f) => f.id)).toEqual(['latency-threshold-failed']);
  });

  it('a harness stall finding says how long the harness stalled', async () => {
    const r = await judge([{ name: 'list', p95: 420, stall: 320 }]);
    expect(r.findings?.[0]).toMatchObject({
      id: 'harness-stalled',
      data: { scenario: 'list', stall: 320, observed: 420 },
    });
    expect(r.metrics).toMatchObject({ p95Ms: 420 });
  });

  it('a failure that survives the stall credit says both values', async () => {
    const r = await judge([{ name: 'list', p95: 1949, stall: 931, credited: { p95: 987 } }]);
    expect(r.findings?.[0]).toMatchObject({
      id: 'latency-threshold-failed',
      data: { scenario: 'list', observed: 1949, stall: 931, credited: 987 },
    });
    expect(r.summary).toMatch(/1 even with the harness's own stalls discounted/);
  });

  it('is not applicable without scenarios', async () => {
    expect((await judge([])).outcome).toBe('not-applicable');
  });
});
