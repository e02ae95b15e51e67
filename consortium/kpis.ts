// The consortium's key figures, per member and overall. Pure: from the summary and the history store's
// records (never a results.json), with `now` a parameter, so a dashboard rendered twice from the same
// data says the same thing. Each KPI's definition is in the README ("Consortium dashboard and KPIs").
import { SEVERITIES, type Severity } from '../engine/types.ts';
import { conformanceRate, type RunRecord } from '../history/record.ts';
import type { CertificateRecord, StoredRun } from '../history/store.ts';
import { findingTimeline, type RunFindingCounts } from '../history/timeline.ts';
import type { ConsortiumSummary, MemberRow } from './types.ts';

/** A certificate expiring within this many days is flagged. */
export const CERTIFICATE_WARNING_DAYS = 30;
/** A p95 within ±10 % of the previous measurement is steady: load runs vary that much on their own. */
export const P95_STEADY_TOLERANCE = 0.1;
/** How many requirements the "most failed" list shows. */
export const TOP_FAILED_REQUIREMENTS = 10;

const DAY_MS = 86_400_000;

/** One run as the trend charts see it. */
export interface RunPoint {
  runId: string;
  startedAt: string;
  /** Required checks passed / judged; undefined when none was judged. */
  conformanceRate?: number;
  openFindings: Record<Severity, number>;
  loadP95Ms: Record<string, number>;
}

/** first: no earlier run measured it; not-measured: the latest run did not (an earlier one did). */
export type P95Trend = 'first' | 'slower' | 'faster' | 'steady' | 'not-measured';

export interface ScenarioP95 {
  scenario: string;
  /** The latest run's p95 of it (undefined when the latest run did not measure it). */
  latestMs?: number;
  /** The measurement before the latest one (an earlier run that measured it). */
  previousMs?: number;
  /** (latest − previous) / previous. */
  change?: number;
  trend: P95Trend;
}

export type CertificateState = 'valid' | 'expiring' | 'expired' | 'not-yet-valid' | 'none';

export interface CertificateKpi {
  state: CertificateState;
  /** Whole days left until validUntil (negative once expired). */
  daysLeft?: number;
  certificate?: CertificateRecord;
}

export interface MemberKpis {
  member: string;
  name?: string;
  /** The member's runs the KPIs are computed from (history plus the summary's latest record). */
  runs: number;
  latestRunId?: string;
  latestStartedAt?: string;
  conformant?: boolean;
  conformanceRate?: number;
  openFindings: Record<Severity, number>;
  openFindingsTotal: number;
  /** The latest run's new and fixed findings against the member's previous run. */
  latestChange?: RunFindingCounts;
  /** Days each finding stayed open (episodes of the timeline: to its fix, or to `now`). */
  findingAge: { episodes: number; stillOpen: number; medianDays?: number; maxDays?: number };
  /** Requirements tested (any status but not-tested) and passed, out of the catalog's total. */
  coverage: { total: number; tested: number; passed: number; testedRate?: number; passedRate?: number };
  loadP95: ScenarioP95[];
  certificate: CertificateKpi;
  /** Oldest first: what the trend charts draw. */
  trend: RunPoint[];
  /** Oldest first: new, fixed and open findings per run. */
  changes: RunFindingCounts[];
}

export interface FailedRequirement {
  id: string;
  text: string;
  severity: Severity;
  failing: number;
  members: string[];
}

export interface ConsortiumKpis {
  members: number;
  conformant: number;
  /** Mean of the members' latest conformance rates (members with one). */
  meanConformanceRate?: number;
  /** How many members the mean is over. */
  ratedMembers: number;
  openFindings: Record<Severity, number>;
  openFindingsTotal: number;
  mostFailed: FailedRequirement[];
}

export interface DashboardKpis {
  consortium: ConsortiumKpis;
  members: MemberKpis[];
}

export function zeroBySeverity(): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
}

const total = (by: Record<Severity, number>): number => SEVERITIES.reduce((n, s) => n + by[s], 0);

/** The middle value (the mean of the two middle ones for an even count); undefined when empty. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Requirement coverage of one run. */
export function coverageOf(record: Pick<RunRecord, 'requirements'>): MemberKpis['coverage'] {
  const { total: all, pass, notTested } = record.requirements;
  const tested = all - notTested;
  return {
    total: all,
    tested,
    passed: pass,
    ...(all ? { testedRate: tested / all, passedRate: pass / all } : {}),
  };
}

/** Each scenario any run measured: the latest run's p95 and how it moved since the measurement before. */
export function loadP95Trends(runs: readonly Pick<RunRecord, 'loadP95Ms'>[]): ScenarioP95[] {
  const scenarios = [...new Set(runs.flatMap((r) => Object.keys(r.loadP95Ms)))].sort();
  const latest = runs.at(-1);
  return scenarios.map((scenario) => {
    const latestMs = latest?.loadP95Ms[scenario];
    const previousMs = runs
      .slice(0, -1)
      .map((r) => r.loadP95Ms[scenario])
      .filter((v): v is number => v !== undefined)
      .at(-1);
    if (latestMs === undefined)
      return { scenario, ...(previousMs !== undefined ? { previousMs } : {}), trend: 'not-measured' as const };
    if (previousMs === undefined) return { scenario, latestMs, trend: 'first' as const };
    const change = previousMs > 0 ? (latestMs - previousMs) / previousMs : latestMs > 0 ? Infinity : 0;
    const trend: P95Trend =
      change > P95_STEADY_TOLERANCE ? 'slower' : change < -P95_STEADY_TOLERANCE ? 'faster' : 'steady';
    return { scenario, latestMs, previousMs, ...(Number.isFinite(change) ? { change } : {}), trend };
  });
}

