// `port-conformance consortium` usage problems: one line, exit 2, before any member starts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import type { Io } from '../../cli/run.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), env: {}, isTty: false };
  return { io, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'pc-consortium-cli-'));
const good = join(dir, 'members.yaml');
writeFileSync(good, 'members:\n  - { id: ref, fixture: reference }\n');
const bad = join(dir, 'bad.yaml');
writeFileSync(bad, 'members:\n  - { id: haropa, api: "http://psw.haropa.example/api/v1" }\n');

describe('consortium usage errors: exit 2, one line', () => {
  it.each<[string, string[], RegExp]>([
    ['no --members', ['consortium'], /give --members FILE/],
    ['a members file that is not there', ['consortium', '--members', join(dir, 'none.yaml')], /members file not found/],
    ['a bad entry', ['consortium', '--members', bad], /member "haropa": "api" must use https/],
    ['a bad --concurrency', ['consortium', '--members', good, '--concurrency', '0'], /--concurrency must be/],
    ['a bad --max-time', ['consortium', '--members', good, '--max-time', 'soon'], /--max-time/],
    ['a bad --format', ['consortium', '--members', good, '--format', 'pdf'], /--format/],
    ['an unusable --out', ['consortium', '--members', good, '--out', '/proc/x'], /under \/proc/],
    ['ingest without paths', ['consortium', 'ingest'], /missing required argument/],
  ])('%s', async (_name, argv, message) => {
    const { io, err, out } = capture();
    expect(await main(argv, io)).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(message);
    expect(out).toEqual([]);
  });

  it('--help lists the consortium exit codes', async () => {
    const { io, out } = capture();
    expect(await main(['consortium', '--help'], io)).toBe(0);
    expect(out.join('\n')).toMatch(/--members <file>/);
  });
});
