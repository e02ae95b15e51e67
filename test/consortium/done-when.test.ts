// The consortium command's done-when scenario, for real on loopback: a members file with the reference
// fixture, the flawed fixture and a member nobody answers for, two at a time and a narrow selection of
// checks. The reference is conformant, the flawed port not, the third unreachable; consortium.json is
// valid against its schema; exit 1. Ingesting the members' results.json gives the same matrix. The CLI,
// in a child process, exits with the same code.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { summarizeResultsFiles } from '../../consortium/ingest.ts';
import { loadMembersFile } from '../../consortium/members.ts';
import { runConsortium, type ConsortiumRun } from '../../consortium/run.ts';
import { validateSummary } from '../../consortium/schema.ts';
import type { ConsortiumSummary } from '../../consortium/types.ts';

const BIN = new URL('../../bin/port-conformance.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'pc-consortium-'));
const MEMBERS = join(dir, 'members.yaml');
writeFileSync(
  MEMBERS,
  stringify({
    defaults: {
      profile: 'default',
      suites: ['contract', 'security'],
      checks: ['eta-etd-order', 'imo-number-validation', 'tls-protocol-versions'],
    },
    members: [
      { id: 'reference', fixture: 'reference' },
      { id: 'flawed', fixture: 'flawed' },
      { id: 'nowhere', name: 'Port of Nowhere', api: 'https://127.0.0.1:9/api/v1' },
    ],
  }),
);

/** What must be equal between a run and an ingest of its files: who, what became of them, the matrix. */
function matrix(s: ConsortiumSummary) {
  return {
    members: s.members.map((m) => [m.id, m.status, m.verdict, m.conformant, m.exitCode]),
    areas: s.areas,
    requirements: s.requirements,
    totals: s.totals,
    exitCode: s.exitCode,
  };
}

let run: ConsortiumRun;
beforeAll(async () => {
  run = await runConsortium({
    members: loadMembersFile(MEMBERS).members,
    concurrency: 2,
    outDir: join(dir, 'out'),
    formats: ['json', 'html'],
    env: {},
    seed: 1,
  });
}, 180_000);

describe('a consortium run: reference, flawed and unreachable members at concurrency 2', () => {
  it('reference conformant, flawed not, the third unreachable; exit 1', () => {
    expect(run.summary.members.map((m) => [m.id, m.status, m.verdict, m.conformant])).toEqual([
      ['flawed', 'ran', 'not-conformant', false],
      ['nowhere', 'unreachable', 'unreachable', false],
      ['reference', 'ran', 'conformant', true],
    ]);
    expect(run.summary.exitCode).toBe(1);
    expect(run.summary.areas.flawed).toMatchObject({ contract: 'fail', security: 'fail', load: 'not-run' });
    expect(run.summary.areas.reference).toMatchObject({ contract: 'pass', security: 'pass', portal: 'not-run' });
    expect(run.summary.requirements.find((r) => r.id === 'PSW-ID-001')?.byMember).toEqual({
      flawed: 'fail',
      nowhere: 'not-run',
      reference: 'pass',
    });
  });

  it('each member its own folder; consortium.json valid against its schema, and links that resolve', () => {
    const written = JSON.parse(readFileSync(join(dir, 'out', 'consortium.json'), 'utf8')) as ConsortiumSummary;
    expect(validateSummary(written)).toEqual({ valid: true, errors: [] });
    expect(written).toEqual(JSON.parse(JSON.stringify(run.summary)));
    for (const m of written.members) {
      expect(m.resultsPath).toBe(`members/${m.id}/results.json`);
      expect(existsSync(join(dir, 'out', m.resultsPath!))).toBe(true);
      expect(m.record?.member).toBe(m.id);
    }
    expect(written.members.find((m) => m.id === 'reference')!.reportPath).toBe('members/reference/report.html');
    for (const f of ['consortium.md', 'consortium.html']) expect(existsSync(join(dir, 'out', f))).toBe(true);
  });

  it('ingesting the members’ results.json gives the same matrix', () => {
    const ingested = summarizeResultsFiles([join(dir, 'out', 'members')], join(dir, 'out'));
    expect(ingested.summary.source).toBe('ingest');
    expect(ingested.notes).toEqual([]);
    expect(matrix(ingested.summary)).toEqual(matrix(run.summary));
    expect(validateSummary(ingested.summary).valid).toBe(true);
  });
});

describe('the CLI', () => {
  it('port-conformance consortium --members ... --concurrency 2 exits 1, one line per member start and end', async () => {
    const out = join(dir, 'cli-out');
    const child = spawn(
      process.execPath,
      [BIN, 'consortium', '--members', MEMBERS, '--concurrency', '2', '--out', out],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', () => undefined);
    const hardStop = setTimeout(() => child.kill('SIGKILL'), 150_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    clearTimeout(hardStop);
    expect(code).toBe(1);
    for (const id of ['reference', 'flawed', 'nowhere']) {
      expect(stdout).toMatch(new RegExp(`\\] ${id} started`));
      expect(stdout).toMatch(new RegExp(`\\] ${id}: `));
    }
    const summary = JSON.parse(readFileSync(join(out, 'consortium.json'), 'utf8')) as ConsortiumSummary;
    expect(summary.exitCode).toBe(1);
  }, 180_000);
});
