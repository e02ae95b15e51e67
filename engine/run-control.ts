// One run's clock and its stop button. Every wait, request, child process and browser page of a run
// hangs off `signal`; the first stop (deadline, interrupt, unresponsive target) wins and says why.
import { EXIT } from './errors.ts';

export type StopKind = 'deadline' | 'interrupted' | 'unresponsive';

/** Why a run stopped before it finished; the reason of the run's AbortSignal. */
export class RunStopped extends Error {
  override name = 'RunStopped';
  constructor(
    readonly kind: StopKind,
    message: string,
    /** The process exit code this stop ends with (documented in the README). */
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export function deadlineStop(maxTimeMs: number): RunStopped {
  return new RunStopped(
    'deadline',
    `the run reached its deadline (--max-time ${formatSeconds(maxTimeMs)})`,
    EXIT.deadline,
  );
}

export function interruptStop(signalName: 'SIGINT' | 'SIGTERM'): RunStopped {
  return new RunStopped(
    'interrupted',
    `the run was interrupted (${signalName})`,
    signalName === 'SIGINT' ? EXIT.interrupted : EXIT.terminated,
  );
}

export function unresponsiveStop(message: string): RunStopped {
  return new RunStopped('unresponsive', message, EXIT.unreachable);
}

export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) || s >= 10 ? Math.round(s) : s.toFixed(1)} s`;
}

/**
 * Time kept back from collecting for judging and writing the reports, so results.json is written
 * before the deadline: 5 % of the run, between 2 and 10 s.
 */
export function finishReserveMs(maxTimeMs: number): number {
  return Math.min(10_000, Math.max(2_000, Math.round(maxTimeMs * 0.05)));
}

export interface RunControlOptions {
  maxTimeMs: number;
  /** A stop from outside (SIGINT/SIGTERM); its reason should be a RunStopped. */
  external?: AbortSignal;
  now?: () => number;
}

export class RunControl {
  readonly startedAt: number;
  readonly maxTimeMs: number;
  readonly #controller = new AbortController();
  readonly #now: () => number;
  readonly #onExternal: () => void;
  readonly #external?: AbortSignal;
  readonly #reserveMs: number;
  #timer: NodeJS.Timeout | undefined;
  /** Time the clock was paused (waiting for a turn at something shared): the deadline moves by it. */
  #pausedMs = 0;
  #pausedSince: number | undefined;
  #stoppedAt: number | undefined;

  constructor(o: RunControlOptions) {
    this.#now = o.now ?? Date.now;
    this.startedAt = this.#now();
    this.maxTimeMs = o.maxTimeMs;
    this.#reserveMs = finishReserveMs(o.maxTimeMs);
    this.#arm();
    this.#external = o.external;
    this.#onExternal = () => {
      const r: unknown = o.external?.reason;
      this.stop(
        r instanceof RunStopped ? r : new RunStopped('interrupted', 'the run was interrupted', EXIT.interrupted),
      );
    };
    if (o.external?.aborted) this.#onExternal();
    else o.external?.addEventListener('abort', this.#onExternal, { once: true });
  }

  /** The hard deadline: results are written before it (moved by the time the clock was paused). */
  get deadlineAt(): number {
    return (
      this.startedAt +
      this.maxTimeMs +
      this.#pausedMs +
      (this.#pausedSince === undefined ? 0 : this.#now() - this.#pausedSince)
    );
  }

  /** When collecting must have ended: the deadline minus the finishing reserve. */
  get collectUntil(): number {
    return this.deadlineAt - this.#reserveMs;
  }

  #arm(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.expire(), Math.max(0, this.collectUntil - this.#now()));
    this.#timer.unref();
  }

  /**
   * Stops the run's clock while it waits for its turn at something shared with other runs (a
   * consortium's load gate): that wait is not the run's own time. The returned function starts the
   * clock again, the deadline moved by the wait. A stop (interrupt) still ends the run while paused.
   */
  pauseClock(): () => void {
    if (this.#pausedSince !== undefined || this.stopped) return () => undefined;
    this.#pausedSince = this.#now();
    clearTimeout(this.#timer);
    return () => {
      if (this.#pausedSince === undefined) return;
      this.#pausedMs += this.#now() - this.#pausedSince;
      this.#pausedSince = undefined;
      if (!this.stopped) this.#arm();
    };
  }

  /** Aborted, with a RunStopped reason, when the run must stop. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get stopped(): RunStopped | undefined {
    return this.#controller.signal.aborted ? (this.#controller.signal.reason as RunStopped) : undefined;
  }

  /** The deadline is here (also called by whoever notices it first, e.g. a collector cut by it). */
  expire(): void {
    this.stop(deadlineStop(this.maxTimeMs));
  }

  /** When the run was stopped (epoch ms). */
  get stoppedAt(): number | undefined {
    return this.#stoppedAt;
  }

  /** The first stop wins; later ones are ignored. */
  stop(reason: RunStopped): void {
    if (this.#controller.signal.aborted) return;
    this.#stoppedAt = this.#now();
    this.#controller.abort(reason);
  }

  /** Milliseconds left for collecting (never negative). */
  collectingLeftMs(): number {
    return Math.max(0, this.collectUntil - this.#now());
  }

  /** Milliseconds left before the hard deadline (never negative). */
  leftMs(): number {
    return Math.max(0, this.deadlineAt - this.#now());
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#pausedSince = undefined;
    this.#external?.removeEventListener('abort', this.#onExternal);
  }
}

/** Rejects with the signal's reason when it aborts; never settles otherwise. */
export function whenAborted(signal: AbortSignal): { promise: Promise<never>; cancel: () => void } {
  let cancel = () => undefined as void;
  const promise = new Promise<never>((_, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    cancel = () => signal.removeEventListener('abort', onAbort);
  });
  promise.catch(() => undefined);
  return { promise, cancel };
}

/** A sleep that ends early (resolving) when the signal aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
