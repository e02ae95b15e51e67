// What makes a run certifiable: it finished (no stop, a conformant or not-conformant verdict), every
// required check was judged, every collector delivered, the run recorded no error, it ran the whole profile
// (every suite, no --checks subset, the profile's own standard), and the places it planned were probed as
// the profile's coverage policy demands. Pure: a list of problems, each with a stable code.
import type { Area, NotProbedReason, Results } from '../engine/types.ts';

export type ProblemCode =
  | 'verdict'
  | 'run-stopped'
  | 'required-error'
  | 'artifact-error'
  | 'run-error'
  | 'suites'
  | 'checks-selected'
  | 'other-standard'
  | 'unprobed-places'
  | 'needs-review';

export interface Problem {
  code: ProblemCode;
  message: string;
}

export interface GatePolicy {
  /** The suites of the run's profile: a certificate covers all of them. */
  profileSuites: readonly Area[];
  /**
   * The profile's coverage.unprobedPlaces. `incomplete` (the certification profile) also refuses required
   * checks the harness declined to judge (needs-review): a certificate cannot vouch for them.
   */
  unprobedPlaces: 'report' | 'incomplete';
}

/**
 * Places left unprobed for these reasons make a run incomplete whatever the profile says: the harness
 * could not do what it planned. `budget` (seeded sampling) does only when the profile's coverage policy is
 * `incomplete`; `not-exposed` and `not-applicable` never do (the place does not apply to the member).
 */
const ALWAYS_INCOMPLETE: readonly NotProbedReason[] = ['stopped', 'precondition-failed', 'not-reached'];

function list(ids: readonly string[], max = 5): string {
  return ids.length <= max ? ids.join(', ') : `${ids.slice(0, max).join(', ')} and ${ids.length - max} more`;
}

/**
 * Errors of the harness's own bookkeeping after the checks ran (the history store did not take the run):
 * they say nothing about the member, so they do not stand in the way of its certificate.
 */
const BOOKKEEPING_ERRORS = new Set(['history-not-recorded']);

export function certificationProblems(results: Results, policy: GatePolicy): Problem[] {
  const problems: Problem[] = [];
  const { verdict, run } = results;
  if (run.stop) problems.push({ code: 'run-stopped', message: `the run was stopped: ${run.stop.message}` });
  if (verdict.status !== 'conformant' && verdict.status !== 'not-conformant')
    problems.push({ code: 'verdict', message: `the verdict is ${verdict.status}: ${verdict.reason}` });
  const errored = results.checks.filter((c) => c.required && c.outcome === 'error').map((c) => c.id);
  if (errored.length)
    problems.push({
      code: 'required-error',
      message: `${errored.length} required check(s) could not be judged (error): ${list(errored)}`,
    });
  const review = results.checks.filter((c) => c.required && c.outcome === 'needs-review').map((c) => c.id);
  if (review.length && policy.unprobedPlaces === 'incomplete')
    problems.push({
      code: 'needs-review',
      message: `${review.length} required check(s) were not judged (needs-review): ${list(review)}`,
    });
  const failedArtifacts = results.artifacts.filter((a) => a.status === 'error');
  if (failedArtifacts.length)
    problems.push({
      code: 'artifact-error',
      message: `${failedArtifacts.length} collector(s) failed: ${list(
        failedArtifacts.map((a) => `${a.name} (${a.error ?? 'error'})`),
        3,
      )}`,
    });
  const runErrors = results.errors.filter((e) => !BOOKKEEPING_ERRORS.has(e.code));
  if (runErrors.length)
    problems.push({
      code: 'run-error',
      message: `the run recorded errors: ${list(
        runErrors.map((e) => `${e.code}: ${e.message}`),
        3,
      )}`,
    });
  const missing = policy.profileSuites.filter((s) => !run.suites.includes(s));
  if (missing.length)
    problems.push({
      code: 'suites',
      message: `the run left out suites of profile ${run.profile.id}: ${missing.join(', ')}`,
    });
  const selected = run.options.checks;
  if (selected !== undefined && selected !== null && !(Array.isArray(selected) && selected.length === 0))
    problems.push({
      code: 'checks-selected',
      message: `the run was limited to some checks (--checks ${Array.isArray(selected) ? selected.join(',') : String(selected)})`,
    });
  const openapi = run.options.openapi;
  if (openapi !== undefined && openapi !== null && openapi !== '')
    problems.push({
      code: 'other-standard',
      message: `the run checked another OpenAPI document (--openapi ${String(openapi)}), not profile ${run.profile.id}`,
    });
  const incomplete = new Set<NotProbedReason>(ALWAYS_INCOMPLETE);
  if (policy.unprobedPlaces === 'incomplete') incomplete.add('budget');
  const unprobed = results.requirements.flatMap((q) =>
    (q.places?.notProbed ?? []).filter((n) => incomplete.has(n.why)).map((n) => `${q.id} ${n.id} (${n.why})`),
  );
  if (unprobed.length)
    problems.push({
      code: 'unprobed-places',
      message: `${unprobed.length} planned place(s) were not probed: ${list(unprobed, 3)}`,
    });
  return problems;
}
