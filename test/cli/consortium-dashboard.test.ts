// `consortium dashboard` against an in-memory history store (the HistoryStore interface): what it reads,
// what it writes, and the usage errors.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  DASHBOARD_FILE,
  addDashboardCommand,
  consortiumDashboardCommand,
  type DashboardDeps,
} from '../../cli/consortium-dashboard.ts';
import type { Io } from '../../cli/run.ts';
import { UsageError } from '../../engine/errors.ts';
import type { Results } from '../../engine/types.ts';
import type { HistoryQuery, HistoryStore, StoredRun } from '../../history/store.ts';
import { day, finding, record } from '../consortium/records.ts';

class MemoryStore implements HistoryStore {
  readonly kind = 'sqlite';
  readonly where = 'memory.db';
  closed = false;
  queries: HistoryQuery[] = [];
  constructor(private readonly stored: StoredRun[]) {}
  record(): Promise<StoredRun> {
    throw new Error('read only');
  }
  recordCertificate(): Promise<void> {
    throw new Error('read only');
  }
  runs(query: HistoryQuery = {}): Promise<StoredRun[]> {
    this.queries.push(query);
    return Promise.resolve(this.stored.filter((r) => !query.member || r.member === query.member));
  }
  results(runId: string): Promise<Results | undefined> {
    const run = this.stored.find((r) => r.runId === runId);
    if (!run) return Promise.resolve(undefined);
    const status = run.conformant ? 'pass' : 'fail';
    return Promise.resolve({
      requirements: [
        { id: 'R1', text: 'R1', level: 'MUST', severity: 'high', area: 'contract', source: {}, coveredBy: [], status },
      ],
    } as unknown as Results);
  }
  members(): Promise<string[]> {
    return Promise.resolve([...new Set(this.stored.map((r) => r.member))].sort());
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

function capture(): Io & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(`err: ${l}`), env: {}, isTty: false };
}

const runs = (): StoredRun[] => [
  record({ member: 'a', day: 0, required: [1, 2], findings: [finding('x'), finding('y')] }),
  record({ member: 'a', day: 1, required: [1, 2], findings: [finding('x')] }),
  record({ member: 'a', day: 2, required: [2, 2] }),
  record({ member: 'b', day: 1, required: [0, 1], findings: [finding('z', 'critical')] }),
];

function deps(store: MemoryStore): Partial<DashboardDeps> {
  return { openStore: () => Promise.resolve(store), now: () => new Date(day(3)) };
}

const dataOf = (html: string, re: RegExp): string[] => [...html.matchAll(re)].map((m) => m.slice(1).join(' '));

describe('consortium dashboard', () => {
  it('writes dashboard.html from each member’s latest run, with every run as trends, and closes the store', async () => {
    const store = new MemoryStore(runs());
    const out = mkdtempSync(join(tmpdir(), 'pc-cdash-'));
    const io = capture();
    expect(await consortiumDashboardCommand({ history: 'memory.db', out }, io, deps(store))).toBe(0);
    const html = readFileSync(join(out, DASHBOARD_FILE), 'utf8');
    expect(dataOf(html, /<tr data-member="([^"]+)" data-run-status="([^"]+)"/g)).toEqual(['a ran', 'b ran']);
    expect(dataOf(html, /data-member="([^"]+)" data-kpi="runs" data-value="(\d+)"/g)).toEqual(['a 3', 'b 1']);
    expect(dataOf(html, /<figure [^>]*data-member="a" data-trend="([^"]+)" data-runs="(\d+)"/g)).toEqual([
      'conformance-rate 3',
      'open-findings 3',
    ]);
    expect(dataOf(html, /<li data-requirement="([^"]+)" data-failing="(\d+)"/g)).toEqual(['R1 1']);
    expect(html).toContain(`data-now="">${day(3)}`);
    expect(io.lines).toEqual([
      'Consortium dashboard: 2 members, 1 conformant, 4 runs from memory.db',
      `Written: ${join(out, DASHBOARD_FILE)}`,
    ]);
    expect(store.closed).toBe(true);
  });

  it('takes only the members asked for (repeated or comma-separated) through the subcommand’s flags', async () => {
    const store = new MemoryStore([...runs(), record({ member: 'c', day: 1 })]);
    const out = mkdtempSync(join(tmpdir(), 'pc-cdash-'));
    const io = capture();
    let exit = -1;
    const consortium = new Command('consortium').exitOverride();
    addDashboardCommand(consortium, io, (code) => (exit = code));
    // The command under test reaches the store through its deps; here through the flags' path only.
    const command = consortium.commands.find((c) => c.name() === 'dashboard')!;
    command.action(async (flags) => {
      exit = await consortiumDashboardCommand(flags, io, deps(store));
    });
    await consortium.parseAsync(['dashboard', '--history', 'memory.db', '--out', out, '--member', 'c,a'], {
      from: 'user',
    });
    expect(exit).toBe(0);
    const html = readFileSync(join(out, DASHBOARD_FILE), 'utf8');
    expect(dataOf(html, /<tr data-member="([^"]+)" data-run-status/g)).toEqual(['a', 'c']);
    expect(store.queries.map((q) => q.member)).toEqual(['c', 'a']);
  });

  it.each([
    ['no --history', {}, /--history <file or postgres URL> is required/, false],
    ['an empty --member', { history: 'db', member: ['a,'] }, /--member must not be empty/, false],
    [
      'an unknown member',
      { history: 'db', member: ['a', 'nobody'] },
      /no runs recorded for member nobody \(known: a, b\)/,
      true,
    ],
  ])('refuses %s (a usage error, exit 2); a store it opened is closed', async (_name, flags, message, opened) => {
    const store = new MemoryStore(runs());
    const out = mkdtempSync(join(tmpdir(), 'pc-cdash-'));
    const run = consortiumDashboardCommand({ out, ...flags }, capture(), deps(store));
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow(message);
    expect(store.closed).toBe(opened);
  });

  it('refuses an empty store', async () => {
    const store = new MemoryStore([]);
    const out = mkdtempSync(join(tmpdir(), 'pc-cdash-'));
    await expect(consortiumDashboardCommand({ history: 'db', out }, capture(), deps(store))).rejects.toThrow(
      /memory\.db holds no runs/,
    );
    expect(store.closed).toBe(true);
  });

  it('refuses an --out it cannot write before opening the store', async () => {
    const store = new MemoryStore(runs());
    await expect(
      consortiumDashboardCommand({ history: 'db', out: '/proc/dashboard' }, capture(), deps(store)),
    ).rejects.toThrow(UsageError);
    expect(store.queries).toEqual([]);
  });
});
