// k6's handleSummary() argument ("shape A", reference §5.3): the one summary shape the harness
// keeps. The built-in engine emits it and the k6 parsers normalise shapes B and C into it.
import type { MetricContains, MetricType } from './metrics.ts';

export interface K6SummaryMetric {
  type: MetricType;
  contains: MetricContains;
  /** counter {count, rate}; gauge {value, min, max}; rate {rate, passes, fails}; trend {avg, min, med, max, p(N)…}.
   *  Empty when the metric had no samples (a trend or rate of nothing has no value). */
  values: Record<string, number>;
  /** Verdict per threshold source, e.g. {"p(95)<300": {ok: true}}. */
  thresholds?: Record<string, { ok: boolean }>;
}

export interface K6Check {
  name: string;
  path: string;
  id: string;
  passes: number;
  fails: number;
}

export interface K6Group {
  name: string;
  path: string;
  id: string;
  groups: K6Group[];
  checks: K6Check[];
}

export interface K6Summary {
  root_group: K6Group;
  options: { summaryTrendStats: string[]; summaryTimeUnit: string; noColor: boolean };
  state: { isStdOutTTY: boolean; isStdErrTTY: boolean; testRunDurationMs: number };
  metrics: Record<string, K6SummaryMetric>;
  setup_data?: unknown;
}

export const DEFAULT_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'];

/** k6's root group id is md5("") (lib/models.go NewGroup). */
export const ROOT_GROUP_ID = 'd41d8cd98f00b204e9800998ecf8427e';

export function emptyRootGroup(): K6Group {
  return { name: '', path: '', id: ROOT_GROUP_ID, groups: [], checks: [] };
}

/** One stat of one metric, or undefined when the summary does not carry it. */
export function metricValue(summary: K6Summary, key: string, stat: string): number | undefined {
  const v = summary.metrics[key]?.values[stat];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
