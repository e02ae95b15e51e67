// The built-in open-model load engine: k6's constant/ramping arrival-rate executors in-process.
// Iterations start on the schedule whatever the target does; each one needs a free VU, the pool
// grows from preAllocatedVUs up to maxVUs, and an iteration with no VU is dropped and counted
// (dropped_iterations). Latency is measured from the iteration's intended start, so any lag of our
// own (timer, event loop) is charged to the target instead of silently shrinking the sample
// (coordinated omission). Output is k6's handleSummary shape (A), thresholds attached.
import { createHash } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { MetricSet, TrendSink, type MergeableState, type Sink, type Tags } from './sinks.ts';
import { arrivalOffsets, constantInterval } from './schedule.ts';
import { creditedLatency, targetDrops, type DropPoint, type IterationSpan } from './stall-credit.ts';
import {
  MAX_ITERATIONS_PER_SCENARIO,
  gracefulStopMs,
  operationName,
  plannedIterations,
  scenarioDurationMs,
  type LoadScenario,
} from './scenario.ts';
import { DEFAULT_TREND_STATS, emptyRootGroup, type K6Summary } from './summary.ts';
import {
  attachThresholdVerdicts,
  evaluateThresholds,
  parseThresholds,
  type ParsedThreshold,
  type ThresholdResult,
} from './thresholds.ts';

export interface SendRequest {
  /** Aborted at the hard stop (duration + gracefulStop) or when the run is aborted. */
  signal: AbortSignal;
  /** Whole milliseconds left before the hard stop; pass it on as the request timeout. */
  timeoutMs: number;
}
export interface SendResult {
  status: number;
  /** Response bytes, for data_received. */
  bytes?: number;
}
/** Sends one request of the scenario. A throw is a transport failure: status 0, counted as failed. */
export type SendFn = (req: SendRequest) => Promise<SendResult>;

export interface EngineOptions {
  scenario: LoadScenario;
  send: SendFn;
  /** The URL the requests go to, for the `url` tag. */
  url?: string;
  /** Cap on iterations (default MAX_ITERATIONS_PER_SCENARIO, the bound a validated scenario keeps);
   *  the caller's own memory bound when set: every iteration is logged for the stall credit. */
  maxIterations?: number;
  /** Aborts the run (the collector's deadline); the promise then rejects. */
  signal?: AbortSignal;
  /** Which statuses count as success for http_req_failed and the check; k6's default is 200-399. */
  expectedStatus?: (status: number) => boolean;
  /** Live figures about once per `progressIntervalMs` (default 1 s), for progress displays; must not throw. */
  onProgress?: (progress: LiveLoadStats) => void;
  progressIntervalMs?: number;
}

/** What a progress display shows while a scenario runs: throughput and latency of the last interval. */
export interface LiveLoadStats {
  scenario: string;
  rps: number;
  p95Ms: number;
  elapsedS: number;
  durationS: number;
}

// Latencies kept per progress interval; beyond it the interval's p95 is that of its first samples.
const PROGRESS_WINDOW_SAMPLES = 4096;

export interface EngineResult {
  summary: K6Summary;
  thresholds: ThresholdResult[];
  /** Iterations still in flight at the hard stop (or cut by it); left out of the metrics, as k6 does. */
  interrupted: number;
  /** Transport failures (status 0) by message. */
  errors: { message: string; count: number }[];
  /** Requests that completed in each second since the start (index = second), and of those the failed ones. */
  perSecond: { completed: number[]; failed: number[] };
  /** http_req_duration's percentile ladder (TrendSink.percentileLadder), for the distribution chart. */
  latencyPercentiles: { percentile: number; valueMs: number }[];
  /** Source of the abortOnFail threshold that stopped the run early, if one did. */
  abortedBy?: string;
  /** How long this process's event loop stalled during the run (CPU starvation, GC): time the
   *  target is not to blame for, since every sample's clock stops on our loop. */
  harness: HarnessStall;
  /** Every metric but the gauges as state that merges exactly with other runs' (load/hdr-file.ts). */
  mergeable: MergeableRun;
}

/** A run's metrics as they combine with other runs of the same scenario: when, how long, what. */
export interface MergeableRun {
  /** Epoch ms the schedule started. */
  startedAtMs: number;
  durationMs: number;
  metrics: Map<string, MergeableState>;
}

