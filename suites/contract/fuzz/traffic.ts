// A request budget: a count and a deadline for one collector's traffic, so every loop that sends
// is bounded in both. Requests go through the scoped client (evidence, scope, 429 handling).
import { TokenError } from '../../../engine/auth.ts';
import type { CollectContext, HttpExchange, HttpRequestOptions } from '../../../engine/context.ts';
import { ScopeError, TransportError } from '../../../engine/errors.ts';
import { BudgetExceededError } from '../../../engine/http.ts';

export interface Sent {
  exchange?: HttpExchange;
  /** Transport failure (no response). */
  error?: string;
}

export class Traffic {
  #used = 0;
  #stoppedBy: 'budget' | 'time' | 'interrupted' | undefined;
  readonly #deadline: number;

  constructor(
    private readonly ctx: CollectContext,
    readonly limit: number,
    readonly timeLimitMs: number,
  ) {
    this.#deadline = Date.now() + timeLimitMs;
  }

  get used(): number {
    return this.#used;
  }

  get remaining(): number {
    return Math.max(0, this.limit - this.#used);
  }

  /** Why sending stopped, if it did. */
  get stoppedBy(): 'budget' | 'time' | 'interrupted' | undefined {
    return this.#stoppedBy;
  }

  /** True while another request may go out. */
  available(): boolean {
    if (this.#stoppedBy) return false;
    if (this.ctx.signal.aborted) this.#stoppedBy = 'interrupted';
    else if (this.#used >= this.limit) this.#stoppedBy = 'budget';
    else if (Date.now() >= this.#deadline) this.#stoppedBy = 'time';
    return this.#stoppedBy === undefined;
  }

  /** Sends one request; undefined when the budget or the time is spent. */
  async send(opts: HttpRequestOptions): Promise<Sent | undefined> {
    if (!this.available()) return undefined;
    this.#used += 1;
    try {
      return { exchange: await this.ctx.http.request(opts) };
    } catch (err) {
      // The run's own request cap: nothing more may be sent by anyone.
      if (err instanceof BudgetExceededError) {
        this.#stoppedBy = 'budget';
        return { error: err.message };
      }
      if (err instanceof TransportError || err instanceof ScopeError || err instanceof TokenError)
        return { error: err.message };
      throw err;
    }
  }
}
