import { describe, expect, it } from 'vitest';
import { RSS_MODES } from '../../../load/bench/modes.ts';
import { median, offBy, ratio, summaryLines, withinTolerance, type BenchFigures } from '../../../load/bench/summary.ts';

describe('ratio', () => {
  it.each([
    [1000, 4000, 2, '0.25'],
    [490.2, 480, 3, '1.021'],
    [1, 0, 2, 'n/a'],
    [NaN, 2, 2, 'n/a'],
    [undefined, 2, 2, 'n/a'],
  ])('%s / %s → %s', (a, b, digits, expected) => {
    expect(ratio(a, b, digits)).toBe(expected);
  });
});

describe('median of the maximum-rate rounds', () => {
  it.each([
    [[41_000, 12_000, 39_000], 39_000], // one starved round does not decide it
    [[40_000, 90_000, 38_000, 39_000, 41_000], 40_000], // nor one lucky one
    [[3, 1], 2],
    [[], NaN],
  ])('%j → %s', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe('offBy', () => {
  it.each([
    [490, 480, '+2.1 %'],
    [470, 480, '-2.1 %'],
    [480, 480, '+0.0 %'],
    [1, 0, 'n/a'],
  ])('%s vs %s → %s', (a, b, expected) => {
    expect(offBy(a, b)).toBe(expected);
  });
});

describe('withinTolerance (2 % of the true p99)', () => {
  it.each([
    [489, 480, true],
    [471, 480, true],
    [490.2, 480, false],
    [NaN, 480, false],
  ])('%s vs %s → %s', (measured, truth, ok) => {
    expect(withinTolerance(measured, truth)).toBe(ok);
  });
});

describe('summaryLines', () => {
  const all: BenchFigures = {
    maxRate: { builtin: 1000, autocannon: 4000, wrk: 20000 },
    stall: { trueP99: 480, tools: [{ tool: 'built-in engine (open model)', p99: 484.8 }] },
    rss: { mode: RSS_MODES.long, peakMb: 180, endMb: 170, samples: 1200, achievedRate: 1990, kernelPeakMb: 182 },
    tls: { nodeMs: 800, testsslMs: 40000, sameQuestionsMs: 18000 },
  };

  it('carries every ratio of the run', () => {
    const text = summaryLines(all, { rss: RSS_MODES.long }).join('\n');
    for (const figure of ['0.25', '0.05', '1.010', '50.0', '22.5', '180']) expect(text).toContain(figure);
  });

  it('a section left out still has its line (never silently absent)', () => {
    const lines = summaryLines({}, { rss: RSS_MODES.short });
    expect(lines.length).toBe(summaryLines(all, { rss: RSS_MODES.long }).length - all.stall!.tools.length);
  });
});