export interface HarnessStall {
  maxStallMs: number;
  p99StallMs: number;
  /**
   * The run's `http_req_duration` (and its threshold submetrics) and `dropped_iterations` with every
   * moment our event loop was busy discounted (load/stall-credit.ts): latency counts only
   * the loop's idle time while a request was out; a drop counts only when every VU was still waiting
   * on the target. What fails here fails whatever the harness's own stalls were.
   */
  stallCredited?: K6Summary;
}

// Event-loop delay sampling resolution; reported delays include it, so it is subtracted.
const LOOP_RESOLUTION_MS = 10;

// A request failing this close to the hard stop was cut by it (its timeout is the time left).
const HARD_STOP_SLACK_MS = 5;

/** Cumulative time this thread's event loop has spent idle, waiting for events (ms); the value
 *  eventLoopUtilization().idle reads, without building its object on every request. */
function loopIdleMs(): number {
  return performance.nodeTiming.idleTime;
}

/** Where one status's samples go: its tag set and the sinks each of its metrics feeds. */
interface StatusSinks {
  tags: Tags;
  reqs: Sink[];
  duration: Sink[];
  failed: Sink[];
  data: Sink[];
}

function addAll(sinks: readonly Sink[], value: number): void {
  for (let i = 0; i < sinks.length; i++) sinks[i]!.add(value);
}

/** Tags the built-in engine puts on samples, hence the only ones a submetric may filter on. */
export const SUPPORTED_TAGS = ['scenario', 'name', 'method', 'status', 'expected_response', 'url', 'check'] as const;
export const CHECK_NAME = 'status is expected';

const ALWAYS_DEFINED = [
  'http_reqs',
  'http_req_duration',
  'http_req_duration{expected_response:true}',
  'http_req_failed',
  'iterations',
  'iteration_duration',
  'dropped_iterations',
  'checks',
  'data_received',
  'vus',
  'vus_max',
];

/** Distinct transport error messages kept; the rest are counted together. */
const MAX_ERROR_KINDS = 10;

// Work done without sleeping before yielding, so responses get processed and free VUs even when
// the schedule is behind: 16 dispatches, or 4 drops for one (a drop sends nothing; at an offered
// rate far above the target's, most iterations are drops, and a loop turn each few would cost more
// than the drops).
const BURST = 64;
const DISPATCH_COST = 4;

