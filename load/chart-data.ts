// What the report's load charts draw for one scenario (engine/types.ts LoadScenarioChartData), built
// from a run's own data: the built-in engine's HDR percentile ladder and per-second counts, or, for
// k6, the few percentiles its end-of-test summary holds.
import type { LatencyPercentilePoint, LoadScenarioChartData, RateSecond, TargetRatePoint } from '../engine/types.ts';
import { parseDuration } from './duration.ts';
import { scenarioDurationMs, type LoadScenario } from './scenario.ts';
import type { K6Summary } from './summary.ts';
import type { ThresholdResult } from './thresholds.ts';

/** The schedule's arrival rate per second at each point where it changes slope. */
export function targetRatePoints(s: LoadScenario): TargetRatePoint[] {
  const perSecond = (rate: number): number => rate / (parseDuration(s.timeUnit) / 1000);
  if (s.executor === 'constant-arrival-rate') {
    const rate = perSecond(s.rate);
    return [
      { second: 0, perSecond: rate },
      { second: scenarioDurationMs(s) / 1000, perSecond: rate },
    ];
  }
  const points = [{ second: 0, perSecond: perSecond(s.startRate) }];
  let at = 0;
  for (const st of s.stages) {
    at += parseDuration(st.duration) / 1000;
    points.push({ second: at, perSecond: perSecond(st.target) });
  }
  return points;
}

/** http_req_duration's percentiles as a k6 summary gives them: min (0), med (50), p(N), max (100). */
export function summaryPercentiles(summary: K6Summary): LatencyPercentilePoint[] {
  const values = summary.metrics.http_req_duration?.values ?? {};
  const out: LatencyPercentilePoint[] = [];
  for (const [stat, valueMs] of Object.entries(values)) {
    if (typeof valueMs !== 'number' || !Number.isFinite(valueMs)) continue;
    const p = /^p\((\d+(?:\.\d+)?)\)$/.exec(stat);
    const percentile = stat === 'min' ? 0 : stat === 'med' ? 50 : stat === 'max' ? 100 : p ? Number(p[1]) : undefined;
    if (percentile !== undefined) out.push({ percentile, valueMs });
  }
  return out.sort((a, b) => a.percentile - b.percentile);
}

/** Per-second counts as chart points, one per second from the start. */
export function rateSeconds(perSecond: { completed: number[]; failed: number[] }): RateSecond[] {
  return perSecond.completed.map((completed, second) => ({ second, completed, failed: perSecond.failed[second] ?? 0 }));
}

export function chartData(args: {
  scenario: LoadScenario;
  engine: string;
  thresholds: readonly ThresholdResult[];
  latencyPercentiles: LatencyPercentilePoint[];
  ratePerSecond?: RateSecond[];
}): LoadScenarioChartData {
  const s = args.scenario;
  return {
    name: s.name,
    engine: args.engine,
    operation: { method: s.operation.method, path: s.operation.path },
    thresholds: args.thresholds.map((t) => ({ metric: t.metric, source: t.source, ok: t.ok })),
    latencyPercentiles: args.latencyPercentiles,
    ...(args.ratePerSecond ? { ratePerSecond: args.ratePerSecond } : {}),
    targetRate: targetRatePoints(s),
  };
}