/** The certificate of the member's latest certified run, judged as of `now`. */
export function certificateKpi(runs: readonly (RunRecord | StoredRun)[], now: Date): CertificateKpi {
  const certificate = [...runs]
    .reverse()
    .map((r) => ('certificate' in r ? r.certificate : undefined))
    .find((c) => c !== undefined);
  if (!certificate) return { state: 'none' };
  const until = Date.parse(certificate.validUntil);
  const daysLeft = Math.floor((until - now.getTime()) / DAY_MS);
  const state: CertificateState =
    now.getTime() >= until
      ? 'expired'
      : now.getTime() < Date.parse(certificate.validFrom)
        ? 'not-yet-valid'
        : daysLeft <= CERTIFICATE_WARNING_DAYS
          ? 'expiring'
          : 'valid';
  return { state, daysLeft, certificate };
}

/**
 * One member's KPIs from its runs (any order; sorted oldest first here). With no runs (an unreachable or
 * skipped member with no history) every figure is empty or zero.
 */
export function memberKpis(
  member: string,
  runs: readonly (RunRecord | StoredRun)[],
  now: Date,
  name?: string,
): MemberKpis {
  const ordered = [...runs].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  const latest = ordered.at(-1);
  const timeline = findingTimeline(ordered, now);
  const days = timeline.fingerprints.map((f) => f.openDays);
  const openFindings = latest ? { ...latest.openFindings } : zeroBySeverity();
  const rate = latest ? conformanceRate(latest) : undefined;
  const displayName = name ?? latest?.memberName;
  return {
    member,
    ...(displayName ? { name: displayName } : {}),
    runs: ordered.length,
    ...(latest ? { latestRunId: latest.runId, latestStartedAt: latest.startedAt, conformant: latest.conformant } : {}),
    ...(rate !== undefined ? { conformanceRate: rate } : {}),
    openFindings,
    openFindingsTotal: total(openFindings),
    ...(timeline.perRun.length ? { latestChange: timeline.perRun.at(-1)! } : {}),
    findingAge: {
      episodes: days.length,
      stillOpen: timeline.fingerprints.filter((f) => f.open).length,
      ...(days.length ? { medianDays: median(days)!, maxDays: Math.max(...days) } : {}),
    },
    coverage: latest ? coverageOf(latest) : { total: 0, tested: 0, passed: 0 },
    loadP95: loadP95Trends(ordered),
    certificate: certificateKpi(ordered, now),
    trend: ordered.map((r) => {
      const point: RunPoint = {
        runId: r.runId,
        startedAt: r.startedAt,
        openFindings: { ...r.openFindings },
        loadP95Ms: { ...r.loadP95Ms },
      };
      const runRate = conformanceRate(r);
      if (runRate !== undefined) point.conformanceRate = runRate;
      return point;
    }),
    changes: timeline.perRun,
  };
}

/** A member's runs: its history, plus the summary's record when the history does not hold it yet. */
export function runsOfMember(row: MemberRow, history: readonly StoredRun[]): Array<RunRecord | StoredRun> {
  const own: Array<RunRecord | StoredRun> = history.filter((r) => r.member === row.id);
  if (row.record && !own.some((r) => r.runId === row.record!.runId)) own.push(row.record);
  return own;
}

/** The requirements most members fail, most first (then by id), with who fails each. */
export function mostFailedRequirements(
  summary: Pick<ConsortiumSummary, 'requirements'>,
  limit = TOP_FAILED_REQUIREMENTS,
): FailedRequirement[] {
  return summary.requirements
    .filter((q) => q.failing > 0)
    .sort((a, b) => b.failing - a.failing || a.id.localeCompare(b.id))
    .slice(0, limit)
    .map((q) => ({
      id: q.id,
      text: q.text,
      severity: q.severity,
      failing: q.failing,
      members: Object.entries(q.byMember)
        .filter(([, cell]) => cell === 'fail')
        .map(([m]) => m)
        .sort(),
    }));
}

export function consortiumKpis(
  summary: Pick<ConsortiumSummary, 'members' | 'requirements'>,
  members: readonly MemberKpis[],
  limit = TOP_FAILED_REQUIREMENTS,
): ConsortiumKpis {
  const rates = members.map((m) => m.conformanceRate).filter((r): r is number => r !== undefined);
  const openFindings = zeroBySeverity();
  for (const m of members) for (const s of SEVERITIES) openFindings[s] += m.openFindings[s];
  return {
    members: summary.members.length,
    conformant: summary.members.filter((m) => m.conformant).length,
    ...(rates.length ? { meanConformanceRate: rates.reduce((a, b) => a + b, 0) / rates.length } : {}),
    ratedMembers: rates.length,
    openFindings,
    openFindingsTotal: total(openFindings),
    mostFailed: mostFailedRequirements(summary, limit),
  };
}

/** Every KPI the dashboard shows: per member (in the summary's order) and for the consortium. */
export function dashboardKpis(
  summary: ConsortiumSummary,
  history: readonly StoredRun[] = [],
  now: Date = new Date(),
): DashboardKpis {
  const members = summary.members.map((row) => memberKpis(row.id, runsOfMember(row, history), now, row.name));
  return { consortium: consortiumKpis(summary, members), members };
}
