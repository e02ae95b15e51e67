// Synthetic LoadRuns artifacts for the load checks' unit tests: a shape-A summary with the numbers a
// row asks for, judged by the real threshold evaluator.
import type { Place, ProbePlan } from '../../../engine/types.ts';
import type { LoadRuns, LoadScenarioRun } from '../../../suites/load/collectors/load-runs.ts';
import { emptyRootGroup, type K6Summary } from '../../../load/summary.ts';
import { attachThresholdVerdicts, evaluateThresholds, type ThresholdMap } from '../../../load/thresholds.ts';

export const STANDARD: ThresholdMap = {
  http_req_duration: ['p(95)<300'],
  http_req_failed: ['rate<0.01'],
  dropped_iterations: ['count==0'],
};

export interface RunSpec {
  name?: string;
  /** p95 latency in ms; null: no request completed (no samples). */
  p95?: number | null;
  requests?: number;
  failed?: number;
  dropped?: number;
  checksFailed?: number;
  thresholds?: ThresholdMap;
  path?: string;
  /** The harness's own worst event-loop stall (ms); null: a k6 run, which does not report one. */
  stall?: number | null;
  /**
   * The run's stall-credited metrics (the harness's busy time charged to the harness): their p95 and
   * target-held drops. Omitted: the run carries none (as an artifact from before the stall credit).
   */
  credited?: { p95?: number | null; dropped?: number };
}

function trendOf(p95: number | null): Record<string, number> {
  return p95 === null
    ? {}
    : { avg: p95 / 2, min: 1, med: p95 / 2, max: p95 * 2, 'p(90)': p95 * 0.9, 'p(95)': p95, 'p(99)': p95 * 1.5 };
}

export function scenarioRun(spec: RunSpec = {}): LoadScenarioRun {
  const {
    name = 'list',
    p95 = 12,
    requests = 100,
    failed = 0,
    dropped = 0,
    checksFailed = failed,
    thresholds = STANDARD,
    path = '/port-calls?limit=20',
    stall = 3,
    credited,
  } = spec;
  const trend = trendOf(p95);
  const completed = p95 === null ? 0 : requests;
  const summary: K6Summary = {
    root_group: emptyRootGroup(),
    options: {
      summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'],
      summaryTimeUnit: '',
      noColor: true,
    },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: 5000 },
    metrics: {
      http_reqs: { type: 'counter', contains: 'default', values: { count: completed, rate: completed / 5 } },
      http_req_duration: { type: 'trend', contains: 'time', values: trend },
      'http_req_duration{expected_response:true}': { type: 'trend', contains: 'time', values: trend },
      http_req_failed: {
        type: 'rate',
        contains: 'default',
        values: completed ? { rate: failed / completed, passes: failed, fails: completed - failed } : {},
      },
      checks: {
        type: 'rate',
        contains: 'default',
        values: completed
          ? { rate: (completed - checksFailed) / completed, passes: completed - checksFailed, fails: checksFailed }
          : {},
      },
      dropped_iterations: { type: 'counter', contains: 'default', values: { count: dropped, rate: dropped / 5 } },
    },
  };
  const results = evaluateThresholds(thresholds, summary);
  attachThresholdVerdicts(summary, results);
  return {
    name,
    engine: stall === null ? 'k6' : 'builtin',
    operation: { method: 'GET', path, as: 'agentA' },
    planned: completed + dropped,
    summary,
    thresholds: results,
    evidence: [`ev-${name}`],
    notes: [],
    ...(stall === null
      ? {}
      : {
          harness: {
            maxStallMs: stall,
            p99StallMs: Math.min(stall, 10),
            ...(credited ? { stallCredited: creditedSummary(summary, credited) } : {}),
          },
        }),
  };
}

function creditedSummary(summary: K6Summary, c: NonNullable<RunSpec['credited']>): K6Summary {
  const trend = trendOf(c.p95 === undefined ? 1 : c.p95);
  const dropped = c.dropped ?? 0;
  return {
    ...summary,
    root_group: emptyRootGroup(),
    metrics: {
      http_req_duration: { type: 'trend', contains: 'time', values: trend },
      'http_req_duration{expected_response:true}': { type: 'trend', contains: 'time', values: trend },
      dropped_iterations: { type: 'counter', contains: 'default', values: { count: dropped, rate: dropped / 5 } },
    },
  };
}

export function loadRuns(...specs: RunSpec[]): LoadRuns {
  return { scenarios: specs.map(scenarioRun) };
}

/** The load places of a document with the profile's four secured reads (what contracts/plan/load.ts derives). */
export const LOAD_PLACES: Place[] = [
  ['listPortCalls', '/port-calls'],
  ['getPortCall', '/port-calls/{portCallId}'],
  ['listFormalities', '/port-calls/{portCallId}/formalities'],
  ['getFormality', '/port-calls/{portCallId}/formalities/{formalityType}'],
].map(([id, path]) => ({ id: id!, kind: 'load-operation', operationId: id!, method: 'GET', path: path! }));

export const LOAD_PLAN: ProbePlan = {
  places: { 'PSW-LOAD-001': LOAD_PLACES, 'PSW-LOAD-002': LOAD_PLACES, 'PSW-LOAD-003': LOAD_PLACES },
};
