import { describe, expect, it } from 'vitest';
import { makeCheckContext } from '../../../engine/check.ts';
import { loadErrorRate } from '../../../suites/load/load-error-rate.ts';
import { LOAD_PLAN, loadRuns, type RunSpec } from './synthetic.ts';

async function judge(specs: RunSpec[], options = loadErrorRate.defaultOptions) {
  return loadErrorRate.run(
    { LoadRuns: loadRuns(...specs), ProbePlan: LOAD_PLAN },
    makeCheckContext(loadErrorRate, options),
  );
}

describe('load-error-rate', () => {
  it.each<[string, RunSpec[], string, Array<[string, string | undefined]>]>([
    ['no errors', [{ failed: 0 }, { name: 'get', failed: 0 }], 'pass', []],
    [
      'errors under load (every 4th beyond 8/s → ~20 %)',
      [{ failed: 20 }],
      'fail',
      [['error-rate-threshold-failed', 'http_req_failed']],
    ],
    [
      'one error in 100 breaks rate<0.01',
      [{ failed: 1 }],
      'fail',
      [['error-rate-threshold-failed', 'http_req_failed']],
    ],
    [
      'errors in the second scenario only',
      [{ failed: 0 }, { name: 'get', failed: 3 }],
      'fail',
      [['error-rate-threshold-failed', 'http_req_failed']],
    ],
    ['nothing completed', [{ p95: null }], 'fail', [['error-rate-no-samples', 'http_req_failed']]],
    [
      'checks threshold too',
      [{ failed: 5, thresholds: { http_req_failed: ['rate<0.1'], checks: ['rate>0.99'] } }],
      'fail',
      [['error-rate-threshold-failed', 'checks']],
    ],
    ['looser profile threshold', [{ failed: 5, thresholds: { http_req_failed: ['rate<0.1'] } }], 'pass', []],
    [
      'no error threshold: fallback rate<0.01',
      [{ failed: 2, thresholds: { http_req_duration: ['p(95)<300'] } }],
      'fail',
      [['error-rate-threshold-failed', 'http_req_failed']],
    ],
    ['slow but correct passes here', [{ p95: 900, dropped: 30 }], 'pass', []],
  ])('%s', async (_label, specs, outcome, findings) => {
    const r = await judge(specs);
    expect(r.outcome).toBe(outcome);
    expect((r.findings ?? []).map((f) => [f.id, f.location?.metric])).toEqual(findings);
    expect(r.metrics).toHaveProperty('droppedIterations');
  });

  it('reports the failed share with counts', async () => {
    const r = await judge([{ name: 'list', failed: 25, requests: 100 }]);
    expect(r.findings?.[0]).toMatchObject({
      id: 'error-rate-threshold-failed',
      data: {
        scenario: 'list',
        metric: 'http_req_failed',
        threshold: 'rate<0.01',
        observed: 0.25,
        failed: 25,
        requests: 100,
      },
      location: { metric: 'http_req_failed', method: 'GET' },
    });
    expect(r.metrics).toMatchObject({ errorRate: 0.25, 'list.errorRate': 0.25 });
  });

  it('is not applicable without scenarios', async () => {
    expect((await judge([])).outcome).toBe('not-applicable');
  });
});
