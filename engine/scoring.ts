// Scoring: pure functions from judged checks to what the run means. Severity comes from the
// requirements a check cites; whether a check blocks is the profile's decision; the verdict follows
// from the required checks' outcomes and from how the run ended. No I/O, no clock.
import type { RunStopped } from './run-control.ts';
import {
  emptyCounts,
  maxSeverity,
  severityRank,
  type Area,
  type CheckResult,
  type Level,
  type NotProbedReason,
  type Outcome,
  type ProbePlan,
  type Requirement,
  type RequirementStatus,
  type Results,
  type Severity,
} from './types.ts';

/** A check's result as judging produced it: what scoring adds is left out. */
export type JudgedCheck = Omit<CheckResult, 'severity' | 'required'>;

/** The profile's say in scoring: which levels block, and per-check overrides. */
export interface BlockingPolicy {
  levels: readonly Level[];
  /** checks.<id>.required from the profile, when set. */
  requiredOverride(checkId: string): boolean | undefined;
}

export type RequirementIndex = ReadonlyMap<string, Requirement>;

export function indexRequirements(requirements: readonly Requirement[]): RequirementIndex {
  return new Map(requirements.map((r) => [r.id, r]));
}

/** The highest severity of the requirements a check cites. */
export function severityOf(requirementIds: readonly string[], index: RequirementIndex): Severity {
  return maxSeverity(requirementIds.map((id) => index.get(id)?.severity ?? 'info'));
}

/** Required for conformance: the profile's override, else whether it cites a blocking level. */
export function isRequired(
  check: { id: string; requirements: readonly string[] },
  index: RequirementIndex,
  policy: BlockingPolicy,
): boolean {
  const override = policy.requiredOverride(check.id);
  if (override !== undefined) return override;
  return check.requirements.some((id) => {
    const level = index.get(id)?.level;
    return level !== undefined && policy.levels.includes(level);
  });
}

export function scoreCheck(judged: JudgedCheck, index: RequirementIndex, policy: BlockingPolicy): CheckResult {
  return {
    ...judged,
    severity: severityOf(judged.requirements, index),
    required: isRequired(judged, index, policy),
  };
}

/** A required failure no waiver accepts: it makes the run not conformant. */
export function blockingFailure(r: CheckResult): boolean {
  return r.required && r.outcome === 'fail' && !r.waiver;
}

/** The first few ids for a one-line reason; the full list is summary.blocking. */
/** Most severe first (stable within a severity), so a one-line reason names what matters most. */
function idList(checks: readonly CheckResult[], max = 5): string {
  const ids = [...checks].sort((a, b) => severityRank(b.severity) - severityRank(a.severity)).map((c) => c.id);
  return ids.length <= max ? ids.join(', ') : `${ids.slice(0, max).join(', ')} and ${ids.length - max} more`;
}

/**
 * The verdict. A required failure is a fact whatever else happened, so it makes the run
 * not-conformant even when the run was stopped; a stop otherwise makes it incomplete (unreachable
 * when the target stopped answering), and the stop's exit code is the run's.
 */
export function verdictOf(
  checks: readonly CheckResult[],
  stop?: Pick<RunStopped, 'kind' | 'message' | 'exitCode'>,
): Results['verdict'] {
  const requiredFails = checks.filter(blockingFailure);
  const requiredErrors = checks.filter((r) => r.required && r.outcome === 'error');
  const judged = checks.filter((r) => r.outcome !== 'skipped');
  const failed = `${requiredFails.length} required check(s) failed: ${idList(requiredFails)}`;
  if (stop) {
    return {
      status: requiredFails.length ? 'not-conformant' : stop.kind === 'unresponsive' ? 'unreachable' : 'incomplete',
      conformant: false,
      exitCode: stop.exitCode,
      reason: requiredFails.length ? `${stop.message}; ${failed}` : stop.message,
    };
  }
  if (requiredFails.length) return { status: 'not-conformant', conformant: false, exitCode: 1, reason: failed };
  if (requiredErrors.length)
    return {
      status: 'incomplete',
      conformant: false,
      exitCode: 1,
      reason: `${requiredErrors.length} required check(s) could not be judged: ${idList(requiredErrors)}`,
    };
  if (judged.length === 0) return { status: 'incomplete', conformant: false, exitCode: 1, reason: 'no check was run' };
  const waived = checks.filter((r) => r.required && r.outcome === 'fail' && r.waiver);
  // needs-review is the harness declining to judge (e.g. its own event loop stalled), not a finding about
  // the target: it does not block, but the reason must not claim those checks passed.
  const review = checks.filter((r) => r.required && r.outcome === 'needs-review');
  const required = judged.filter((r) => r.required).length;
  const passed = waived.length
    ? `all ${required - review.length} judged required checks passed or are waived (${waived.length} waived failure(s): ${idList(waived)})`
    : review.length
      ? `all ${required - review.length} judged required checks passed`
      : `all ${required} required checks passed`;
  return {
    status: 'conformant',
    conformant: true,
    exitCode: 0,
    reason: review.length ? `${passed}; ${review.length} need review: ${idList(review)}` : passed,
  };
}

