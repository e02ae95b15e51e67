// The consortium summary, a pure function of each member's results (through its run record,
// history/record.ts): the same results give the same summary whether a consortium run produced them or
// `consortium ingest` read them from members' CI artifacts.
import { AREAS, SEVERITIES, type Area, type Results, type Severity } from '../engine/types.ts';
import { recordOf, type AreaStatus } from '../history/record.ts';
import {
  CONSORTIUM_SUMMARY_VERSION,
  type ConsortiumSummary,
  type MemberRow,
  type MemberRunStatus,
  type RequirementCell,
  type RequirementRow,
} from './types.ts';

/** What is known of a member before its results are read: who it is and what became of it. */
export interface MemberRowInput {
  id: string;
  name?: string;
  status: MemberRunStatus;
  /** One line: why it was not run, or (when results exist) left empty to take the verdict's reason. */
  reason?: string;
  exitCode?: number;
  /** Relative to the summary's folder. */
  resultsPath?: string;
  reportPath?: string;
}

export interface MemberInput {
  row: MemberRowInput;
  /** The member's results.json, when its run wrote one. */
  results?: Results;
}

/**
 * What became of a member, read from its results: unreachable, refused (a usage error: its entry or
 * config), crashed (an internal error), else it ran and has a verdict.
 */
export function statusOfResults(results: Results): MemberRunStatus {
  if (results.verdict.status === 'unreachable') return 'unreachable';
  if (results.verdict.status === 'error') return results.errors.some((e) => e.code === 'usage') ? 'usage' : 'crashed';
  return 'ran';
}

/** Statuses of a member that could not be judged (exit 3 when nothing worse happened). */
const NOT_JUDGED: ReadonlySet<MemberRunStatus> = new Set(['unreachable', 'skipped', 'crashed', 'hung']);

/**
 * The consortium command's exit code (README "Consortium runs"), first that applies:
 * the outer stop's code (130 SIGINT, 143 SIGTERM); 2 when a member's entry was refused (usage);
 * 1 when a member ran and is not conformant (or incomplete); 3 when a member could not be judged
 * (unreachable, skipped, crashed, hung); else 0, every member ran and is conformant.
 */
export function consortiumExitCode(
  rows: readonly Pick<MemberRow, 'status' | 'conformant'>[],
  stoppedExit?: number,
): number {
  if (stoppedExit !== undefined) return stoppedExit;
  if (rows.some((r) => r.status === 'usage')) return 2;
  if (rows.some((r) => r.status === 'ran' && !r.conformant)) return 1;
  if (rows.some((r) => NOT_JUDGED.has(r.status))) return 3;
  return 0;
}

function zeroBySeverity(): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
}

const NOT_RUN_AREAS = Object.fromEntries(AREAS.map((a) => [a, 'not-run'])) as Record<Area, AreaStatus>;

function rowOf({ row, results }: MemberInput): MemberRow {
  const record = results ? recordOf(results) : undefined;
  return {
    id: row.id,
    ...((row.name ?? record?.memberName) ? { name: row.name ?? record!.memberName! } : {}),
    status: row.status,
    ...(results && row.status !== 'hung' && row.status !== 'skipped' ? { verdict: results.verdict.status } : {}),
    conformant: row.status === 'ran' && Boolean(results?.verdict.conformant),
    exitCode: row.exitCode ?? results?.verdict.exitCode ?? 3,
    reason: row.reason || results?.verdict.reason || row.status,
    ...(record ? { record } : {}),
    ...(row.resultsPath ? { resultsPath: row.resultsPath } : {}),
    ...(row.reportPath ? { reportPath: row.reportPath } : {}),
  };
}

export interface SummarizeOptions {
  generatedAt?: Date;
  /** The consortium run was stopped (Ctrl-C, SIGTERM): its exit code wins. */
  stoppedExitCode?: number;
}

/** Members in id order, members × areas, members × requirements, totals and the exit code. */
export function summarize(
  members: readonly MemberInput[],
  source: ConsortiumSummary['source'],
  opts: SummarizeOptions = {},
): ConsortiumSummary {
  const inputs = [...members].sort((a, b) => (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0));
  const rows = inputs.map(rowOf);
  const areas: ConsortiumSummary['areas'] = {};
  for (const r of rows) areas[r.id] = r.status === 'ran' && r.record ? { ...r.record.areas } : { ...NOT_RUN_AREAS };

  // The requirements of every member's results, in the order the first member that lists one gives.
  const requirements = new Map<string, RequirementRow>();
  for (const { results } of inputs) {
    for (const q of results?.requirements ?? []) {
      if (!requirements.has(q.id))
        requirements.set(q.id, {
          id: q.id,
          text: q.text,
          level: q.level,
          severity: q.severity,
          area: q.area,
          byMember: {},
          failing: 0,
        });
    }
  }
  for (const [i, { results }] of inputs.entries()) {
    const row = rows[i]!;
    const own = new Map(row.status === 'ran' ? results?.requirements.map((q) => [q.id, q.status]) : []);
    for (const req of requirements.values()) {
      const cell: RequirementCell = own.get(req.id) ?? 'not-run';
      req.byMember[row.id] = cell;
      if (cell === 'fail') req.failing++;
    }
  }

  const openFindings = zeroBySeverity();
  for (const r of rows)
    if (r.status === 'ran' && r.record) for (const s of SEVERITIES) openFindings[s] += r.record.openFindings[s];
  return {
    schemaVersion: CONSORTIUM_SUMMARY_VERSION,
    generatedAt: (opts.generatedAt ?? new Date()).toISOString(),
    source,
    members: rows,
    areas,
    requirements: [...requirements.values()],
    totals: {
      members: rows.length,
      conformant: rows.filter((r) => r.conformant).length,
      notConformant: rows.filter((r) => r.status === 'ran' && !r.conformant).length,
      unreachable: rows.filter((r) => r.status === 'unreachable').length,
      notRun: rows.filter((r) => r.status !== 'ran' && r.status !== 'unreachable').length,
      openFindings,
    },
    exitCode: consortiumExitCode(rows, opts.stoppedExitCode),
  };
}
