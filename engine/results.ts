// The results envelope: everything results.json holds, from what a run (or a run that ended before
// it began) knows. Scoring decides what the outcomes mean; this only puts the file together.
import { randomUUID } from 'node:crypto';
import type { RunStopped } from './run-control.ts';
import { requirementStatuses, summarise, verdictOf } from './scoring.ts';
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
}

export function assembleResults(a: AssembleInput): Results {
  return {
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
    target: {
      apiBaseUrl: a.target.apiBaseUrl,
      ...(a.target.portalUrl ? { portalUrl: a.target.portalUrl } : {}),
      ...(a.target.tokenUrl ? { tokenUrl: a.target.tokenUrl } : {}),
      kind: a.target.kind,
      ...(a.target.name !== undefined ? { name: a.target.name } : {}),
    },
    environment: { node: process.version, platform: process.platform, arch: process.arch },
    verdict: a.verdictOverride ?? verdictOf(a.checks, a.stop?.reason),
    summary: summarise(a.checks, a.areaTime),
    checks: a.checks,
    requirements: requirementStatuses(a.requirements, a.registry, a.checks, a.plan, a.stop !== undefined),
    evidence: a.evidence,
    artifacts: a.artifacts,
    errors: a.errors,
    ...(a.extensions && Object.keys(a.extensions).length ? { extensions: a.extensions } : {}),
  };
}
