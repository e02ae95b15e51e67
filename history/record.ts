// What the history store indexes about one run, extracted from its results.json (kept whole beside it).
// Pure: the same Results always give the same record. The consortium summary and the KPIs read these
// records, never a member's results.json directly, so a run recorded in CI years ago and one run just now
// are judged the same way.
import { AREAS, SEVERITIES, type Area, type Results, type Severity, type VerdictStatus } from '../engine/types.ts';

/**
 * One area of one run, in one word:
 * fail (a required check of the area blocks the verdict), incomplete (no blocking failure, but a required
 * check could not be judged: needs-review, error or skipped), pass (every required check judged passed or
 * not applicable), not-run (the area was not selected, or none of its checks ran).
 */
export type AreaStatus = 'pass' | 'fail' | 'incomplete' | 'not-run';

export interface RecordedFinding {
  fingerprint: string;
  check: string;
  /** The finding's id within its check (e.g. `imo-check-digit`). */
  finding: string;
  /** The check's severity (severity belongs to the requirement, hence to the check). */
  severity: Severity;
  /** Accepted by a waiver: not open. */
  waived: boolean;
}

export interface RunRecord {
  runId: string;
  /** The member's id: results.target.member, else a slug of the target's name or host. */
  member: string;
  memberName?: string;
  profile: string;
  profileVersion: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  verdict: VerdictStatus;
  conformant: boolean;
  exitCode: number;
  reason: string;
  areas: Record<Area, AreaStatus>;
  /** Required checks: passed / judged is the conformance rate (judged: pass, fail, needs-review, error). */
  required: { judged: number; passed: number };
  /** Open findings (of failed checks, not waived) by their check's severity. */
  openFindings: Record<Severity, number>;
  /** Failed checks (not waived) by severity: a failing check may carry no findings of its own. */
  failedChecks: Record<Severity, number>;
  /** Requirement coverage: how many of the catalog's requirements each status. */
  requirements: { total: number; pass: number; fail: number; notTested: number; inconclusive: number };
  /** Load p95 in ms per scenario (from the load checks' `<scenario>.p95Ms` metrics). */
  loadP95Ms: Record<string, number>;
  /** Every finding of a failed check that has a fingerprint (waived ones marked). */
  findings: RecordedFinding[];
}

const JUDGED = new Set(['pass', 'fail', 'needs-review', 'error']);
const UNJUDGED_REQUIRED = new Set(['needs-review', 'error', 'skipped']);

function zeroBySeverity(): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
}

/** A member id from what a results file says about its target, when no id was configured. */
export function memberIdOf(target: Results['target']): string {
  if (target.member) return target.member;
  const basis = target.name ?? (URL.canParse(target.apiBaseUrl) ? new URL(target.apiBaseUrl).host : target.apiBaseUrl);
  const slug = basis
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'unnamed';
}

/** Skipped because the run did not select it (suite, `--checks`, the profile): not a gap in judging. */
function deselected(results: Results, c: Results['checks'][number]): boolean {
  if (c.outcome !== 'skipped') return false;
  const only = results.run.options.checks;
  return (
    !results.run.suites.includes(c.area) ||
    (Array.isArray(only) && !only.includes(c.id)) ||
    (c.summary ?? '').startsWith('disabled by profile')
  );
}

export function areaStatusOf(results: Results, area: Area): AreaStatus {
  const checks = results.checks.filter((c) => c.area === area && !deselected(results, c));
  const selected = results.run.suites.includes(area);
  if (!selected || checks.length === 0 || checks.every((c) => c.outcome === 'skipped')) {
    // A run stopped before it began skips everything: nothing of the area was judged.
    return 'not-run';
  }
  const blocking = new Set(results.summary.blocking);
  if (checks.some((c) => blocking.has(c.id))) return 'fail';
  if (checks.some((c) => c.required && UNJUDGED_REQUIRED.has(c.outcome))) return 'incomplete';
  return 'pass';
}

export function recordOf(results: Results): RunRecord {
  const required = { judged: 0, passed: 0 };
  const openFindings = zeroBySeverity();
  const failedChecks = zeroBySeverity();
  const findings: RecordedFinding[] = [];
  const loadP95Ms: Record<string, number> = {};
  for (const c of results.checks) {
    if (c.required && JUDGED.has(c.outcome)) {
      required.judged++;
      if (c.outcome === 'pass') required.passed++;
    }
    if (c.outcome === 'fail') {
      const checkWaived = Boolean(c.waiver);
      if (!checkWaived) failedChecks[c.severity]++;
      for (const f of c.findings) {
        const waived = checkWaived || Boolean(f.waiver);
        if (!waived) openFindings[c.severity]++;
        if (f.fingerprint)
          findings.push({ fingerprint: f.fingerprint, check: c.id, finding: f.id, severity: c.severity, waived });
      }
    }
    if (c.area === 'load' && c.metrics) {
      for (const [k, v] of Object.entries(c.metrics)) {
        const m = /^(.+)\.p95Ms$/.exec(k);
        if (m && Number.isFinite(v)) loadP95Ms[m[1]!] = v;
      }
    }
  }
  const requirements = { total: results.requirements.length, pass: 0, fail: 0, notTested: 0, inconclusive: 0 };
  for (const r of results.requirements) {
    if (r.status === 'pass') requirements.pass++;
    else if (r.status === 'fail') requirements.fail++;
    else if (r.status === 'not-tested') requirements.notTested++;
    else requirements.inconclusive++;
  }
  return {
    runId: results.run.id,
    member: memberIdOf(results.target),
    ...(results.target.name ? { memberName: results.target.name } : {}),
    profile: results.run.profile.id,
    profileVersion: results.run.profile.version,
    startedAt: results.run.startedAt,
    finishedAt: results.run.finishedAt,
    durationMs: results.run.durationMs,
    verdict: results.verdict.status,
    conformant: results.verdict.conformant,
    exitCode: results.verdict.exitCode,
    reason: results.verdict.reason,
    areas: Object.fromEntries(AREAS.map((a) => [a, areaStatusOf(results, a)])) as Record<Area, AreaStatus>,
    required,
    openFindings,
    failedChecks,
    requirements,
    loadP95Ms,
    findings,
  };
}

/** Conformance rate in [0, 1], or undefined when no required check was judged. */
export function conformanceRate(record: Pick<RunRecord, 'required'>): number | undefined {
  return record.required.judged ? record.required.passed / record.required.judged : undefined;
}
