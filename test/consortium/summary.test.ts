// The consortium summary as a pure function of members' results: rows, members × areas, members ×
// requirements, totals, the exit code's precedence; valid against its schema; consortium.md's tables.
import { describe, expect, it } from 'vitest';
import type { Results } from '../../engine/types.ts';
import { recordOf } from '../../history/record.ts';
import { renderConsortiumMarkdown } from '../../consortium/markdown.ts';
import { validateSummary } from '../../consortium/schema.ts';
import { consortiumExitCode, statusOfResults, summarize, type MemberInput } from '../../consortium/summary.ts';
import type { MemberRunStatus } from '../../consortium/types.ts';
import { markdownTables, tableProblems } from '../helpers/markdown-tables.ts';
import { sampleResults, unreachableResults } from '../reports/sample-results.ts';

function conformantResults(): Results {
  const r = sampleResults();
  return {
    ...r,
    checks: r.checks.map((c) => ({ ...c, outcome: c.outcome === 'not-applicable' ? c.outcome : 'pass', findings: [] })),
    requirements: r.requirements.map((q) => ({ ...q, status: 'pass' })),
    summary: { ...r.summary, blocking: [] },
    verdict: { status: 'conformant', conformant: true, exitCode: 0, reason: 'all required checks passed' },
  };
}

const members: MemberInput[] = [
  { row: { id: 'e-hung', status: 'hung', reason: 'abandoned', exitCode: 5 } },
  { row: { id: 'a-flawed', status: 'ran', resultsPath: 'members/a-flawed/results.json' }, results: sampleResults() },
  { row: { id: 'b-good', name: 'Good port', status: 'ran' }, results: conformantResults() },
  { row: { id: 'c-down', status: 'unreachable' }, results: unreachableResults() },
  { row: { id: 'd-nosecrets', status: 'skipped', reason: 'credentials not set: X', exitCode: 2 } },
];
const summary = summarize(members, 'run', { generatedAt: new Date('2026-03-02T10:00:00Z') });

describe('summarize', () => {
  it('rows in id order, with what became of each member', () => {
    expect(summary.members.map((m) => [m.id, m.status, m.verdict, m.conformant, m.exitCode])).toEqual([
      ['a-flawed', 'ran', 'not-conformant', false, 1],
      ['b-good', 'ran', 'conformant', true, 0],
      ['c-down', 'unreachable', 'unreachable', false, 3],
      ['d-nosecrets', 'skipped', undefined, false, 2],
      ['e-hung', 'hung', undefined, false, 5],
    ]);
    expect(summary.members[0]!.record?.member).toBe('port-of-example-psw');
    expect(summary.members[0]!.resultsPath).toBe('members/a-flawed/results.json');
    expect(summary.members[1]!.name).toBe('Good port');
    expect(summary.members[3]!.reason).toBe('credentials not set: X');
  });

  it('members × areas: the record’s for members that ran, not-run for the others', () => {
    expect(summary.areas['a-flawed']).toEqual(recordOf(sampleResults()).areas);
    expect(Object.values(summary.areas['a-flawed']!)).toContain('fail');
    expect(summary.areas['b-good']).toEqual({ contract: 'pass', security: 'pass', load: 'pass', portal: 'pass' });
    for (const id of ['c-down', 'd-nosecrets', 'e-hung'])
      expect(Object.values(summary.areas[id]!)).toEqual(['not-run', 'not-run', 'not-run', 'not-run']);
  });

  it('members × requirements: each member’s status, not-run without a run', () => {
    const row = summary.requirements.find((r) => r.id === 'PSW-API-001')!;
    expect(row.byMember).toEqual({
      'a-flawed': 'fail',
      'b-good': 'pass',
      'c-down': 'not-run',
      'd-nosecrets': 'not-run',
      'e-hung': 'not-run',
    });
    expect(row.failing).toBe(1);
    expect(summary.requirements.find((r) => r.id === 'PSW-ID-003')!.byMember['a-flawed']).toBe('inconclusive');
    expect(summary.requirements.map((r) => r.id)).toEqual(sampleResults().requirements.map((q) => q.id));
  });

  it('totals', () => {
    expect(summary.totals).toMatchObject({ members: 5, conformant: 1, notConformant: 1, unreachable: 1, notRun: 2 });
    expect(summary.totals.openFindings).toEqual(summary.members[0]!.record!.openFindings);
  });

  it('is valid against consortium/summary.schema.json; a wrong field is not', () => {
    expect(validateSummary(summary)).toEqual({ valid: true, errors: [] });
    const broken = { ...summary, members: [{ ...summary.members[0]!, status: 'exploded' }] };
    expect(validateSummary(broken).valid).toBe(false);
    expect(validateSummary({ ...summary, extra: 1 }).errors).toEqual(['/: unknown property "extra"']);
  });
});

