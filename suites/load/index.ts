// The load area's registry: its checks and the collector they need, in a fixed order.
import type { AnyCheck, AnyCollector } from '../../engine/check.ts';
import { loadRunsCollector } from './collectors/load-runs.ts';
import { loadArrivalRateHeld } from './load-arrival-rate-held.ts';
import { loadErrorRate } from './load-error-rate.ts';
import { loadLatency } from './load-latency.ts';

export const checks: readonly AnyCheck[] = [loadLatency, loadErrorRate, loadArrivalRateHeld];
export const collectors: readonly AnyCollector[] = [loadRunsCollector];
