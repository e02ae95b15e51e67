// Scheduling: which collectors run, in what order, with what budget. Ordinary collectors run with
// bounded concurrency, then the exclusive ones alone (rate-limit burst, load: their figures must be
// clean), then the ones that run last (the log of every exchange). Each collector's budget is its own
// limit cut to what is left before the run stops collecting; when the run stops (deadline, interrupt,
// unresponsive target) every collector still running is abandoned at once with that cause.
import type { AnyCollector, ArtifactMap } from './check.ts';
import { sleepUntil, type CollectContext, type Logger } from './context.ts';
import { errorMessage } from './errors.ts';
import type { ArtifactState } from './judge.ts';
import { formatSeconds, RunStopped, whenAborted, type RunControl } from './run-control.ts';

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
  /** The context a collector gets, bound to its own signal and end (the schedule adds its waits). */
  contextFor(signal: AbortSignal, endsBy: number): Omit<CollectContext, 'waitOnTargetClock'>;
  log: Logger;
  /** Taken around the exclusive phase; the wait for it does not count against the run's deadline. */
  exclusiveGate?: ExclusiveGate;
  /**
   * Called once, when everything the run still collects is waiting on the target's clock (nothing sends,
   * nothing else is left to start), with the time until the first of those waits ends: work the run
   * would otherwise do at its end can be done then. Must be quick or return at once; must not throw.
   */
  onIdle?(msUntilNextWake: number): void;
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

/**
 * How long the other collectors wait for a collector that waits on the target's clock to say its clock
 * has started (`ctx.targetClockStarted`), at most: one that never says so holds back nothing for longer.
 */
export const CLOCK_START_GRACE_MS = 5_000;

/**
 * The order ordinary collectors start in: those that wait on the target's clock first (their wait
 * begins with the run), then the longest first (`expectedMs`: a long one started last would end last,
 * holding back the exclusive phase), the rest as the checks named them.
 */
export function startOrder(collectors: ReadonlyMap<string, AnyCollector>, names: readonly string[]): string[] {
  const waits = (n: string) => (collectors.get(n)?.waitsOnTargetClock ? 0 : 1);
  const expected = (n: string) => collectors.get(n)?.expectedMs ?? 0;
  return [...names].sort((a, b) => waits(a) - waits(b) || expected(b) - expected(a));
}

/**
 * A counting semaphore, first come first served except that `ahead` callers (a collector back from a wait,
 * already half done) go before the queue; an acquire gives up (resolving false) when its signal aborts.
 */
class Slots {
  #free: number;
  readonly #queue: Array<() => void> = [];
  constructor(limit: number) {
    this.#free = Math.max(1, limit);
  }
  acquire(signal: AbortSignal, ahead = false): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    if (this.#free > 0) {
      this.#free--;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const grant = () => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      };
      const onAbort = () => {
        const at = this.#queue.indexOf(grant);
        if (at >= 0) this.#queue.splice(at, 1);
        resolve(false);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      if (ahead) this.#queue.unshift(grant);
      else this.#queue.push(grant);
    });
  }
  release(): void {
    const next = this.#queue.shift();
    if (next) next();
    else this.#free++;
  }
}

/**
 * The run's schedule. Phase 0: ordinary collectors, at most `concurrency` at a time, those that wait on
 * the target's clock first, the others once those have started their clocks (`ctx.targetClockStarted`). A collector in such a wait (`ctx.waitOnTargetClock`) sends nothing: it holds
 * no slot and does not hold back phase 1. Phase 1: once every phase-0 collector has ended or is waiting,
 * the exclusive ones run one by one, each alone: it starts when nothing else is sending and, while it
 * runs, a waiter whose wait is over waits for it to end. Phase 2 (runsLast) waits for everything.
 */
export class Schedule {
  readonly #states = new Map<string, ArtifactState>();
  readonly #inflight = new Map<string, Promise<ArtifactState>>();
  readonly names: string[];
  readonly #slots: Slots;
  /** Collectors running and not in a wait on the target's clock (they may be sending). */
  #sending = 0;
  /** An exclusive collector is running: nothing else may send. */
  #exclusive = false;
  /** Collectors that own a phase-0 slot (a dependency collected inside another's slot owns none). */
  readonly #slotOwners = new Set<string>();
  /** Collectors in a wait on the target's clock now (a second, overlapping wait of one just sleeps), and when it ends. */
  readonly #waiting = new Map<string, number>();
  /** Collectors that wait on the target's clock, started, whose clock has not started yet. */
  readonly #clockPending = new Set<string>();
  /** Woken whenever #sending, #exclusive or #clockPending changes. */
  #watchers: Array<() => void> = [];

