// The history store from the command line: `run --history` records the run (a store that fails is a
// warning and a run error, never a lost results.json or another exit code), `certify --history` records
// the certificate, `history` lists runs and findings over time, and every bad spec is exit 2, one line.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryJsonRun } from '../../cli/history.ts';
import { main } from '../../cli/main.ts';
import type { Io } from '../../cli/run.ts';
import type { Results } from '../../engine/types.ts';
import { HISTORY_ENV, openHistory } from '../../history/index.ts';
import type { FindingEpisode, RunFindingCounts } from '../../history/timeline.ts';
import { completeResults, writeRun } from '../certify/helpers.ts';
import { buildResults, day } from '../history/results-builder.ts';

function capture(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), env, isTty: false };
  return { io, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'pc-cli-history-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fast run of the embedded reference: two contract checks. */
const FAST = ['run', '--suites', 'contract', '--checks', 'eta-etd-order,port-call-creation', '--quiet'];

function readResults(out: string): Results {
  return JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
}

describe('run --history', () => {
  it.each([
    { how: 'the flag', flag: true },
    { how: `${HISTORY_ENV}`, flag: false },
  ])(
    'records the run, whole, given by $how',
    async ({ flag }) => {
      const db = join(dir, `run-${flag}`, 'history.sqlite');
      const out = join(dir, `out-${flag}`);
      const { io } = capture(flag ? {} : { [HISTORY_ENV]: db });
      const code = await main([...FAST, '--out', out, ...(flag ? ['--history', db] : [])], io);
      const written = readResults(out);
      expect(code).toBe(written.verdict.exitCode);
      expect(written.errors).toEqual([]);
      const store = await openHistory(db);
      try {
        const runs = await store.runs();
        expect(runs.map((r) => r.runId)).toEqual([written.run.id]);
        expect(await store.results(written.run.id)).toEqual(written);
      } finally {
        await store.close();
      }
    },
    120_000,
  );

  it('a store that refuses is a warning and a run error; results.json and the exit code stay', async () => {
    const out = join(dir, 'out-refused');
    const { io, err } = capture();
    const code = await main([...FAST, '--out', out, '--history', 'postgres://u:hunter2@127.0.0.1:1/db'], io);
    const written = readResults(out);
    expect(code).toBe(written.verdict.exitCode);
    expect(written.errors.map((e) => e.code)).toEqual(['history-not-recorded']);
    expect(err.filter((l) => l.startsWith('warning:'))).toHaveLength(1);
    expect(JSON.stringify(written)).not.toContain('hunter2');
    expect(err.join('\n')).not.toContain('hunter2');
  }, 120_000);

  it('records a run whose target did not answer (exit 3 kept)', async () => {
    const db = join(dir, 'unreachable.sqlite');
    const out = join(dir, 'out-unreachable');
    const { io } = capture();
    expect(await main(['run', '--target', 'https://127.0.0.1:1', '--out', out, '--history', db, '--quiet'], io)).toBe(
      3,
    );
    const store = await openHistory(db);
    try {
      expect((await store.runs()).map((r) => [r.runId, r.verdict])).toEqual([[readResults(out).run.id, 'unreachable']]);
    } finally {
      await store.close();
    }
  });

  it('a spec that names nothing is a usage error before the run (exit 2, one line)', async () => {
    const out = join(dir, 'out-bad-spec');
    const { io, err } = capture();
    expect(await main([...FAST, '--out', out, '--history', 'mysql://db.example/h'], io)).toBe(2);
    expect(err.filter((l) => !l.startsWith('Results:'))).toHaveLength(1);
    expect(readResults(out).errors[0]?.code).toBe('usage');
  });
});

describe('history', () => {
  const db = join(dir, 'listed.sqlite');
  // port-a: three runs, findings fixed one by one; port-b: one run.
  const RUNS = [
    buildResults({
      runId: 'a1',
      member: 'port-a',
      startedAt: day(0),
      findings: [
        { check: 'eta-etd-order', id: 'eta-after-etd', fingerprint: 'fp-x' },
        { check: 'receipt-format', id: 'receipt-id-reused', fingerprint: 'fp-y', severity: 'medium' },
      ],
    }),
    buildResults({ runId: 'b1', member: 'port-b', startedAt: day(1) }),
    buildResults({
      runId: 'a2',
      member: 'port-a',
      startedAt: day(3),
      findings: [
        { check: 'receipt-format', id: 'receipt-id-reused', fingerprint: 'fp-y', severity: 'medium' },
        { check: 'datetime-offset', id: 'naive', fingerprint: 'fp-z', severity: 'low' },
      ],
      // A finding is fixed only by a run that judged its check.
      passing: ['eta-etd-order'],
    }),
    buildResults({
      runId: 'a3',
      member: 'port-a',
      startedAt: day(10),
      passing: ['receipt-format', 'datetime-offset'],
    }),
  ];

  beforeAll(async () => {
    const store = await openHistory(db);
    for (const r of RUNS) await store.record(r);
    await store.close();
  });

  async function json<T>(args: string[], env: NodeJS.ProcessEnv = {}): Promise<T> {
    const { io, out, err } = capture(env);
    expect(await main(['history', ...args, '--json'], io)).toBe(0);
    expect(err).toEqual([]);
    return JSON.parse(out.join('\n')) as T;
  }

  it('--json: every stored run with new and fixed since its previous run', async () => {
    const runs = await json<HistoryJsonRun[]>(['--history', db]);
    expect(
      runs.map((r) => [
        r.runId,
        r.member,
        r.previousRunId,
        r.newSincePrevious,
        r.fixedSincePrevious,
        r.findings.length,
      ]),
    ).toEqual([
      ['a1', 'port-a', null, 2, 0, 2],
      ['b1', 'port-b', null, 0, 0, 0],
      ['a2', 'port-a', 'a1', 1, 1, 2],
      ['a3', 'port-a', 'a2', 0, 2, 0],
    ]);
    expect(Object.keys(runs[0]!)).toEqual(
      expect.arrayContaining(['startedAt', 'verdict', 'required', 'openFindings', 'areas', 'recordedAt']),
    );
  });

  it.each([
    { name: 'a member', args: ['--member', 'port-a'], ids: ['a1:', 'a2:a1', 'a3:a2'] },
    { name: 'a window', args: ['--since', '2025-01-02', '--until', '2025-01-04'], ids: ['b1:', 'a2:a1'] },
    { name: 'the last two', args: ['--limit', '2'], ids: ['a2:a1', 'a3:a2'] },
  ])('--json filtered by $name, each still counted against its previous run', async ({ args, ids }) => {
    const runs = await json<HistoryJsonRun[]>(['--history', db, ...args]);
    expect(runs.map((r) => `${r.runId}:${r.previousRunId ?? ''}`)).toEqual(ids);
  });

  it(`reads the store from ${HISTORY_ENV}`, async () => {
    expect((await json<HistoryJsonRun[]>([], { [HISTORY_ENV]: db })).length).toBe(RUNS.length);
  });

  it('--findings --member: each fingerprint over time', async () => {
    const t = await json<{ member: string; runs: RunFindingCounts[]; findings: FindingEpisode[] }>([
      '--history',
      db,
      '--findings',
      '--member',
      'port-a',
    ]);
    expect(t.member).toBe('port-a');
    expect(t.findings.map((f) => [f.fingerprint, f.firstSeen, f.fixedAt, f.openDays, f.open])).toEqual([
      ['fp-x', day(0), day(3), 3, false],
      ['fp-y', day(0), day(10), 10, false],
      ['fp-z', day(3), day(10), 7, false],
    ]);
    expect(t.runs.map((r) => [r.runId, r.new, r.fixed])).toEqual([
      ['a1', 2, 0],
      ['a2', 1, 1],
      ['a3', 0, 2],
    ]);
  });

  it('lists as a table: a line per run under a header', async () => {
    const { io, out } = capture();
    expect(await main(['history', '--history', db], io)).toBe(0);
    expect(out).toHaveLength(2 + RUNS.length);
    const { io: io2, out: out2 } = capture();
    expect(await main(['history', '--history', db, '--findings', '--member', 'port-a'], io2)).toBe(0);
    expect(out2).toHaveLength(2 + 3);
  });

  it.each([
    { name: 'no store at all', args: [] },
    { name: 'an unsupported scheme', args: ['--history', 'mysql://db.example/h'] },
    { name: 'a folder', args: ['--history', dir] },
    { name: 'a server that refuses', args: ['--history', 'postgres://u:hunter2@127.0.0.1:1/db'] },
    { name: 'a bad --limit', args: ['--history', db, '--limit', '0'] },
    { name: 'a bad --since', args: ['--history', db, '--since', 'yesterday'] },
    { name: 'a bad --until', args: ['--history', db, '--until', '2025-02-30T25:00'] },
    { name: '--findings without --member', args: ['--history', db, '--findings'] },
  ])('$name: exit 2, one line, no password', async ({ args }) => {
    const { io, out, err } = capture();
    expect(await main(['history', ...args], io)).toBe(2);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).not.toContain('hunter2');
  });
});

describe('certify --history', () => {
  it('records the certificate, and its run when the store lacked it', async () => {
    const run = await writeRun(completeResults());
    const db = join(dir, 'certified.sqlite');
    const { io, err } = capture();
    const code = await main(['certify', '--from', run.resultsPath, '--key', run.keys.privateKey, '--history', db], io);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const store = await openHistory(db);
    try {
      const [stored] = await store.runs();
      const results = readResults(run.dir);
      expect(stored?.runId).toBe(results.run.id);
      expect(stored?.certificate).toMatchObject({ runId: results.run.id, member: stored?.member });
    } finally {
      await store.close();
    }
  });

  it('a spec that names nothing is refused before signing', async () => {
    const run = await writeRun(completeResults());
    const { io, err } = capture();
    expect(
      await main(['certify', '--from', run.resultsPath, '--key', run.keys.privateKey, '--history', 'ftp://x/y'], io),
    ).toBe(2);
    expect(err).toHaveLength(1);
  });
});