export async function runArrivalRate(opts: EngineOptions): Promise<EngineResult> {
  const s = opts.scenario;
  const parsed = parseThresholds(s.thresholds);
  for (const t of parsed) {
    for (const tag of Object.keys(t.metric.tags)) {
      if (!(SUPPORTED_TAGS as readonly string[]).includes(tag)) {
        throw new Error(
          `threshold on ${t.metric.key}: the built-in engine tags samples with ${SUPPORTED_TAGS.join(', ')} only, not "${tag}"`,
        );
      }
    }
  }
  const metrics = new MetricSet();
  for (const k of ALWAYS_DEFINED) metrics.define(k);
  for (const t of parsed) metrics.define(t.metric.key);
  const trendStats = [
    ...new Set([...DEFAULT_TREND_STATS, ...parsed.filter((t) => t.percentile !== undefined).map((t) => t.aggregation)]),
  ];

  const expected = opts.expectedStatus ?? ((st: number) => st >= 200 && st < 400);
  const name = operationName(s.operation);
  const baseTags: Tags = { scenario: s.name, name, method: s.operation.method, ...(opts.url ? { url: opts.url } : {}) };
  const iterTags: Tags = { scenario: s.name };
  const checkTags: Tags = { ...baseTags, check: CHECK_NAME };
  // A caller's explicit cap replaces the default one (the bench offers more than any profile may).
  const planned = Math.min(plannedIterations(s), opts.maxIterations ?? MAX_ITERATIONS_PER_SCENARIO);
  // Each sample's destinations (metric and matching submetrics) resolved once, not per request:
  // one tag set and its sinks per status seen, fixed ones for the iteration, check and VU metrics.
  const bySink = (name: string, tags: Tags = {}): Sink[] => metrics.sinksFor(name, tags);
  const sinksByStatus = new Map<number, StatusSinks>();
  const statusSinks = (status: number, ok: boolean): StatusSinks => {
    let t = sinksByStatus.get(status);
    if (!t) {
      const tags: Tags = { ...baseTags, status: String(status), expected_response: String(ok) };
      t = {
        tags,
        reqs: bySink('http_reqs', tags),
        duration: bySink('http_req_duration', tags),
        failed: bySink('http_req_failed', tags),
        data: bySink('data_received', tags),
      };
      sinksByStatus.set(status, t);
    }
    return t;
  };
  const checkSinks = bySink('checks', checkTags);
  const iterationSinks = bySink('iterations', iterTags);
  const iterationDurationSinks = bySink('iteration_duration', iterTags);
  const vusSinks = bySink('vus');
  const droppedSinks = bySink('dropped_iterations', iterTags);
  const abortable = parsed.filter((t) => t.abortOnFail);

  const stop = new AbortController(); // ends scheduling early (external abort, abortOnFail)
  const inflightAbort = new AbortController(); // cuts requests still running at the hard stop
  setMaxListeners(s.maxVUs + 16, inflightAbort.signal); // one listener per request in flight is expected
  // Plain flags mirroring the two signals: the hot paths read them per iteration and per sample,
  // and AbortSignal's \`aborted\` getter costs more than the rest of a drop.
  let stopped = false;
  let cut = false;
  stop.signal.addEventListener('abort', () => (stopped = true), { once: true });
  inflightAbort.signal.addEventListener('abort', () => (cut = true), { once: true });
  const onExternal = (): void => {
    stop.abort();
    inflightAbort.abort();
  };
  opts.signal?.addEventListener('abort', onExternal, { once: true });
  if (opts.signal?.aborted) onExternal();

  const errors = new Map<string, number>();
  let allocated = s.preAllocatedVUs;
  let busy = 0;
  let hardStopped = false;
  let checkPasses = 0;
  let checkFails = 0;
  let abortedBy: string | undefined;
  metrics.add('vus_max', allocated);
  metrics.add('vus', 0);

  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loopDelay.enable();
  // The event log the stall credit is computed from (bounded by `planned`): every dispatch with its
  // outcome, every drop for want of a VU, in order, with the loop's idle time at that moment.
  let seq = 0;
  const spans = new SpanLog();
  const drops: DropPoint[] = [];
  let cutAtHardStop = 0;
  const completedPerSecond: number[] = [];
  const failedPerSecond: number[] = [];
  const t0 = performance.now();
  const hardStopAt = t0 + scenarioDurationMs(s) + gracefulStopMs(s);
  // Live figures for a progress display: the latencies and responses of the current interval only.
  const windowLatencies: number[] = [];
  let windowResponses = 0;
  let windowStart = t0;
  const progressTimer = opts.onProgress
    ? setInterval(() => {
        const now = performance.now();
        const sorted = windowLatencies.sort((a, b) => a - b);
        const p95 = sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]! : 0;
        try {
          opts.onProgress?.({
            scenario: s.name,
            rps: windowResponses / Math.max(0.001, (now - windowStart) / 1000),
            // A request dispatched up to 1 ms ahead of its due time can read as a hair below zero.
            p95Ms: Math.max(0, p95),
            elapsedS: (now - t0) / 1000,
            durationS: scenarioDurationMs(s) / 1000,
          });
        } catch {
          // A display's failure is not the load run's.
        }
        windowLatencies.length = 0;
        windowResponses = 0;
        windowStart = now;
      }, opts.progressIntervalMs ?? 1000)
    : undefined;
  progressTimer?.unref();

  // In-flight iterations are counted, not kept: `busy` is the count, `settled` resolves when it
  // drops to zero after the schedule ended (callbacks, not an async closure per request).
  let onSettled: (() => void) | undefined;
  // Wakes the scheduling loop when it waits for a VU to come back or for the due time (the loop
  // below); defined once, no closure per wait.
  let wakeResolve: (() => void) | undefined;
  // The due-time timer outlives a wake by a returning VU: at full speed the loop waits once per
  // iteration, and a timer set and cleared each time cost more than the wait. An early fire only
  // makes the loop look again; a later due time keeps the pending timer, an earlier one replaces it.
  let wakeTimer: NodeJS.Timeout | undefined;
  let wakeTimerAt = Infinity;
  const wake = (): void => {
    const resolve = wakeResolve;
    if (!resolve) return;
    wakeResolve = undefined;
    resolve();
  };
  const onWakeTimer = (): void => {
    wakeTimer = undefined;
    wakeTimerAt = Infinity;
    wake();
  };
  const waitForVu = (resolve: () => void): void => {
    wakeResolve = resolve;
  };
  const settle = (): void => {
    busy--;
    if (!hardStopped) addAll(vusSinks, busy);
    wake();
    if (busy === 0) onSettled?.();
  };
  // One completed iteration's samples. Defined once: under tsx every named closure made per request
  // costs an Object.defineProperty (esbuild's keepNames), so the per-request callbacks below are
  // anonymous and call these.
  const record = (span: number, due: number, startedAt: number, status: number, bytes: number): void => {
    if (hardStopped || cut) return; // interrupted: not a sample
    const end = performance.now();
    spans.endSeq[span] = seq++;
    spans.idleAtEnd[span] = loopIdleMs();
    const ok = expected(status);
    const t = statusSinks(status, ok);
    spans.sample[span] = t;
    const second = Math.max(0, Math.floor((end - t0) / 1000));
    completedPerSecond[second] = (completedPerSecond[second] ?? 0) + 1;
    if (!ok) failedPerSecond[second] = (failedPerSecond[second] ?? 0) + 1;
    addAll(t.reqs, 1);
    addAll(t.duration, end - due);
    windowResponses++;
    if (progressTimer && windowLatencies.length < PROGRESS_WINDOW_SAMPLES) windowLatencies.push(end - due);
    addAll(t.failed, ok ? 0 : 1);
    addAll(checkSinks, ok ? 1 : 0);
    if (ok) checkPasses++;
    else checkFails++;
    if (bytes > 0) addAll(t.data, bytes);
    addAll(iterationSinks, 1);
    addAll(iterationDurationSinks, end - startedAt);
  };
  const recordFailure = (span: number, due: number, startedAt: number, err: unknown): void => {
    // The request's timeout is the time left to the hard stop: failing there is being cut by
    // it (a harness that fell behind dispatched it late), not a failure of the target.
    if (performance.now() >= hardStopAt - HARD_STOP_SLACK_MS && !hardStopped) {
      cutAtHardStop++;
      return;
    }
    if (!hardStopped && !cut) {
      let msg = err instanceof Error ? err.message : String(err);
      if (!errors.has(msg) && errors.size >= MAX_ERROR_KINDS) msg = 'other errors';
      errors.set(msg, (errors.get(msg) ?? 0) + 1);
    }
    record(span, due, startedAt, 0, 0);
  };
  // `idleNow` is the loop's idle time, read once per scheduling pass: it only grows while the loop
  // waits for events, never during a synchronous pass. Returns whether a request went out.
  // `now` is the clock the scheduling pass just read: the iteration's actual start.
  const dispatch = (due: number, now: number, idleNow: number): boolean => {
    if (busy >= allocated) {
      if (allocated >= s.maxVUs) {
        addAll(droppedSinks, 1);
        const last = drops[drops.length - 1];
        // A run of drops with nothing between them is one point: judged alike, and far fewer objects.
        if (last && last.idleAt === idleNow && last.seq + (last.count ?? 1) === seq) last.count = (last.count ?? 1) + 1;
        else drops.push({ seq, idleAt: idleNow });
        seq++;
        return false;
      }
      allocated++;
      metrics.add('vus_max', allocated);
    }
    busy++;
    addAll(vusSinks, busy);
    const startedAt = now;
    const span = spans.push(seq++, idleNow);
    let sent: Promise<SendResult>;
    try {
      sent = opts.send({
        signal: inflightAbort.signal,
        timeoutMs: Math.max(1, Math.floor(hardStopAt - now)),
      });
    } catch (err) {
      sent = Promise.reject(err);
    }
    sent.then(
      (r) => {
        record(span, due, startedAt, r.status, r.bytes ?? 0);
        settle();
      },
      (err: unknown) => {
        recordFailure(span, due, startedAt, err);
        settle();
      },
    );
    return true;
  };

  try {
    // A constant rate's offsets are computed here (i × interval, arrivalOffsets' own formula): at
    // full speed most iterations are drops, and a generator step allocated a result object each.
    const interval = constantInterval(s);
    const offsets = interval === undefined ? arrivalOffsets(s) : undefined;
    let lastEval = t0;
    let burst = 0;
    let idleNow = loopIdleMs();
    for (let i = 0; i < planned && !stopped; i++) {
      let offset = i * interval!;
      if (offsets) {
        const next = offsets.next();
        if (next.done) break;
        offset = next.value;
      }
      const due = t0 + offset;
      let now = performance.now();
      const wait = due - now;
      if (wait >= 1) {
        await sleep(wait, stop.signal);
        burst = 0;
        if (stopped) break;
        now = performance.now();
        idleNow = loopIdleMs();
      } else if (burst >= BURST) {
        await yieldToLoop();
        burst = 0;
        now = performance.now();
        idleNow = loopIdleMs();
      }
      // Not due yet (up to 1 ms early) and every VU busy: one may come back before it is due, so
      // wait for one (or for the due time) instead of dropping the iteration early. A drop is decided at the
      // due time, as k6 does; dropping ahead of it left VUs idle while the loop slept to the next.
      while (due > now && busy >= s.maxVUs && !stopped) {
        if (wakeTimerAt > due) {
          clearTimeout(wakeTimer);
          wakeTimer = setTimeout(onWakeTimer, Math.max(1, due - now));
          wakeTimerAt = due;
        }
        await new Promise<void>(waitForVu);
        burst = 0;
        now = performance.now();
        idleNow = loopIdleMs();
      }
      if (stopped) break;
      if (now >= hardStopAt) {
        // Hopelessly behind (a blocked event loop): the rest of the schedule was not offered in time.
        metrics.add('dropped_iterations', planned - i, iterTags);
        break;
      }
      burst += dispatch(due, now, idleNow) ? DISPATCH_COST : 1;
      if (abortable.length > 0 && performance.now() - lastEval >= 1000) {
        lastEval = performance.now();
        abortedBy = failingAbortThreshold(abortable, metrics, lastEval - t0, trendStats);
        if (abortedBy) stop.abort();
      }
    }
    // Let in-flight iterations finish until the hard stop (none get extra time after an abort).
    if (busy > 0 && !stopped) {
      await Promise.race([
        new Promise<void>((resolve) => (onSettled = resolve)),
        sleep(hardStopAt - performance.now(), inflightAbort.signal),
      ]);
    }
  } finally {
    clearInterval(progressTimer);
    clearTimeout(wakeTimer);
    opts.signal?.removeEventListener('abort', onExternal);
    loopDelay.disable();
  }
  const interrupted = busy + cutAtHardStop;
  hardStopped = true;
  inflightAbort.abort();
  const idleAtStop = loopIdleMs();
  if (opts.signal?.aborted)
    throw new Error(`load scenario "${s.name}" aborted: ${String(opts.signal.reason ?? 'cancelled')}`);

  const testRunDurationMs = performance.now() - t0;
  const root = emptyRootGroup();
  if (checkPasses + checkFails > 0) {
    const path = `::${CHECK_NAME}`;
    root.checks.push({
      name: CHECK_NAME,
      path,
      id: createHash('md5').update(path).digest('hex'),
      passes: checkPasses,
      fails: checkFails,
    });
  }
  const summary: K6Summary = {
    root_group: root,
    options: { summaryTrendStats: trendStats, summaryTimeUnit: '', noColor: true },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs },
    metrics: metrics.summarise(testRunDurationMs, trendStats),
  };
  const thresholds = evaluateThresholds(parsed, summary);
  attachThresholdVerdicts(summary, thresholds);

  // The same latency and drop metrics with the harness's busy time discounted.
  const spanList = spans.list(idleAtStop);
  const credited = new MetricSet();
  credited.define('http_req_duration');
  credited.define('dropped_iterations');
  for (const t of parsed) if (t.metric.name === 'http_req_duration') credited.define(t.metric.key);
  for (let i = 0; i < spanList.length; i++) {
    const sample = spans.sample[i];
    if (sample) credited.add('http_req_duration', creditedLatency(spanList[i]!), sample.tags);
  }
  credited.add('dropped_iterations', targetDrops(spanList, drops), iterTags);
  const stallCredited: K6Summary = {
    ...summary,
    root_group: emptyRootGroup(),
    metrics: credited.summarise(testRunDurationMs, trendStats),
  };

  return {
    summary,
    thresholds,
    interrupted,
    errors: [...errors].map(([message, count]) => ({ message, count })),
    perSecond: {
      completed: Array.from(completedPerSecond, (n) => n ?? 0),
      failed: Array.from({ length: completedPerSecond.length }, (_, i) => failedPerSecond[i] ?? 0),
    },
    latencyPercentiles: latencyLadder(metrics),
    mergeable: {
      startedAtMs: performance.timeOrigin + t0,
      durationMs: testRunDurationMs,
      metrics: metrics.mergeable(),
    },
    harness: {
      maxStallMs: stallMs(loopDelay.count > 0 ? loopDelay.max : 0),
      p99StallMs: stallMs(loopDelay.count > 0 ? loopDelay.percentile(99) : 0),
      stallCredited,
    },
    ...(abortedBy ? { abortedBy } : {}),
  };
}

