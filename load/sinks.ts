// Metric sinks (k6's Counter/Gauge/Rate/Trend) and the registry that routes each sample to its
// metric and to every submetric whose tag filter matches, like k6 does for threshold submetrics.
import { build, type Histogram } from 'hdr-histogram-js';
import { BUILTIN_METRICS, parseMetricKey, type MetricInfo } from './metrics.ts';
import type { K6SummaryMetric } from './summary.ts';

export type Tags = Readonly<Record<string, string>>;

export interface Sink {
  add(value: number): void;
  values(durationMs: number, trendStats: readonly string[]): Record<string, number>;
}

class CounterSink implements Sink {
  count = 0;
  add(v: number): void {
    this.count += v;
  }
  values(durationMs: number): Record<string, number> {
    return { count: this.count, rate: durationMs > 0 ? this.count / (durationMs / 1000) : 0 };
  }
}

/** A Rate's `passes` are its non-zero samples: for http_req_failed, the failed requests. */
class RateSink implements Sink {
  trues = 0;
  total = 0;
  add(v: number): void {
    this.total++;
    if (v !== 0) this.trues++;
  }
  values(): Record<string, number> {
    if (this.total === 0) return {};
    return { rate: this.trues / this.total, passes: this.trues, fails: this.total - this.trues };
  }
}

class GaugeSink implements Sink {
  value = 0;
  min = Infinity;
  max = -Infinity;
  add(v: number): void {
    this.value = v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }
  values(): Record<string, number> {
    return this.min === Infinity ? {} : { value: this.value, min: this.min, max: this.max };
  }
}

// Durations are recorded in microseconds (integers) for sub-millisecond resolution on loopback;
// 3 significant digits keep every percentile within 0.1 %. Histograms written for merging
// (load/hdr-file.ts) say so, and only histograms of this precision are merged.
export const TREND_HISTOGRAM = {
  unit: 'us',
  lowest: 1,
  highest: 3_600_000_000,
  significantDigits: 3,
} as const;
const HIGHEST_US = TREND_HISTOGRAM.highest;

/** A Trend of milliseconds over an HDR histogram; min, max and avg are exact, percentiles within 0.1 %. */
export class TrendSink implements Sink {
  readonly hdr: Histogram = build({
    lowestDiscernibleValue: TREND_HISTOGRAM.lowest,
    highestTrackableValue: TREND_HISTOGRAM.highest,
    numberOfSignificantValueDigits: TREND_HISTOGRAM.significantDigits,
    useWebAssembly: false,
  });
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  add(ms: number): void {
    const v = Math.max(0, ms);
    this.count++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    this.hdr.recordValue(Math.min(HIGHEST_US, Math.max(1, Math.round(v * 1000))));
  }
  /**
   * Adds another trend's samples: the histograms' counts add up, so every percentile of the result is
   * what one sink fed all the samples would give (same precision); min, max, sum and count stay exact.
   */
  merge(other: Pick<TrendSink, 'hdr' | 'count' | 'sum' | 'min' | 'max'>): void {
    if (other.count === 0) return;
    this.hdr.add(other.hdr);
    this.count += other.count;
    this.sum += other.sum;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }
  percentile(p: number): number {
    if (this.count === 0) return NaN;
    const v = this.hdr.getValueAtPercentile(p) / 1000;
    return Math.min(this.max, Math.max(this.min, v));
  }
  /**
   * The percentile ladder of HdrHistogram's outputPercentileDistribution: `ticksPerHalfDistance` steps
   * between 0 and 50 %, as many again between 50 and 75 %, and so on (evenly spaced in log 1/(1-p)),
   * until a step would resolve less than one sample; then 100 %. At most `maxPoints` points.
   */
  percentileLadder(ticksPerHalfDistance = 2, maxPoints = 60): { percentile: number; valueMs: number }[] {
    if (this.count === 0) return [];
    const out: { percentile: number; valueMs: number }[] = [];
    for (let k = 0; out.length < maxPoints - 1; k++) {
      const tail = 2 ** (-k / ticksPerHalfDistance); // 1 - p
      if (tail * this.count < 1) break;
      const percentile = 100 * (1 - tail);
      out.push({ percentile, valueMs: k === 0 ? this.min : this.percentile(percentile) });
    }
    out.push({ percentile: 100, valueMs: this.max });
    return out;
  }
  values(_d: number, trendStats: readonly string[]): Record<string, number> {
    if (this.count === 0) return {};
    const out: Record<string, number> = {};
    for (const stat of trendStats) {
      if (stat === 'avg') out.avg = this.sum / this.count;
      else if (stat === 'min') out.min = this.min;
      else if (stat === 'max') out.max = this.max;
      else if (stat === 'med') out.med = this.percentile(50);
      else if (stat === 'count') out.count = this.count;
      else {
        const m = /^p\((\d+(?:\.\d+)?)\)$/.exec(stat);
        if (m) out[stat] = this.percentile(Number(m[1]));
      }
    }
    return out;
  }
}

