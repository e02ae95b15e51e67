// The built-in engine's live figures: reported while it runs, shaped for a display, and a listener
// that throws changes nothing about the run.
import { describe, expect, it } from 'vitest';
import { runArrivalRate, type LiveLoadStats, type SendFn } from '../../load/engine.ts';
import type { ConstantArrivalRateScenario } from '../../load/scenario.ts';

const scenario: ConstantArrivalRateScenario = {
  name: 'progress',
  operation: { method: 'GET', path: '/port-calls' },
  executor: 'constant-arrival-rate',
  rate: 40,
  timeUnit: '1s',
  duration: '1s',
  preAllocatedVUs: 2,
  maxVUs: 4,
  gracefulStop: '1s',
  thresholds: {},
};
const ok: SendFn = async () => ({ status: 200, bytes: 10 });

describe('runArrivalRate onProgress', () => {
  it('reports the scenario, its duration, a rate and a p95 while it runs', async () => {
    const seen: LiveLoadStats[] = [];
    const r = await runArrivalRate({ scenario, send: ok, onProgress: (p) => seen.push(p), progressIntervalMs: 50 });
    expect(r.summary.metrics.iterations!.values.count).toBe(40);
    expect(seen.length).toBeGreaterThan(0);
    for (const p of seen) {
      expect(p).toMatchObject({ scenario: 'progress', durationS: 1 });
      expect(p.rps).toBeGreaterThanOrEqual(0);
      expect(p.p95Ms).toBeGreaterThanOrEqual(0);
    }
    const elapsed = seen.map((p) => p.elapsedS);
    expect(elapsed).toEqual([...elapsed].sort((a, b) => a - b));
  });

  it('a listener that throws does not change the run', async () => {
    const r = await runArrivalRate({
      scenario,
      send: ok,
      progressIntervalMs: 50,
      onProgress: () => {
        throw new Error('display broke');
      },
    });
    expect(r.summary.metrics.iterations!.values.count).toBe(40);
  });
});
