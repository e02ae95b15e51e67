import { describe, expect, it } from 'vitest';
import {
  certificateKpi,
  consortiumKpis,
  dashboardKpis,
  loadP95Trends,
  median,
  memberKpis,
  mostFailedRequirements,
  runsOfMember,
} from '../../consortium/kpis.ts';
import { memberTrendCharts, trendSvg } from '../../consortium/dashboard-charts.ts';
import { day, finding, record, requirement, summaryOf } from './records.ts';

const NOW = new Date(day(10));

/** Three runs of one member, its findings fixed one by one, its conformance rising. */
const falling = [
  record({ day: 0, required: [1, 3], findings: [finding('a', 'critical'), finding('b'), finding('c', 'medium')] }),
  record({ day: 1, required: [2, 3], findings: [finding('b'), finding('c', 'medium')] }),
  record({ day: 2, required: [2, 3], findings: [finding('c', 'medium')] }),
];

describe('memberKpis', () => {
  it('takes the latest run’s figures and the history’s changes and days open', () => {
    const k = memberKpis('m1', [...falling].reverse(), NOW);
    expect(k).toMatchObject({
      member: 'm1',
      name: 'Member m1',
      runs: 3,
      latestRunId: 'm1-r2',
      conformant: false,
      conformanceRate: 2 / 3,
      openFindings: { critical: 0, high: 0, medium: 1, low: 0, info: 0 },
      openFindingsTotal: 1,
      latestChange: { runId: 'm1-r2', new: 0, fixed: 1, open: 1 },
      // a fixed after 1 day, b after 2, c open for 10 by NOW.
      findingAge: { episodes: 3, stillOpen: 1, medianDays: 2, maxDays: 10 },
      coverage: { total: 10, tested: 7, passed: 6, testedRate: 0.7, passedRate: 0.6 },
      certificate: { state: 'none' },
    });
    expect(k.trend.map((p) => [p.runId, p.conformanceRate, p.openFindings.high])).toEqual([
      ['m1-r0', 1 / 3, 1],
      ['m1-r1', 2 / 3, 1],
      ['m1-r2', 2 / 3, 0],
    ]);
    expect(k.changes.map((c) => [c.new, c.fixed, c.open])).toEqual([
      [3, 0, 3],
      [0, 1, 2],
      [0, 1, 1],
    ]);
  });

  it('is empty for a member with no run (unreachable, never recorded)', () => {
    const k = memberKpis('gone', [], NOW);
    expect(k).toEqual({
      member: 'gone',
      runs: 0,
      openFindings: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
      openFindingsTotal: 0,
      findingAge: { episodes: 0, stillOpen: 0 },
      coverage: { total: 0, tested: 0, passed: 0 },
      loadP95: [],
      certificate: { state: 'none' },
      trend: [],
      changes: [],
    });
  });

  it('has no conformance rate when no required check was judged', () => {
    expect(memberKpis('m1', [record({ required: [0, 0] })], NOW).conformanceRate).toBeUndefined();
  });
});

describe('loadP95Trends', () => {
  const cases: Array<[name: string, runs: Array<Record<string, number>>, expected: unknown]> = [
    ['first measurement', [{ s: 100 }], [{ scenario: 's', latestMs: 100, trend: 'first' }]],
    [
      'slower by half',
      [{ s: 100 }, { s: 150 }],
      [{ scenario: 's', latestMs: 150, previousMs: 100, change: 0.5, trend: 'slower' }],
    ],
    [
      'faster',
      [{ s: 200 }, { s: 100 }],
      [{ scenario: 's', latestMs: 100, previousMs: 200, change: -0.5, trend: 'faster' }],
    ],
    [
      'steady within 10 %',
      [{ s: 100 }, { s: 105 }],
      [{ scenario: 's', latestMs: 105, previousMs: 100, change: 0.05, trend: 'steady' }],
    ],
    [
      'compared with the last run that measured it',
      [{ s: 100 }, {}, { s: 100 }],
      [{ scenario: 's', latestMs: 100, previousMs: 100, change: 0, trend: 'steady' }],
    ],
    ['not measured in the latest run', [{ s: 100 }, {}], [{ scenario: 's', previousMs: 100, trend: 'not-measured' }]],
    [
      'scenarios in name order',
      [{ b: 1, a: 2 }],
      [
        { scenario: 'a', latestMs: 2, trend: 'first' },
        { scenario: 'b', latestMs: 1, trend: 'first' },
      ],
    ],
  ];
  it.each(cases)('%s', (_name, runs, expected) => {
    expect(loadP95Trends(runs.map((loadP95Ms) => ({ loadP95Ms })))).toEqual(expected);
  });
});

describe('certificateKpi', () => {
  const cert = (from: number, until: number) => ({ validFrom: day(from), validUntil: day(until) });
  const cases: Array<
    [name: string, certificate: ReturnType<typeof cert> | undefined, state: string, daysLeft?: number]
  > = [
    ['none', undefined, 'none'],
    ['valid for a year', cert(0, 375), 'valid', 365],
    ['expiring within 30 days', cert(0, 40), 'expiring', 30],
    ['expired at validUntil', cert(0, 10), 'expired', 0],
    ['expired a day ago', cert(0, 9), 'expired', -1],
    ['not yet valid', cert(11, 400), 'not-yet-valid', 390],
  ];
  it.each(cases)('%s', (_name, certificate, state, daysLeft) => {
    const k = certificateKpi([record(certificate ? { certificate } : {})], NOW);
    expect(k.state).toBe(state);
    expect(k.daysLeft).toBe(daysLeft);
  });

  it('judges the latest certified run’s certificate', () => {
    const runs = [
      record({ day: 0, certificate: { validFrom: day(0), validUntil: day(400) } }),
      record({ day: 1, certificate: { validFrom: day(1), validUntil: day(5) } }),
      record({ day: 2 }),
    ];
    expect(certificateKpi(runs, NOW)).toMatchObject({ state: 'expired', certificate: { runId: 'm1-r1' } });
  });
});

