// Combining load measurements of one scenario taken in several places: the halves of a split run,
// the runners of a k6-operator TestRun. Percentiles cannot be averaged (k6-operator issues #392,
// #812), so each input carries mergeable state (load/hdr-file.ts from the built-in engine,
// load/k6/points.ts from k6's `--out json`): counters add, rates add trues and totals, and trends add
// their HDR histograms' counts, so the merged p95 is the p95 of all samples, within the histogram's
// precision. The thresholds are then judged on that, with k6's grammar (load/thresholds.ts).
import { builtinInfo, parseMetricKey } from './metrics.ts';
import { TrendSink, type MergeableState } from './sinks.ts';
import { DEFAULT_TREND_STATS, emptyRootGroup, metricValue, type K6Summary, type K6SummaryMetric } from './summary.ts';
import { evaluateThresholds, parseThresholds, type ThresholdMap, type ThresholdResult } from './thresholds.ts';

export type MergeableType = MergeableState['type'];

/** A merge input that cannot be used; the message names the file (and line) at fault. */
export class MergeInputError extends Error {
  override name = 'MergeInputError';
}

/** The mergeable metrics of one scenario from one input, or of several merged. */
export class ScenarioMetrics {
  readonly metrics = new Map<string, MergeableState>();
  /** Epoch ms of the first and last moment the inputs cover (Infinity/-Infinity when none). */
  startMs = Infinity;
  endMs = -Infinity;
  /** The absorbed inputs' spans: runners at once overlap, runs one after the other do not. */
  readonly #spans: [number, number][] = [];
  /** Where the state came from: file labels, in the order merged. */
  readonly inputs: string[] = [];
  /** Submetrics some inputs did not record: left out of the result, since their state would be partial. */
  readonly incomplete = new Set<string>();
  #absorbed = 0;

  constructor(readonly scenario: string) {}

  /** Records one sample (a k6 point) on a metric key; a key holds one type. */
  add(key: string, type: MergeableType, value: number): void {
    const state = this.stateOf(key, type);
    if (state.type === 'counter') state.count += value;
    else if (state.type === 'rate') {
      state.total++;
      if (value !== 0) state.trues++;
    } else state.trend.add(value);
  }

  /** The state of a key, created empty when absent. */
  stateOf(key: string, type: MergeableType): MergeableState {
    let state = this.metrics.get(key);
    if (!state) {
      state =
        type === 'counter'
          ? { type, count: 0 }
          : type === 'rate'
            ? { type, trues: 0, total: 0 }
            : { type, trend: new TrendSink() };
      this.metrics.set(key, state);
    } else if (state.type !== type) {
      throw new MergeInputError(`metric ${key} is a ${state.type} here and a ${type} elsewhere`);
    }
    return state;
  }

  /** Widens this input's span to include [startMs, endMs]. */
  cover(startMs: number, endMs: number): void {
    if (startMs < this.startMs) this.startMs = startMs;
    if (endMs > this.endMs) this.endMs = endMs;
  }