  constructor(private readonly input: ScheduleInput) {
    this.names = neededArtifacts(input.collectors, input.wanted);
    this.#slots = new Slots(input.concurrency);
  }

  /** Collected artifacts, by name (complete once run() resolved). */
  get artifacts(): ReadonlyMap<string, ArtifactState> {
    return this.#states;
  }

  async run(): Promise<ReadonlyMap<string, ArtifactState>> {
    const { names } = this;
    const { control } = this.input;
    const phase = (n: string) => phaseOf(this.input.collectors.get(n));
    const ordinary: Promise<unknown>[] = [];
    const waits = (n: string) => this.input.collectors.get(n)?.waitsOnTargetClock === true;
    let held = false;
    for (const n of startOrder(
      this.input.collectors,
      names.filter((n) => phase(n) === 0),
    )) {
      if (this.#inflight.has(n) || this.#states.has(n)) continue; // already collected as a dependency
      if (!held && !waits(n)) {
        // The waiters (started first) have their clocks started before anything else starts.
        held = true;
        await this.#clocksStarted();
      }
      if (!(await this.#slots.acquire(control.signal))) {
        ordinary.push(this.collect(n)); // stopped: ends at once, never started
        continue;
      }
      this.#slotOwners.add(n);
      if (waits(n)) this.#clockPending.add(n);
      ordinary.push(this.collect(n).finally(() => this.#releaseSlot(n)));
    }
    const exclusive = names.filter((n) => phase(n) === 1);
    if (exclusive.length > 0) {
      // Every ordinary collector has ended or waits on the target's clock.
      await this.#when(() => this.#sending === 0 || control.stopped !== undefined);
      const release = await this.#takeGate();
      try {
        for (const n of exclusive) await this.#alone(n);
      } finally {
        release?.();
      }
    }
    await this.#idleWhileWaiting(Promise.all(ordinary));
    for (const n of names.filter((n) => phase(n) === 2)) await this.collect(n);
    return this.#states;
  }

  /**
   * Waits for the ordinary collectors (all started by now); the first time the ones still running are
   * all in a wait on the target's clock, `onIdle` is told how long that leaves.
   */
  async #idleWhileWaiting(ordinary: Promise<unknown>): Promise<void> {
    const { onIdle, control } = this.input;
    if (!onIdle) return void (await ordinary);
    let done = false;
    const all = ordinary.finally(() => {
      done = true;
      this.#wake();
    });
    const idle = () => this.#sending === 0 && this.#waiting.size > 0;
    for (;;) {
      await this.#when(() => done || control.stopped !== undefined || idle());
      if (done || control.stopped) break;
      // The collector whose end made it idle records its artifact a few callbacks later: let it.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (done || control.stopped || idle()) break;
    }
    if (!done && !control.stopped) {
      try {
        onIdle(Math.min(...this.#waiting.values()) - Date.now());
      } catch (err) {
        this.input.log.debug(`schedule: idle work failed: ${errorMessage(err)}`);
      }
    }
    await all;
  }

  /** Resolves once every started waiter's clock has started (or it ended), CLOCK_START_GRACE_MS at most. */
  async #clocksStarted(): Promise<void> {
    if (this.#clockPending.size === 0) return;
    const grace = setTimeout(() => {
      this.input.log.debug(`schedule: ${[...this.#clockPending].join(', ')} did not start its clock in time`);
      this.#clockPending.clear();
      this.#wake();
    }, CLOCK_START_GRACE_MS);
    try {
      await this.#when(() => this.#clockPending.size === 0 || this.input.control.stopped !== undefined);
    } finally {
      clearTimeout(grace);
    }
  }

  #clockStarted(name: string): void {
    if (this.#clockPending.delete(name)) this.#wake();
  }

  /** One exclusive collector, with nothing else sending while it runs. */
  async #alone(name: string): Promise<void> {
    const { control } = this.input;
    // Its ordinary dependencies (direct or not) first, outside the turn: an ordinary collector does not
    // start, nor resume from a wait, while the turn is held.
    for (const dep of neededArtifacts(this.input.collectors, [name]))
      if (dep !== name && phaseOf(this.input.collectors.get(dep)) === 0) await this.collect(dep);
    await this.#when(
      () => this.#sending === 0 || control.stopped !== undefined,
      () => this.#setExclusive(true),
    );
    try {
      await this.collect(name);
    } finally {
      this.#setExclusive(false);
    }
  }

  #releaseSlot(name: string): void {
    if (this.#slotOwners.delete(name)) this.#slots.release();
  }

  #setExclusive(on: boolean): void {
    this.#exclusive = on;
    this.#wake();
  }

  #addSending(delta: number): void {
    this.#sending += delta;
    this.#wake();
  }

  #wake(): void {
    const watchers = this.#watchers;
    this.#watchers = [];
    for (const w of watchers) w();
  }

