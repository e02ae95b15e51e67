// Load scenarios as data: what the profiles hold, in k6's own vocabulary (executor, rate, timeUnit,
// duration, VUs, thresholds) so a scenario reads the same in the profile, in the built-in engine
// and in the exported k6 script.
import type { ClientRole } from '../engine/context.ts';
import { formatDuration, parseDuration } from './duration.ts';
import { formalityReadBy, SEEDABLE_FORMALITIES } from './seed.ts';
import { parseThresholds, type ThresholdMap } from './thresholds.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'];
/** `anonymous`: no access token (an API that declares no security, under `run --openapi`). */
export const ANONYMOUS = 'anonymous';
const ROLES: readonly (ClientRole | typeof ANONYMOUS)[] = ['agentA', 'agentB', 'authority', ANONYMOUS];

/** Path parameters a scenario may use; the collector creates what they name before the run. */
export const PATH_PARAMS = ['portCallId'] as const;
export type PathParam = (typeof PATH_PARAMS)[number];

export interface LoadOperation {
  method: HttpMethod;
  /** Relative to the API base URL, e.g. "/port-calls?limit=20" or "/port-calls/{portCallId}". */
  path: string;
  /** Identity the requests are sent as (`anonymous`: no token). Default agentA. */
  as?: ClientRole | typeof ANONYMOUS;
  /** JSON body for POST/PUT/PATCH. */
  body?: unknown;
}

interface ScenarioCommon {
  /** k6 scenario name: letters, digits, '-' and '_'. */
  name: string;
  operation: LoadOperation;
  /** Period `rate` is counted over, e.g. "1s". */
  timeUnit: string;
  preAllocatedVUs: number;
  maxVUs: number;
  /** How long in-flight iterations may finish after the schedule ends. Default "5s". */
  gracefulStop?: string;
  /** k6 thresholds, e.g. {http_req_duration: ['p(95)<300'], dropped_iterations: ['count==0']}. */
  thresholds: ThresholdMap;
}

export interface ConstantArrivalRateScenario extends ScenarioCommon {
  executor: 'constant-arrival-rate';
  /** Iterations started per timeUnit. */
  rate: number;
  duration: string;
}

export interface RampStage {
  duration: string;
  /** Rate (iterations per timeUnit) reached at the end of the stage, linearly from the previous one. */
  target: number;
}

export interface RampingArrivalRateScenario extends ScenarioCommon {
  executor: 'ramping-arrival-rate';
  startRate: number;
  stages: RampStage[];
}

export type LoadScenario = ConstantArrivalRateScenario | RampingArrivalRateScenario;

/** Safety bounds: a profile cannot ask for more than this, whatever it says. */
export const MAX_ITERATIONS_PER_SCENARIO = 100_000;
export const MAX_SCENARIO_DURATION_MS = 30 * 60_000;
export const MAX_VUS = 1000;
export const DEFAULT_GRACEFUL_STOP = '5s';

/** A scenario that cannot run as written; `field` is the path of the offending field. */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

const COMMON_FIELDS = [
  'name',
  'operation',
  'executor',
  'timeUnit',
  'preAllocatedVUs',
  'maxVUs',
  'gracefulStop',
  'thresholds',
];
const FIELDS: Record<LoadScenario['executor'], string[]> = {
  'constant-arrival-rate': [...COMMON_FIELDS, 'rate', 'duration'],
  'ramping-arrival-rate': [...COMMON_FIELDS, 'startRate', 'stages'],
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function int(o: Obj, key: string, where: string, min: number, max: number): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw new ScenarioError(`${where}.${key}`, `must be an integer, got ${JSON.stringify(v)}`);
  if (v < min || v > max) throw new ScenarioError(`${where}.${key}`, `must be between ${min} and ${max}, got ${v}`);
  return v;
}

function duration(v: unknown, field: string, positive = true): string {
  if (typeof v !== 'string')
    throw new ScenarioError(field, `must be a duration string such as "5s", got ${JSON.stringify(v)}`);
  let ms: number;
  try {
    ms = parseDuration(v);
  } catch (err) {
    throw new ScenarioError(field, (err as Error).message);
  }
  if (positive && ms <= 0) throw new ScenarioError(field, 'must be longer than zero');
  return v;
}

