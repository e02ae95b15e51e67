// The results envelope: everything results.json holds, from what a run (or a run that ended before
// it began) knows. Scoring decides what the outcomes mean; this only puts the file together.
import { randomUUID } from 'node:crypto';
import { compareWithBaseline } from './baseline.ts';
import { fingerprintChecks } from './fingerprint.ts';
import type { RunStopped } from './run-control.ts';
import { blockingFailure, requirementStatuses, summarise, verdictOf } from './scoring.ts';
import type { Target } from './target.ts';
import {
  AREAS,
  RESULTS_SCHEMA_VERSION,
  type Area,
  type ArtifactRecord,
  type CheckResult,
  type Evidence,
  type ProbePlan,
  type Requirement,
  type Results,
  type RunErrorRecord,
} from './types.ts';
import { applyWaivers, type Waiver } from './waivers.ts';

/** What makes the exit code 1: any blocking failure (default), or only one with a finding new since the baseline. */
export const FAIL_ON = ['any', 'new'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** The member's say after judging: its waivers, the run it compares with, and what fails its build. */
export interface Policies {
  waivers?: readonly Waiver[];
  baseline?: { results: Results; from: string };
  failOn?: FailOn;
}

export interface AssembleInput {
  tool: { name: string; version: string };
  /** Where the run pointed, as far as it got. */
  target: Pick<Target, 'apiBaseUrl' | 'portalUrl' | 'kind' | 'name'> & Partial<Pick<Target, 'tokenUrl'>>;
  /** The profile, when it was loaded. */
  profile?: { id: string; title: string; version: string };
  suites: readonly Area[];
  seed: number;
  options: Results['run']['options'];
  requirements: readonly Requirement[];
  /** The whole registry (for which checks cover a requirement). */
  registry: readonly { id: string; requirements: readonly string[] }[];
  checks: CheckResult[];
  evidence: Record<string, Evidence>;
  artifacts: ArtifactRecord[];
  errors: RunErrorRecord[];
  startedAt: Date;
  finishedAt: Date;
  areaTime?: ReadonlyMap<Area, number>;
  extensions?: Record<string, unknown>;
  stop?: { reason: RunStopped; at: Date };
  /** The run's probe plan, when one was derived: requirements then say which places were probed. */
  plan?: ProbePlan;
  /** For a run that ended before it began: the verdict is the cause, not the (unrun) checks. */
  verdictOverride?: Results['verdict'];
  /** The member id the target belongs to (member config `member`), for waivers. */
  member?: string;
  /** Waivers, baseline, --fail-on: applied once the checks are scored (applyPolicies). */
  policies?: Policies;
}

export function assembleResults(a: AssembleInput): Results {
  const target: Results['target'] = {
    apiBaseUrl: a.target.apiBaseUrl,
    ...(a.target.portalUrl ? { portalUrl: a.target.portalUrl } : {}),
    ...(a.target.tokenUrl ? { tokenUrl: a.target.tokenUrl } : {}),
    kind: a.target.kind,
    ...(a.target.name !== undefined ? { name: a.target.name } : {}),
    ...(a.member !== undefined ? { member: a.member } : {}),
  };
  const checks = fingerprintChecks(a.checks, target);
  const results: Results = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: a.tool,
    run: {
      id: randomUUID(),
      startedAt: a.startedAt.toISOString(),
      finishedAt: a.finishedAt.toISOString(),
      durationMs: a.finishedAt.getTime() - a.startedAt.getTime(),
      seed: a.seed,
      profile: a.profile
        ? { id: a.profile.id, title: a.profile.title, version: a.profile.version }
        : { id: 'unknown', title: 'not loaded', version: '' },
      suites: [...a.suites].sort((x, y) => AREAS.indexOf(x) - AREAS.indexOf(y)),
      options: a.options,
      ...(a.stop
        ? { stop: { kind: a.stop.reason.kind, message: a.stop.reason.message, at: a.stop.at.toISOString() } }
        : {}),
    },
    target,
    environment: { node: process.version, platform: process.platform, arch: process.arch },
    verdict: a.verdictOverride ?? verdictOf(checks, a.stop?.reason),
    summary: summarise(checks, a.areaTime),
    checks,
    requirements: requirementStatuses(a.requirements, a.registry, checks, a.plan, a.stop !== undefined),
    evidence: a.evidence,
    artifacts: a.artifacts,
    errors: a.errors,
    ...(a.extensions && Object.keys(a.extensions).length ? { extensions: a.extensions } : {}),
  };
  return a.policies ? applyPolicies(results, a.policies) : results;
}

/**
 * Applies a member's waivers and baseline to scored results, and recomputes what follows: blocking and
 * waived checks, the verdict and its exit code. Used when a run assembles its results and by
 * `report --from` (its waivers and baseline replace any the file had). Waivers are judged at the run's
 * start (results.run.startedAt), so the same file gives the same answer whenever it is re-rendered.
 * A run that ended before it began keeps its verdict (nothing was judged).
 */
export function applyPolicies(input: Results, p: Policies): Results {
  let checks = fingerprintChecks(input.checks, input.target);
  const out: Results = { ...input };
  if (p.waivers) {
    const bare = checks.map(({ waiver: _w, ...c }) => ({
      ...c,
      findings: c.findings.map(({ waiver: _fw, ...f }) => f),
    }));
    const applied = applyWaivers(bare, p.waivers, {
      at: new Date(input.run.startedAt),
      ...(input.target.member !== undefined ? { member: input.target.member } : {}),
    });
    checks = applied.checks;
    out.waivers = applied.records;
  }
  if (p.baseline) {
    const compared = compareWithBaseline(checks, p.baseline.results, p.baseline.from);
    checks = compared.checks;
    out.baseline = compared.baseline;
  }
  out.checks = checks;
  if (!p.waivers && !p.baseline) return out;
  const endedEarly = !input.run.stop && (input.verdict.status === 'error' || input.verdict.status === 'unreachable');
  if (endedEarly) return out;
  const stop = input.run.stop ? { ...input.run.stop, exitCode: input.verdict.exitCode } : undefined;
  const { blocking, waived } = summarise(checks);
  const { waived: _old, ...summary } = input.summary;
  out.summary = { ...summary, blocking, ...(waived ? { waived } : {}) };
  let verdict = verdictOf(checks, stop);
  if (p.failOn === 'new' && p.baseline) verdict = failOnNew(verdict, checks, p.baseline.results);
  out.verdict = verdict;
  return out;
}

/**
 * `--fail-on new`: a not-conformant run exits 1 only when a blocking failure has a finding the baseline
 * did not have (or, having no findings, did not fail in the baseline). The verdict itself is unchanged;
 * errors (incomplete) and stops keep their exit codes.
 */
function failOnNew(verdict: Results['verdict'], checks: readonly CheckResult[], before: Results): Results['verdict'] {
  if (verdict.status !== 'not-conformant' || verdict.exitCode !== 1) return verdict;
  if (checks.some((c) => c.required && c.outcome === 'error')) return verdict;
  const failedBefore = new Set(before.checks.filter((c) => c.outcome === 'fail').map((c) => c.id));
  const fresh = checks
    .filter(blockingFailure)
    .filter((c) =>
      c.findings.length ? c.findings.some((f) => !f.waiver && f.baselineState === 'new') : !failedBefore.has(c.id),
    )
    .map((c) => c.id);
  if (fresh.length) return { ...verdict, reason: `${verdict.reason}; new since the baseline: ${fresh.join(', ')}` };
  return {
    ...verdict,
    exitCode: 0,
    reason: `${verdict.reason}; none of them is new since the baseline (--fail-on new)`,
  };
}