/**
 * The dispatch log the stall credit is computed from, one slot per dispatched iteration, in typed
 * arrays rather than an object each: every slot lives until the run ends, and as objects they were
 * copied by each young-generation GC and promoted, a large part of the GC time at full speed.
 * IterationSpan objects are made once, after the run.
 */
class SpanLog {
  length = 0;
  startSeq: Float64Array = new Float64Array(1024);
  endSeq: Float64Array = new Float64Array(1024);
  idleAtStart: Float64Array = new Float64Array(1024);
  idleAtEnd: Float64Array = new Float64Array(1024);
  /** Where the iteration's sample went (its status's tags); undefined while out, or when cut. */
  readonly sample: (StatusSinks | undefined)[] = [];

  /** A dispatched iteration, still out; returns its slot. */
  push(startSeq: number, idleAtStart: number): number {
    if (this.length === this.startSeq.length) {
      this.startSeq = grow(this.startSeq);
      this.endSeq = grow(this.endSeq);
      this.idleAtStart = grow(this.idleAtStart);
      this.idleAtEnd = grow(this.idleAtEnd);
    }
    const i = this.length++;
    this.startSeq[i] = startSeq;
    this.endSeq[i] = Infinity;
    this.idleAtStart[i] = idleAtStart;
    this.idleAtEnd[i] = NaN;
    this.sample.push(undefined);
    return i;
  }

