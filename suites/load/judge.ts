// What the three load checks share: picking a scenario's thresholds on given metrics (or the
// check's fallback when the profile set none) and the headline numbers every load result carries.
import { parseMetricKey } from '../../load/metrics.ts';
import { metricValue } from '../../load/summary.ts';
import { evaluateThresholds, type ThresholdResult } from '../../load/thresholds.ts';
import type { LoadScenarioRun } from './collectors/load-runs.ts';

export interface JudgedThreshold {
  run: LoadScenarioRun;
  result: ThresholdResult;
  /** True when the check's fallback was used because the scenario sets no threshold on these metrics. */
  fallback: boolean;
}

/**
 * The scenario's verdicts on thresholds whose base metric is one of `metrics`; when it has none,
 * `fallback` (keyed by metric) evaluated against its summary, so no scenario goes unjudged.
 */
export function thresholdsOn(
  run: LoadScenarioRun,
  metrics: readonly string[],
  fallback: Record<string, string[]>,
): JudgedThreshold[] {
  const own = run.thresholds.filter((t) => metrics.includes(parseMetricKey(t.metric).name));
  if (own.length > 0) return own.map((result) => ({ run, result, fallback: false }));
  return evaluateThresholds(fallback, run.summary).map((result) => ({ run, result, fallback: true }));
}

/** Threshold value as a finding shows it: rounded, or "none" when nothing was measured. */
export function shown(observed: number | null, digits = 2): string | number {
  return observed === null ? 'none' : Number(observed.toFixed(digits));
}

/**
 * Per scenario `<name>.p95Ms`, `.rps`, `.errorRate`, `.droppedIterations`, and across scenarios the
 * worst of each: highest p95 and error rate, lowest achieved rate, total dropped.
 */
export function loadMetrics(runs: readonly LoadScenarioRun[]): Record<string, number> {
  const out: Record<string, number> = {};
  let p95 = -Infinity;
  let err = -Infinity;
  let rps = Infinity;
  let dropped = 0;
  for (const r of runs) {
    const s = r.summary;
    const v = {
      p95Ms: metricValue(s, 'http_req_duration', 'p(95)'),
      rps: metricValue(s, 'http_reqs', 'rate'),
      errorRate: metricValue(s, 'http_req_failed', 'rate'),
      droppedIterations: metricValue(s, 'dropped_iterations', 'count') ?? 0,
    };
    for (const [k, n] of Object.entries(v)) if (n !== undefined) out[`${r.name}.${k}`] = round(n);
    if (v.p95Ms !== undefined) p95 = Math.max(p95, v.p95Ms);
    if (v.errorRate !== undefined) err = Math.max(err, v.errorRate);
    if (v.rps !== undefined) rps = Math.min(rps, v.rps);
    dropped += v.droppedIterations;
  }
  if (p95 > -Infinity) out.p95Ms = round(p95);
  if (err > -Infinity) out.errorRate = round(err);
  if (rps < Infinity) out.rps = round(rps);
  out.droppedIterations = dropped;
  out.scenarios = runs.length;
  return out;
}

function round(n: number): number {
  return Number(n.toFixed(4));
}

/** Default for the checks' `maxHarnessStallMs` option. */
export const MAX_HARNESS_STALL_MS = 150;

/**
 * The harness's own event-loop stall in this run when it reached `limitMs`: every latency sample's
 * clock runs on that loop, so a failure then may be ours (a starved CI runner), not the target's.
 */
export function harnessStall(run: LoadScenarioRun, limitMs: number): number | undefined {
  const stall = run.harness?.maxStallMs;
  return stall !== undefined && stall >= limitMs ? stall : undefined;
}

/**
 * A threshold that failed while the harness stalled, judged again on the run's stall-credited
 * metrics (load/stall-credit.ts: every moment our event loop was busy charged to us, none to the
 * target). Returns that verdict when the threshold still fails on a measured value: the failure is
 * the target's whatever our stalls were. Undefined when it holds there (the stall may explain it) or
 * the run has no credited metrics (k6, or an older artifact).
 */
export function failsDespiteStall(run: LoadScenarioRun, result: ThresholdResult): ThresholdResult | undefined {
  const credited = run.harness?.stallCredited;
  if (!credited) return undefined;
  const [again] = evaluateThresholds({ [result.metric]: [result.source] }, credited);
  return again !== undefined && !again.ok && again.observed !== null ? again : undefined;
}
