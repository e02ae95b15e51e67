import { describe, expect, it } from 'vitest';
import { makeCheckContext } from '../../../engine/check.ts';
import { loadArrivalRateHeld } from '../../../suites/load/load-arrival-rate-held.ts';
import { LOAD_PLAN, loadRuns, type RunSpec } from './synthetic.ts';

async function judge(specs: RunSpec[]) {
  return loadArrivalRateHeld.run(
    { LoadRuns: loadRuns(...specs), ProbePlan: LOAD_PLAN },
    makeCheckContext(loadArrivalRateHeld, loadArrivalRateHeld.defaultOptions),
  );
}

describe('load-arrival-rate-held', () => {
  it.each<[string, RunSpec[], string, Array<[string, string | undefined]>]>([
    ['rate held', [{ dropped: 0 }, { name: 'get', dropped: 0 }], 'pass', []],
    [
      'slow under load drops iterations',
      [{ dropped: 37, p95: 420 }],
      'fail',
      [['iterations-dropped', 'dropped_iterations']],
    ],
    ['a single drop fails count==0', [{ dropped: 1 }], 'fail', [['iterations-dropped', 'dropped_iterations']]],
    [
      'drops in both scenarios',
      [{ dropped: 3 }, { name: 'get', dropped: 4 }],
      'fail',
      [
        ['iterations-dropped', 'dropped_iterations'],
        ['iterations-dropped', 'dropped_iterations'],
      ],
    ],
    ['profile tolerates a few', [{ dropped: 3, thresholds: { dropped_iterations: ['count<5'] } }], 'pass', []],
    [
      'no drop threshold: fallback count==0',
      [{ dropped: 2, thresholds: { http_req_duration: ['p(95)<300'] } }],
      'fail',
      [['iterations-dropped', 'dropped_iterations']],
    ],
    ['errors do not matter here', [{ failed: 40 }], 'pass', []],
    [
      'drops while the harness stalled',
      [{ dropped: 4, stall: 300 }],
      'needs-review',
      [['harness-stalled', 'dropped_iterations']],
    ],
    [
      'drops after a short stall still fail',
      [{ dropped: 4, stall: 120 }],
      'fail',
      [['iterations-dropped', 'dropped_iterations']],
    ],
    ['k6 runs report no stall', [{ dropped: 4, stall: null }], 'fail', [['iterations-dropped', 'dropped_iterations']]],
    // Judged again on the drops made while every VU was still waiting on the target.
    [
      'drops while the harness stalled, some with every VU waiting on the target',
      [{ dropped: 61, stall: 931, credited: { dropped: 26 } }],
      'fail',
      [['iterations-dropped', 'dropped_iterations']],
    ],
    [
      'drops the harness stall alone explains',
      [{ dropped: 24, stall: 915, credited: { dropped: 0 } }],
      'needs-review',
      [['harness-stalled', 'dropped_iterations']],
    ],
    [
      'a tolerance the target-held drops stay within',
      [{ dropped: 9, stall: 400, credited: { dropped: 3 }, thresholds: { dropped_iterations: ['count<5'] } }],
      'needs-review',
      [['harness-stalled', 'dropped_iterations']],
    ],
    [
      'a clean failure elsewhere and an inconclusive one',
      [
        { dropped: 24, stall: 915, credited: { dropped: 0 } },
        { name: 'get', dropped: 2 },
      ],
      'fail',
      [
        ['iterations-dropped', 'dropped_iterations'],
        ['harness-stalled', 'dropped_iterations'],
      ],
    ],
  ])('%s', async (_label, specs, outcome, findings) => {
    const r = await judge(specs);
    expect(r.outcome).toBe(outcome);
    expect((r.findings ?? []).map((f) => [f.id, f.location?.metric])).toEqual(findings);
  });

  it('says how many of the planned iterations were dropped', async () => {
    const r = await judge([{ name: 'list', dropped: 37, requests: 63 }]);
    expect(r.findings?.[0]).toMatchObject({
      data: { scenario: 'list', dropped: 37, planned: 100, threshold: 'count==0' },
      location: { metric: 'dropped_iterations', method: 'GET' },
    });
    expect(r.metrics).toMatchObject({ droppedIterations: 37, 'list.droppedIterations': 37 });
  });

  it("a failure that survives the stall credit says how many drops were the target's", async () => {
    const r = await judge([{ name: 'list', dropped: 61, stall: 931, credited: { dropped: 26 } }]);
    expect(r.findings?.[0]).toMatchObject({
      id: 'iterations-dropped',
      data: { scenario: 'list', dropped: 61, stall: 931, credited: 26 },
    });
    expect(r.summary).toMatch(/1 with every VU still waiting on the target/);
  });

  it('is not applicable without scenarios', async () => {
    expect((await judge([])).outcome).toBe('not-applicable');
  });
});
