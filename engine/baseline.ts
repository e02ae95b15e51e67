// Baselines: this run's findings against an earlier run's, by fingerprint. Pure. Each finding of this
// run is `new` or `unchanged`; the baseline's findings this run no longer has are `fixed`, but only
// where this run judged the check again (a check skipped or errored now proves nothing fixed).
// Findings are matched as multisets: two findings with one fingerprint in the baseline and one now
// means one unchanged and one fixed.
import { fingerprintChecks } from './fingerprint.ts';
import type { BaselineComparison, CheckResult, FixedFinding, Results } from './types.ts';

/** Outcomes under which a check was judged, so its findings (or their absence) mean something. */
const JUDGED = new Set(['pass', 'fail', 'needs-review', 'not-applicable']);

export function compareWithBaseline(
  checksIn: readonly CheckResult[],
  baselineIn: Results,
  from: string,
): { checks: CheckResult[]; baseline: BaselineComparison } {
  const before = fingerprintChecks(baselineIn.checks, baselineIn.target);
  // fingerprint → the baseline's findings still unmatched
  const pool = new Map<string, number>();
  for (const c of before) for (const f of c.findings) pool.set(f.fingerprint!, (pool.get(f.fingerprint!) ?? 0) + 1);
  const counts = { new: 0, unchanged: 0, fixed: 0, notRechecked: 0 };
  const checks = checksIn.map((c) => ({
    ...c,
    findings: c.findings.map((f) => {
      const left = pool.get(f.fingerprint!) ?? 0;
      if (left > 0) pool.set(f.fingerprint!, left - 1);
      const baselineState = left > 0 ? ('unchanged' as const) : ('new' as const);
      counts[baselineState] += 1;
      return { ...f, baselineState };
    }),
  }));
  const judgedNow = new Set(checks.filter((c) => JUDGED.has(c.outcome)).map((c) => c.id));
  const fixed: FixedFinding[] = [];
  for (const c of before) {
    for (const f of c.findings) {
      const left = pool.get(f.fingerprint!) ?? 0;
      if (left === 0) continue;
      pool.set(f.fingerprint!, left - 1);
      if (!judgedNow.has(c.id)) {
        counts.notRechecked += 1;
        continue;
      }
      fixed.push({
        check: c.id,
        id: f.id,
        fingerprint: f.fingerprint!,
        message: f.message,
        ...(f.location ? { location: f.location } : {}),
      });
    }
  }
  counts.fixed = fixed.length;
  return {
    checks,
    baseline: { from, runId: baselineIn.run.id, startedAt: baselineIn.run.startedAt, fixed, counts },
  };
}
