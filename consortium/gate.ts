// The consortium's load gate: one turn, taken by a member's run around its exclusive phase (rate-limit
// burst, load runs), so no two members' load figures are measured while another member's load runs on
// the same machine. First come, first served. Each member gets its own view of the gate, which counts
// how long that member waited (its hang watchdog extends by it) and can hand back a turn the member's
// abandoned run still holds.
import type { ExclusiveGate } from '../engine/schedule.ts';

interface Waiter {
  grant: () => void;
}

export class LoadGate {
  #held = false;
  readonly #queue: Waiter[] = [];

  /** Resolves with the release once it is the caller's turn; rejects if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        this.#next();
      };
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
      };
      const onAbort = () => {
        const at = this.#queue.indexOf(waiter);
        if (at >= 0) this.#queue.splice(at, 1);
        reject(signal!.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      if (!this.#held) {
        this.#held = true;
        waiter.grant();
      } else this.#queue.push(waiter);
    });
  }

  #next(): void {
    const waiter = this.#queue.shift();
    if (waiter) waiter.grant();
    else this.#held = false;
  }

  /** One member's view of the gate. */
  forMember(): MemberGate {
    return new MemberGate(this);
  }
}

export class MemberGate implements ExclusiveGate {
  #waitedMs = 0;
  #waitingSince: number | undefined;
  readonly #held = new Set<() => void>();

  constructor(private readonly gate: LoadGate) {}

  async acquire(signal: AbortSignal): Promise<() => void> {
    this.#waitingSince = Date.now();
    try {
      const release = await this.gate.acquire(signal);
      const own = () => {
        this.#held.delete(own);
        release();
      };
      this.#held.add(own);
      return own;
    } finally {
      this.#waitedMs += Date.now() - (this.#waitingSince ?? Date.now());
      this.#waitingSince = undefined;
    }
  }

  /** How long this member has waited for its turn so far (including a wait in progress). */
  waitedMs(): number {
    return this.#waitedMs + (this.#waitingSince === undefined ? 0 : Date.now() - this.#waitingSince);
  }

  /** Hands back any turn this member holds: its run was abandoned (hung) and will never release it. */
  releaseAll(): void {
    for (const release of [...this.#held]) release();
  }
}
