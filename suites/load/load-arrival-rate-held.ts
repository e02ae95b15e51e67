// PSW-LOAD-003: the offered arrival rate was held: no iteration dropped for want of a free VU.
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { metricValue } from '../../load/summary.ts';
import { loadPlaces } from './places.ts';
import { failsDespiteStall, harnessStall, loadMetrics, MAX_HARNESS_STALL_MS, thresholdsOn } from './judge.ts';

export const loadArrivalRateHeld = defineCheck({
  id: 'load-arrival-rate-held',
  title: 'The offered arrival rate is held',
  failureTitle: 'The offered arrival rate is not held (iterations dropped)',
  description:
    'With an arrival-rate executor, a request starts on schedule only if a virtual user is free; when ' +
    'responses are so slow that all `maxVUs` are busy, the iteration is dropped and counted in ' +
    '`dropped_iterations`. Any drop means the target did not sustain the rate the profile asks for, ' +
    'and the latency figures describe less load than intended.',
  remediation:
    "Increase the capacity that serves the scenario's operation (workers, connection pool, instances) until responses are fast enough that the offered rate needs no more than maxVUs requests in flight.",
  area: 'load',
  requirements: ['PSW-LOAD-003'],
  requires: ['LoadRuns', 'ProbePlan'],
  messages: {
    'iterations-dropped': 'Scenario {{scenario}}: {{dropped}} of {{planned}} iterations dropped ({{threshold}} failed)',
    'harness-stalled':
      'Scenario {{scenario}}: {{dropped}} of {{planned}} iterations dropped while the harness itself stalled {{stall}} ms; rerun on an idle machine',
  },
  defaultOptions: {
    /** Judges a scenario that sets no threshold on dropped_iterations. */
    fallbackThresholds: { dropped_iterations: ['count==0'] } as Record<string, string[]>,
    /**
     * Drops during a harness stall this long are inconclusive (needs-review), unless the threshold
     * still fails on the drops made while every VU was waiting on the target.
     */
    maxHarnessStallMs: MAX_HARNESS_STALL_MS,
  },
  run({ LoadRuns, ProbePlan }, ctx) {
    // Every secured read operation is a place; those no scenario loads are not probed (budget).
    const places = loadPlaces(ProbePlan, 'PSW-LOAD-003', LoadRuns.scenarios);
    if (LoadRuns.scenarios.length === 0)
      return { ...ctx.notApplicable('the profile defines no load scenarios'), places };
    const findings: Finding[] = [];
    const inconclusive: Finding[] = [];
    let despiteStall = 0;
    for (const run of LoadRuns.scenarios) {
      const stall = harnessStall(run, ctx.options.maxHarnessStallMs);
      for (const { result } of thresholdsOn(run, ['dropped_iterations'], ctx.options.fallbackThresholds)) {
        if (result.ok) continue;
        const data = {
          scenario: run.name,
          dropped: metricValue(run.summary, result.metric, 'count') ?? 0,
          planned: run.planned,
          threshold: result.source,
        };
        const location = { metric: result.metric, method: run.operation.method, url: run.operation.path };
        const credited = stall === undefined ? undefined : failsDespiteStall(run, result);
        if (stall === undefined) findings.push(ctx.finding('iterations-dropped', data, location, run.evidence));
        else if (credited) {
          despiteStall++;
          const still = { ...data, stall, credited: credited.observed ?? 0 };
          findings.push(ctx.finding('iterations-dropped', still, location, run.evidence));
        } else inconclusive.push(ctx.finding('harness-stalled', { ...data, stall }, location, run.evidence));
      }
    }
    const metrics = loadMetrics(LoadRuns.scenarios);
    if (findings.length > 0) {
      const note =
        despiteStall > 0
          ? ` (${despiteStall} with every VU still waiting on the target, whatever the harness's stalls)`
          : '';
      return {
        ...ctx.fail(
          [...findings, ...inconclusive],
          `iterations dropped in ${findings.length} scenario(s)${note}`,
          metrics,
        ),
        places,
      };
    }
    if (inconclusive.length > 0) {
      return { ...ctx.needsReview(`iterations dropped while the harness stalled`, inconclusive), metrics, places };
    }
    return {
      ...ctx.pass(
        `the offered rate was held in all ${LoadRuns.scenarios.length} scenarios`,
        LoadRuns.scenarios.flatMap((r) => r.evidence),
        metrics,
      ),
      places,
    };
  },
});
