// Reads any of the three summary JSON shapes k6 writes (reference §5.3) and normalises it to
// shape A, the handleSummary() argument the built-in engine also emits:
//   A  handleSummary data: metrics[name] = {type, contains, values, thresholds?: {src: {ok}}}
//   B  legacy --summary-export: metrics[name] = values flattened, rate's `rate` renamed `value`,
//      thresholds {src: boolean} where TRUE MEANS FAILED; groups/checks keyed by name; no options/state
//   C  --new-machine-readable-summary 1.0.0: {version, config, metadata, results: {checks?, metrics: [...]}},
//      metrics an ARRAY, rate values {matches, total, rate}, and no threshold verdicts at all
import { builtinInfo, type MetricContains, type MetricType } from '../metrics.ts';
import {
  DEFAULT_TREND_STATS,
  emptyRootGroup,
  type K6Check,
  type K6Group,
  type K6Summary,
  type K6SummaryMetric,
} from '../summary.ts';
import { attachThresholdVerdicts, evaluateThresholds, type ThresholdMap } from '../thresholds.ts';

export type K6SummaryShape = 'A' | 'B' | 'C';

export interface ParsedK6Summary {
  shape: K6SummaryShape;
  summary: K6Summary;
}

export interface ParseK6SummaryOptions {
  /** The run's thresholds: needed to judge shape C, which records no verdicts; also fills gaps in A/B. */
  thresholds?: ThresholdMap;
}

export class K6SummaryError extends Error {
  override name = 'K6SummaryError';
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const TYPES: readonly MetricType[] = ['counter', 'gauge', 'rate', 'trend'];
const CONTAINS: readonly MetricContains[] = ['default', 'time', 'data'];

/** Which shape a parsed JSON document is: `version`+`results` ⇒ C; metric entries with `type` ⇒ A; else B. */
export function detectK6SummaryShape(json: unknown): K6SummaryShape {
  if (!isObj(json)) throw new K6SummaryError('not a k6 summary: expected a JSON object');
  if (typeof json.version === 'string' && isObj(json.results)) return 'C';
  if (!isObj(json.metrics))
    throw new K6SummaryError('not a k6 summary: no "metrics" object and no "results.metrics" array');
  const entries = Object.values(json.metrics);
  if (entries.length > 0 && entries.every((m) => isObj(m) && typeof m.type === 'string' && isObj(m.values))) return 'A';
  if (entries.some((m) => isObj(m) && 'type' in m && isObj(m.values))) {
    throw new K6SummaryError('not a k6 summary: some metrics carry {type, values} and others do not');
  }
  return entries.length === 0 && isObj(json.state) ? 'A' : 'B';
}

/** Parses a k6 summary of any shape into shape A; thresholds (if given) are judged where k6 left no verdict. */
export function parseK6Summary(json: unknown, opts: ParseK6SummaryOptions = {}): ParsedK6Summary {
  const shape = detectK6SummaryShape(json);
  const doc = json as Obj;
  const summary = shape === 'A' ? fromA(doc) : shape === 'B' ? fromB(doc) : fromC(doc);
  if (opts.thresholds) {
    // Verdicts k6 recorded stay authoritative (evaluateThresholds prefers them); C gets ours.
    attachThresholdVerdicts(summary, evaluateThresholds(opts.thresholds, summary));
  }
  return { shape, summary };
}

function numbers(values: Obj, where: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(values)) {
    if (k === 'thresholds') continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new K6SummaryError(`${where}.${k} is not a number`);
    out[k] = v;
  }
  return out;
}

// ---------------------------------------------------------------- A

