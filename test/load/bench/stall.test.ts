import { describe, expect, it } from 'vitest';
import { percentile, trueLatencies } from '../../../load/bench/stall.ts';

describe('trueLatencies', () => {
  it('queues everything that arrives during a pause behind it', () => {
    // 10 req/s (100 ms apart); the 3rd arrival pauses 250 ms: it waits 250, the next 150, then 50.
    expect(trueLatencies({ rate: 10, count: 7, every: 3, holdMs: 250 })).toEqual([0, 0, 250, 150, 50, 250, 150]);
  });

  it('the bench plan: two whole pauses, a fifth of all requests slowed', () => {
    const l = trueLatencies({ rate: 100, count: 500, every: 200, holdMs: 500 });
    expect(l.filter((x) => x > 0)).toHaveLength(100);
    expect(Math.max(...l)).toBe(500);
    expect(percentile(l, 50)).toBe(0);
    expect(percentile(l, 90)).toBeCloseTo(250);
    expect(percentile(l, 99)).toBeCloseTo(480);
  });
});

describe('percentile (nearest rank)', () => {
  it.each([
    [[5, 1, 3, 2, 4], 50, 3],
    [[5, 1, 3, 2, 4], 100, 5],
    [[5, 1, 3, 2, 4], 0, 1],
    [[7], 99, 7],
  ])('%j p%d = %d', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });
  it('is NaN for no values', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});
