// The mergeable record of one load run of one scenario: every metric but the gauges, trends as
// encoded HDR histograms (hdr-histogram-js's compressed base64, HdrHistogram's own encoding), with
// the thresholds the run judged. The built-in engine's runs store one as file evidence
// (`evidence/<sha256>.hdr.json`, content type HDR_CONTENT_TYPE); `port-conformance load merge` reads
// any number of them (and k6's `--out json` files) and judges the combined run.
import { decodeFromCompressedBase64, encodeIntoCompressedBase64 } from 'hdr-histogram-js';
import { builtinInfo, parseMetricKey } from './metrics.ts';
import { MergeInputError, ScenarioMetrics } from './merge.ts';
import { TREND_HISTOGRAM, TrendSink, type MergeableState } from './sinks.ts';
import { parseThresholds, type ThresholdMap } from './thresholds.ts';

export const HDR_FILE_FORMAT = 'port-conformance/load-histograms';
export const HDR_FILE_VERSION = 1;
export const HDR_CONTENT_TYPE = 'application/vnd.port-conformance.load-histograms+json';
/** The file name's ending (evidence files are `<sha256>.<ext>`). */
export const HDR_FILE_EXT = 'hdr.json';
/** Files larger than this are refused unread. */
export const MAX_HDR_FILE_BYTES = 16 * 1024 * 1024;

export type HdrMetric =
  | { type: 'counter'; count: number }
  | { type: 'rate'; trues: number; total: number }
  /** min, max and sum in ms (exact); the histogram counts microseconds. */
  | { type: 'trend'; count: number; sum: number; min: number; max: number; histogram: string };

export interface HdrFile {
  format: typeof HDR_FILE_FORMAT;
  version: typeof HDR_FILE_VERSION;
  scenario: string;
  engine: 'builtin' | 'k6';
  /** The trend histograms' unit and precision (sinks.ts TREND_HISTOGRAM). */
  unit: 'us';
  lowest: number;
  highest: number;
  significantDigits: number;
  /** When the schedule started (ISO 8601) and how long the run took. */
  startedAt: string;
  durationMs: number;
  /** By metric key (`http_req_duration`, `http_req_duration{expected_response:true}`, …). */
  metrics: Record<string, HdrMetric>;
  /** The thresholds the run judged (the scenario's), so a merge can judge them again. */
  thresholds: ThresholdMap;
}

export interface HdrFileInput {
  scenario: string;
  engine: 'builtin' | 'k6';
  startedAtMs: number;
  durationMs: number;
  metrics: ReadonlyMap<string, MergeableState>;
  thresholds: ThresholdMap;
}

