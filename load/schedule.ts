// The open-model schedule: when each iteration is *intended* to start, independent of how fast
// the target answers. Latency is measured from these instants, so a stalled server cannot hide
// its queue (no coordinated omission, as in wrk2 and k6's arrival-rate executors).
import { parseDuration } from './duration.ts';
import { plannedIterations, type LoadScenario } from './scenario.ts';

/** A constant-arrival-rate scenario's gap between iterations (ms): iteration i is due at i × it.
 *  Undefined for a ramping one. The engine computes constant offsets itself (no generator step each). */
export function constantInterval(s: LoadScenario): number | undefined {
  return s.executor === 'constant-arrival-rate' ? parseDuration(s.timeUnit) / s.rate : undefined;
}

/** Offsets (ms from the start) of every planned iteration, ascending, exactly plannedIterations(s) of them. */
export function* arrivalOffsets(s: LoadScenario): Generator<number, void, undefined> {
  const unit = parseDuration(s.timeUnit);
  const n = plannedIterations(s);
  if (s.executor === 'constant-arrival-rate') {
    const interval = constantInterval(s)!;
    for (let i = 0; i < n; i++) yield i * interval;
    return;
  }
  const first = s.startRate > 0 ? 0 : 1;
  const end = first + n;
  let k = first;
  let stageStart = 0;
  let before = 0; // iterations' worth of rate integrated before this stage
  let r0 = s.startRate / unit; // per ms
  for (const st of s.stages) {
    const d = parseDuration(st.duration);
    const r1 = st.target / unit;
    const inStage = ((r0 + r1) / 2) * d;
    const slope = (r1 - r0) / d;
    // Solve r0·t + slope·t²/2 = c for t; the rationalised root stays stable when slope → 0 or < 0.
    while (k < end && k < before + inStage - 1e-9) {
      const c = k - before;
      const t = c <= 0 ? 0 : (2 * c) / (r0 + Math.sqrt(Math.max(0, r0 * r0 + 2 * slope * c)));
      yield stageStart + Math.min(t, d);
      k++;
    }
    stageStart += d;
    before += inStage;
    r0 = r1;
  }
}