export function summarise(checks: readonly CheckResult[], areaTime?: ReadonlyMap<Area, number>): Results['summary'] {
  const counts = emptyCounts();
  const byArea: Results['summary']['byArea'] = {};
  for (const r of checks) {
    counts[r.outcome] += 1;
    const area = (byArea[r.area] ??= { counts: emptyCounts(), durationMs: areaTime?.get(r.area) ?? 0 });
    area.counts[r.outcome] += 1;
  }
  const blocking = checks.filter((r) => blockingFailure(r) || (r.required && r.outcome === 'error')).map((r) => r.id);
  const waived = checks.filter((r) => r.required && r.outcome === 'fail' && r.waiver).map((r) => r.id);
  return { counts, byArea, blocking, ...(waived.length ? { waived } : {}) };
}

/**
 * Each requirement with the checks covering it (in the whole registry), its status in this run, and,
 * where the plan gives it places, which were probed (by any check) and which were not, with why.
 */
export function requirementStatuses(
  requirements: readonly Requirement[],
  registry: readonly { id: string; requirements: readonly string[] }[],
  checks: readonly CheckResult[],
  plan?: ProbePlan,
  stopped = false,
): RequirementStatus[] {
  const outcomesById = new Map(checks.map((r) => [r.id, r.outcome]));
  return requirements.map((req) => {
    const coveredBy = registry.filter((c) => c.requirements.includes(req.id)).map((c) => c.id);
    const outcomes = coveredBy
      .map((id) => outcomesById.get(id))
      .filter((o): o is Outcome => o !== undefined && o !== 'skipped');
    const status: RequirementStatus['status'] =
      outcomes.length === 0
        ? 'not-tested'
        : outcomes.includes('fail')
          ? 'fail'
          : outcomes.every((o) => o === 'pass' || o === 'not-applicable')
            ? 'pass'
            : 'inconclusive';
    const planned = plan?.places[req.id];
    return {
      ...req,
      coveredBy,
      status,
      ...(planned ? { places: placesOf(req.id, planned, checks, stopped) } : {}),
    };
  });
}

function placesOf(
  requirement: string,
  planned: NonNullable<ProbePlan['places'][string]>,
  checks: readonly CheckResult[],
  stopped: boolean,
): NonNullable<RequirementStatus['places']> {
  const ids = new Set(planned.map((p) => p.id));
  const probed = new Set<string>();
  const why = new Map<string, { why: NotProbedReason; detail?: string }>();
  for (const c of checks) {
    const report = c.places?.[requirement];
    if (!report) continue;
    for (const id of report.probed) if (ids.has(id)) probed.add(id);
    for (const n of report.notProbed ?? []) if (ids.has(n.id) && !why.has(n.id)) why.set(n.id, n);
  }
  const notProbed = planned
    .filter((p) => !probed.has(p.id))
    .map((p) => ({
      id: p.id,
      ...(why.get(p.id) ?? { why: stopped ? ('stopped' as const) : ('not-reached' as const) }),
    }));
  return { planned: [...planned], probed: planned.filter((p) => probed.has(p.id)).map((p) => p.id), notProbed };
}

/** What a profile does with places a check could not probe. */
export type UnprobedPolicy = 'report' | 'incomplete';

/** Reasons that mean "the run did not get there", as opposed to "it does not apply to this member". */
const MISSED: ReadonlySet<NotProbedReason> = new Set(['budget', 'stopped', 'precondition-failed', 'not-reached']);

/**
 * Under `incomplete` (the certification profile), a required check that passed without probing every
 * place of its requirements could not be judged everywhere: it becomes an error saying how many places
 * were missed and why. A failure stays a failure; under `report` (CI) nothing changes.
 */
export function applyUnprobedPolicy(result: CheckResult, policy: UnprobedPolicy): CheckResult {
  if (policy !== 'incomplete' || !result.required || result.outcome !== 'pass' || !result.places) return result;
  const missed = Object.values(result.places).flatMap((r) => (r.notProbed ?? []).filter((n) => MISSED.has(n.why)));
  if (missed.length === 0) return result;
  const reasons = [...new Set(missed.map((m) => m.why))].join(', ');
  const message = `passed where probed, but ${missed.length} place(s) were not probed (${reasons}); the profile requires every place`;
  return { ...result, outcome: 'error', title: result.title, summary: message, error: { message } };
}
