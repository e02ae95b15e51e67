// summary.md: structure (tables that GFM renders, blocking checks most severe first, counts that match
// the checks, baseline counts), escaping of cell text, and GitHub Actions annotations.
import { describe, expect, it } from 'vitest';
import type { Results } from '../../engine/types.ts';
import {
  escapeCommandData,
  escapeCommandProperty,
  MAX_ANNOTATIONS,
  renderGithubAnnotations,
} from '../../reports/annotations.ts';
import { REPORTERS } from '../../reports/index.ts';
import {
  blockingChecks,
  markdownCode,
  markdownText,
  renderMarkdown,
  severityCounts,
  SUMMARY_SEVERITIES,
} from '../../reports/markdown.ts';
import { markdownTables, splitRow, tableProblems } from '../helpers/markdown-tables.ts';
import { emptyResults, sampleResults, unreachableResults } from './sample-results.ts';

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'];

/** Many blocking checks of mixed severity, one with a hostile message and id-like text. */
function manyBlocking(): Results {
  const r = sampleResults();
  const template = r.checks.find((c) => c.outcome === 'fail' && c.required)!;
  const severities = ['low', 'critical', 'medium', 'high'] as const;
  const extra = Array.from({ length: 24 }, (_, i) => ({
    ...structuredClone(template),
    id: `extra-check-${String(i).padStart(2, '0')}`,
    severity: severities[i % 4]!,
    findings: [{ id: 'bad', message: i === 1 ? 'pipe | and `tick` and <b>html</b>\nnext line' : `finding ${i}` }],
  }));
  r.checks.push(...extra);
  r.summary.blocking.push(...extra.map((c) => c.id));
  return r;
}

describe('renderMarkdown', () => {
  it.each([
    ['sample', sampleResults()],
    ['many blocking', manyBlocking()],
    ['empty', emptyResults()],
    ['unreachable', unreachableResults()],
  ])('%s: every table has a header, a separator and rows of the same width', (_name, results) => {
    const md = renderMarkdown(results);
    for (const t of markdownTables(md)) expect(tableProblems(t)).toEqual([]);
    expect(md.split('\n').length).toBeLessThan(60);
    expect(md).not.toMatch(/(^|[^\\])<[a-z/]/im); // no HTML: GitLab and Azure DevOps strip or show it
  });

  it('has one row per area and a total that matches the checks', () => {
    const results = sampleResults();
    const [areas] = markdownTables(renderMarkdown(results));
    expect(areas!.header[0]).toBe('Area');
    expect(areas!.rows.map((r) => r[0])).toEqual(['contract', 'security', 'load', 'portal', '**Total**']);
    const failColumn = areas!.header.indexOf('Fail');
    const fails = results.checks.filter((c) => c.outcome === 'fail').length;
    expect(areas!.rows.at(-1)![failColumn]).toBe(`**${fails}**`);
  });

  it('counts failed checks and findings by severity', () => {
    const results = manyBlocking();
    const table = markdownTables(renderMarkdown(results)).find((t) => t.header[0] === 'Failed')!;
    expect(table.header.slice(1).map((h) => h.toLowerCase())).toEqual([...SUMMARY_SEVERITIES]);
    const counts = severityCounts(results);
    expect(table.rows.map((r) => r[0])).toEqual(['checks', 'findings']);
    expect(table.rows[0]!.slice(1).map(Number)).toEqual(SUMMARY_SEVERITIES.map((s) => counts[s].checks));
    expect(table.rows[1]!.slice(1).map(Number)).toEqual(SUMMARY_SEVERITIES.map((s) => counts[s].findings));
  });

  it('lists at most ten blocking checks, most severe first, each with severity, id, requirement and location', () => {
    const results = manyBlocking();
    const table = markdownTables(renderMarkdown(results)).find((t) => t.header[0] === 'Severity')!;
    expect(table.header).toEqual(['Severity', 'Check', 'Requirement', 'Finding', 'Location']);
    expect(table.rows).toHaveLength(10);
    const ranks = table.rows.map((r) => SEVERITY_ORDER.indexOf(r[0]!));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(table.rows.map((r) => r[1])).toEqual(
      blockingChecks(results)
        .slice(0, 10)
        .map((c) => `\`${c.id}\``),
    );
  });

  it('says new and fixed counts only when there is a baseline', () => {
    const results = sampleResults();
    expect(renderMarkdown(results)).not.toContain('**7 new**');
    results.baseline = {
      from: 'old.json',
      runId: 'run-0',
      startedAt: '2026-03-01T00:00:00.000Z',
      fixed: [],
      counts: { new: 7, unchanged: 3, fixed: 2, notRechecked: 0 },
    };
    expect(renderMarkdown(results)).toContain('**7 new**');
  });

  it('names the waived checks apart from the blocking ones', () => {
    const results = sampleResults();
    results.summary.waived = ['hsts-header'];
    const md = renderMarkdown(results);
    const waivedLine = md.split('\n').find((l) => l.includes('`hsts-header`') && !l.startsWith('|'));
    expect(waivedLine).toBeDefined();
    expect(renderMarkdown(sampleResults())).not.toContain('`hsts-header`.');
  });

  it('names the reports written beside it', () => {
    expect(renderMarkdown(sampleResults(), { reportFiles: ['report.html', 'results.json'] })).toMatch(
      /`report\.html`, `results\.json`/,
    );
    expect(REPORTERS.markdown.fileName).toBe('summary.md');
  });

  it.each([
    ['a | b', 'a \\| b'],
    ['use `x`', 'use \\`x\\`'],
    ['<img src=x>', '\\<img src=x\\>'],
    ['two\nlines', 'two lines'],
    ['x'.repeat(200), `${'x'.repeat(139)}…`],
  ])('cell text %j', (input, expected) => {
    expect(markdownText(input)).toBe(expected);
    expect(splitRow(`| ${markdownText(input)} | z |`)).toHaveLength(2);
  });

  it.each([
    ['GET /a|b', '`GET /a\\|b`'],
    ['has `tick`', '`` has `tick` ``'],
    ['a ``b`` c', '```a ``b`` c```'],
  ])('code span %j', (input, expected) => {
    expect(markdownCode(input)).toBe(expected);
    expect(splitRow(`| ${markdownCode(input)} | z |`)).toHaveLength(2);
  });
});