function fromA(doc: Obj): K6Summary {
  const metrics: Record<string, K6SummaryMetric> = {};
  for (const [name, raw] of Object.entries(doc.metrics as Obj)) {
    const m = raw as Obj;
    const where = `metrics["${name}"]`;
    if (!TYPES.includes(m.type as MetricType))
      throw new K6SummaryError(`${where}.type "${String(m.type)}" is not a k6 metric type`);
    const entry: K6SummaryMetric = {
      type: m.type as MetricType,
      contains: CONTAINS.includes(m.contains as MetricContains)
        ? (m.contains as MetricContains)
        : inferContains(name, m.type as MetricType),
      values: numbers(m.values as Obj, `${where}.values`),
    };
    if (isObj(m.thresholds)) {
      entry.thresholds = {};
      for (const [src, t] of Object.entries(m.thresholds)) {
        if (!isObj(t) || typeof t.ok !== 'boolean')
          throw new K6SummaryError(`${where}.thresholds["${src}"] must be {ok: boolean}`);
        entry.thresholds[src] = { ok: t.ok };
      }
    }
    metrics[name] = entry;
  }
  const options = isObj(doc.options) ? doc.options : {};
  const state = isObj(doc.state) ? doc.state : {};
  return {
    root_group: isObj(doc.root_group) ? groupFromA(doc.root_group) : emptyRootGroup(),
    options: {
      summaryTrendStats: Array.isArray(options.summaryTrendStats)
        ? options.summaryTrendStats.map(String)
        : [...DEFAULT_TREND_STATS],
      summaryTimeUnit: typeof options.summaryTimeUnit === 'string' ? options.summaryTimeUnit : '',
      noColor: options.noColor === true,
    },
    state: {
      isStdOutTTY: state.isStdOutTTY === true,
      isStdErrTTY: state.isStdErrTTY === true,
      testRunDurationMs:
        typeof state.testRunDurationMs === 'number' ? state.testRunDurationMs : durationFromCounters(metrics),
    },
    metrics,
    ...('setup_data' in doc ? { setup_data: doc.setup_data } : {}),
  };
}

function groupFromA(g: Obj): K6Group {
  return {
    name: String(g.name ?? ''),
    path: String(g.path ?? ''),
    id: String(g.id ?? ''),
    groups: Array.isArray(g.groups) ? g.groups.filter(isObj).map(groupFromA) : [],
    checks: Array.isArray(g.checks) ? g.checks.filter(isObj).map(check) : [],
  };
}

function check(c: Obj): K6Check {
  return {
    name: String(c.name ?? ''),
    path: String(c.path ?? ''),
    id: String(c.id ?? ''),
    passes: Number(c.passes ?? 0),
    fails: Number(c.fails ?? 0),
  };
}

// ---------------------------------------------------------------- B

function fromB(doc: Obj): K6Summary {
  const metrics: Record<string, K6SummaryMetric> = {};
  for (const [name, raw] of Object.entries(doc.metrics as Obj)) {
    const where = `metrics["${name}"]`;
    if (!isObj(raw)) throw new K6SummaryError(`${where} must be an object of values`);
    const flat = numbers(raw, where);
    const type = inferType(name, flat);
    // Legacy export renamed a Rate's `rate` to `value`; put it back.
    const values = type === 'rate' && 'value' in flat && !('rate' in flat) ? renameKey(flat, 'value', 'rate') : flat;
    const entry: K6SummaryMetric = { type, contains: inferContains(name, type), values };
    if (isObj(raw.thresholds)) {
      entry.thresholds = {};
      for (const [src, failed] of Object.entries(raw.thresholds)) {
        if (typeof failed !== 'boolean') throw new K6SummaryError(`${where}.thresholds["${src}"] must be a boolean`);
        entry.thresholds[src] = { ok: !failed }; // legacy export: true means the threshold FAILED
      }
    }
    metrics[name] = entry;
  }
  return {
    root_group: isObj(doc.root_group) ? groupFromB(doc.root_group) : emptyRootGroup(),
    options: { summaryTrendStats: [...DEFAULT_TREND_STATS], summaryTimeUnit: '', noColor: true },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: durationFromCounters(metrics) },
    metrics,
    ...('setup_data' in doc ? { setup_data: doc.setup_data } : {}),
  };
}

