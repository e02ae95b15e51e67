// PSW-LOAD-001: every latency threshold (http_req_duration and its submetrics) of every load scenario holds.
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { loadPlaces } from './places.ts';
import { failsDespiteStall, harnessStall, loadMetrics, MAX_HARNESS_STALL_MS, shown, thresholdsOn } from './judge.ts';

export const loadLatency = defineCheck({
  id: 'load-latency',
  title: "Latency thresholds hold under the profile's load",
  failureTitle: "Latency thresholds are exceeded under the profile's load",
  description:
    'Each load scenario offers a constant arrival rate (open model) and measures every request from its ' +
    'intended start, so a server that queues cannot hide the wait. The profile sets the limits in k6 ' +
    'threshold syntax on `http_req_duration`, e.g. `p(95)<300`.',
  remediation:
    "Profile the slowest operation under the scenario's rate (database queries, indexes, connection pool size, synchronous work per request) and scale or optimise until the percentile thresholds hold; the latency chart shows which percentiles exceed them.",
  area: 'load',
  requirements: ['PSW-LOAD-001'],
  requires: ['LoadRuns', 'ProbePlan'],
  messages: {
    'latency-threshold-failed': 'Scenario {{scenario}}: {{metric}} {{threshold}} failed, observed {{observed}} ms',
    'latency-no-samples':
      'Scenario {{scenario}}: {{metric}} {{threshold}} cannot hold: no request completed to measure',
    'harness-stalled':
      'Scenario {{scenario}}: {{metric}} {{threshold}} failed (observed {{observed}} ms) while the harness itself stalled {{stall}} ms; rerun on an idle machine',
  },
  defaultOptions: {
    /** Judges a scenario that sets no threshold on http_req_duration. */
    fallbackThresholds: { http_req_duration: ['p(95)<500'] } as Record<string, string[]>,
    /**
     * A failure during a harness stall this long is inconclusive (needs-review), unless it still fails
     * with every moment the harness was busy discounted (charged to the harness, not the target).
     */
    maxHarnessStallMs: MAX_HARNESS_STALL_MS,
  },
  run({ LoadRuns, ProbePlan }, ctx) {
    // Every secured read operation is a place; those no scenario loads are not probed (budget).
    const places = loadPlaces(ProbePlan, 'PSW-LOAD-001', LoadRuns.scenarios);
    if (LoadRuns.scenarios.length === 0)
      return { ...ctx.notApplicable('the profile defines no load scenarios'), places };
    const findings: Finding[] = [];
    const inconclusive: Finding[] = [];
    let judged = 0;
    let despiteStall = 0;
    for (const run of LoadRuns.scenarios) {
      const stall = harnessStall(run, ctx.options.maxHarnessStallMs);
      for (const { result } of thresholdsOn(run, ['http_req_duration'], ctx.options.fallbackThresholds)) {
        judged++;
        if (result.ok) continue;
        const data = {
          scenario: run.name,
          metric: result.metric,
          threshold: result.source,
          observed: shown(result.observed),
        };
        const location = { metric: result.metric, method: run.operation.method, url: run.operation.path };
        if (result.observed === null) {
          findings.push(ctx.finding('latency-no-samples', data, location, run.evidence));
        } else if (stall !== undefined) {
          const credited = failsDespiteStall(run, result);
          if (credited) {
            despiteStall++;
            const still = { ...data, stall, credited: shown(credited.observed) };
            findings.push(ctx.finding('latency-threshold-failed', still, location, run.evidence));
          } else inconclusive.push(ctx.finding('harness-stalled', { ...data, stall }, location, run.evidence));
        } else {
          findings.push(ctx.finding('latency-threshold-failed', data, location, run.evidence));
        }
      }
    }
    const metrics = loadMetrics(LoadRuns.scenarios);
    // The report's load charts (results.extensions['load-latency'], since 1.3.0).
    const charts = LoadRuns.scenarios.flatMap((r) => (r.charts ? [r.charts] : []));
    const extension = charts.length > 0 ? { extension: { scenarios: charts } } : {};
    if (findings.length > 0) {
      const note = despiteStall > 0 ? ` (${despiteStall} even with the harness's own stalls discounted)` : '';
      return {
        ...ctx.fail(
          [...findings, ...inconclusive],
          `${findings.length} of ${judged} latency thresholds failed${note}`,
          metrics,
        ),
        places,
        ...extension,
      };
    }
    if (inconclusive.length > 0) {
      return {
        ...ctx.needsReview(`${inconclusive.length} latency thresholds failed while the harness stalled`, inconclusive),
        metrics,
        places,
        ...extension,
      };
    }
    return {
      ...ctx.pass(
        `${judged} latency thresholds hold over ${LoadRuns.scenarios.length} scenarios (worst p95 ${metrics.p95Ms ?? 'n/a'} ms)`,
        LoadRuns.scenarios.flatMap((r) => r.evidence),
        metrics,
      ),
      places,
      ...extension,
    };
  },
});