describe('GitHub Actions annotations', () => {
  it.each([
    ['100%', '100%25'],
    ['a\r\nb', 'a%0D%0Ab'],
  ])('data %j', (input, expected) => expect(escapeCommandData(input)).toBe(expected));

  it.each([
    ['high: a,b', 'high%3A a%2Cb'],
    ['50%\n', '50%25%0A'],
  ])('property %j', (input, expected) => expect(escapeCommandProperty(input)).toBe(expected));

  it('writes one ::error per blocking check, at most ten, most severe first, on one line each', () => {
    const results = manyBlocking();
    const lines = renderGithubAnnotations(results);
    expect(lines).toHaveLength(MAX_ANNOTATIONS);
    for (const line of lines) {
      expect(line).toMatch(/^::error title=[^:,]+::[^\r\n]+$/);
    }
    const ids = lines.map((l) => /^::error title=[a-z]+%3A ([^,:]+)::/.exec(l)![1]);
    expect(ids).toEqual(
      blockingChecks(results)
        .slice(0, MAX_ANNOTATIONS)
        .map((c) => c.id),
    );
  });

  it('names the file and line of the operation when the OpenAPI document is given', () => {
    const results = sampleResults();
    const withOp = blockingChecks(results).find((c) => c.findings[0]?.location?.operationId)!;
    const op = withOp.findings[0]!.location!.operationId!;
    const lines = renderGithubAnnotations(results, {
      source: { uri: 'api/openapi.yaml', operations: [{ method: 'GET', path: '/x', operationId: op, line: 42 }] },
    });
    const line = lines.find((l) => l.includes(`%3A ${withOp.id},`))!;
    expect(line).toMatch(/,file=api\/openapi\.yaml,line=42::/);
  });

  it('writes nothing for a conformant or empty run', () => {
    expect(renderGithubAnnotations(emptyResults())).toEqual([]);
  });
});
