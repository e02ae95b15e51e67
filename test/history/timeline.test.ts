// Findings over time: first and last seen, fixed at, days open, and new / fixed per run.
import { describe, expect, it } from 'vitest';
import type { RecordedFinding } from '../../history/record.ts';
import { changesByRun, findingsTimeline, type TimelineRun } from '../../history/timeline.ts';
import { day } from './results-builder.ts';

function f(fingerprint: string, extra: Partial<RecordedFinding> = {}): RecordedFinding {
  return { fingerprint, check: `check-${fingerprint}`, finding: 'id', severity: 'high', waived: false, ...extra };
}

function run(runId: string, at: string, fingerprints: (string | RecordedFinding)[]): TimelineRun {
  return { runId, startedAt: at, findings: fingerprints.map((x) => (typeof x === 'string' ? f(x) : x)) };
}

// Three runs, findings disappearing one by one: x fixed on day 3, y on day 10, z still open.
const THREE = [run('r1', day(0), ['x', 'y', 'z']), run('r2', day(3), ['y', 'z']), run('r3', day(10), ['z'])];

describe('findingsTimeline', () => {
  it('gives each fingerprint its first and last seen, fixed at and days open', () => {
    const t = findingsTimeline(THREE);
    expect(t.findings.map((s) => [s.fingerprint, s.firstSeen, s.lastSeen, s.fixedAt, s.openDays, s.open])).toEqual([
      ['x', day(0), day(0), day(3), 3, false],
      ['y', day(0), day(3), day(10), 10, false],
      ['z', day(0), day(10), undefined, 10, true],
    ]);
    expect(t.findings.map((s) => [s.fixedInRunId, s.seenIn])).toEqual([
      ['r2', 1],
      ['r3', 2],
      [undefined, 3],
    ]);
  });

  it('counts new and fixed per run against the run before', () => {
    const t = findingsTimeline(THREE);
    expect(t.runs.map((r) => [r.runId, r.previousRunId, r.findings, r.new, r.fixed])).toEqual([
      ['r1', undefined, 3, 3, 0],
      ['r2', 'r1', 2, 0, 1],
      ['r3', 'r2', 1, 0, 1],
    ]);
    expect(t.runs[1]!.fixedFingerprints).toEqual(['x']);
  });

  it('counts open findings up to asOf when given', () => {
    const z = findingsTimeline(THREE, { asOf: day(20) }).findings.find((s) => s.fingerprint === 'z')!;
    expect(z.openDays).toBe(20);
  });

  it.each([
    {
      name: 'a finding that comes back is open again, its days summed over its open periods',
      runs: [run('r1', day(0), ['x']), run('r2', day(2), []), run('r3', day(5), ['x']), run('r4', day(6), ['x'])],
      expect: { fingerprint: 'x', open: true, openDays: 3, reopened: 1, firstSeen: day(0) },
      fixedAt: undefined,
      changes: [
        [1, 0],
        [0, 1],
        [1, 0],
        [0, 0],
      ],
    },
    {
      name: 'runs given out of order are taken oldest first',
      runs: [run('r2', day(4), []), run('r1', day(1), ['x'])],
      expect: { fingerprint: 'x', open: false, openDays: 3, reopened: 0 },
      fixedAt: day(4),
      changes: [
        [1, 0],
        [0, 1],
      ],
    },
    {
      name: 'a fingerprint twice in one run counts once; waived as last seen',
      runs: [run('r1', day(0), ['x', 'x']), run('r2', day(1), [f('x', { waived: true })])],
      expect: { fingerprint: 'x', open: true, waived: true, seenIn: 2, openDays: 1 },
      fixedAt: undefined,
      changes: [
        [1, 0],
        [0, 0],
      ],
    },
  ])('$name', ({ runs, expect: span, fixedAt, changes }) => {
    const t = findingsTimeline(runs);
    expect(t.findings).toHaveLength(1);
    expect(t.findings[0]).toMatchObject(span);
    expect(t.findings[0]!.fixedAt).toBe(fixedAt);
    expect(t.runs.map((r) => [r.new, r.fixed])).toEqual(changes);
  });

  it('is empty for no runs', () => {
    expect(findingsTimeline([])).toEqual({ findings: [], runs: [] });
  });

  it('indexes the changes by run id', () => {
    expect(changesByRun(THREE).get('r2')).toMatchObject({ new: 0, fixed: 1 });
  });
});
