import { describe, expect, it } from 'vitest';
import { memberTimes, parseScaleArgs, speedups, type ScaleRun } from '../../consortium/bench-plan.ts';
import { UsageError } from '../../engine/errors.ts';

describe('parseScaleArgs', () => {
  it.each([
    { argv: [], sizes: [1, 5, 10] },
    { argv: ['--members', '5'], sizes: [5] },
    { argv: ['--members=10,1,5,5'], sizes: [1, 5, 10] },
  ])('$argv → $sizes', ({ argv, sizes }) => {
    expect(parseScaleArgs(argv).sizes).toEqual(sizes);
  });

  it.each([[['--members']], [['--members', '0']], [['--members', '33']], [['--members', '2.5']], [['--fast']]])(
    '%j is a UsageError',
    (argv) => {
      expect(() => parseScaleArgs(argv)).toThrow(UsageError);
    },
  );
});

describe('memberTimes', () => {
  it.each([
    { ms: [4000, 6000, 8000], times: { meanS: 6, minS: 4, maxS: 8 } },
    { ms: [2000, NaN], times: { meanS: 2, minS: 2, maxS: 2 } },
  ])('$ms → $times', ({ ms, times }) => {
    expect(memberTimes(ms)).toEqual(times);
  });

  it('no finished member: NaN, not zero', () => {
    expect(memberTimes([]).meanS).toBeNaN();
  });
});

describe('speedups', () => {
  const run = (size: number, mode: ScaleRun['mode'], wallMs: number): ScaleRun => ({
    size,
    mode,
    wallMs,
    memberMs: [],
    exclusiveMs: 0,
    harnessPeakMb: 0,
    serversPeakMb: 0,
    conformant: size,
  });

  it('serial wall / parallel wall per size; a size missing a mode has no ratio', () => {
    expect(
      speedups([
        run(1, 'serial', 7000),
        run(1, 'parallel', 7000),
        run(5, 'serial', 30000),
        run(5, 'parallel', 15000),
        run(10, 'serial', 1),
      ]),
    ).toEqual([
      { size: 1, ratio: 1 },
      { size: 5, ratio: 2 },
    ]);
  });
});
