/* eslint-disable no-control-regex -- these tests look for raw control characters */
import { describe, expect, it } from 'vitest';
import { OUTCOMES } from '../../engine/types.ts';
import { renderConsoleSummary } from '../../reports/console.ts';
import { emptyResults, sampleResults, unreachableResults } from './sample-results.ts';

const ESC = '\u001b';

describe('renderConsoleSummary', () => {
  const results = sampleResults();
  const plain = renderConsoleSummary(results, { color: false, outDir: 'out/run-1' });
  const lines = plain.split('\n');

  it('states the verdict reason and exit code first', () => {
    const verdictLine = lines.findIndex((l) => l.includes(results.verdict.reason));
    expect(verdictLine).toBe(1);
    expect(lines[1]).toContain(`exit ${results.verdict.exitCode}`);
  });

  it('has a row per area whose counts match the checks', () => {
    for (const area of ['contract', 'security', 'load', 'portal'] as const) {
      const row = lines.find((l) => l.trimStart().startsWith(`${area} `))!;
      const cells = row.trim().split(/\s{2,}/);
      const counts = results.checks.filter((c) => c.area === area);
      expect(cells.slice(1, 1 + OUTCOMES.length).map(Number)).toEqual(
        OUTCOMES.map((o) => counts.filter((c) => c.outcome === o).length),
      );
      expect(Number(cells[1 + OUTCOMES.length])).toBe(counts.length);
      expect(cells[2 + OUTCOMES.length]).toMatch(/\d/);
    }
  });

  it('lists failed and errored checks with severity, first finding and location, and nothing else', () => {
    for (const c of results.checks) {
      const listed = lines.some((l) => new RegExp(`\\s${c.id}(\\s|$)`).test(l) && l.includes(c.severity));
      expect([c.id, listed]).toEqual([c.id, c.outcome === 'fail' || c.outcome === 'error']);
    }
    const schema = results.checks[0]!;
    expect(plain).toContain(schema.findings[0]!.message);
    expect(plain).toContain(schema.findings[0]!.location!.url);
    expect(plain).toContain(results.checks.find((c) => c.outcome === 'error')!.error!.message);
  });

  it('says where the reports were written, only when given', () => {
    expect(plain).toContain('out/run-1');
    expect(renderConsoleSummary(results, { color: false })).not.toContain('out/run-1');
  });

  it('uses colour only when asked', () => {
    expect(plain).not.toContain(ESC);
    const colored = renderConsoleSummary(results, { color: true });
    expect(colored).toContain(`${ESC}[`);
    // Same text once the colour is stripped.
    expect(colored.replace(/\u001b\[\d+m/g, '')).toBe(renderConsoleSummary(results, { color: false }));
  });

  it('neutralises terminal escapes and line breaks from the target', () => {
    const r = sampleResults();
    r.checks[0]!.findings[0]!.message = `evil${ESC}]0;pwned\u0007${ESC}[2J\rover\nwrite\u009b31m`;
    const out = renderConsoleSummary(r, { color: false });
    expect(out).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
    expect(out).toContain('\\u001B');
  });

  it('handles empty and unreachable runs', () => {
    const empty = renderConsoleSummary(emptyResults(), { color: false });
    expect(empty).toContain(emptyResults().verdict.reason);
    const down = renderConsoleSummary(unreachableResults(), { color: false });
    expect(down).toContain('UNREACHABLE');
    expect(down).toContain('exit 3');
  });
});
