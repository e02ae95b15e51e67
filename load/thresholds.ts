// k6's threshold grammar (metrics/thresholds_parser.go) and its evaluation against a summary:
//   assertion   -> aggregation op float
//   aggregation -> counter: count|rate   gauge: value   rate: rate   trend: avg|min|max|med|p(N)
//   op          -> > >= <= < == === !=
// plus the object form {threshold, abortOnFail, delayAbortEval} (metrics/thresholds.go).
import { parseDuration } from './duration.ts';
import { builtinInfo, parseMetricKey, type MetricKey, type MetricType } from './metrics.ts';
import type { K6Summary } from './summary.ts';

export type ThresholdOp = '<' | '<=' | '>' | '>=' | '==' | '===' | '!=';

export interface ObjectThreshold {
  threshold: string;
  abortOnFail?: boolean;
  delayAbortEval?: string;
}
export type ThresholdSpec = string | ObjectThreshold;
/** What a scenario (or a k6 script's `options.thresholds`) holds. */
export type ThresholdMap = Record<string, ThresholdSpec[]>;

export interface ThresholdExpression {
  /** The expression as written, e.g. "p(95)<300"; k6 reports verdicts under this key. */
  source: string;
  /** "count", "rate", "value", "avg", "min", "max", "med" or "p(N)" in k6's canonical form. */
  aggregation: string;
  /** N of p(N). */
  percentile?: number;
  op: ThresholdOp;
  value: number;
}

export interface ParsedThreshold extends ThresholdExpression {
  metric: MetricKey;
  abortOnFail: boolean;
  delayAbortEvalMs: number;
}

export interface ThresholdResult {
  /** The metric key the threshold is defined on (with its tag filter, if any). */
  metric: string;
  source: string;
  ok: boolean;
  /** The aggregated value compared; null when the summary has no value for it. */
  observed: number | null;
  abortOnFail: boolean;
  /** Why observed is null: nothing was sampled, or the summary omits that statistic. */
  reason?: 'no-samples' | 'stat-not-in-summary';
}

export class ThresholdError extends Error {
  override name = 'ThresholdError';
  constructor(
    message: string,
    readonly metric?: string,
    readonly source?: string,
  ) {
    super(message);
  }
}

const EXPRESSION = /^\s*(.*?)\s*(<=|<|>=|>|===|==|!=)\s*(.*?)\s*$/s;
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const PLAIN = new Set(['count', 'rate', 'value', 'avg', 'min', 'max', 'med']);

const ALLOWED: Record<MetricType, (agg: string) => boolean> = {
  counter: (a) => a === 'count' || a === 'rate',
  gauge: (a) => a === 'value',
  rate: (a) => a === 'rate',
  trend: (a) => a === 'avg' || a === 'min' || a === 'max' || a === 'med' || a.startsWith('p('),
};

export function aggregationAllowed(type: MetricType, aggregation: string): boolean {
  return ALLOWED[type](aggregation);
}

/** Canonical summary key of a percentile, as k6 writes it (`p(%g)`): p(95.0) → "p(95)". */
export function percentileKey(p: number): string {
  return `p(${String(p)})`;
}

/** Parses one expression such as "p(95)<300"; throws ThresholdError saying which part is wrong. */
export function parseThresholdExpression(source: string): ThresholdExpression {
  if (typeof source !== 'string') throw new ThresholdError(`threshold must be a string, got ${typeof source}`);
  const m = EXPRESSION.exec(source);
  if (!m) {
    throw new ThresholdError(
      `threshold "${source}": no operator (expected "aggregation op value", e.g. "p(95)<300"; ops > >= <= < == === !=)`,
      undefined,
      source,
    );
  }
  const [, lhs = '', op, rhs = ''] = m;
  if (lhs === '')
    throw new ThresholdError(`threshold "${source}": missing aggregation before "${op}"`, undefined, source);
  if (rhs === '') throw new ThresholdError(`threshold "${source}": missing value after "${op}"`, undefined, source);
  if (!NUMBER.test(rhs)) throw new ThresholdError(`threshold "${source}": "${rhs}" is not a number`, undefined, source);
  const value = Number(rhs);
  if (PLAIN.has(lhs)) return { source, aggregation: lhs, op: op as ThresholdOp, value };
  const p = /^p\((.*)\)$/.exec(lhs);
  if (p) {
    const n = (p[1] ?? '').trim();
    if (!NUMBER.test(n))
      throw new ThresholdError(`threshold "${source}": percentile "${n}" is not a number`, undefined, source);
    const percentile = Number(n);
    if (percentile < 0 || percentile > 100) {
      throw new ThresholdError(`threshold "${source}": percentile ${percentile} is outside 0..100`, undefined, source);
    }
    return { source, aggregation: percentileKey(percentile), percentile, op: op as ThresholdOp, value };
  }
  throw new ThresholdError(
    `threshold "${source}": unknown aggregation "${lhs}" (count, rate, value, avg, min, max, med, p(N))`,
    undefined,
    source,
  );
}

/**
 * Validates a whole `thresholds` map: metric keys, expression syntax, object-form fields, and
 * that each aggregation fits the metric's type when the metric is a k6 built-in.
 */
export function parseThresholds(map: unknown): ParsedThreshold[] {
  if (map === null || typeof map !== 'object' || Array.isArray(map)) {
    throw new ThresholdError('thresholds must be an object mapping metric names to lists of expressions');
  }
  const out: ParsedThreshold[] = [];
  for (const [key, list] of Object.entries(map as Record<string, unknown>)) {
    let metric: MetricKey;
    try {
      metric = parseMetricKey(key);
    } catch (err) {
      throw new ThresholdError((err as Error).message, key);
    }
    if (!Array.isArray(list)) throw new ThresholdError(`thresholds["${key}"] must be a list of expressions`, key);
    for (const spec of list) out.push(parseSpec(metric, spec));
  }
  return out;
}