function groupFromB(g: Obj): K6Group {
  const groups = isObj(g.groups) ? Object.values(g.groups) : Array.isArray(g.groups) ? g.groups : [];
  const checks = isObj(g.checks) ? Object.values(g.checks) : Array.isArray(g.checks) ? g.checks : [];
  return {
    name: String(g.name ?? ''),
    path: String(g.path ?? ''),
    id: String(g.id ?? ''),
    groups: groups.filter(isObj).map(groupFromB),
    checks: checks.filter(isObj).map(check),
  };
}

function renameKey(values: Record<string, number>, from: string, to: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(values)) out[k === from ? to : k] = v;
  return out;
}

/** Legacy entries carry no type: use the built-in's, else tell by the value keys. */
function inferType(name: string, values: Record<string, number>): MetricType {
  const known = builtinInfo(name);
  if (known) return known.type;
  if ('passes' in values && 'fails' in values) return 'rate';
  if ('count' in values) return 'counter';
  if ('value' in values) return 'gauge';
  return 'trend';
}

function inferContains(name: string, type: MetricType): MetricContains {
  const known = builtinInfo(name);
  if (known) return known.contains;
  return type === 'trend' && /duration|_time|latency/.test(name) ? 'time' : 'default';
}

/** Legacy has no state: http_reqs (or iterations) count ÷ rate recovers the run's length. */
function durationFromCounters(metrics: Record<string, K6SummaryMetric>): number {
  for (const name of ['http_reqs', 'iterations']) {
    const v = metrics[name]?.values;
    if (v && typeof v.count === 'number' && typeof v.rate === 'number' && v.rate > 0) return (v.count / v.rate) * 1000;
  }
  return 0;
}

// ---------------------------------------------------------------- C

function fromC(doc: Obj): K6Summary {
  const results = doc.results as Obj;
  if (!Array.isArray(results.metrics))
    throw new K6SummaryError('results.metrics must be an array in a machine-readable summary');
  const config = isObj(doc.config) ? doc.config : {};
  const durationMs = typeof config.duration === 'number' ? config.duration * 1000 : 0;
  const metrics: Record<string, K6SummaryMetric> = {};
  const checksBlock = isObj(results.checks) ? results.checks : {};
  const all = [...results.metrics, ...(Array.isArray(checksBlock.metrics) ? checksBlock.metrics : [])];
  all.forEach((raw, i) => {
    const where = `results.metrics[${i}]`;
    if (!isObj(raw) || typeof raw.name !== 'string')
      throw new K6SummaryError(`${where} must be {name, type, contains, values}`);
    const type = raw.type as MetricType;
    if (!TYPES.includes(type)) throw new K6SummaryError(`${where}.type "${String(raw.type)}" is not a k6 metric type`);
    const v = numbers(isObj(raw.values) ? raw.values : {}, `${where}.values`);
    let values: Record<string, number>;
    if (type === 'rate') {
      values =
        'total' in v && v.total === 0
          ? {}
          : { rate: v.rate ?? 0, passes: v.matches ?? 0, fails: (v.total ?? 0) - (v.matches ?? 0) };
    } else if (type === 'counter') {
      values = { count: v.count ?? 0, rate: durationMs > 0 ? (v.count ?? 0) / (durationMs / 1000) : 0 };
    } else values = v;
    metrics[raw.name] = {
      type,
      contains: CONTAINS.includes(raw.contains as MetricContains)
        ? (raw.contains as MetricContains)
        : inferContains(raw.name, type),
      values,
    };
  });
  // C moves the `checks` Rate into checks_succeeded (a Rate too); restore the name thresholds use.
  const succeeded = metrics.checks_succeeded;
  if (!metrics.checks && succeeded?.type === 'rate') metrics.checks = { ...succeeded, values: { ...succeeded.values } };
  const root = emptyRootGroup();
  if (Array.isArray(checksBlock.results)) {
    for (const c of checksBlock.results.filter(isObj)) {
      const name = String(c.name ?? '');
      root.checks.push({ name, path: `::${name}`, id: '', passes: Number(c.passes ?? 0), fails: Number(c.fails ?? 0) });
    }
  }
  return {
    root_group: root,
    options: { summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'], summaryTimeUnit: '', noColor: true },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: durationMs },
    metrics,
  };
}
