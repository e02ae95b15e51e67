// `port-conformance history`: the runs recorded in a history store (who, when, verdict, required checks
// passed, open findings by severity, new and fixed since the member's previous run of the same profile),
// or with --findings one member's findings over time. And `certify --history`: the certificate recorded.
// The store is `--history`, else $PORT_CONFORMANCE_HISTORY.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError, errorMessage } from '../engine/errors.ts';
import { SEVERITIES } from '../engine/types.ts';
import { HISTORY_ENV, historySpec, openHistory, parseHistorySpec } from '../history/index.ts';
import { memberIdOf } from '../history/record.ts';
import type { HistoryQuery, HistoryStore, StoredRun } from '../history/store.ts';
import { findingTimeline, type RunFindingCounts } from '../history/timeline.ts';
import type { Certificate } from '../reports/certificate.ts';
import { terminalSafe } from '../reports/escape.ts';
import { parseResults } from '../reports/load.ts';
import type { Io } from './run.ts';

export interface HistoryFlags {
  history?: string;
  member?: string;
  profile?: string;
  since?: string;
  until?: string;
  limit?: string;
  json?: boolean;
  findings?: boolean;
}

function requiredSpec(flags: { history?: string }, io: Io, command: string): string {
  const spec = historySpec(flags.history, io.env);
  if (spec === undefined)
    throw new UsageError(`${command}: give --history <SQLite file | postgres:// URL>, or set ${HISTORY_ENV}`);
  return spec;
}

function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1)
    throw new UsageError(`--limit: "${value}" is not a positive integer`);
  return Number(value);
}

/** A run as `history --json` gives it: the stored run and its changes since the previous run. */
export type HistoryJsonRun = StoredRun & {
  previousRunId: string | null;
  newSincePrevious: number;
  fixedSincePrevious: number;
};

/** New and fixed per run, each against its member's previous run of the same profile (whole history). */
async function changesOf(store: HistoryStore, runs: readonly StoredRun[]): Promise<Map<string, RunFindingCounts>> {
  const all = new Map<string, RunFindingCounts>();
  const groups = new Set(runs.map((r) => JSON.stringify([r.member, r.profile])));
  for (const g of groups) {
    const [member, profile] = JSON.parse(g) as [string, string];
    for (const change of findingTimeline(await store.runs({ member, profile })).perRun) all.set(change.runId, change);
  }
  return all;
}

const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}`.trimEnd());
}

function printRuns(runs: StoredRun[], changes: Map<string, RunFindingCounts>, where: string, io: Io): void {
  io.out(terminalSafe(`${runs.length} run(s) in ${where}`));
  if (!runs.length) return;
  const header = ['started (UTC)', 'member', 'profile', 'verdict', 'required', 'open c/h/m/l/i', 'new', 'fixed', 'run'];
  const rows = runs.map((r) => {
    const c = changes.get(r.runId);
    return [
      when(r.startedAt),
      r.member,
      r.profile,
      r.verdict + (r.certificate ? ' (certified)' : ''),
      `${r.required.passed}/${r.required.judged}`,
      SEVERITIES.map((s) => r.openFindings[s]).join('/'),
      c?.previousRunId ? `+${c.new}` : '-',
      c?.previousRunId ? `-${c.fixed}` : '-',
      r.runId.slice(0, 8),
    ].map(terminalSafe);
  });
  for (const line of table([header, ...rows])) io.out(line);
}

/** How long a finding was open, in the unit that reads best. */
function openFor(days: number): string {
  if (days >= 1) return `${days.toFixed(1)} d`;
  const hours = days * 24;
  return hours >= 1 ? `${hours.toFixed(1)} h` : `${Math.round(hours * 60)} min`;
}

async function printFindings(store: HistoryStore, query: HistoryQuery, json: boolean, io: Io): Promise<void> {
  const runs = await store.runs(query);
  const timeline = findingTimeline(runs);
  const findings = timeline.fingerprints;
  if (json) {
    io.out(JSON.stringify({ member: query.member, runs: timeline.perRun, findings }, null, 2));
    return;
  }
  const open = findings.filter((f) => f.open).length;
  io.out(
    terminalSafe(
      `${query.member}: ${runs.length} run(s), ${findings.length} finding(s) by fingerprint, ${open} open, ${findings.length - open} fixed`,
    ),
  );
  if (!findings.length) return;
  const header = ['fingerprint', 'check / finding', 'severity', 'first seen', 'last seen', 'fixed at', 'open for'];
  const rows = findings.map((f) =>
    [
      f.fingerprint.slice(0, 17),
      `${f.check} / ${f.finding}`,
      f.severity,
      when(f.firstSeen),
      when(f.lastSeen),
      f.fixedAt ? when(f.fixedAt) : 'open',
      openFor(f.openDays),
    ].map(terminalSafe),
  );
  for (const line of table([header, ...rows])) io.out(line);
}

export async function historyCommand(flags: HistoryFlags, io: Io): Promise<number> {
  const spec = requiredSpec(flags, io, 'history');
  parseHistorySpec(spec);
  if (flags.findings && !flags.member) throw new UsageError('history --findings: give --member <id>');
  const query: HistoryQuery = {
    ...(flags.member !== undefined ? { member: flags.member } : {}),
    ...(flags.profile !== undefined ? { profile: flags.profile } : {}),
    ...(flags.since !== undefined ? { since: flags.since } : {}),
    ...(flags.until !== undefined ? { until: flags.until } : {}),
    ...(flags.limit !== undefined ? { limit: parseLimit(flags.limit) } : {}),
  };
  const store = await openHistory(spec);
  try {
    if (flags.findings) {
      await printFindings(store, query, flags.json === true, io);
      return 0;
    }
    const runs = await store.runs(query);
    const changes = await changesOf(store, runs);
    if (flags.json) {
      const out: HistoryJsonRun[] = runs.map((r) => {
        const c = changes.get(r.runId);
        return {
          ...r,
          previousRunId: c?.previousRunId ?? null,
          newSincePrevious: c?.new ?? 0,
          fixedSincePrevious: c?.fixed ?? 0,
        };
      });
      io.out(JSON.stringify(out, null, 2));
      return 0;
    }
    printRuns(runs, changes, store.where, io);
    return 0;
  } finally {
    await store.close();
  }
}

/**
 * `certify --history`: records the certificate, and its run when the store does not have it yet (the
 * certificate then lists with its run). A store that fails is a warning: the certificate is written.
 */
export async function recordCertificate(
  spec: string,
  from: string,
  certificate: Certificate,
  io: Io,
): Promise<boolean> {
  try {
    const results = parseResults(readFileSync(resolve(from), 'utf8'), from);
    const store = await openHistory(spec);
    try {
      if (!(await store.results(results.run.id))) await store.record(results);
      await store.recordCertificate({
        id: certificate.id,
        runId: certificate.run.id,
        member: memberIdOf(results.target),
        validFrom: certificate.validFrom,
        validUntil: certificate.validUntil,
      });
      io.out(terminalSafe(`Recorded in the history store (${store.where})`));
    } finally {
      await store.close();
    }
    return true;
  } catch (err) {
    io.err(terminalSafe(`warning: the certificate was not recorded in the history store: ${errorMessage(err)}`));
    return false;
  }
}