  /**
   * Resolves once `ready()` holds, having run `act` in the same turn of the event loop as the check (so
   * no one else can act on the same state in between); checked again on every change of who is sending.
   */
  async #when(ready: () => boolean, act: () => void = () => undefined): Promise<void> {
    while (!ready()) await new Promise<void>((resolve) => this.#watchers.push(resolve));
    act();
  }

  /**
   * A collector's wait on the target's clock: it gives back its slot and stops counting as sending, so
   * the exclusive phase may run meanwhile; once the time has come it waits for any exclusive collector
   * to end and for a slot, then goes on. An exclusive or runs-last collector keeps its turn and simply
   * sleeps (its wait, such as a rate-limit window resetting, is part of keeping the figures clean). A
   * stop or the collector's own timeout ends the wait at once (rejecting with the reason).
   */
  async #waitOnTargetClock(name: string, signal: AbortSignal, untilMs: number, why: string): Promise<void> {
    const { control, log } = this.input;
    this.#clockStarted(name); // waiting on it, its clock has certainly started
    const ms = untilMs - Date.now();
    if (ms <= 0) return;
    if (phaseOf(this.input.collectors.get(name)) !== 0 || this.#waiting.has(name)) return sleepUntil(untilMs, signal);
    this.#waiting.set(name, untilMs);
    const at = (t: number) => formatSeconds(Math.max(0, t - control.startedAt));
    log.debug(`schedule: ${name} waits on the target's clock until +${at(untilMs)} (${why})`);
    const ownedSlot = this.#slotOwners.delete(name);
    if (ownedSlot) this.#slots.release();
    this.#addSending(-1);
    let resumed = false;
    try {
      await sleepUntil(untilMs, signal);
      if (ownedSlot && (await this.#slots.acquire(signal, true))) this.#slotOwners.add(name);
      signal.throwIfAborted();
      await this.#when(
        () => !this.#exclusive || signal.aborted,
        () => {
          if (signal.aborted) return;
          this.#addSending(1);
          resumed = true;
        },
      );
      signal.throwIfAborted();
      log.debug(`schedule: ${name} resumes at +${at(Date.now())}`);
    } finally {
      this.#waiting.delete(name);
      if (!resumed) this.#addSending(1); // balanced by the collector's end
    }
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
        this.#clockStarted(name); // however it ended (a dependency failing, stopped), it holds nothing back
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
    // An ordinary collector starts only while no exclusive one runs; counted as sending in the same turn
    // of the event loop as that check, so no exclusive collector can start in between.
    const ordinary = phaseOf(collector) === 0;
    await this.#when(
      () => !ordinary || !this.#exclusive || control.stopped !== undefined,
      () => this.#addSending(1),
    );
    if (control.stopped) {
      this.#addSending(-1);
      return { status: 'error', error: `not collected: ${control.stopped.message}`, durationMs: 0 };
    }
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
    const ctx: CollectContext = {
      ...this.input.contextFor(controller.signal, started + budget),
      waitOnTargetClock: (untilMs, why) => this.#waitOnTargetClock(name, controller.signal, untilMs, why),
      targetClockStarted: () => this.#clockStarted(name),
    };
    this.input.onCollectorStart?.(name);
    const ended = (state: Omit<ArtifactState, 'durationMs' | 'startedAt' | 'endedAt'>): ArtifactState => {
      const endedAt = Date.now();
      return { ...state, durationMs: endedAt - started, startedAt: started, endedAt };
    };
    try {
      // A collector that ignores its signal is abandoned, not awaited: the run ends on time.
      const value = await Promise.race([collector.collect(ctx, deps), stopped.promise]);
      return ended({ status: 'ok', value });
    } catch (err) {
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : err;
      const message = reason instanceof RunStopped ? `stopped: ${reason.message}` : errorMessage(reason);
      this.input.log.debug(`collector ${name} failed: ${(err as Error)?.stack ?? err}`);
      return ended({ status: 'error', error: message });
    } finally {
      clearTimeout(timer);
      stopped.cancel();
      control.signal.removeEventListener('abort', onStop);
      controller.abort(new Error(`collector ${name} ended`)); // releases whatever it left listening
      this.#addSending(-1);
    }
  }
}
