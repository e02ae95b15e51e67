import { describe, expect, it } from 'vitest';
import {
  latestRunPerMember,
  memberRowOf,
  requirementRows,
  runStatusOf,
  summaryOfLatestRuns,
} from '../../consortium/history-summary.ts';
import type { Results } from '../../engine/types.ts';
import { day, finding, record } from './records.ts';

/** Just the requirements of a results.json: all the summary reads from it. */
function resultsWith(statuses: Record<string, 'pass' | 'fail' | 'not-tested' | 'inconclusive'>): Results {
  return {
    requirements: Object.entries(statuses).map(([id, status]) => ({
      id,
      text: `Requirement ${id}`,
      level: 'MUST',
      severity: 'high',
      area: 'contract',
      source: { standard: 'PSW', clause: '1' },
      coveredBy: [],
      status,
    })),
  } as unknown as Results;
}

describe('latestRunPerMember', () => {
  const runs = [
    record({ member: 'b', day: 3 }),
    record({ member: 'a', day: 1 }),
    record({ member: 'a', day: 2 }),
    record({ member: 'b', day: 1 }),
    record({ member: 'c', day: 0 }),
  ];
  it.each([
    ['every member, in id order', undefined, ['a-r2', 'b-r3', 'c-r0']],
    ['only the members asked for', ['c', 'a'], ['a-r2', 'c-r0']],
    ['an empty selection is every member', [], ['a-r2', 'b-r3', 'c-r0']],
  ])('%s', (_name, members, expected) => {
    expect(latestRunPerMember(runs, members).map((r) => r.runId)).toEqual(expected);
  });

  it('breaks a tie of start times by the later recorded', () => {
    const first = { ...record({ member: 'a', runId: 'x' }), recordedAt: day(1) };
    const second = { ...record({ member: 'a', runId: 'y' }), recordedAt: day(2) };
    expect(latestRunPerMember([second, first]).map((r) => r.runId)).toEqual(['y']);
  });
});

describe('member rows of recorded runs', () => {
  it.each([
    ['conformant', 'ran'],
    ['not-conformant', 'ran'],
    ['incomplete', 'ran'],
    ['unreachable', 'unreachable'],
    ['error', 'crashed'],
  ] as const)('a %s run → %s', (verdict, status) => expect(runStatusOf({ verdict })).toBe(status));

  it('carries the record, the verdict and its reason', () => {
    const r = record({ member: 'a', required: [1, 2] });
    expect(memberRowOf(r)).toEqual({
      id: 'a',
      name: 'Member a',
      status: 'ran',
      verdict: 'not-conformant',
      conformant: false,
      exitCode: 1,
      reason: 'a required check failed',
      record: r,
    });
  });
});

describe('summaryOfLatestRuns', () => {
  const a = record({ member: 'a', required: [1, 2], findings: [finding('x', 'critical'), finding('y', 'low')] });
  const b = record({ member: 'b', areas: { load: 'incomplete' } });
  const c = { ...record({ member: 'c' }), verdict: 'unreachable' as const, conformant: false };
  const summary = summaryOfLatestRuns(
    [
      { run: a, results: resultsWith({ R1: 'fail', R2: 'pass', R3: 'fail' }) },
      { run: b, results: resultsWith({ R1: 'fail', R2: 'not-tested', R3: 'pass' }) },
      { run: c },
    ],
    day(5),
  );

  it('counts the members by what became of them and sums their open findings', () => {
    expect(summary).toMatchObject({
      generatedAt: day(5),
      source: 'ingest',
      totals: {
        members: 3,
        conformant: 1,
        notConformant: 1,
        unreachable: 1,
        notRun: 0,
        openFindings: { critical: 1, high: 0, medium: 0, low: 1, info: 0 },
      },
      exitCode: 1,
    });
    expect(summary.members.map((m) => [m.id, m.status])).toEqual([
      ['a', 'ran'],
      ['b', 'ran'],
      ['c', 'unreachable'],
    ]);
    expect(summary.areas['b']!.load).toBe('incomplete');
  });

  it('builds members × requirements from each results.json, most failed first; no results.json is not-run', () => {
    expect(summary.requirements.map((q) => [q.id, q.failing, q.byMember])).toEqual([
      ['R1', 2, { a: 'fail', b: 'fail', c: 'not-run' }],
      ['R3', 1, { a: 'fail', b: 'pass', c: 'not-run' }],
      ['R2', 0, { a: 'pass', b: 'not-tested', c: 'not-run' }],
    ]);
    expect(requirementRows([])).toEqual([]);
  });
});