describe('the exit code: the first that applies', () => {
  const row = (status: MemberRunStatus, conformant = false) => ({ status, conformant });
  it.each<[string, ReturnType<typeof row>[], number | undefined, number]>([
    ['every member conformant', [row('ran', true), row('ran', true)], undefined, 0],
    ['one not conformant', [row('ran', true), row('ran')], undefined, 1],
    ['not conformant beats unreachable', [row('ran'), row('unreachable')], undefined, 1],
    ['unreachable', [row('ran', true), row('unreachable')], undefined, 3],
    ['skipped', [row('ran', true), row('skipped')], undefined, 3],
    ['hung', [row('hung')], undefined, 3],
    ['crashed', [row('crashed'), row('ran', true)], undefined, 3],
    ['a refused entry beats not conformant', [row('usage'), row('ran')], undefined, 2],
    ['an interrupt beats everything', [row('usage'), row('ran')], 130, 130],
    ['SIGTERM', [row('ran', true)], 143, 143],
  ])('%s', (_name, rows, stopped, code) => {
    expect(consortiumExitCode(rows, stopped)).toBe(code);
  });
});

describe('statusOfResults', () => {
  it.each<[string, Results, MemberRunStatus]>([
    ['a verdict', sampleResults(), 'ran'],
    ['unreachable', unreachableResults(), 'unreachable'],
    [
      'a usage error',
      {
        ...sampleResults(),
        verdict: { status: 'error', conformant: false, exitCode: 2, reason: 'x' },
        errors: [{ code: 'usage', message: 'x' }],
      },
      'usage',
    ],
    [
      'an internal error',
      {
        ...sampleResults(),
        verdict: { status: 'error', conformant: false, exitCode: 4, reason: 'x' },
        errors: [{ code: 'internal', message: 'x' }],
      },
      'crashed',
    ],
  ])('%s', (_name, results, status) => {
    expect(statusOfResults(results)).toBe(status);
  });
});

describe('consortium.md', () => {
  const md = renderConsortiumMarkdown(summary);
  const tables = markdownTables(md);

  it('has well-formed tables: members × areas, then the unsettled requirements × members', () => {
    for (const t of tables) expect(tableProblems(t)).toEqual([]);
    const [membersTable, requirementsTable] = tables;
    expect(membersTable!.rows.map((r) => r[0]!.split(' ')[0])).toEqual(
      summary.members.map((m) => m.id.replace(/_/g, '\\_')),
    );
    expect(requirementsTable!.header.slice(4, -1)).toEqual(summary.members.map((m) => m.id));
    const ids = requirementsTable!.rows.map((r) => r[0]!.replace(/`/g, ''));
    expect(ids).toEqual(expect.arrayContaining(['PSW-API-001', 'PSW-ID-003']));
    expect(ids).not.toContain('PSW-ID-001');
  });

  it('is a function of the summary', () => {
    expect(renderConsortiumMarkdown(structuredClone(summary))).toBe(md);
  });
});