function validateOperation(v: unknown, where: string): LoadOperation {
  if (!isObj(v)) throw new ScenarioError(where, 'must be an object {method, path, as?, body?}');
  for (const k of Object.keys(v)) {
    if (!['method', 'path', 'as', 'body'].includes(k))
      throw new ScenarioError(`${where}.${k}`, 'unknown field (method, path, as, body)');
  }
  const method = v.method;
  if (typeof method !== 'string' || !METHODS.includes(method as HttpMethod)) {
    throw new ScenarioError(`${where}.method`, `must be one of ${METHODS.join(', ')}, got ${JSON.stringify(method)}`);
  }
  const path = v.path;
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//')) {
    throw new ScenarioError(
      `${where}.path`,
      `must be a path relative to the API base URL starting with "/", got ${JSON.stringify(path)}`,
    );
  }
  if (/\s/.test(path)) throw new ScenarioError(`${where}.path`, 'must not contain whitespace');
  for (const m of path.matchAll(/\{([^}]*)\}/g)) {
    if (!PATH_PARAMS.includes(m[1] as PathParam)) {
      throw new ScenarioError(
        `${where}.path`,
        `unknown parameter {${m[1]}} (supported: ${PATH_PARAMS.map((p) => `{${p}}`).join(', ')})`,
      );
    }
  }
  // The harness submits the formality such a read needs before the run; only the types it can build.
  const formality = method === 'GET' && path.includes('{portCallId}') ? formalityReadBy(path) : undefined;
  if (formality !== undefined && !SEEDABLE_FORMALITIES.includes(formality)) {
    throw new ScenarioError(
      `${where}.path`,
      `reads formality "${formality}", which the harness cannot submit before the run (it can: ${SEEDABLE_FORMALITIES.join(', ')})`,
    );
  }
  if (v.as !== undefined && !ROLES.includes(v.as as ClientRole)) {
    throw new ScenarioError(`${where}.as`, `must be one of ${ROLES.join(', ')}, got ${JSON.stringify(v.as)}`);
  }
  if (v.body !== undefined && (method === 'GET' || method === 'HEAD'))
    throw new ScenarioError(`${where}.body`, `a ${method} request has no body`);
  const op: LoadOperation = { method: method as HttpMethod, path };
  if (v.as !== undefined) op.as = v.as as ClientRole;
  if (v.body !== undefined) op.body = v.body;
  return op;
}

/** Checks one scenario and returns it typed; throws ScenarioError naming the bad field. */
export function validateScenario(input: unknown, where = 'scenario'): LoadScenario {
  if (!isObj(input)) throw new ScenarioError(where, 'must be an object');
  const executor = input.executor;
  if (executor !== 'constant-arrival-rate' && executor !== 'ramping-arrival-rate') {
    throw new ScenarioError(
      `${where}.executor`,
      `must be "constant-arrival-rate" or "ramping-arrival-rate", got ${JSON.stringify(executor)}`,
    );
  }
  for (const k of Object.keys(input)) {
    if (!FIELDS[executor].includes(k))
      throw new ScenarioError(`${where}.${k}`, `unknown field for ${executor} (${FIELDS[executor].join(', ')})`);
  }
  const name = input.name;
  if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(name)) {
    throw new ScenarioError(`${where}.name`, `must be 1-64 letters, digits, "-" or "_", got ${JSON.stringify(name)}`);
  }
  const operation = validateOperation(input.operation, `${where}.operation`);
  const timeUnit = duration(input.timeUnit, `${where}.timeUnit`);
  const preAllocatedVUs = int(input, 'preAllocatedVUs', where, 1, MAX_VUS);
  const maxVUs = int(input, 'maxVUs', where, 1, MAX_VUS);
  if (maxVUs < preAllocatedVUs)
    throw new ScenarioError(`${where}.maxVUs`, `must be at least preAllocatedVUs (${preAllocatedVUs})`);
  const gracefulStop =
    input.gracefulStop === undefined ? undefined : duration(input.gracefulStop, `${where}.gracefulStop`, false);
  if (gracefulStop !== undefined && parseDuration(gracefulStop) > 5 * 60_000)
    throw new ScenarioError(`${where}.gracefulStop`, 'must be at most 5m');
  if (!isObj(input.thresholds))
    throw new ScenarioError(`${where}.thresholds`, 'must be an object such as {http_req_duration: ["p(95)<300"]}');
  try {
    parseThresholds(input.thresholds);
  } catch (err) {
    const metric = (err as { metric?: string }).metric;
    throw new ScenarioError(`${where}.thresholds${metric ? `["${metric}"]` : ''}`, (err as Error).message);
  }
  const thresholds = input.thresholds as ThresholdMap;
  const common = {
    name,
    operation,
    timeUnit,
    preAllocatedVUs,
    maxVUs,
    thresholds,
    ...(gracefulStop ? { gracefulStop } : {}),
  };

  let scenario: LoadScenario;
  if (executor === 'constant-arrival-rate') {
    const rate = int(input, 'rate', where, 1, 1_000_000);
    scenario = { ...common, executor, rate, duration: duration(input.duration, `${where}.duration`) };
  } else {
    const startRate = int(input, 'startRate', where, 0, 1_000_000);
    if (!Array.isArray(input.stages) || input.stages.length === 0)
      throw new ScenarioError(`${where}.stages`, 'must be a non-empty list of {duration, target}');
    const stages = input.stages.map((s, i): RampStage => {
      const at = `${where}.stages[${i}]`;
      if (!isObj(s)) throw new ScenarioError(at, 'must be an object {duration, target}');
      for (const k of Object.keys(s))
        if (k !== 'duration' && k !== 'target')
          throw new ScenarioError(`${at}.${k}`, 'unknown field (duration, target)');
      return { duration: duration(s.duration, `${at}.duration`), target: int(s, 'target', at, 0, 1_000_000) };
    });
    scenario = { ...common, executor, startRate, stages };
  }
  const total = scenarioDurationMs(scenario);
  if (total > MAX_SCENARIO_DURATION_MS) {
    throw new ScenarioError(
      `${where}.${executor === 'constant-arrival-rate' ? 'duration' : 'stages'}`,
      `runs ${formatDuration(total)}, more than the ${formatDuration(MAX_SCENARIO_DURATION_MS)} allowed`,
    );
  }
  const planned = plannedIterations(scenario);
  if (planned > MAX_ITERATIONS_PER_SCENARIO) {
    throw new ScenarioError(
      `${where}.${executor === 'constant-arrival-rate' ? 'rate' : 'stages'}`,
      `plans ${planned} iterations, more than the ${MAX_ITERATIONS_PER_SCENARIO} allowed`,
    );
  }
  return scenario;
}

