import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { REPORTERS, REPORT_FORMATS, writeReports } from '../../reports/index.ts';
import { RESULTS_SCHEMA } from '../../reports/schema.ts';
import type { Results } from '../../engine/types.ts';
import { parseXml } from './xml-parser.ts';
import { emptyResults, sampleResults } from './sample-results.ts';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'pc-reports-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

describe('REPORTERS', () => {
  it('names one file per format', () => {
    expect(Object.fromEntries(REPORT_FORMATS.map((f) => [f, REPORTERS[f].fileName]))).toEqual({
      json: 'results.json',
      junit: 'junit.xml',
      sarif: 'results.sarif',
      html: 'report.html',
      markdown: 'summary.md',
    });
  });

  it('are pure: a frozen input renders the same as a fresh one', () => {
    const frozen = deepFreeze(sampleResults());
    for (const f of REPORT_FORMATS) expect(REPORTERS[f].render(frozen)).toBe(REPORTERS[f].render(sampleResults()));
  });

  it('writes results.json with keys in the order the type declares, whatever the input order', () => {
    // Typed objects reversed; open maps (evidence ids, headers, extensions) keep their own order.
    const rev = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).reverse()) as T;
    const r = sampleResults();
    const shuffled: Results = {
      ...rev(r),
      run: rev({ ...r.run, profile: rev(r.run.profile) }),
      checks: r.checks.map((c) => rev({ ...c, findings: c.findings.map(rev) })),
      evidence: Object.fromEntries(Object.entries(r.evidence).map(([k, v]) => [k, rev(v)])),
    };
    expect(Object.keys(shuffled)[0]).not.toBe('schemaVersion');
    const text = REPORTERS.json.render(shuffled);
    expect(text).toBe(REPORTERS.json.render(sampleResults()));
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(JSON.parse(text)).toEqual(sampleResults());
    const declared = Object.keys(RESULTS_SCHEMA.properties as object);
    expect(Object.keys(parsed)).toEqual(declared.filter((k) => k in parsed));
    const check = (parsed.checks as Array<Record<string, unknown>>)[0]!;
    expect(Object.keys(check).slice(0, 4)).toEqual(['id', 'title', 'area', 'outcome']);
    const ev = (parsed.evidence as Record<string, Record<string, unknown>>)['ev-0001']!;
    expect(Object.keys(ev).slice(0, 2)).toEqual(['kind', 'id']);
    expect(text.endsWith('}\n')).toBe(true);
  });
});

describe('writeReports', () => {
  it('writes every requested format into a new nested directory', async () => {
    const out = join(tempDir(), 'a', 'b');
    const res = await writeReports(sampleResults(), out, REPORT_FORMATS);
    expect(res.failed).toEqual([]);
    expect(res.written.map((w) => w.format)).toEqual([...REPORT_FORMATS]);
    expect(readdirSync(out).sort()).toEqual([
      'junit.xml',
      'report.html',
      'results.json',
      'results.sarif',
      'summary.md',
    ]);
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))).toEqual(sampleResults());
    expect(() => parseXml(readFileSync(join(out, 'junit.xml'), 'utf8'))).not.toThrow();
    expect(JSON.parse(readFileSync(join(out, 'results.sarif'), 'utf8')).version).toBe('2.1.0');
  });

  it('writes only what is asked', async () => {
    const out = tempDir();
    await writeReports(sampleResults(), out, ['sarif', 'sarif']);
    expect(readdirSync(out)).toEqual(['results.sarif']);
  });

  it('still writes every file for an empty run', async () => {
    const out = tempDir();
    const res = await writeReports(emptyResults(), out, REPORT_FORMATS);
    expect(res.written).toHaveLength(REPORT_FORMATS.length);
    expect(JSON.parse(readFileSync(join(out, 'results.sarif'), 'utf8')).runs[0].results).toEqual([]);
  });

  it('isolates a reporter that throws and reports it', async () => {
    const out = tempDir();
    vi.spyOn(REPORTERS.junit, 'render').mockImplementation(() => {
      throw new Error('boom');
    });
    const res = await writeReports(sampleResults(), out);
    expect(res.failed).toEqual([{ format: 'junit', error: 'boom' }]);
    expect(res.written.map((w) => w.format)).toEqual(['json', 'sarif', 'html']);
    expect(readdirSync(out).sort()).toEqual(['report.html', 'results.json', 'results.sarif']);
  });

  it('isolates a reporter that mutates its input', async () => {
    const out = tempDir();
    vi.spyOn(REPORTERS.json, 'render').mockImplementation((r: Results) => {
      r.checks.length = 0;
      return '{}';
    });
    const results = sampleResults();
    await writeReports(results, out, ['json', 'junit']);
    expect(results.checks).toHaveLength(sampleResults().checks.length);
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain('response-schema');
  });

  it('reports every format as failed when the directory cannot be created', async () => {
    const file = join(tempDir(), 'not-a-dir');
    writeFileSync(file, 'x');
    const res = await writeReports(sampleResults(), join(file, 'sub'), ['json', 'html']);
    expect(res.written).toEqual([]);
    expect(res.failed.map((f) => f.format)).toEqual(['json', 'html']);
  });
});
