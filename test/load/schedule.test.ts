import { describe, expect, it } from 'vitest';
import { arrivalOffsets } from '../../load/schedule.ts';
import {
  CERTIFICATION_SCENARIOS,
  plannedIterations,
  scenarioDurationMs,
  type LoadScenario,
} from '../../load/scenario.ts';

const base = {
  name: 's',
  operation: { method: 'GET' as const, path: '/x' },
  timeUnit: '1s',
  preAllocatedVUs: 1,
  maxVUs: 1,
  thresholds: {},
};

function offsets(s: LoadScenario): number[] {
  return [...arrivalOffsets(s)];
}

describe('arrivalOffsets', () => {
  it('spaces a constant rate evenly from zero, strictly inside the duration', () => {
    const o = offsets({ ...base, executor: 'constant-arrival-rate', rate: 20, duration: '5s' });
    expect(o).toHaveLength(100);
    expect(o[0]).toBe(0);
    expect(o[1]).toBeCloseTo(50);
    expect(o[99]).toBeCloseTo(4950);
  });

  it.each<[string, LoadScenario]>([
    ['constant', { ...base, executor: 'constant-arrival-rate', rate: 7, timeUnit: '2s', duration: '9s' }],
    [
      'ramp up from 0',
      { ...base, executor: 'ramping-arrival-rate', startRate: 0, stages: [{ duration: '4s', target: 20 }] },
    ],
    [
      'ramp down to 0',
      { ...base, executor: 'ramping-arrival-rate', startRate: 20, stages: [{ duration: '4s', target: 0 }] },
    ],
    [
      'hold then drop',
      {
        ...base,
        executor: 'ramping-arrival-rate',
        startRate: 5,
        stages: [
          { duration: '2s', target: 5 },
          { duration: '1s', target: 0 },
          { duration: '1s', target: 0 },
          { duration: '2s', target: 9 },
        ],
      },
    ],
    ['certification ramp', CERTIFICATION_SCENARIOS.find((s) => s.executor === 'ramping-arrival-rate')!],
  ])('%s: as many offsets as planned, ascending, inside the schedule', (_label, s) => {
    const o = offsets(s);
    expect(o).toHaveLength(plannedIterations(s));
    for (let i = 1; i < o.length; i++) expect(o[i]!).toBeGreaterThanOrEqual(o[i - 1]!);
    expect(o[0]!).toBeGreaterThanOrEqual(0);
    expect(o[o.length - 1]!).toBeLessThanOrEqual(scenarioDurationMs(s));
  });

  it('follows a linear ramp: the second half of 0→20/s holds three times the first', () => {
    const o = offsets({
      ...base,
      executor: 'ramping-arrival-rate',
      startRate: 0,
      stages: [{ duration: '4s', target: 20 }],
    });
    const first = o.filter((t) => t < 2000).length;
    const second = o.filter((t) => t >= 2000).length;
    expect(first).toBe(9); // ∫0..2s = 10 iterations, the first at k = 1
    expect(second).toBe(30);
  });

  it('plans nothing while the rate is zero', () => {
    const o = offsets({
      ...base,
      executor: 'ramping-arrival-rate',
      startRate: 5,
      stages: [
        { duration: '1s', target: 0 },
        { duration: '3s', target: 0 },
        { duration: '1s', target: 5 },
      ],
    });
    expect(o.filter((t) => t > 1000 && t < 4000)).toEqual([]);
  });
});