/** Validates a profile's list of scenarios; names must be unique. */
export function validateScenarios(input: unknown, where = 'load.scenarios'): LoadScenario[] {
  if (!Array.isArray(input)) throw new ScenarioError(where, 'must be a list of scenarios');
  const seen = new Set<string>();
  return input.map((s, i) => {
    const sc = validateScenario(s, `${where}[${i}]`);
    if (seen.has(sc.name)) throw new ScenarioError(`${where}[${i}].name`, `duplicate scenario name "${sc.name}"`);
    seen.add(sc.name);
    return sc;
  });
}

/** Length of the schedule (excluding gracefulStop). */
export function scenarioDurationMs(s: LoadScenario): number {
  return s.executor === 'constant-arrival-rate'
    ? parseDuration(s.duration)
    : s.stages.reduce((t, st) => t + parseDuration(st.duration), 0);
}

export function gracefulStopMs(s: LoadScenario): number {
  return parseDuration(s.gracefulStop ?? DEFAULT_GRACEFUL_STOP);
}

/**
 * Iterations the schedule offers. Iteration k starts when the integral of the rate reaches k,
 * from k = 0 (k = 1 when a ramp starts at rate 0), strictly before the schedule ends — so
 * 20/s for 5 s is 100 iterations at 0, 50, …, 4950 ms, as in k6. Agrees with arrivalOffsets().
 */
export function plannedIterations(s: LoadScenario): number {
  const unit = parseDuration(s.timeUnit);
  if (s.executor === 'constant-arrival-rate') return Math.ceil((s.rate * parseDuration(s.duration)) / unit - 1e-9);
  const first = s.startRate > 0 ? 0 : 1;
  return Math.max(0, Math.ceil(rampArea(s) - 1e-9) - first);
}

/** Integral of a ramp's rate: iterations offered over all stages (linear interpolation). */
export function rampArea(s: RampingArrivalRateScenario): number {
  const unit = parseDuration(s.timeUnit);
  let from = s.startRate;
  let area = 0;
  for (const st of s.stages) {
    area += ((from + st.target) / 2) * (parseDuration(st.duration) / unit);
    from = st.target;
  }
  return area;
}

/** The k6 `name` tag both engines put on the scenario's requests, e.g. "GET /port-calls/{portCallId}". */
export function operationName(op: LoadOperation): string {
  return `${op.method} ${op.path}`;
}

