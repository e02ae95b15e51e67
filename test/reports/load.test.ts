/* eslint-disable @typescript-eslint/no-explicit-any -- tests mutate parsed JSON freely */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderConsoleSummary } from '../../reports/console.ts';
import { REPORTERS, REPORT_FORMATS, writeReports } from '../../reports/index.ts';
import { ResultsFileError, parseResults, readResults } from '../../reports/load.ts';
import { RESULTS_SCHEMA_VERSION } from '../../reports/schema.ts';
import { renderSarif } from '../../reports/sarif.ts';
import { emptyResults, sampleResults, unreachableResults } from './sample-results.ts';

const dir = mkdtempSync(join(tmpdir(), 'pc-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe('readResults re-renders old runs identically', () => {
  it.each([
    ['sample', sampleResults],
    ['empty', emptyResults],
    ['unreachable', unreachableResults],
  ])('%s: every reporter renders the file read back exactly as the original', async (name, build) => {
    const out = join(dir, name);
    await writeReports(build(), out, ['json']);
    const back = readResults(join(out, 'results.json'));
    expect(back).toEqual(build());
    for (const f of REPORT_FORMATS) expect([f, REPORTERS[f].render(back)]).toEqual([f, REPORTERS[f].render(build())]);
    expect(renderSarif(back)).toEqual(renderSarif(build()));
    expect(renderConsoleSummary(back, { color: true })).toBe(renderConsoleSummary(build(), { color: true }));
  });
});

describe('readResults explains a bad file in one line', () => {
  const valid = (): Record<string, any> => JSON.parse(JSON.stringify(sampleResults())) as Record<string, any>;

  const cases: Array<[string, () => string, RegExp]> = [
    ['a missing file', () => join(dir, 'nope.json'), /cannot read results file .*nope\.json: no such file/],
    ['a directory', () => dir, /cannot read results file .*: it is a directory/],
    ['invalid JSON', () => file('bad.json', '{"schemaVersion": '), /bad\.json is not valid JSON/],
    ['an array', () => file('array.json', '[]'), /is not a results file/],
    ['no schemaVersion', () => file('nover.json', '{"checks": []}'), /has no schemaVersion/],
    [
      'a newer major version',
      () => file('v2.json', JSON.stringify({ ...valid(), schemaVersion: '2.0.0' })),
      /uses results schema 2\.0\.0; .* reads 1\.x/,
    ],
    [
      'a wrong outcome',
      () => {
        const r = valid();
        r.checks[2].outcome = 'passed';
        r.checks[3].severity = 'severe';
        return file('outcome.json', JSON.stringify(r));
      },
      /does not match results schema 1\.0\.0: \/checks\/2\/outcome: must be one of .* \(and 1 more problems\)$/,
    ],
    [
      'an unknown field in a file of this version',
      () => file('unknown.json', JSON.stringify({ ...valid(), colour: 'red' })),
      /\/: unknown property "colour"/,
    ],
  ];

  it.each(cases)('%s', (_, make, message) => {
    const path = make();
    let error: unknown;
    try {
      readResults(path);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ResultsFileError);
    expect((error as ResultsFileError).path).toBe(path);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('accepts a file from a newer 1.x minor version with fields it does not know', () => {
    const [major, minor] = RESULTS_SCHEMA_VERSION.split('.').map(Number);
    const r = valid();
    r.schemaVersion = `${major}.${minor! + 1}.0`;
    r.checks[0].confidence = 'high';
    r.newSection = { anything: true };
    const back = readResults(file('newer.json', JSON.stringify(r)));
    expect(back.checks[0]!.id).toBe('response-schema');
    // An enum value it does not know is read as a string (README "Results contract"), and rendered.
    r.checks[1].outcome = 'waived';
    const odd = readResults(file('newer-enum.json', JSON.stringify(r)));
    for (const f of REPORT_FORMATS) expect(REPORTERS[f].render(odd).length).toBeGreaterThan(0);
    expect(renderConsoleSummary(odd, { color: false })).toContain('port-conformance');
    // Everything it renders is still checked for its type.
    r.checks[0].outcome = 7;
    expect(() => readResults(file('newer-bad.json', JSON.stringify(r)))).toThrow(/\/checks\/0\/outcome/);
  });

  it('tolerates a UTF-8 byte order mark', () => {
    expect(parseResults('\uFEFF' + JSON.stringify(sampleResults())).run.id).toBe(sampleResults().run.id);
  });
});
