// PSW-LOAD-002: the error-rate thresholds (http_req_failed, checks) of every load scenario hold.
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { metricValue } from '../../load/summary.ts';
import { loadMetrics, shown, thresholdsOn } from './judge.ts';
import { loadPlaces } from './places.ts';

export const loadErrorRate = defineCheck({
  id: 'load-error-rate',
  title: 'Error rate under load stays below its threshold',
  failureTitle: 'Error rate under load exceeds its threshold',
  description:
    'A single window that answers correctly one request at a time may still fail under its expected ' +
    'traffic. `http_req_failed` counts responses outside 200-399 and transport failures; its `rate` ' +
    "is the failed share, judged against the profile's thresholds (e.g. `rate<0.01`).",
  remediation:
    'Find what fails under load in the server logs of the run (timeouts, pool exhaustion, 5xx, 429 to legitimate traffic) and raise the capacity or limits that cause it so the failed share stays below the threshold.',
  area: 'load',
  requirements: ['PSW-LOAD-002'],
  requires: ['LoadRuns', 'ProbePlan'],
  messages: {
    'error-rate-threshold-failed':
      'Scenario {{scenario}}: {{metric}} {{threshold}} failed, observed {{observed}} ({{failed}} of {{requests}} requests failed)',
    'error-rate-no-samples': 'Scenario {{scenario}}: {{metric}} {{threshold}} cannot hold: no request completed',
  },
  defaultOptions: {
    /** Judges a scenario that sets no threshold on http_req_failed or checks. */
    fallbackThresholds: { http_req_failed: ['rate<0.01'] } as Record<string, string[]>,
  },
  run({ LoadRuns, ProbePlan }, ctx) {
    // Every secured read operation is a place; those no scenario loads are not probed (budget).
    const places = loadPlaces(ProbePlan, 'PSW-LOAD-002', LoadRuns.scenarios);
    if (LoadRuns.scenarios.length === 0)
      return { ...ctx.notApplicable('the profile defines no load scenarios'), places };
    const findings: Finding[] = [];
    let judged = 0;
    for (const run of LoadRuns.scenarios) {
      for (const { result } of thresholdsOn(run, ['http_req_failed', 'checks'], ctx.options.fallbackThresholds)) {
        judged++;
        if (result.ok) continue;
        const failed = metricValue(run.summary, 'http_req_failed', 'passes') ?? 0;
        const requests = metricValue(run.summary, 'http_reqs', 'count') ?? 0;
        findings.push(
          ctx.finding(
            result.observed === null ? 'error-rate-no-samples' : 'error-rate-threshold-failed',
            {
              scenario: run.name,
              metric: result.metric,
              threshold: result.source,
              observed: shown(result.observed, 4),
              failed,
              requests,
            },
            { metric: result.metric, method: run.operation.method, url: run.operation.path },
            run.evidence,
          ),
        );
      }
    }
    const metrics = loadMetrics(LoadRuns.scenarios);
    if (findings.length > 0)
      return { ...ctx.fail(findings, `${findings.length} of ${judged} error-rate thresholds failed`, metrics), places };
    return {
      ...ctx.pass(
        `${judged} error-rate thresholds hold (worst error rate ${metrics.errorRate ?? 'n/a'})`,
        LoadRuns.scenarios.flatMap((r) => r.evidence),
        metrics,
      ),
      places,
    };
  },
});