/**
 * One metric's state as it combines exactly across runs and runners: counters add, rates add their
 * trues and totals, trends merge their histograms. Gauges (vus, vus_max) have no such state.
 */
export type MergeableState =
  | { type: 'counter'; count: number }
  | { type: 'rate'; trues: number; total: number }
  | { type: 'trend'; trend: TrendSink };

function makeSink(info: MetricInfo): Sink {
  switch (info.type) {
    case 'counter':
      return new CounterSink();
    case 'rate':
      return new RateSink();
    case 'gauge':
      return new GaugeSink();
    case 'trend':
      return new TrendSink();
  }
}

interface Entry {
  key: string;
  info: MetricInfo;
  sink: Sink;
  filter: Tags;
}

/** The metrics of one run: built-ins defined up front, submetrics from threshold keys. */
export class MetricSet {
  private readonly byName = new Map<string, Entry[]>();

  /** Defines a built-in metric, or a submetric `name{tag:value}` of one; idempotent. */
  define(key: string): void {
    const { name, tags } = parseMetricKey(key);
    const info = BUILTIN_METRICS[name];
    if (!info) throw new Error(`metric "${name}" is not a k6 built-in metric`);
    const list = this.byName.get(name) ?? [];
    if (list.some((e) => e.key === key)) return;
    if (Object.keys(tags).length > 0 && !list.some((e) => e.key === name)) this.define(name);
    (this.byName.get(name) ?? this.byName.set(name, []).get(name)!).push({
      key,
      info,
      sink: makeSink(info),
      filter: tags,
    });
  }

  /** Adds a sample to the metric and to each matching submetric; undefined metrics are ignored. */
  add(name: string, value: number, tags: Tags = {}): void {
    const list = this.byName.get(name);
    if (!list) return;
    for (const e of list) {
      if (matches(e.filter, tags)) e.sink.add(value);
    }
  }

  /**
   * The sinks a sample of `name` with these tags goes to (the metric's and its matching submetrics'),
   * resolved once so a hot path can add to them directly: what `add` does, without the look-ups.
   */
  sinksFor(name: string, tags: Tags = {}): Sink[] {
    return (this.byName.get(name) ?? []).filter((e) => matches(e.filter, tags)).map((e) => e.sink);
  }

  /** The sink of a metric key, for live reads (abortOnFail evaluation). */
  sink(key: string): Sink | undefined {
    const { name } = parseMetricKey(key);
    return this.byName.get(name)?.find((e) => e.key === key)?.sink;
  }

  /** Every defined metric and submetric but the gauges, as state that merges with other runs'. */
  mergeable(): Map<string, MergeableState> {
    const out = new Map<string, MergeableState>();
    for (const list of this.byName.values()) {
      for (const e of list) {
        if (e.sink instanceof CounterSink) out.set(e.key, { type: 'counter', count: e.sink.count });
        else if (e.sink instanceof RateSink) out.set(e.key, { type: 'rate', trues: e.sink.trues, total: e.sink.total });
        else if (e.sink instanceof TrendSink) out.set(e.key, { type: 'trend', trend: e.sink });
      }
    }
    return out;
  }

  /** Shape-A `metrics`: every defined metric, in definition order. */
  summarise(durationMs: number, trendStats: readonly string[]): Record<string, K6SummaryMetric> {
    const out: Record<string, K6SummaryMetric> = {};
    for (const list of this.byName.values()) {
      for (const e of list) {
        out[e.key] = { type: e.info.type, contains: e.info.contains, values: e.sink.values(durationMs, trendStats) };
      }
    }
    return out;
  }
}

function matches(filter: Tags, tags: Tags): boolean {
  for (const k in filter) if (tags[k] !== filter[k]) return false;
  return true;
}
