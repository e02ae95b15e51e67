import { describe, expect, it } from 'vitest';
import { renderDashboard } from '../../consortium/dashboard.ts';
import { relativeHref } from '../../consortium/dashboard-sections.ts';
import { CSP, SCRIPT, STYLE } from '../../consortium/dashboard-style.ts';
import { day, finding, record, requirement, summaryOf } from './records.ts';

const NOW = new Date(day(10));

/** Every `name="value"` of the elements matching a tag and an attribute present, in document order. */
function attrs(html: string, marker: string, names: string[]): string[][] {
  const tags = [...html.matchAll(new RegExp(`<[a-z]+[^>]*\\s${marker}(?:="[^"]*")?[^>]*>`, 'g'))].map((m) => m[0]);
  return tags.map((tag) => names.map((n) => new RegExp(`\\s${n}="([^"]*)"`).exec(tag)?.[1] ?? ''));
}

describe('renderDashboard', () => {
  const history = [
    record({ member: 'm1', day: 0, required: [1, 2], findings: [finding('a'), finding('b')], loadP95Ms: { read: 90 } }),
    record({ member: 'm1', day: 1, required: [2, 2], findings: [finding('b')], loadP95Ms: { read: 120 } }),
    record({ member: 'm2', day: 1, areas: { load: 'incomplete' } }),
  ];
  const summary = summaryOf(
    [history[1]!, history[2]!],
    [requirement('REQ-1', { m1: 'fail', m2: 'pass' }), requirement('REQ-2', { m1: 'pass', m2: 'not-tested' })],
  );
  const html = renderDashboard(summary, history, NOW);

  it('has a cell per member × area with its status as data', () => {
    expect(attrs(html, 'data-area', ['data-member', 'data-area', 'data-status'])).toEqual([
      ['m1', 'contract', 'pass'],
      ['m1', 'security', 'pass'],
      ['m1', 'load', 'not-run'],
      ['m1', 'portal', 'not-run'],
      ['m2', 'contract', 'pass'],
      ['m2', 'security', 'pass'],
      ['m2', 'load', 'incomplete'],
      ['m2', 'portal', 'not-run'],
    ]);
  });

  it('has a cell per requirement × member, most failed first', () => {
    const cells = attrs(html, 'data-requirement', ['data-requirement', 'data-member', 'data-status']);
    expect(cells.filter(([, member, status]) => member && status)).toEqual([
      ['REQ-1', 'm1', 'fail'],
      ['REQ-1', 'm2', 'pass'],
      ['REQ-2', 'm1', 'pass'],
      ['REQ-2', 'm2', 'not-tested'],
    ]);
  });

  it('gives the KPIs as data', () => {
    const kpis = attrs(html, 'data-kpi', ['data-member', 'data-kpi', 'data-value']).filter(([m]) => m === 'm1');
    expect(kpis).toEqual(
      expect.arrayContaining([
        ['m1', 'runs', '2'],
        ['m1', 'conformance-rate', '1'],
        ['m1', 'open-findings', '1'],
        ['m1', 'certificate', ''],
      ]),
    );
    expect(attrs(html, 'data-scenario', ['data-scenario', 'data-value', 'data-trend'])).toEqual([
      ['read', '120', 'slower'],
    ]);
    expect(attrs(html, 'data-total', ['data-total', 'data-value'])).toEqual([
      ['members', '2'],
      ['conformant', '2'],
      ['not-conformant', '0'],
      ['unreachable', '0'],
      ['not-run', '0'],
      ['open-findings', '1'],
    ]);
  });

  it('is self-contained: a CSP admitting only its own style and script, no URL of elsewhere', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CSP.replace(/'/g, '&#39;')}">`);
    expect(CSP).toMatch(/^default-src 'none'; /);
    expect(html).toContain(`<style>${STYLE}</style>`);
    expect(html).toContain(`<script>${SCRIPT}</script>`);
    expect(html.match(/<script/g)).toHaveLength(1);
    // SVG's namespace is an identifier, not a request.
    expect([...html.matchAll(/(?:src|href)="([^"#][^"]*)"/g)].map((m) => m[1])).toEqual([]);
    expect(html).not.toMatch(/ style="/);
  });

  it('renders the same bytes for the same data', () => {
    expect(renderDashboard(summary, history, NOW)).toBe(html);
  });

  it('escapes what members and requirements say about themselves', () => {
    const hostile = summaryOf(
      [record({ member: 'm"><script>alert(1)</script>' })],
      [requirement('<b>R</b>', { 'm"><script>alert(1)</script>': 'fail' })],
    );
    hostile.members[0]!.reason = '<img src=x onerror=alert(1)>';
    hostile.members[0]!.name = '<i>name</i>';
    const out = renderDashboard(hostile, [], NOW);
    expect(out.match(/<script/g)).toHaveLength(1);
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<i>name');
    expect(out).not.toContain('<b>R');
  });

  it('links a member’s report and results only by a relative path', () => {
    const s = summaryOf([record({ member: 'm1' })]);
    s.members[0]!.reportPath = 'members/m1/report.html';
    s.members[0]!.resultsPath = 'javascript:alert(1)';
    const out = renderDashboard(s, [], NOW);
    expect(attrs(out, 'data-link', ['data-link', 'href'])).toEqual([['report', 'members/m1/report.html']]);
  });
});

describe('relativeHref', () => {
  it.each([
    ['members/m1/report.html', 'members/m1/report.html'],
    ['members\\m1\\report.html', 'members/m1/report.html'],
    ['members/a b#c?/r.html', 'members/a%20b%23c%3F/r.html'],
    ['../elsewhere/results.json', '../elsewhere/results.json'],
    ['/etc/passwd', undefined],
    ['//evil.example/x', undefined],
    ['https://evil.example/x', undefined],
    ['javascript:alert(1)', undefined],
    ['C:/results.json', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%s → %s', (path, href) => expect(relativeHref(path)).toBe(href));
});