describe('median', () => {
  it.each([
    [[], undefined],
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
  ])('%j → %s', (values, expected) => expect(median(values)).toBe(expected));
});

describe('consortium KPIs', () => {
  const m1 = record({ member: 'm1', required: [3, 3] });
  const m2 = record({ member: 'm2', required: [1, 2], findings: [finding('x', 'critical'), finding('y')] });
  const m3 = record({ member: 'm3', required: [0, 0], findings: [finding('z', 'high', true), finding('w', 'low')] });
  const requirements = [
    requirement('REQ-1', { m1: 'pass', m2: 'fail', m3: 'fail' }),
    requirement('REQ-2', { m1: 'pass', m2: 'fail', m3: 'pass' }),
    requirement('REQ-0', { m1: 'fail', m2: 'pass', m3: 'not-tested' }),
    requirement('REQ-3', { m1: 'pass', m2: 'pass', m3: 'pass' }),
  ];
  const summary = summaryOf([m1, m2, m3], requirements);

  it('counts conformant members, averages the rates that exist, sums open findings', () => {
    const k = dashboardKpis(summary, [], NOW).consortium;
    expect(k).toMatchObject({
      members: 3,
      conformant: 1,
      meanConformanceRate: (1 + 0.5) / 2,
      ratedMembers: 2,
      openFindings: { critical: 1, high: 1, medium: 0, low: 1, info: 0 },
      openFindingsTotal: 3,
    });
  });

  it('lists the requirements most members fail, most first, then by id, with who fails them', () => {
    expect(mostFailedRequirements(summary).map((q) => [q.id, q.failing, q.members])).toEqual([
      ['REQ-1', 2, ['m2', 'm3']],
      ['REQ-0', 1, ['m1']],
      ['REQ-2', 1, ['m2']],
    ]);
    expect(consortiumKpis(summary, [], 1).mostFailed.map((q) => q.id)).toEqual(['REQ-1']);
  });

  it('adds the summary’s record to a member’s history when the store does not hold it yet', () => {
    const history = [record({ member: 'm1', day: -2 }), record({ member: 'm2', day: -1 })];
    expect(runsOfMember(summary.members[0]!, history).map((r) => r.runId)).toEqual(['m1-r-2', 'm1-r0']);
    expect(runsOfMember(summary.members[0]!, [...history, m1]).map((r) => r.runId)).toEqual(['m1-r-2', 'm1-r0']);
  });
});

describe('trend chart data', () => {
  const runs = [
    record({ day: 0, required: [1, 2], findings: [finding('a', 'critical'), finding('b')], loadP95Ms: { read: 80 } }),
    record({ day: 1, required: [2, 2], findings: [finding('b')], loadP95Ms: { read: 120, write: 300 } }),
    record({ day: 2, required: [2, 2], findings: [] }),
  ];
  const charts = memberTrendCharts(memberKpis('m1', runs, NOW));

  it('draws the conformance rate, the severities that had findings, and each load scenario, one value per run', () => {
    expect(charts.map((c) => [c.chart, c.series.map((s) => [s.name, s.values])])).toEqual([
      ['conformance-rate', [['conformance rate', [50, 100, 100]]]],
      [
        'open-findings',
        [
          ['critical', [1, 0, 0]],
          ['high', [1, 1, 0]],
        ],
      ],
      [
        'load-p95',
        [
          ['read', [80, 120, undefined]],
          ['write', [undefined, 300, undefined]],
        ],
      ],
    ]);
  });

  it('has no load chart without load runs, and one flat line when nothing was ever open', () => {
    const plain = memberTrendCharts(memberKpis('m1', [record()], NOW));
    expect(plain.map((c) => [c.chart, c.series.map((s) => [s.name, s.values])])).toEqual([
      ['conformance-rate', [['conformance rate', [100]]]],
      ['open-findings', [['all severities', [0]]]],
    ]);
  });

  it('marks one point per measured run, with a title, and breaks the line where a run measured nothing', () => {
    const svg = trendSvg(charts[2]!, 'load');
    const points = (series: string) =>
      [...svg.matchAll(new RegExp(`<g data-series="${series}">(.*?)</g>`, 'gs'))][0]![1]!;
    expect([...points('read').matchAll(/data-run="([^"]+)"/g)].map((m) => m[1])).toEqual(['m1-r0', 'm1-r1']);
    expect([...points('write').matchAll(/data-run="([^"]+)"/g)].map((m) => m[1])).toEqual(['m1-r1']);
    // read: one segment of two points; write: a lone point, no line.
    expect(points('read').match(/<polyline/g)).toHaveLength(1);
    expect(points('write').match(/<polyline/g)).toBeNull();
    expect(svg).toMatch(/<title id="load-title">Load p95 per scenario over runs<\/title>/);
    expect(svg.match(/<circle [^>]*><title>/g)).toHaveLength(3);
  });
});
