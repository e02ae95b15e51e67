// Scheduling: which collectors run, in what order, with what budget. Ordinary collectors run with
// bounded concurrency, then the exclusive ones alone (rate-limit burst, load: their figures must be
// clean), then the ones that run last (the log of every exchange). Each collector's budget is its own
// limit cut to what is left before the run stops collecting; when the run stops (deadline, interrupt,
// unresponsive target) every collector still running is abandoned at once with that cause.
import type { AnyCollector, ArtifactMap } from './check.ts';
import type { CollectContext, Logger } from './context.ts';
import { errorMessage } from './errors.ts';
import type { ArtifactState } from './judge.ts';
import { RunStopped, whenAborted, type RunControl } from './run-control.ts';

/**
 * A turn shared with other runs (a consortium's members): the exclusive phase of a run takes it, so no
 * two runs' rate-limit bursts or load runs overlap. `acquire` resolves with the release once it is
 * this run's turn; when `signal` aborts first it rejects (and the turn is never taken).
 */
export interface ExclusiveGate {
  acquire(signal: AbortSignal): Promise<() => void>;
}

export interface ScheduleInput {
  collectors: ReadonlyMap<string, AnyCollector>;
  /** The artifacts the selected checks declared. */
  wanted: readonly string[];
  concurrency: number;
  /** A collector's own limit when it sets none. */
  defaultTimeoutMs: number;
  control: RunControl;
  /** The context a collector gets, bound to its own signal and end. */
  contextFor(signal: AbortSignal, endsBy: number): CollectContext;
  log: Logger;
  /** Taken around the exclusive phase; the wait for it does not count against the run's deadline. */
  exclusiveGate?: ExclusiveGate;
  onCollectorStart?(name: string): void;
  onCollectorEnd?(name: string, state: ArtifactState): void;
}

/** Runs tasks with at most `limit` in flight. */
export async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  });
  await Promise.all(workers);
}

/** Every artifact the wanted ones need, with collector dependencies. */
export function neededArtifacts(collectors: ReadonlyMap<string, AnyCollector>, wanted: readonly string[]): string[] {
  const out = new Set<string>();
  const visit = (n: string) => {
    if (out.has(n)) return;
    out.add(n);
    for (const d of collectors.get(n)?.dependsOn ?? []) visit(d);
  };
  for (const w of wanted) visit(w);
  return [...out];
}

export type Phase = 0 | 1 | 2;
export function phaseOf(c: AnyCollector | undefined): Phase {
  return c?.runsLast ? 2 : c?.exclusive ? 1 : 0;
}

export class Schedule {
  readonly #states = new Map<string, ArtifactState>();
  readonly #inflight = new Map<string, Promise<ArtifactState>>();
  readonly names: string[];

  constructor(private readonly input: ScheduleInput) {
    this.names = neededArtifacts(input.collectors, input.wanted);
  }

  /** Collected artifacts, by name (complete once run() resolved). */
  get artifacts(): ReadonlyMap<string, ArtifactState> {
    return this.#states;
  }

  async run(): Promise<ReadonlyMap<string, ArtifactState>> {
    const { names } = this;
    const phase = (n: string) => phaseOf(this.input.collectors.get(n));
    await pool(
      names.filter((n) => phase(n) === 0),
      this.input.concurrency,
      async (n) => void (await this.collect(n)),
    );
    const exclusive = names.filter((n) => phase(n) === 1);
    const release = exclusive.length ? await this.#takeGate() : undefined;
    try {
      for (const n of exclusive) await this.collect(n);
    } finally {
      release?.();
    }
    for (const n of names.filter((n) => phase(n) === 2)) await this.collect(n);
    return this.#states;
  }

  /**
   * Waits for the exclusive gate with the run's clock paused. Stopped while waiting: no turn is taken
   * (the exclusive collectors then end at once with the stop as their cause).
   */
  async #takeGate(): Promise<(() => void) | undefined> {
    const { exclusiveGate, control } = this.input;
    if (!exclusiveGate || control.stopped) return undefined;
    const resume = control.pauseClock();
    try {
      return await exclusiveGate.acquire(control.signal);
    } catch (err) {
      if (!control.stopped) this.input.log.warn(`exclusive gate: ${errorMessage(err)}`);
      return undefined;
    } finally {
      resume();
    }
  }

  /** Collects one artifact (and its dependencies), memoised. */
  collect(name: string): Promise<ArtifactState> {
    const done = this.#states.get(name);
    if (done) return Promise.resolve(done);
    let p = this.#inflight.get(name);
    if (!p) {
      p = this.#collectOne(name).then((state) => {
        this.#states.set(name, state);
        this.input.onCollectorEnd?.(name, state);
        return state;
      });
      this.#inflight.set(name, p);
    }
    return p;
  }

  async #collectOne(name: string): Promise<ArtifactState> {
    const { control } = this.input;
    const collector = this.input.collectors.get(name);
    if (!collector) return { status: 'error', error: `no collector provides artifact ${name}`, durationMs: 0 };
    const deps: Partial<ArtifactMap> = {};
    for (const dep of collector.dependsOn ?? []) {
      const d = await this.collect(dep);
      if (d.status === 'error')
        return { status: 'error', error: `needs ${dep}, which failed: ${d.error}`, durationMs: 0 };
      (deps as Record<string, unknown>)[dep] = d.value;
    }
    if (control.stopped) return { status: 'error', error: `not collected: ${control.stopped.message}`, durationMs: 0 };
    const own = collector.timeoutMs ?? this.input.defaultTimeoutMs;
    const budget = Math.min(own, control.collectingLeftMs());
    const started = Date.now();
    const controller = new AbortController();
    const onStop = () => controller.abort(control.signal.reason);
    control.signal.addEventListener('abort', onStop, { once: true });
    // Cut by the run's deadline rather than its own limit: that is the run's deadline arriving.
    const cutByDeadline = budget < own;
    const timer = setTimeout(
      () =>
        cutByDeadline ? control.expire() : controller.abort(new Error(`collector ${name} timed out after ${own} ms`)),
      budget,
    );
    const stopped = whenAborted(controller.signal);
    this.input.onCollectorStart?.(name);
    try {
      // A collector that ignores its signal is abandoned, not awaited: the run ends on time.
      const value = await Promise.race([
        collector.collect(this.input.contextFor(controller.signal, started + budget), deps),
        stopped.promise,
      ]);
      return { status: 'ok', value, durationMs: Date.now() - started };
    } catch (err) {
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : err;
      const message = reason instanceof RunStopped ? `stopped: ${reason.message}` : errorMessage(reason);
      this.input.log.debug(`collector ${name} failed: ${(err as Error)?.stack ?? err}`);
      return { status: 'error', error: message, durationMs: Date.now() - started };
    } finally {
      clearTimeout(timer);
      stopped.cancel();
      control.signal.removeEventListener('abort', onStop);
      controller.abort(new Error(`collector ${name} ended`)); // releases whatever it left listening
    }
  }
}
