// Reads k6's `--out json` output (internal/output/json; the k6 docs' "JSON" page): one JSON object a
// line (gzipped when k6 wrote it to a .gz name),
//   {"type":"Metric","data":{"type":"trend","contains":"time","thresholds":["p(95)<300"],"submetrics":[…]},"metric":"http_req_duration"}
//   {"type":"Point","data":{"time":"2017-05-09T14:34:45.239531499+02:00","value":459.86,"tags":{"scenario":"…",…}},"metric":"http_req_duration"}
// Points are recorded per `scenario` tag into mergeable state (load/merge.ts): trends into HDR
// histograms of the built-in engine's precision, counters and rates as sums. A Metric line comes
// before its metric's first point and declares its type, its thresholds and its submetrics
// (thresholds with tag filters), which are computed from the points' tags as k6 does.
// Points without a scenario tag (setup(), teardown()) belong to no scenario and are counted apart;
// gauges (vus, vus_max) do not merge across runners and are skipped.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { builtinInfo, parseMetricKey, type MetricKey, type MetricType } from '../metrics.ts';
import { MergeInputError, ScenarioMetrics } from '../merge.ts';
import { parseThresholds, type ThresholdMap } from '../thresholds.ts';

export interface PointsLimits {
  /** Bytes read from the file (after decompression). */
  maxBytes: number;
  maxLineBytes: number;
  maxLines: number;
}

/** Enough for the longest scenario a profile may hold (100 000 iterations × ~15 points) many times over. */
export const DEFAULT_POINTS_LIMITS: PointsLimits = {
  maxBytes: 4 * 1024 ** 3,
  maxLineBytes: 64 * 1024,
  maxLines: 20_000_000,
};

/** k6 always defines this submetric; computing it everywhere keeps it mergeable with hdr files. */
export const ALWAYS_SUBMETRICS = ['http_req_duration{expected_response:true}'];

export interface ReadPointsOptions {
  /** Submetric keys (`name{tag:value}`) to compute besides those the Metric lines declare. */
  submetrics?: readonly string[];
  limits?: Partial<PointsLimits>;
  /** How messages name the file; default its path. */
  label?: string;
}

export interface K6PointsFile {
  label: string;
  scenarios: ScenarioMetrics[];
  /** Thresholds the Metric lines declare, by metric. */
  declared: ThresholdMap;
  lines: number;
  /** Points with no scenario tag (setup(), teardown()), left out. */
  outsideScenarios: number;
  /** Gauge points (vus, vus_max), which do not merge across runners. */
  gaugePoints: number;
}

const GZIP_MAGIC = [0x1f, 0x8b];

/** True when the file starts with gzip's magic bytes. */
export async function isGzip(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === GZIP_MAGIC[0] && buffer[1] === GZIP_MAGIC[1];
  } finally {
    await fh.close();
  }
}