// Thresholds every profile scenario starts from: latency (PSW-LOAD-001), errors (PSW-LOAD-002),
// the offered rate held (PSW-LOAD-003).
function standardThresholds(overrides: ThresholdMap = {}): ThresholdMap {
  return {
    http_req_duration: ['p(95)<300'],
    http_req_failed: ['rate<0.01'],
    dropped_iterations: ['count==0'],
    ...overrides,
  };
}

/**
 * CI smoke: 5 s at 20 req/s per operation, at most 7 VUs. A server that holds requests 1 s (the
 * flawed port's slow-under-load, beyond 8 list requests a second) serves at most 7 / 1 s = 7 req/s
 * on 7 VUs beside the 8 fast ones, so it cannot hold 20/s and drops iterations, and its p95 is
 * ≥ 1 s, past 300.
 * A correct server answers in a few ms on 1-2 VUs; it would need a 350 ms stall to drop one.
 */
export const DEFAULT_SMOKE_SCENARIOS: readonly LoadScenario[] = [
  {
    name: 'listPortCalls-smoke',
    operation: { method: 'GET', path: '/port-calls?limit=20', as: 'agentA' },
    executor: 'constant-arrival-rate',
    rate: 20,
    timeUnit: '1s',
    duration: '5s',
    preAllocatedVUs: 2,
    maxVUs: 7,
    gracefulStop: '2s',
    thresholds: standardThresholds(),
  },
  {
    name: 'getPortCall-smoke',
    operation: { method: 'GET', path: '/port-calls/{portCallId}', as: 'agentA' },
    executor: 'constant-arrival-rate',
    rate: 20,
    timeUnit: '1s',
    duration: '5s',
    preAllocatedVUs: 2,
    maxVUs: 7,
    gracefulStop: '2s',
    thresholds: standardThresholds(),
  },
];

/**
 * Certification: a minute steady at 50 req/s on each secured read operation (the load places of
 * PSW-LOAD-001..003, contracts/plan/load.ts), then a ramp to 80 req/s, held, and
 * back to zero (kept under the reference's 100 req/s per-client rate limit, which would otherwise be
 * measured as errors).
 */
export const CERTIFICATION_SCENARIOS: readonly LoadScenario[] = [
  {
    name: 'listPortCalls-steady',
    operation: { method: 'GET', path: '/port-calls?limit=20', as: 'agentA' },
    executor: 'constant-arrival-rate',
    rate: 50,
    timeUnit: '1s',
    duration: '60s',
    preAllocatedVUs: 10,
    maxVUs: 50,
    gracefulStop: '10s',
    thresholds: standardThresholds({ http_req_duration: ['p(95)<300', 'p(99)<1000'] }),
  },
  {
    name: 'getPortCall-steady',
    operation: { method: 'GET', path: '/port-calls/{portCallId}', as: 'agentA' },
    executor: 'constant-arrival-rate',
    rate: 50,
    timeUnit: '1s',
    duration: '60s',
    preAllocatedVUs: 10,
    maxVUs: 50,
    gracefulStop: '10s',
    thresholds: standardThresholds({ http_req_duration: ['p(95)<300', 'p(99)<1000'] }),
  },
  {
    name: 'listFormalities-steady',
    operation: { method: 'GET', path: '/port-calls/{portCallId}/formalities', as: 'agentA' },
    executor: 'constant-arrival-rate',
    rate: 50,
    timeUnit: '1s',
    duration: '60s',
    preAllocatedVUs: 10,
    maxVUs: 50,
    gracefulStop: '10s',
    thresholds: standardThresholds({ http_req_duration: ['p(95)<300', 'p(99)<1000'] }),
  },
  {
    name: 'getFormality-steady',
    operation: { method: 'GET', path: '/port-calls/{portCallId}/formalities/general-declaration', as: 'agentA' },
    executor: 'constant-arrival-rate',
    rate: 50,
    timeUnit: '1s',
    duration: '60s',
    preAllocatedVUs: 10,
    maxVUs: 50,
    gracefulStop: '10s',
    thresholds: standardThresholds({ http_req_duration: ['p(95)<300', 'p(99)<1000'] }),
  },
  {
    name: 'listPortCalls-ramp',
    operation: { method: 'GET', path: '/port-calls?limit=20', as: 'authority' },
    executor: 'ramping-arrival-rate',
    startRate: 10,
    timeUnit: '1s',
    stages: [
      { duration: '30s', target: 80 },
      { duration: '30s', target: 80 },
      { duration: '10s', target: 0 },
    ],
    preAllocatedVUs: 10,
    maxVUs: 80,
    gracefulStop: '10s',
    thresholds: standardThresholds({ http_req_duration: ['p(95)<500'] }),
  },
];
