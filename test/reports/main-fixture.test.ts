// A results.json written by the build before schema 1.2.0 (test/reports/fixtures/results-1.1.0-main.json:
// the flawed port with three contract defects, trimmed) still re-renders in every format, through
// `report --from`, with or without a baseline and waivers.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reportCommand } from '../../cli/report.ts';
import type { Io } from '../../cli/run.ts';
import type { Results } from '../../engine/types.ts';
import { REPORTERS, REPORT_FORMATS } from '../../reports/index.ts';
import { readResults } from '../../reports/load.ts';
import { validateResults } from '../../reports/schema.ts';

const FIXTURE = new URL('./fixtures/results-1.1.0-main.json', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'pc-main-fixture-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io(): Io & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l), env: {}, isTty: false };
}

describe('results.json from schema 1.1.0', () => {
  it('is read by this build and every reporter renders it', () => {
    const r = readResults(FIXTURE);
    expect(r.schemaVersion).toBe('1.1.0');
    for (const f of REPORT_FORMATS) expect([f, REPORTERS[f].render(r).length > 100]).toEqual([f, true]);
  });

  it('report --from writes every format, with fingerprints filled in', async () => {
    const out = join(dir, 'plain');
    const code = await reportCommand({ from: FIXTURE, out, format: 'json,junit,sarif,html' }, io());
    expect(code).toBe(0);
    for (const name of ['results.json', 'junit.xml', 'results.sarif', 'report.html'])
      expect([name, existsSync(join(out, name))]).toEqual([name, true]);
    const back = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
    expect(validateResults(back)).toEqual({ valid: true, errors: [] });
    const findings = back.checks.flatMap((c) => c.findings);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => /^pcf1:[0-9a-f]{32}$/.test(f.fingerprint ?? ''))).toBe(true);
    // The verdict is the file's own: nothing asked to change it.
    expect(back.verdict).toEqual(readResults(FIXTURE).verdict);
    const sarif = JSON.parse(readFileSync(join(out, 'results.sarif'), 'utf8')) as {
      runs: Array<{ results: Array<{ partialFingerprints: Record<string, string> }> }>;
    };
    expect(sarif.runs[0]!.results.map((x) => x.partialFingerprints['portConformance/v2'])).toEqual(
      back.checks.filter((c) => c.outcome === 'fail').flatMap((c) => c.findings.map((f) => f.fingerprint)),
    );
  });

  it('report --from with itself as baseline and a waiver: all unchanged, the waived check no longer blocks', async () => {
    const out = join(dir, 'policies');
    const waivers = join(dir, 'waivers.yaml');
    writeFileSync(
      waivers,
      'waivers:\n  - id: W-1\n    check: eta-etd-order\n    reason: fixed in the next release\n    owner: team-a\n    created: 2026-01-01\n    expires: 2999-12-31\n',
    );
    const code = await reportCommand({ from: FIXTURE, out, format: 'json', baseline: FIXTURE, waivers }, io());
    expect(code).toBe(0);
    const back = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
    expect(validateResults(back)).toEqual({ valid: true, errors: [] });
    expect(back.baseline!.counts.new).toBe(0);
    expect(back.baseline!.counts.fixed).toBe(0);
    expect(back.waivers!.map((w) => [w.id, w.status])).toEqual([['W-1', 'applied']]);
    expect(back.summary.blocking).not.toContain('eta-etd-order');
    expect(back.summary.waived).toEqual(['eta-etd-order']);
    expect(back.checks.find((c) => c.id === 'eta-etd-order')!.outcome).toBe('fail');
  });
});