  /** The log as spans, in dispatch order; an iteration still out ends at the hard stop's idle time. */
  list(idleAtStop: number): IterationSpan[] {
    const out: IterationSpan[] = new Array<IterationSpan>(this.length);
    for (let i = 0; i < this.length; i++) {
      const end = this.idleAtEnd[i]!;
      out[i] = {
        startSeq: this.startSeq[i]!,
        endSeq: this.endSeq[i]!,
        idleAtStart: this.idleAtStart[i]!,
        idleAtEnd: Number.isNaN(end) ? idleAtStop : end,
      };
    }
    return out;
  }
}

function grow(a: Float64Array): Float64Array {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

/** First abortOnFail threshold past its delayAbortEval that fails on the samples so far. */
function failingAbortThreshold(
  list: readonly ParsedThreshold[],
  metrics: MetricSet,
  elapsedMs: number,
  trendStats: readonly string[],
): string | undefined {
  const due = list.filter((t) => elapsedMs >= t.delayAbortEvalMs);
  if (due.length === 0) return undefined;
  const interim: K6Summary = {
    root_group: emptyRootGroup(),
    options: { summaryTrendStats: [...trendStats], summaryTimeUnit: '', noColor: true },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: elapsedMs },
    metrics: metrics.summarise(elapsedMs, trendStats),
  };
  // No samples yet is not a failure worth aborting for.
  return evaluateThresholds(due, interim).find((r) => !r.ok && r.observed !== null)?.source;
}

function latencyLadder(metrics: MetricSet): { percentile: number; valueMs: number }[] {
  const sink = metrics.sink('http_req_duration');
  return sink instanceof TrendSink ? sink.percentileLadder() : [];
}

function stallMs(ns: number): number {
  return Math.max(0, Math.round(ns / 1e6 - LOOP_RESOLUTION_MS));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
