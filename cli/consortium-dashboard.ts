// `port-conformance consortium dashboard --history DB [--out DIR] [--member ID...]`: the consortium
// dashboard from the history store. The latest run of each member makes the summary (members × areas,
// requirements); every recorded run of those members makes the trends. Exit codes: 0 written, 2 usage
// (no --history, an unknown member, an empty store, an unusable --out), 4 internal.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { EXIT, UsageError, errorMessage } from '../engine/errors.ts';
import type { HistoryStore } from '../history/store.ts';
import { renderDashboard } from '../consortium/dashboard.ts';
import { latestRunPerMember, summaryOfLatestRuns, type LatestRun } from '../consortium/history-summary.ts';
import { terminalSafe } from '../reports/escape.ts';
import { prepareOutputDir } from '../session/output.ts';
import type { Io } from './run.ts';

export const DEFAULT_DASHBOARD_DIR = 'port-conformance-consortium';
export const DASHBOARD_FILE = 'dashboard.html';

export interface DashboardFlags {
  history?: string;
  out?: string;
  /** Repeatable and comma-separated. */
  member?: string[];
}

export interface DashboardDeps {
  openStore: (spec: string) => Promise<HistoryStore>;
  now: () => Date;
}

/**
 * The one place this command reaches a history backend. history/index.ts `openHistory(spec)` picks SQLite
 * or PostgreSQL from the spec; it is loaded when the command runs, so `--help` and usage errors need no
 * database driver.
 */
async function openHistoryStore(spec: string): Promise<HistoryStore> {
  // The module is resolved at run time (a computed specifier), so this file compiles and is tested with
  // an injected store before history/index.ts exists; replace with a static import once it does.
  const specifier = new URL('../history/index.ts', import.meta.url).href;
  let mod: { openHistory?: (spec: string) => Promise<HistoryStore> };
  try {
    mod = (await import(specifier)) as typeof mod;
  } catch (err) {
    throw new Error(`the history store is not available in this build: ${errorMessage(err)}`, { cause: err });
  }
  if (typeof mod.openHistory !== 'function') throw new Error('history/index.ts has no openHistory');
  return mod.openHistory(spec);
}

const DEFAULT_DEPS: DashboardDeps = { openStore: openHistoryStore, now: () => new Date() };

function memberIds(flags: DashboardFlags): string[] {
  const ids = (flags.member ?? []).flatMap((m) => m.split(',')).map((m) => m.trim());
  if (ids.some((m) => !m)) throw new UsageError('consortium dashboard: --member must not be empty');
  return [...new Set(ids)];
}

export async function consortiumDashboardCommand(
  flags: DashboardFlags,
  io: Io,
  deps: Partial<DashboardDeps> = {},
): Promise<number> {
  const { openStore, now } = { ...DEFAULT_DEPS, ...deps };
  if (!flags.history?.trim())
    throw new UsageError('consortium dashboard: --history <file or postgres URL> is required');
  const wanted = memberIds(flags);
  const outDir = prepareOutputDir(flags.out ?? DEFAULT_DASHBOARD_DIR);
  const store = await openStore(flags.history);
  try {
    const known = await store.members();
    const unknown = wanted.filter((m) => !known.includes(m));
    if (unknown.length)
      throw new UsageError(
        `consortium dashboard: no runs recorded for member ${unknown.join(', ')} (known: ${known.join(', ') || 'none'})`,
      );
    const members = wanted.length ? wanted : known;
    const history = (await Promise.all(members.map((member) => store.runs({ member })))).flat();
    const latestRuns = latestRunPerMember(history, members);
    if (!latestRuns.length) throw new UsageError(`consortium dashboard: ${store.where} holds no runs`);
    const latest: LatestRun[] = await Promise.all(
      latestRuns.map(async (run) => {
        const results = await store.results(run.runId);
        return results ? { run, results } : { run };
      }),
    );
    const at = now();
    const summary = summaryOfLatestRuns(latest, at.toISOString());
    const path = join(outDir, DASHBOARD_FILE);
    writeFileSync(path, renderDashboard(summary, history, at));
    const t = summary.totals;
    io.out(
      terminalSafe(
        `Consortium dashboard: ${t.members} member${t.members === 1 ? '' : 's'}, ${t.conformant} conformant, ${history.length} run${history.length === 1 ? '' : 's'} from ${store.where}`,
      ),
    );
    io.out(terminalSafe(`Written: ${path}`));
    return EXIT.conformant;
  } finally {
    await store.close();
  }
}

/**
 * Adds `dashboard` under the `consortium` command (cli/main.ts owns that command):
 * `addDashboardCommand(consortium, io, setExit)`.
 */
export function addDashboardCommand(consortium: Command, io: Io, setExit: (code: number) => void): Command {
  return consortium
    .command('dashboard')
    .description(
      "Render the consortium dashboard (dashboard.html) from the history store: each member's latest run, and all runs as trends",
    )
    .option('--history <db>', 'the history store: a SQLite file or a postgres:// URL')
    .option('--out <dir>', 'where dashboard.html goes', DEFAULT_DASHBOARD_DIR)
    .option('--member <id...>', 'only these members (repeatable or comma-separated; default all)')
    .action(async (flags: DashboardFlags) => setExit(await consortiumDashboardCommand(flags, io)));
}
