// The console summary's severity line, its failure order (most severe first, waived last) and its
// screenful cap: structure and counts, not wording.
import { describe, expect, it } from 'vitest';
import { SEVERITIES, severityRank, type CheckResult, type Results, type Severity } from '../../engine/types.ts';
import { FAILURE_LINES, failingBySeverity, failuresInOrder, renderConsoleSummary } from '../../reports/console.ts';
import { sampleResults } from './sample-results.ts';

/** The sample run with `n` extra failed checks, severities cycling low → critical. */
function manyFailures(n: number): Results {
  const results = sampleResults();
  const failed = results.checks.find((c) => c.outcome === 'fail' && !c.waiver)!;
  const order: Severity[] = ['low', 'medium', 'high', 'critical'];
  const extra: CheckResult[] = Array.from({ length: n }, (_, i) => ({
    ...failed,
    id: `extra-check-${i}`,
    severity: order[i % order.length]!,
    waiver: undefined,
  }));
  return { ...results, checks: [...results.checks, ...extra] };
}

describe('severity line', () => {
  it('counts failed, unwaived checks by severity', () => {
    const results = manyFailures(8);
    const counts = failingBySeverity(results);
    for (const s of SEVERITIES) {
      const expected = results.checks.filter((c) => c.outcome === 'fail' && !c.waiver && c.severity === s).length;
      expect([s, counts[s]]).toEqual([s, expected]);
    }
    const text = renderConsoleSummary(results, { color: false });
    const line = text.split('\n').find((l) => /\d+ critical, \d+ high, \d+ medium, \d+ low/.test(l));
    expect(line).toBeDefined();
    const shown = Object.fromEntries(
      [...line!.matchAll(/(\d+) (critical|high|medium|low)/g)].map((m) => [m[2], Number(m[1])]),
    );
    expect(shown).toEqual({ critical: counts.critical, high: counts.high, medium: counts.medium, low: counts.low });
  });

  it('is absent when nothing failed', () => {
    const results = sampleResults();
    const passing = { ...results, checks: results.checks.map((c) => ({ ...c, outcome: 'pass' as const })) };
    expect(renderConsoleSummary(passing, { color: false })).not.toMatch(/\d+ critical, \d+ high/);
  });
});

describe('failure order', () => {
  it('lists unwaived failures most severe first, waived ones after, errors included', () => {
    const ordered = failuresInOrder(manyFailures(12));
    const unwaived = ordered.filter((c) => !c.waiver);
    const ranks = unwaived.map((c) => severityRank(c.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    const firstWaived = ordered.findIndex((c) => c.waiver);
    if (firstWaived >= 0) expect(ordered.slice(firstWaived).every((c) => c.waiver)).toBe(true);
    expect(ordered.every((c) => c.outcome === 'fail' || c.outcome === 'error')).toBe(true);
  });

  it('prints them in that order', () => {
    const results = manyFailures(4);
    const text = renderConsoleSummary(results, { color: false });
    const positions = failuresInOrder(results)
      .map((c) => text.search(new RegExp(`\\s${c.id}(\\s|$)`, 'm')))
      .filter((p) => p >= 0);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });
});

describe('screenful cap', () => {
  it.each([
    ['a few failures: all listed', 0],
    ['many failures: cut, and where the rest are', 60],
  ])('%s', (_name, extra) => {
    const results = manyFailures(extra);
    const lines = renderConsoleSummary(results, { color: false, outDir: 'out', fullReport: 'out/report.html' }).split(
      '\n',
    );
    const start = lines.findIndex((l) => /^\S.*:$/.test(l) && l.toLowerCase().includes('failed')) + 1;
    const moreAt = lines.findIndex((l) => l.includes('out/report.html'));
    const all = failuresInOrder(results);
    const listed = all.filter((c) => lines.some((l) => new RegExp(`\\s${c.id}(\\s|$)`).test(l)));
    if (moreAt < 0) {
      expect(listed).toHaveLength(all.length);
    } else {
      expect(moreAt - start).toBeLessThanOrEqual(FAILURE_LINES);
      expect(lines[moreAt]).toContain(String(all.length - listed.length));
      expect(listed.map((c) => c.id)).toEqual(all.slice(0, listed.length).map((c) => c.id));
    }
    if (extra > 0) expect(moreAt).toBeGreaterThan(start);
  });
});