/** The file's lines with their numbers (1-based), bounded in bytes, line length and count. */
export async function* linesOf(
  path: string,
  label: string,
  limits: PointsLimits,
): AsyncGenerator<{ text: string; n: number }> {
  const size = (await stat(path)).size;
  if (size > limits.maxBytes)
    throw new MergeInputError(`${label}: ${size} bytes, more than the ${limits.maxBytes} read`);
  const raw = createReadStream(path);
  const stream = (await isGzip(path)) ? raw.pipe(createGunzip()) : raw;
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let bytes = 0;
  let n = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > limits.maxBytes)
        throw new MergeInputError(`${label}: more than the ${limits.maxBytes} bytes read (decompressed)`);
      const parts = (carry + decoder.write(chunk)).split('\n');
      carry = parts.pop() ?? '';
      if (carry.length > limits.maxLineBytes)
        throw new MergeInputError(`${label}:${n + 1}: line longer than ${limits.maxLineBytes} characters`);
      for (const part of parts) {
        if (++n > limits.maxLines) throw new MergeInputError(`${label}: more than ${limits.maxLines} lines`);
        if (part.length > limits.maxLineBytes)
          throw new MergeInputError(`${label}:${n}: line longer than ${limits.maxLineBytes} characters`);
        yield { text: part, n };
      }
    }
    const last = carry + decoder.end();
    if (last.length > 0) {
      if (++n > limits.maxLines) throw new MergeInputError(`${label}: more than ${limits.maxLines} lines`);
      yield { text: last, n };
    }
  } catch (err) {
    if (err instanceof MergeInputError) throw err;
    throw new MergeInputError(`${label}: ${(err as Error).message}`);
  } finally {
    raw.destroy();
    if (stream !== raw) stream.destroy();
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const TYPES: readonly MetricType[] = ['counter', 'gauge', 'rate', 'trend'];

/** A parsed line: what `load merge` looks at to tell an NDJSON file from the other inputs. */
export function isK6OutputLine(v: unknown): boolean {
  return isObj(v) && (v.type === 'Metric' || v.type === 'Point') && typeof v.metric === 'string';
}

/** Reads one k6 `--out json` file into per-scenario mergeable state. */
export async function readK6Points(path: string, opts: ReadPointsOptions = {}): Promise<K6PointsFile> {
  const label = opts.label ?? path;
  const limits = { ...DEFAULT_POINTS_LIMITS, ...opts.limits };
  const types = new Map<string, MetricType>();
  const declared: Record<string, string[]> = {};
  // Submetrics to compute, by base metric.
  const wanted = new Map<string, MetricKey[]>();
  const want = (key: string): void => {
    const mk = parseMetricKey(key);
    if (Object.keys(mk.tags).length === 0) return;
    const list = wanted.get(mk.name) ?? wanted.set(mk.name, []).get(mk.name)!;
    if (!list.some((k) => k.key === mk.key)) list.push(mk);
  };
  for (const key of [...ALWAYS_SUBMETRICS, ...(opts.submetrics ?? [])]) want(key);
  const scenarios = new Map<string, ScenarioMetrics>();
  let outsideScenarios = 0;
  let gaugePoints = 0;
  let lines = 0;

  for await (const { text, n } of linesOf(path, label, limits)) {
    lines = n;
    if (text.trim() === '') continue;
    const at = `${label}:${n}`;
    let line: unknown;
    try {
      line = JSON.parse(text);
    } catch (err) {
      throw new MergeInputError(`${at}: not JSON (${(err as Error).message})`);
    }
    if (!isObj(line) || typeof line.metric !== 'string' || !isObj(line.data))
      throw new MergeInputError(`${at}: not a k6 output line ({"type","data","metric"})`);
    const metric = line.metric;
    const data = line.data;
    try {
      parseMetricKey(metric);
    } catch (err) {
      throw new MergeInputError(`${at}: ${(err as Error).message}`);
    }
    if (line.type === 'Metric') {
      const type = data.type as MetricType;
      if (!TYPES.includes(type))
        throw new MergeInputError(`${at}: metric ${metric} has type ${JSON.stringify(data.type)}`);
      const before = types.get(metric);
      if (before && before !== type)
        throw new MergeInputError(`${at}: metric ${metric} declared ${before} before, ${type} now`);
      types.set(metric, type);
      if (data.thresholds !== undefined && data.thresholds !== null) {
        if (!Array.isArray(data.thresholds) || data.thresholds.some((t) => typeof t !== 'string'))
          throw new MergeInputError(`${at}: thresholds of ${metric} must be a list of expressions`);
        try {
          parseThresholds({ [metric]: data.thresholds });
        } catch (err) {
          throw new MergeInputError(`${at}: ${(err as Error).message}`);
        }
        const list = (declared[metric] ??= []);
        for (const t of data.thresholds as string[]) if (!list.includes(t)) list.push(t);
      }
      for (const sub of Array.isArray(data.submetrics) ? data.submetrics : []) {
        const key = submetricKey(metric, sub);
        if (!key) throw new MergeInputError(`${at}: a submetric of ${metric} is neither {name} nor {tags}`);
        try {
          want(key);
        } catch (err) {
          throw new MergeInputError(`${at}: ${(err as Error).message}`);
        }
      }
      continue;
    }
    if (line.type !== 'Point')
      throw new MergeInputError(`${at}: line type ${JSON.stringify(line.type)} is not Metric or Point`);
    const value = data.value;
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new MergeInputError(`${at}: "value" is not a number`);
    const time = typeof data.time === 'string' ? Date.parse(data.time) : NaN;
    if (!Number.isFinite(time)) throw new MergeInputError(`${at}: "time" is not an RFC 3339 date-time`);
    const tags = data.tags ?? {};
    if (!isObj(tags)) throw new MergeInputError(`${at}: "tags" is not an object`);
    const type = types.get(metric) ?? builtinInfo(metric)?.type;
    if (!type) throw new MergeInputError(`${at}: a point of ${metric} before any Metric line declares its type`);
    if (type === 'gauge') {
      gaugePoints++;
      continue;
    }
    const scenario = tags.scenario;
    if (typeof scenario !== 'string' || scenario === '') {
      outsideScenarios++;
      continue;
    }
    let sm = scenarios.get(scenario);
    if (!sm) {
      scenarios.set(scenario, (sm = new ScenarioMetrics(scenario)));
      sm.inputs.push(label);
    }
    try {
      sm.add(metric, type, value);
      for (const sub of wanted.get(metric) ?? []) if (matches(sub.tags, tags)) sm.add(sub.key, type, value);
    } catch (err) {
      throw new MergeInputError(`${at}: ${(err as Error).message}`);
    }
    sm.cover(time, time);
  }

  // A submetric of a metric this file has points of was computed, even when no point matched it.
  for (const sm of scenarios.values()) {
    for (const [name, subs] of wanted) {
      const base = sm.metrics.get(name);
      if (base) for (const sub of subs) sm.stateOf(sub.key, base.type);
    }
  }
  return { label, scenarios: [...scenarios.values()], declared, lines, outsideScenarios, gaugePoints };
}

/** `name{tag:value,…}` of a Metric line's submetric entry ({name, suffix, tags}). */
function submetricKey(metric: string, sub: unknown): string | undefined {
  if (!isObj(sub)) return undefined;
  if (typeof sub.name === 'string' && sub.name.startsWith(`${metric}{`)) return sub.name;
  if (isObj(sub.tags) && Object.keys(sub.tags).length > 0) {
    const parts = Object.entries(sub.tags).map(([k, v]) => `${k}:${String(v)}`);
    return `${metric}{${parts.join(',')}}`;
  }
  return undefined;
}

function matches(filter: Record<string, string>, tags: Obj): boolean {
  for (const k in filter) if (tags[k] !== filter[k]) return false;
  return true;
}
