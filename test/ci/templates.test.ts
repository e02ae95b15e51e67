// The CI templates (examples/ci/): valid YAML with the structure each CI expects, and the workflow's own
// harness command, run in-process against the reference single window as GitHub Actions would run it
// (GITHUB_STEP_SUMMARY set, GITHUB_ACTIONS=true): exit 0, summary.md written and appended.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../cli/main.ts';
import type { Io } from '../../cli/run.ts';
import { startReferenceServer, type FixtureServer } from '../../fixtures/index.ts';
import { markdownTables, tableProblems } from '../helpers/markdown-tables.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- parsed YAML is read freely */
type J = Record<string, any>;

const GITHUB = 'examples/ci/github-actions.yml';
const GITLAB = 'examples/ci/gitlab-ci.yml';
const CREDENTIAL_VARIABLES = [
  'PSW_AGENT_A_CLIENT_ID',
  'PSW_AGENT_A_CLIENT_SECRET',
  'PSW_AGENT_B_CLIENT_ID',
  'PSW_AGENT_B_CLIENT_SECRET',
  'PSW_AUTHORITY_CLIENT_ID',
  'PSW_AUTHORITY_CLIENT_SECRET',
  'PSW_PORTAL_USERNAME',
  'PSW_PORTAL_PASSWORD',
];

/** Enough of POSIX shell word splitting for a one-line command: quotes and backslashes, no expansions. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) word = (word ?? '') + line[++i];
      else word = (word ?? '') + c;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (c === '\\' && i + 1 < line.length) word = (word ?? '') + line[++i];
    else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + c;
  }
  if (quote) throw new Error(`unterminated ${quote} in: ${line}`);
  if (word !== undefined) words.push(word);
  return words;
}

const workflow = parse(readFileSync(GITHUB, 'utf8')) as J;
const gitlab = parse(readFileSync(GITLAB, 'utf8')) as J;
const steps = workflow.jobs.conformance.steps as J[];
const harnessStep = steps.find((s) => typeof s.run === 'string' && s.run.includes('port-conformance run'))!;

describe('the GitHub Actions workflow', () => {
  it('runs on push, pull_request and workflow_dispatch, with Node 20', () => {
    expect(Object.keys(workflow.on)).toEqual(['push', 'pull_request', 'workflow_dispatch']);
    const node = steps.find((s) => String(s.uses).startsWith('actions/setup-node@'))!;
    expect(String(node.with['node-version'])).toBe('20');
    expect(workflow.permissions['security-events']).toBe('write');
  });

  it('runs the harness with every format and the credentials from secrets', () => {
    expect(shellWords(harnessStep.run)).toEqual([
      'npx',
      'port-conformance',
      'run',
      '--config',
      'member.yaml',
      '--format',
      'junit,sarif,html,markdown',
      '--out',
      'port-conformance-results',
    ]);
    expect(Object.keys(harnessStep.env).sort()).toEqual([...CREDENTIAL_VARIABLES].sort());
    for (const name of CREDENTIAL_VARIABLES) expect(harnessStep.env[name]).toBe(`\${{ secrets.${name} }}`);
  });

  it('uploads the SARIF and the results folder even when the run fails', () => {
    const sarif = steps.find((s) => String(s.uses).startsWith('github/codeql-action/upload-sarif@'))!;
    expect(sarif).toMatchObject({ if: 'always()', with: { sarif_file: 'port-conformance-results/results.sarif' } });
    const artifact = steps.find((s) => String(s.uses).startsWith('actions/upload-artifact@'))!;
    expect(artifact).toMatchObject({ if: 'always()', with: { path: 'port-conformance-results/' } });
    expect(steps.indexOf(harnessStep)).toBeLessThan(steps.indexOf(sarif));
  });
});

describe('the GitLab CI job', () => {
  const job = gitlab['port-conformance'] as J;
  it('runs the same command on node:20 and keeps JUnit and the results folder', () => {
    expect(job.image).toBe('node:20');
    expect(job.script).toEqual([harnessStep.run]);
    expect(job.artifacts).toMatchObject({
      when: 'always',
      paths: ['port-conformance-results/'],
      reports: { junit: 'port-conformance-results/junit.xml' },
    });
    expect(job.artifacts.expire_in).toMatch(/^\d+ (days?|weeks?)$/);
  });
});

describe("the workflow's command, run as in GitHub Actions", () => {
  let server: FixtureServer;
  let dir: string;
  let code: number;
  const out: string[] = [];
  const before = '# Earlier step\n\n';

  beforeAll(async () => {
    server = await startReferenceServer();
    dir = mkdtempSync(join(tmpdir(), 'pc-ci-template-'));
    const config = join(dir, 'member.yaml');
    writeFileSync(config, `name: CI template test\napi: ${server.apiBaseUrl}\n`);
    const stepSummary = join(dir, 'step-summary.md');
    writeFileSync(stepSummary, before);
    // The run line as written, with the member config and the output folder made temporary, and
    // only the contract suite (quick); `npx port-conformance` is the CLI's main.
    const argv = shellWords(harnessStep.run)
      .slice(2)
      .map((w) => (w === 'member.yaml' ? config : w === 'port-conformance-results' ? join(dir, 'results') : w));
    const io: Io = {
      out: (l) => out.push(l),
      err: () => undefined,
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: stepSummary },
      isTty: false,
    };
    code = await main([...argv, '--suites', 'contract', '--seed', '4242'], io);
  }, 300_000);

  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('exits 0 and writes summary.md beside the other reports', () => {
    expect(code).toBe(0);
    for (const f of ['results.json', 'junit.xml', 'results.sarif', 'report.html', 'summary.md'])
      expect([f, existsSync(join(dir, 'results', f))]).toEqual([f, true]);
    const md = readFileSync(join(dir, 'results', 'summary.md'), 'utf8');
    for (const t of markdownTables(md)) expect(tableProblems(t)).toEqual([]);
  });

  it('appends summary.md to GITHUB_STEP_SUMMARY and prints no error annotation for a conformant run', () => {
    const md = readFileSync(join(dir, 'results', 'summary.md'), 'utf8');
    expect(readFileSync(join(dir, 'step-summary.md'), 'utf8')).toBe(`${before}${md}\n`);
    expect(out.filter((l) => l.startsWith('::error'))).toEqual([]);
  });
});

describe('shellWords', () => {
  it.each([
    ['a b  c', ['a', 'b', 'c']],
    [`a "b c" 'd e'`, ['a', 'b c', 'd e']],
    ['a\\ b ""', ['a b', '']],
  ])('%j', (line, words) => expect(shellWords(line)).toEqual(words));
});
