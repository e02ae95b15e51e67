import { describe, expect, it } from 'vitest';
import { findingTimeline, type TimelineRun } from '../../history/timeline.ts';
import type { RecordedFinding } from '../../history/record.ts';

const f = (fingerprint: string, extra: Partial<RecordedFinding> = {}): RecordedFinding => ({
  fingerprint,
  check: `check-${fingerprint}`,
  finding: `finding-${fingerprint}`,
  severity: 'high',
  waived: false,
  ...extra,
});

/** Runs one day apart from 2026-01-01, each with the given fingerprints. */
function runs(...findings: Array<Array<string | RecordedFinding>>): TimelineRun[] {
  return findings.map((list, i) => ({
    runId: `r${i + 1}`,
    startedAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
    findings: list.map((x) => (typeof x === 'string' ? f(x) : x)),
  }));
}

const NOW = new Date(Date.UTC(2026, 0, 11)); // ten days after the first run

describe('findingTimeline', () => {
  const cases: Array<{
    name: string;
    runs: TimelineRun[];
    episodes: Array<{ fingerprint: string; firstRunId: string; fixedRunId?: string; openDays: number; open: boolean }>;
    perRun: Array<[runId: string, added: number, fixed: number, open: number]>;
  }> = [
    {
      name: 'findings disappearing one by one',
      runs: runs(['a', 'b', 'c'], ['b', 'c'], ['c']),
      episodes: [
        { fingerprint: 'a', firstRunId: 'r1', fixedRunId: 'r2', openDays: 1, open: false },
        { fingerprint: 'b', firstRunId: 'r1', fixedRunId: 'r3', openDays: 2, open: false },
        { fingerprint: 'c', firstRunId: 'r1', openDays: 10, open: true },
      ],
      perRun: [
        ['r1', 3, 0, 3],
        ['r2', 0, 1, 2],
        ['r3', 0, 1, 1],
      ],
    },
    {
      name: 'a finding that reappears is a second episode',
      runs: runs(['a'], [], ['a'], []),
      episodes: [
        { fingerprint: 'a', firstRunId: 'r1', fixedRunId: 'r2', openDays: 1, open: false },
        { fingerprint: 'a', firstRunId: 'r3', fixedRunId: 'r4', openDays: 1, open: false },
      ],
      perRun: [
        ['r1', 1, 0, 1],
        ['r2', 0, 1, 0],
        ['r3', 1, 0, 1],
        ['r4', 0, 1, 0],
      ],
    },
    {
      name: 'duplicates are a multiset: the second copy is fixed on its own',
      runs: runs(['a', 'a'], ['a'], ['a', 'a', 'a']),
      episodes: [
        { fingerprint: 'a', firstRunId: 'r1', openDays: 10, open: true },
        { fingerprint: 'a', firstRunId: 'r1', fixedRunId: 'r2', openDays: 1, open: false },
        { fingerprint: 'a', firstRunId: 'r3', openDays: 8, open: true },
        { fingerprint: 'a', firstRunId: 'r3', openDays: 8, open: true },
      ],
      perRun: [
        ['r1', 2, 0, 2],
        ['r2', 0, 1, 1],
        ['r3', 2, 0, 3],
      ],
    },
    {
      name: 'a waived finding is not open: waiving it closes it',
      runs: runs(['a', f('b', { waived: true })], [f('a', { waived: true })]),
      episodes: [{ fingerprint: 'a', firstRunId: 'r1', fixedRunId: 'r2', openDays: 1, open: false }],
      perRun: [
        ['r1', 1, 0, 1],
        ['r2', 0, 1, 0],
      ],
    },
    {
      name: 'runs given out of order are sorted by startedAt',
      runs: runs(['a', 'b'], ['b']).reverse(),
      episodes: [
        { fingerprint: 'a', firstRunId: 'r1', fixedRunId: 'r2', openDays: 1, open: false },
        { fingerprint: 'b', firstRunId: 'r1', openDays: 10, open: true },
      ],
      perRun: [
        ['r1', 2, 0, 2],
        ['r2', 0, 1, 1],
      ],
    },
    { name: 'no runs', runs: [], episodes: [], perRun: [] },
  ];

  it.each(cases)('$name', (c) => {
    const t = findingTimeline(c.runs, NOW);
    expect(
      t.fingerprints.map((x) => ({
        fingerprint: x.fingerprint,
        firstRunId: x.firstRunId,
        ...(x.fixedRunId ? { fixedRunId: x.fixedRunId } : {}),
        openDays: x.openDays,
        open: x.open,
      })),
    ).toEqual(c.episodes);
    expect(t.perRun.map((r) => [r.runId, r.new, r.fixed, r.open])).toEqual(c.perRun);
  });

  it('dates an episode by its runs and keeps the check, finding and severity of its first copy', () => {
    const t = findingTimeline(runs([f('a', { severity: 'critical' })], ['a'], []), NOW);
    expect(t.fingerprints).toEqual([
      {
        fingerprint: 'a',
        check: 'check-a',
        finding: 'finding-a',
        severity: 'critical',
        firstSeen: '2026-01-01T00:00:00.000Z',
        firstRunId: 'r1',
        lastSeen: '2026-01-02T00:00:00.000Z',
        fixedAt: '2026-01-03T00:00:00.000Z',
        fixedRunId: 'r3',
        openDays: 2,
        open: false,
      },
    ]);
  });

  it('never gives negative open days when now is before the first run', () => {
    const t = findingTimeline(runs(['a']), new Date(Date.UTC(2025, 0, 1)));
    expect(t.fingerprints[0]!.openDays).toBe(0);
  });
});
