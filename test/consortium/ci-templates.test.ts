// The consortium CI templates (examples/ci/consortium-*.yml): valid YAML, one job per member running
// `port-conformance run` and keeping its results, and a final job that ingests them all; that job's
// command, run here in-process over downloaded-like artifacts, builds the summary.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../cli/main.ts';
import type { Io } from '../../cli/run.ts';
import type { ConsortiumSummary } from '../../consortium/types.ts';
import { sampleResults } from '../reports/sample-results.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- parsed YAML is read freely */
type J = Record<string, any>;

const github = parse(readFileSync('examples/ci/consortium-github-actions.yml', 'utf8')) as J;
const gitlab = parse(readFileSync('examples/ci/consortium-gitlab-ci.yml', 'utf8')) as J;

/** The templates' commands have no quotes or escapes: words are what whitespace separates. */
const shellWords = (line: string) => line.trim().split(/\s+/);

/** Runs a template's ingest command in-process, its relative paths taken from `cwd`. */
async function runIngest(line: string, cwd: string): Promise<number> {
  const words = shellWords(line);
  expect(words.slice(0, 4)).toEqual(['npx', 'port-conformance', 'consortium', 'ingest']);
  const argv = words.slice(2).map((w, i) => (i >= 2 && !w.startsWith('--') && !isAbsolute(w) ? join(cwd, w) : w));
  const io: Io = { out: () => undefined, err: () => undefined, env: {}, isTty: false };
  return main(argv, io);
}

function downloaded(root: string, folders: string[]): void {
  for (const f of folders) {
    const r = sampleResults();
    const member = f.replace(/^results-/, '');
    mkdirSync(join(root, f), { recursive: true });
    writeFileSync(join(root, f, 'results.json'), JSON.stringify({ ...r, target: { ...r.target, member } }));
  }
}

describe('the GitHub Actions consortium workflow', () => {
  const member = github.jobs.member as J;
  const final = github.jobs.consortium as J;

  it('one job per member, not cancelled by another’s failure, each keeping its results', () => {
    expect(member.strategy['fail-fast']).toBe(false);
    expect(member.strategy.matrix.include.map((m: J) => m.member)).toEqual(['haropa', 'valencia', 'rotterdam']);
    const run = (member.steps as J[]).find((s) => String(s.run ?? '').includes('port-conformance run'))!;
    expect(shellWords(run.run)).toEqual(
      expect.arrayContaining(['--config', '--out', 'results/${{', 'matrix.member', '}}']),
    );
    expect(Object.keys(run.env)).toContain('PSW_AGENT_A_CLIENT_SECRET');
    const upload = (member.steps as J[]).find((s) => String(s.uses).startsWith('actions/upload-artifact'))!;
    expect(upload.if).toBe('always()');
    expect(upload.with.name).toBe('results-${{ matrix.member }}');
  });

  it('a final job, after every member whatever their outcome, downloads them all and ingests them', async () => {
    expect([final.needs, final.if]).toEqual(['member', 'always()']);
    const download = (final.steps as J[]).find((s) => String(s.uses).startsWith('actions/download-artifact'))!;
    expect(download.with.pattern).toBe('results-*');
    const ingest = (final.steps as J[]).find((s) => String(s.run ?? '').includes('consortium ingest'))!;
    expect(shellWords(ingest.run)[4]).toBe(download.with.path);
    const cwd = mkdtempSync(join(tmpdir(), 'pc-gh-consortium-'));
    downloaded(join(cwd, download.with.path), ['results-haropa', 'results-valencia']);
    expect(await runIngest(ingest.run, cwd)).toBe(1);
    const summary = JSON.parse(
      readFileSync(join(cwd, 'consortium-results', 'consortium.json'), 'utf8'),
    ) as ConsortiumSummary;
    expect(summary.members.map((m) => m.id)).toEqual(['haropa', 'valencia']);
  });
});

describe('the GitLab CI consortium pipeline', () => {
  it('parallel:matrix member jobs, then an ingest in a later stage that always runs', async () => {
    expect(gitlab.stages).toEqual(['conformance', 'consortium']);
    const member = gitlab.member as J;
    expect(member.parallel.matrix[0].MEMBER).toEqual(['haropa', 'valencia', 'rotterdam']);
    expect(member.script[0]).toContain('port-conformance run --config members/$MEMBER.yaml');
    expect([member.artifacts.when, member.artifacts.paths]).toEqual(['always', ['results/$MEMBER/']]);
    const final = gitlab.consortium as J;
    expect([final.stage, final.when, final.needs[0].job]).toEqual(['consortium', 'always', 'member']);
    const cwd = mkdtempSync(join(tmpdir(), 'pc-gl-consortium-'));
    downloaded(join(cwd, 'results'), ['haropa', 'valencia', 'rotterdam']);
    expect(await runIngest(final.script[0], cwd)).toBe(1);
    expect(final.artifacts.paths).toEqual(['consortium-results/']);
  });
});