export function hdrFileOf(run: HdrFileInput): HdrFile {
  const metrics: Record<string, HdrMetric> = {};
  for (const [key, state] of run.metrics) {
    if (state.type === 'counter') metrics[key] = { type: 'counter', count: state.count };
    else if (state.type === 'rate') metrics[key] = { type: 'rate', trues: state.trues, total: state.total };
    else {
      const t = state.trend;
      metrics[key] = {
        type: 'trend',
        count: t.count,
        sum: t.sum,
        min: t.count > 0 ? t.min : 0,
        max: t.count > 0 ? t.max : 0,
        histogram: encodeIntoCompressedBase64(t.hdr),
      };
    }
  }
  return {
    format: HDR_FILE_FORMAT,
    version: HDR_FILE_VERSION,
    scenario: run.scenario,
    engine: run.engine,
    unit: TREND_HISTOGRAM.unit,
    lowest: TREND_HISTOGRAM.lowest,
    highest: TREND_HISTOGRAM.highest,
    significantDigits: TREND_HISTOGRAM.significantDigits,
    startedAt: new Date(run.startedAtMs).toISOString(),
    durationMs: run.durationMs,
    metrics,
    thresholds: run.thresholds,
  };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const count = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** True when a parsed JSON document says it is an hdr file (of any version). */
export function isHdrFile(json: unknown): boolean {
  return isObj(json) && json.format === HDR_FILE_FORMAT;
}

/**
 * Reads an hdr file back into mergeable state, checking everything it relies on: the format and
 * precision, each metric's fields, each histogram's decoding and its count. `label` names the file
 * in messages.
 */
export function parseHdrFile(json: unknown, label: string): { metrics: ScenarioMetrics; thresholds: ThresholdMap } {
  const fail = (msg: string): never => {
    throw new MergeInputError(`${label}: ${msg}`);
  };
  if (!isObj(json) || json.format !== HDR_FILE_FORMAT) return fail(`not a ${HDR_FILE_FORMAT} file`);
  if (json.version !== HDR_FILE_VERSION)
    return fail(`version ${JSON.stringify(json.version)} is not one this harness reads (${HDR_FILE_VERSION})`);
  if (typeof json.scenario !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(json.scenario))
    return fail('"scenario" must be a scenario name');
  if (json.engine !== 'builtin' && json.engine !== 'k6') return fail('"engine" must be builtin or k6');
  const precision = {
    unit: json.unit,
    lowest: json.lowest,
    highest: json.highest,
    significantDigits: json.significantDigits,
  };
  if (JSON.stringify(precision) !== JSON.stringify(TREND_HISTOGRAM))
    return fail(`histograms recorded with ${JSON.stringify(precision)}, not ${JSON.stringify(TREND_HISTOGRAM)}`);
  const startedAtMs = typeof json.startedAt === 'string' ? Date.parse(json.startedAt) : NaN;
  if (!Number.isFinite(startedAtMs)) return fail('"startedAt" must be an ISO 8601 date-time');
  if (!finite(json.durationMs) || json.durationMs < 0) return fail('"durationMs" must be a number ≥ 0');
  if (!isObj(json.metrics)) return fail('"metrics" must be an object keyed by metric');
  let thresholds: ThresholdMap;
  try {
    parseThresholds(json.thresholds);
    thresholds = json.thresholds as ThresholdMap;
  } catch (err) {
    return fail(`"thresholds": ${(err as Error).message}`);
  }

  const out = new ScenarioMetrics(json.scenario);
  out.inputs.push(label);
  out.cover(startedAtMs, startedAtMs + json.durationMs);
  for (const [key, m] of Object.entries(json.metrics)) {
    const where = `metrics["${key}"]`;
    try {
      parseMetricKey(key);
    } catch (err) {
      return fail(`${where}: ${(err as Error).message}`);
    }
    if (!isObj(m)) return fail(`${where} must be an object`);
    const builtin = builtinInfo(key)?.type;
    if (builtin && builtin !== 'gauge' && m.type !== builtin) return fail(`${where}.type must be ${builtin}, as k6's`);
    if (m.type === 'counter') {
      if (!finite(m.count) || m.count < 0) return fail(`${where}.count must be a number ≥ 0`);
      out.metrics.set(key, { type: 'counter', count: m.count });
    } else if (m.type === 'rate') {
      if (!count(m.trues) || !count(m.total) || m.trues > m.total)
        return fail(`${where} must have whole trues ≤ total`);
      out.metrics.set(key, { type: 'rate', trues: m.trues, total: m.total });
    } else if (m.type === 'trend') {
      out.metrics.set(key, { type: 'trend', trend: trendOf(m, `${label}: ${where}`) });
    } else return fail(`${where}.type must be counter, rate or trend`);
  }
  return { metrics: out, thresholds };
}

function trendOf(m: Obj, where: string): TrendSink {
  const fail = (msg: string): never => {
    throw new MergeInputError(`${where}: ${msg}`);
  };
  if (!count(m.count)) return fail('count must be a whole number ≥ 0');
  for (const k of ['sum', 'min', 'max'] as const)
    if (!finite(m[k]) || (m[k] as number) < 0) fail(`${k} must be a number ≥ 0`);
  if (typeof m.histogram !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(m.histogram))
    return fail('histogram must be base64 (an encoded HDR histogram)');
  let decoded;
  try {
    decoded = decodeFromCompressedBase64(m.histogram);
  } catch (err) {
    return fail(`histogram does not decode: ${(err as Error).message}`);
  }
  if (decoded.totalCount !== m.count)
    return fail(`histogram holds ${decoded.totalCount} samples but count says ${m.count as number}`);
  if (decoded.numberOfSignificantValueDigits !== TREND_HISTOGRAM.significantDigits)
    return fail(
      `histogram has ${decoded.numberOfSignificantValueDigits} significant digits, not ${TREND_HISTOGRAM.significantDigits}`,
    );
  const trend = new TrendSink();
  if (m.count === 0) return trend;
  if (decoded.maxValue > TREND_HISTOGRAM.highest)
    return fail('histogram holds values beyond its highest trackable value');
  trend.merge({ hdr: decoded, count: m.count, sum: m.sum as number, min: m.min as number, max: m.max as number });
  return trend;
}
