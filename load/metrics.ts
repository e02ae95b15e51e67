// k6's built-in metrics (metrics/builtin.go) and its metric-key syntax `name{tag:value,...}`.
// Both engines and the parsers agree on these, so thresholds mean the same thing everywhere.

export type MetricType = 'counter' | 'gauge' | 'rate' | 'trend';
export type MetricContains = 'default' | 'time' | 'data';

export interface MetricInfo {
  type: MetricType;
  contains: MetricContains;
}

export const BUILTIN_METRICS: Readonly<Record<string, MetricInfo>> = {
  vus: { type: 'gauge', contains: 'default' },
  vus_max: { type: 'gauge', contains: 'default' },
  iterations: { type: 'counter', contains: 'default' },
  iteration_duration: { type: 'trend', contains: 'time' },
  dropped_iterations: { type: 'counter', contains: 'default' },
  data_received: { type: 'counter', contains: 'data' },
  data_sent: { type: 'counter', contains: 'data' },
  checks: { type: 'rate', contains: 'default' },
  group_duration: { type: 'trend', contains: 'time' },
  http_reqs: { type: 'counter', contains: 'default' },
  http_req_failed: { type: 'rate', contains: 'default' },
  http_req_duration: { type: 'trend', contains: 'time' },
  http_req_blocked: { type: 'trend', contains: 'time' },
  http_req_connecting: { type: 'trend', contains: 'time' },
  http_req_tls_handshaking: { type: 'trend', contains: 'time' },
  http_req_sending: { type: 'trend', contains: 'time' },
  http_req_waiting: { type: 'trend', contains: 'time' },
  http_req_receiving: { type: 'trend', contains: 'time' },
};

export interface MetricKey {
  /** The key as written, e.g. `http_req_duration{expected_response:true}`. */
  key: string;
  /** Base metric name, e.g. `http_req_duration`. */
  name: string;
  /** Tag filter of a submetric; empty for the metric itself. */
  tags: Record<string, string>;
}

/**
 * Parses `name` or `name{k:v,k2:v2}` the way k6 does (metrics/registry.go ParseMetricName):
 * braces must pair and close the key, each tag is `key:value` with a non-empty value; k6 also
 * trims quotes around values (AddSubmetric), so `{name:"GET /x"}` and `{name:GET /x}` are equal.
 */
export function parseMetricKey(key: string): MetricKey {
  const open = key.indexOf('{');
  const close = key.lastIndexOf('}');
  if (open === -1 && close === -1) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`metric name "${key}" is not a valid k6 metric name`);
    return { key, name: key, tags: {} };
  }
  if (open === -1 || close === -1) throw new Error(`metric "${key}" has an unmatched curly brace`);
  if (close < open) throw new Error(`metric "${key}": closing brace before opening brace`);
  if (close !== key.length - 1) throw new Error(`metric "${key}" must end with its closing brace`);
  const name = key.slice(0, open);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`metric name "${name}" is not a valid k6 metric name`);
  const tags: Record<string, string> = {};
  for (const part of key.slice(open + 1, close).split(',')) {
    const colon = part.indexOf(':');
    const k = colon === -1 ? '' : part.slice(0, colon).trim();
    const v =
      colon === -1
        ? ''
        : part
            .slice(colon + 1)
            .trim()
            .replace(/^["']|["']$/g, '');
    if (!k || !v) throw new Error(`metric "${key}": tag "${part.trim()}" must be key:value`);
    tags[k] = v;
  }
  return { key, name, tags };
}

/** What a metric key's base name is known to be, if it is a k6 built-in. */
export function builtinInfo(key: string): MetricInfo | undefined {
  const brace = key.indexOf('{');
  return BUILTIN_METRICS[brace === -1 ? key : key.slice(0, brace)];
}
