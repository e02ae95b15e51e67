// The consortium summary: every member side by side, from one consortium run or from results.json files
// ingested from members' own CI jobs. Like results.json it is a versioned contract
// (consortium/summary.schema.json); the dashboard and the Markdown summary are pure functions of it
// (plus, for trends, the history store's records).
import type { Area, Level, Severity, VerdictStatus } from '../engine/types.ts';
import type { AreaStatus, RunRecord } from '../history/record.ts';

export const CONSORTIUM_SUMMARY_VERSION = '1.0.0';

/**
 * What became of a member in this consortium run:
 * ran (a run finished and gave a verdict: conformant or not), unreachable (preflight found nothing
 * listening), skipped (not run: its credentials were missing, cause given), crashed (the run threw or
 * ended with an internal error), hung (the run did not end within its deadline plus a grace period and
 * was abandoned), usage (its entry or config was refused).
 */
export type MemberRunStatus = 'ran' | 'unreachable' | 'skipped' | 'crashed' | 'hung' | 'usage';

export interface MemberRow {
  id: string;
  name?: string;
  status: MemberRunStatus;
  /** The run's verdict when one was assembled (a skipped or hung member has none). */
  verdict?: VerdictStatus;
  conformant: boolean;
  exitCode: number;
  /** One line: the verdict's reason, or why the member was not run. */
  reason: string;
  /** The run's record (history/record.ts) when results.json exists. */
  record?: RunRecord;
  /** Relative to the summary's folder. */
  resultsPath?: string;
  reportPath?: string;
}

export type RequirementCell = 'pass' | 'fail' | 'not-tested' | 'inconclusive' | 'not-run';

export interface RequirementRow {
  id: string;
  text: string;
  level: Level;
  severity: Severity;
  area: Area;
  /** member id → the requirement's status in that member's run. */
  byMember: Record<string, RequirementCell>;
  /** How many members fail it (the dashboard sorts by this). */
  failing: number;
}

export interface ConsortiumSummary {
  schemaVersion: string;
  generatedAt: string;
  /** Where the members' results came from: a consortium run, or `consortium ingest`. */
  source: 'run' | 'ingest';
  members: MemberRow[];
  /** members × areas, by member id. */
  areas: Record<string, Record<Area, AreaStatus>>;
  requirements: RequirementRow[];
  totals: {
    members: number;
    conformant: number;
    notConformant: number;
    unreachable: number;
    notRun: number;
    openFindings: Record<Severity, number>;
  };
  /** The consortium command's exit code (README: consortium exit codes). */
  exitCode: number;
}
