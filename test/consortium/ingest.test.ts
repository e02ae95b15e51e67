// `consortium ingest`: folders are searched for results.json, the member comes from each file's target,
// the latest run of a member wins (a note says which), and an unreadable file is one line naming it, exit 2.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import type { Io } from '../../cli/run.ts';
import type { Results } from '../../engine/types.ts';
import { summarizeResultsFiles } from '../../consortium/ingest.ts';
import { sampleResults, unreachableResults } from '../reports/sample-results.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), env: {}, isTty: false };
  return { io, out, err };
}

function write(path: string, results: Results | string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, typeof results === 'string' ? results : JSON.stringify(results));
  return path;
}

function ofMember(member: string, startedAt: string, base = sampleResults()): Results {
  return { ...base, target: { ...base.target, member }, run: { ...base.run, startedAt } };
}

describe('consortium ingest', () => {
  const root = mkdtempSync(join(tmpdir(), 'pc-ingest-'));
  const older = write(
    join(root, 'artifacts', 'haropa-1', 'results.json'),
    ofMember('haropa', '2026-03-01T09:00:00.000Z'),
  );
  const newer = write(
    join(root, 'artifacts', 'haropa-2', 'deep', 'results.json'),
    ofMember('haropa', '2026-03-02T09:00:00.000Z'),
  );
  write(
    join(root, 'artifacts', 'valencia', 'results.json'),
    ofMember('valencia', '2026-03-02T09:00:00.000Z', unreachableResults()),
  );
  write(join(root, 'artifacts', 'node_modules', 'x', 'results.json'), 'not looked at');
  write(join(root, 'artifacts', 'valencia', 'summary.md'), '# not a results file');

  it('searches folders, names members from their targets, and the latest run of a member wins', () => {
    const { summary, notes, files } = summarizeResultsFiles([join(root, 'artifacts')], root);
    expect(files).toHaveLength(3);
    expect(summary.members.map((m) => [m.id, m.status, m.resultsPath])).toEqual([
      ['haropa', 'ran', 'artifacts/haropa-2/deep/results.json'],
      ['valencia', 'unreachable', 'artifacts/valencia/results.json'],
    ]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('member "haropa": 2 results files');
    expect(notes[0]).toContain('artifacts/haropa-2/deep/results.json');
    expect(summary.source).toBe('ingest');
    // Files given one by one: the same.
    expect(summarizeResultsFiles([newer, older], root).summary.members[0]!.resultsPath).toBe(
      'artifacts/haropa-2/deep/results.json',
    );
  });

  it('writes consortium.json and consortium.md with --out, and exits with the summary’s code', async () => {
    const { io, out } = capture();
    const dest = join(root, 'summary');
    expect(await main(['consortium', 'ingest', join(root, 'artifacts'), '--out', dest], io)).toBe(1);
    expect(out.join('\n')).toContain('note: member "haropa"');
    expect(out.join('\n')).toContain(join(dest, 'consortium.json'));
  });

  it.each<[string, (dir: string) => string[], RegExp]>([
    [
      'a file that is not JSON',
      (d) => [write(join(d, 'bad', 'results.json'), '{ nope')],
      /cannot read .*bad\/results\.json: .*not valid JSON/,
    ],
    [
      'a file that is not a results file',
      (d) => [write(join(d, 'other.json'), '{"a":1}')],
      /cannot read .*other\.json/,
    ],
    ['a path that does not exist', (d) => [join(d, 'missing')], /missing does not exist/],
    [
      'a folder without results.json',
      (d) => [(mkdirSync(join(d, 'empty')), join(d, 'empty'))],
      /no results\.json under/,
    ],
  ])('%s: one line naming it, exit 2', async (_name, paths, message) => {
    const d = mkdtempSync(join(tmpdir(), 'pc-ingest-bad-'));
    const { io, err } = capture();
    expect(await main(['consortium', 'ingest', ...paths(d), '--out', join(d, 'out')], io)).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(message);
  });
});
