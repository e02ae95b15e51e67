// From the history store's runs to the dashboard's inputs, pure: each member's latest run, its member row,
// and a consortium summary of those latest runs (source "ingest": the runs were recorded, not run here).
// Requirement statuses are not in the run records, so the summary reads each latest run's results.json
// (HistoryStore.results); a member whose results.json is missing gets "not-run" cells.
import { SEVERITIES, type Area, type Results, type Severity } from '../engine/types.ts';
import type { AreaStatus, RunRecord } from '../history/record.ts';
import type { StoredRun } from '../history/store.ts';
import {
  CONSORTIUM_SUMMARY_VERSION,
  type ConsortiumSummary,
  type MemberRow,
  type MemberRunStatus,
  type RequirementRow,
} from './types.ts';

export interface LatestRun {
  run: StoredRun;
  /** The run's whole results.json, when the store still has it. */
  results?: Results;
}

/**
 * The latest run of each member (by startedAt; a tie goes to the later recorded), in member id order;
 * with `members`, only those (unknown ids are the caller's to refuse).
 */
export function latestRunPerMember(runs: readonly StoredRun[], members?: readonly string[]): StoredRun[] {
  const wanted = members?.length ? new Set(members) : undefined;
  const latest = new Map<string, StoredRun>();
  for (const run of runs) {
    if (wanted && !wanted.has(run.member)) continue;
    const seen = latest.get(run.member);
    if (
      !seen ||
      Date.parse(run.startedAt) > Date.parse(seen.startedAt) ||
      (run.startedAt === seen.startedAt && run.recordedAt >= seen.recordedAt)
    )
      latest.set(run.member, run);
  }
  return [...latest.values()].sort((a, b) => a.member.localeCompare(b.member));
}

/** What a recorded run says became of the member: a recorded run always ran, unless it found no target. */
export function runStatusOf(record: Pick<RunRecord, 'verdict'>): MemberRunStatus {
  if (record.verdict === 'unreachable') return 'unreachable';
  if (record.verdict === 'error') return 'crashed';
  return 'ran';
}

export function memberRowOf(record: RunRecord): MemberRow {
  return {
    id: record.member,
    ...(record.memberName ? { name: record.memberName } : {}),
    status: runStatusOf(record),
    verdict: record.verdict,
    conformant: record.conformant,
    exitCode: record.exitCode,
    reason: record.reason,
    record,
  };
}

/** members × requirements from each member's results.json (a member without one: every cell not-run). */
export function requirementRows(latest: readonly LatestRun[]): RequirementRow[] {
  const rows = new Map<string, RequirementRow>();
  for (const { results } of latest)
    for (const q of results?.requirements ?? [])
      if (!rows.has(q.id))
        rows.set(q.id, {
          id: q.id,
          text: q.text,
          level: q.level,
          severity: q.severity,
          area: q.area,
          byMember: {},
          failing: 0,
        });
  for (const row of rows.values())
    for (const { run, results } of latest) {
      const status = results?.requirements.find((q) => q.id === row.id)?.status ?? 'not-run';
      row.byMember[run.member] = status;
      if (status === 'fail') row.failing++;
    }
  return [...rows.values()].sort((a, b) => b.failing - a.failing || a.id.localeCompare(b.id));
}

/**
 * The consortium summary of the members' latest recorded runs. This is the one place the dashboard
 * command builds a summary; consortium/summary.ts `summarize` (the consortium run's) can take its place.
 */
export function summaryOfLatestRuns(latest: readonly LatestRun[], generatedAt: string): ConsortiumSummary {
  const members = latest.map(({ run }) => memberRowOf(run));
  const areas: Record<string, Record<Area, AreaStatus>> = {};
  for (const { run } of latest) areas[run.member] = { ...run.areas };
  const openFindings = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const { run } of latest) for (const s of SEVERITIES) openFindings[s] += run.openFindings[s];
  const conformant = members.filter((m) => m.conformant).length;
  const unreachable = members.filter((m) => m.status === 'unreachable').length;
  const notRun = members.filter((m) => m.status !== 'ran' && m.status !== 'unreachable').length;
  return {
    schemaVersion: CONSORTIUM_SUMMARY_VERSION,
    generatedAt,
    source: 'ingest',
    members,
    areas,
    requirements: requirementRows(latest),
    totals: {
      members: members.length,
      conformant,
      notConformant: members.filter((m) => m.status === 'ran' && !m.conformant).length,
      unreachable,
      notRun,
      openFindings,
    },
    exitCode: members.length > 0 && conformant === members.length ? 0 : 1,
  };
}