  /**
   * The time the inputs cover: their spans' union, so runners at once count their common time once
   * and runs one after the other add up (the gap between them is no load time).
   */
  get durationMs(): number {
    if (this.#spans.length === 0) return this.endMs > this.startMs ? this.endMs - this.startMs : 0;
    let total = 0;
    let reach = -Infinity;
    for (const [start, end] of [...this.#spans].sort((a, b) => a[0] - b[0])) {
      const from = Math.max(start, reach);
      if (end > from) total += end - from;
      reach = Math.max(reach, end);
    }
    return total;
  }

  /** This input's spans: the absorbed ones, else its own. */
  spans(): [number, number][] {
    if (this.#spans.length > 0) return this.#spans.map(([a, b]) => [a, b]);
    return this.endMs >= this.startMs ? [[this.startMs, this.endMs]] : [];
  }

  /**
   * Adds another input's state of the same scenario. A metric only one side has had no samples on the
   * other (a counter that never moved, a trend with no request) — except a submetric the other side
   * did not compute at all (its base metric is there): that one cannot be completed and is left out.
   */
  absorb(other: ScenarioMetrics): void {
    const first = this.#absorbed++ === 0 && this.metrics.size === 0;
    for (const key of new Set([...this.metrics.keys(), ...other.metrics.keys()])) {
      const { name, tags } = parseMetricKey(key);
      if (Object.keys(tags).length === 0 || first) continue;
      const mine = this.metrics.has(key);
      const theirs = other.metrics.has(key);
      if ((mine && !theirs && other.metrics.has(name)) || (!mine && theirs && this.metrics.has(name)))
        this.incomplete.add(key);
    }
    for (const [key, state] of other.metrics) {
      const into = this.stateOf(key, state.type);
      if (into.type === 'counter' && state.type === 'counter') into.count += state.count;
      else if (into.type === 'rate' && state.type === 'rate') {
        into.trues += state.trues;
        into.total += state.total;
      } else if (into.type === 'trend' && state.type === 'trend') into.trend.merge(state.trend);
    }
    for (const key of this.incomplete) this.metrics.delete(key);
    this.cover(other.startMs, other.endMs);
    this.#spans.push(...other.spans());
    this.inputs.push(...other.inputs);
  }

  /** k6's summary shape A of the merged state; counter rates are per second of the time covered. */
  summary(trendStats: readonly string[] = DEFAULT_TREND_STATS): K6Summary {
    const durationMs = this.durationMs;
    const metrics: Record<string, K6SummaryMetric> = {};
    for (const [key, state] of this.metrics) {
      const info = builtinInfo(key);
      if (state.type === 'counter') {
        metrics[key] = {
          type: 'counter',
          contains: info?.contains ?? 'default',
          values: { count: state.count, rate: durationMs > 0 ? state.count / (durationMs / 1000) : 0 },
        };
      } else if (state.type === 'rate') {
        metrics[key] = {
          type: 'rate',
          contains: info?.contains ?? 'default',
          values:
            state.total === 0
              ? {}
              : { rate: state.trues / state.total, passes: state.trues, fails: state.total - state.trues },
        };
      } else {
        metrics[key] = {
          type: 'trend',
          contains: info?.contains ?? 'time',
          values: state.trend.values(durationMs, trendStats),
        };
      }
    }
    return {
      root_group: emptyRootGroup(),
      options: { summaryTrendStats: [...trendStats], summaryTimeUnit: '', noColor: true },
      state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: durationMs },
      metrics,
    };
  }
}

/** Merges every input's scenarios by name; each result lists the inputs it combines. */
export function mergeByScenario(inputs: readonly (readonly ScenarioMetrics[])[]): Map<string, ScenarioMetrics> {
  const out = new Map<string, ScenarioMetrics>();
  for (const list of inputs) {
    for (const s of list) {
      let merged = out.get(s.scenario);
      if (!merged) out.set(s.scenario, (merged = new ScenarioMetrics(s.scenario)));
      try {
        merged.absorb(s);
      } catch (err) {
        if (!(err instanceof MergeInputError)) throw err;
        throw new MergeInputError(`${s.inputs.join(', ')}: scenario ${s.scenario}: ${err.message}`);
      }
    }
  }
  return out;
}

/** Where a scenario's thresholds came from. */
export type ThresholdOrigin = 'flag' | 'profile' | 'recorded' | 'none';

/**
 * The thresholds to judge a scenario on, first that applies: the ones given on the command line,
 * the profile's scenario of that name (when a profile was given), the ones its inputs recorded
 * (an hdr file's, k6's Metric lines).
 */
export function pickThresholds(sources: { flag?: ThresholdMap; profile?: ThresholdMap; recorded?: ThresholdMap }): {
  thresholds: ThresholdMap;
  from: ThresholdOrigin;
} {
  if (sources.flag && Object.keys(sources.flag).length > 0) return { thresholds: sources.flag, from: 'flag' };
  if (sources.profile) return { thresholds: sources.profile, from: 'profile' };
  if (sources.recorded && Object.keys(sources.recorded).length > 0)
    return { thresholds: sources.recorded, from: 'recorded' };
  return { thresholds: {}, from: 'none' };
}

/** Joins threshold maps, each expression once per metric key (as its source string: abortOnFail means nothing afterwards). */
export function unionThresholds(maps: readonly ThresholdMap[]): ThresholdMap {
  const out: Record<string, string[]> = {};
  for (const map of maps) {
    for (const t of parseThresholds(map)) {
      const list = (out[t.metric.key] ??= []);
      if (!list.includes(t.source)) list.push(t.source);
    }
  }
  return out;
}

/** The figures `load merge` prints per scenario. */
export interface MergedScenarioReport {
  scenario: string;
  inputs: string[];
  /** The time the inputs cover (the union of their spans, first to last moment each). */
  durationMs: number;
  requests: number;
  failedRequests: number;
  /** http_req_failed's rate; null without requests. */
  errorRate: number | null;
  /** Requests per second over the time covered; null when it is empty. */
  requestRate: number | null;
  droppedIterations: number;
  /** http_req_duration (ms); null without samples. */
  latencyMs: {
    count: number;
    min: number;
    avg: number;
    p50: number;
    p90: number;
    p95: number;
    p99: number;
    max: number;
  } | null;
  thresholdsFrom: ThresholdOrigin;
  thresholds: ThresholdResult[];
  /** Submetrics left out because some input did not record them. */
  incomplete: string[];
  ok: boolean;
}

const REPORTED = ['p(50)', 'p(90)', 'p(95)', 'p(99)'] as const;

/**
 * Judges one merged scenario. A threshold on another scenario's submetric (`{scenario:other}`) does
 * not apply to this one and is left out.
 */
export function judgeMerged(
  merged: ScenarioMetrics,
  thresholds: ThresholdMap,
  from: ThresholdOrigin,
): MergedScenarioReport {
  const parsed = parseThresholds(thresholds).filter(
    (t) => t.metric.tags.scenario === undefined || t.metric.tags.scenario === merged.scenario,
  );
  const trendStats = [
    ...new Set([
      ...DEFAULT_TREND_STATS,
      ...REPORTED,
      ...parsed.filter((t) => t.percentile !== undefined).map((t) => t.aggregation),
    ]),
  ];
  const summary = merged.summary(trendStats);
  const results = evaluateThresholds(parsed, summary);
  const reqs = metricValue(summary, 'http_reqs', 'count') ?? 0;
  const latency = merged.metrics.get('http_req_duration');
  const duration = summary.metrics.http_req_duration?.values ?? {};
  const n = (k: string): number => duration[k] ?? NaN;
  return {
    scenario: merged.scenario,
    inputs: [...merged.inputs],
    durationMs: merged.durationMs,
    requests: reqs,
    failedRequests: metricValue(summary, 'http_req_failed', 'passes') ?? 0,
    errorRate: metricValue(summary, 'http_req_failed', 'rate') ?? null,
    requestRate: merged.durationMs > 0 ? reqs / (merged.durationMs / 1000) : null,
    droppedIterations: metricValue(summary, 'dropped_iterations', 'count') ?? 0,
    latencyMs:
      latency?.type === 'trend' && latency.trend.count > 0
        ? {
            count: latency.trend.count,
            min: n('min'),
            avg: n('avg'),
            p50: n('p(50)'),
            p90: n('p(90)'),
            p95: n('p(95)'),
            p99: n('p(99)'),
            max: n('max'),
          }
        : null,
    thresholdsFrom: from,
    thresholds: results,
    incomplete: [...merged.incomplete],
    ok: results.every((r) => r.ok),
  };
}
