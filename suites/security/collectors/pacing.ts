// Pacing for probe bursts: a collector that sends hundreds of requests without a valid token shares
// the target's per-client (before authentication: per-address) rate limit with every other client of
// the run, the portal's browser among them. It reads the RateLimit-* fields every answer carries (the
// profile requires them, PSW-API-010) and, once it has used its share of the current window, waits for
// the window to reset, so the others always find room. The wait is on the target's clock: the schedule
// may let other collectors, even the exclusive ones, run meanwhile.
import type { CollectContext, HttpExchange } from '../../../engine/context.ts';

export interface PaceOptions {
  /** The share of each window this collector may use (default half). */
  share?: number;
  /** Longest single wait, whatever RateLimit-Reset says (default 5 s). */
  maxWaitMs?: number;
}

/** Seconds from a RateLimit field (draft-ietf-httpapi-ratelimit-headers: a non-negative integer). */
function seconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.split(/[;,]/)[0]!.trim());
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** How long to wait after this answer: until the window resets once our share of it is used, else 0. */
export function paceDelayMs(headers: Record<string, string>, opts: PaceOptions = {}): number {
  const limit = seconds(headers['ratelimit-limit']);
  const remaining = seconds(headers['ratelimit-remaining']);
  const reset = seconds(headers['ratelimit-reset']);
  if (limit === undefined || remaining === undefined || reset === undefined || limit === 0) return 0;
  const share = opts.share ?? 0.5;
  if (remaining > limit * (1 - share)) return 0;
  // A reset of 0 means "this second": wait it out.
  return Math.min(Math.max(reset, 1) * 1000, opts.maxWaitMs ?? 5000);
}

/**
 * Paces one collector's requests: after each answer, waits as `paceDelayMs` says, never past `endsBy`,
 * and in all at most `budgetMs` (a target that advertises a small quota in a long window, or never
 * resets, is then simply sent to; the client waits out any 429 itself).
 */
export class Pacer {
  #spentMs = 0;
  constructor(
    private readonly ctx: Pick<CollectContext, 'endsBy' | 'waitOnTargetClock'>,
    private readonly opts: PaceOptions & { budgetMs?: number } = {},
  ) {}

  /** Total time spent waiting so far. */
  get waitedMs(): number {
    return this.#spentMs;
  }

  async after(ex: Pick<HttpExchange, 'headers'>): Promise<void> {
    const left = (this.opts.budgetMs ?? 15_000) - this.#spentMs;
    const ms = Math.min(paceDelayMs(ex.headers, this.opts), left, Math.max(0, this.ctx.endsBy - Date.now() - 1000));
    if (ms <= 0) return;
    this.#spentMs += ms;
    await this.ctx.waitOnTargetClock(Date.now() + ms, 'the rate-limit window resets');
  }
}