function parseSpec(metric: MetricKey, spec: unknown): ParsedThreshold {
  let source: unknown = spec;
  let abortOnFail = false;
  let delayAbortEvalMs = 0;
  if (spec !== null && typeof spec === 'object' && !Array.isArray(spec)) {
    const o = spec as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (k !== 'threshold' && k !== 'abortOnFail' && k !== 'delayAbortEval') {
        throw new ThresholdError(
          `thresholds["${metric.key}"]: unknown field "${k}" (threshold, abortOnFail, delayAbortEval)`,
          metric.key,
        );
      }
    }
    source = o.threshold;
    if (typeof source !== 'string')
      throw new ThresholdError(`thresholds["${metric.key}"]: object form needs a "threshold" string`, metric.key);
    if (o.abortOnFail !== undefined && typeof o.abortOnFail !== 'boolean') {
      throw new ThresholdError(`thresholds["${metric.key}"]: abortOnFail must be a boolean`, metric.key, source);
    }
    abortOnFail = o.abortOnFail === true;
    if (o.delayAbortEval !== undefined) {
      try {
        delayAbortEvalMs = parseDuration(o.delayAbortEval as string);
      } catch (err) {
        throw new ThresholdError(
          `thresholds["${metric.key}"]: delayAbortEval ${(err as Error).message}`,
          metric.key,
          source,
        );
      }
    }
  } else if (typeof spec !== 'string') {
    throw new ThresholdError(
      `thresholds["${metric.key}"]: each entry must be a string or {threshold, abortOnFail}`,
      metric.key,
    );
  }
  let expr: ThresholdExpression;
  try {
    expr = parseThresholdExpression(source as string);
  } catch (err) {
    throw new ThresholdError(`thresholds["${metric.key}"]: ${(err as Error).message}`, metric.key, source as string);
  }
  const info = builtinInfo(metric.name);
  if (info && !aggregationAllowed(info.type, expr.aggregation)) {
    throw new ThresholdError(
      `thresholds["${metric.key}"]: "${expr.aggregation}" does not apply to ${metric.name}, a ${info.type} (${allowedList(info.type)})`,
      metric.key,
      expr.source,
    );
  }
  return { ...expr, metric, abortOnFail, delayAbortEvalMs };
}

function allowedList(type: MetricType): string {
  return { counter: 'count, rate', gauge: 'value', rate: 'rate', trend: 'avg, min, max, med, p(N)' }[type];
}

export function compare(observed: number, op: ThresholdOp, value: number): boolean {
  switch (op) {
    case '<':
      return observed < value;
    case '<=':
      return observed <= value;
    case '>':
      return observed > value;
    case '>=':
      return observed >= value;
    case '==':
    case '===':
      return observed === value;
    case '!=':
      return observed !== value;
  }
}

/**
 * Judges each threshold against a shape-A summary. A verdict the summary already records (k6's own,
 * computed over exact samples) is authoritative; otherwise the statistic is compared here. A counter
 * the summary lacks counts as zero (k6 omits counters that never moved); any other missing value
 * fails the threshold with observed null, because nothing measured cannot prove a limit holds.
 */
export function evaluateThresholds(
  thresholds: ThresholdMap | readonly ParsedThreshold[],
  summary: K6Summary,
): ThresholdResult[] {
  const parsed = Array.isArray(thresholds) ? (thresholds as readonly ParsedThreshold[]) : parseThresholds(thresholds);
  return parsed.map((t) => evaluateOne(t, summary));
}

function evaluateOne(t: ParsedThreshold, summary: K6Summary): ThresholdResult {
  const base = { metric: t.metric.key, source: t.source, abortOnFail: t.abortOnFail };
  const entry = summary.metrics[t.metric.key];
  if (!entry) {
    if (builtinInfo(t.metric.name)?.type === 'counter') return { ...base, observed: 0, ok: compare(0, t.op, t.value) };
    return { ...base, observed: null, ok: false, reason: 'no-samples' };
  }
  if (!aggregationAllowed(entry.type, t.aggregation)) {
    throw new ThresholdError(
      `threshold "${t.source}" on ${t.metric.key}: "${t.aggregation}" does not apply to a ${entry.type} (${allowedList(entry.type)})`,
      t.metric.key,
      t.source,
    );
  }
  const recorded = entry.thresholds?.[t.source]?.ok;
  const v = entry.type === 'counter' && Object.keys(entry.values).length === 0 ? 0 : entry.values[t.aggregation];
  if (typeof v === 'number' && Number.isFinite(v))
    return { ...base, observed: v, ok: recorded ?? compare(v, t.op, t.value) };
  if (Object.keys(entry.values).length === 0) return { ...base, observed: null, ok: false, reason: 'no-samples' };
  return { ...base, observed: null, ok: recorded ?? false, reason: 'stat-not-in-summary' };
}

/** Writes verdicts into the summary's metrics (shape A `thresholds: {source: {ok}}`), creating entries as needed. */
export function attachThresholdVerdicts(summary: K6Summary, results: readonly ThresholdResult[]): K6Summary {
  for (const r of results) {
    const key = r.metric;
    let entry = summary.metrics[key];
    if (!entry) {
      const info = builtinInfo(key);
      if (!info) continue;
      const values: Record<string, number> = info.type === 'counter' ? { count: 0, rate: 0 } : {};
      entry = summary.metrics[key] = { type: info.type, contains: info.contains, values };
    }
    (entry.thresholds ??= {})[r.source] = { ok: r.ok };
  }
  return summary;
}
