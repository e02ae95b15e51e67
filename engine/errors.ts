// Errors that end a run with a documented exit code. Anything else thrown inside a collector
// or a check is caught where it happens and becomes an `error` outcome instead.

/** Exit codes, documented in the README. */
export const EXIT = {
  conformant: 0,
  notConformant: 1,
  usage: 2,
  /** The target did not answer, before the run or by timing out request after request during it. */
  unreachable: 3,
  internal: 4,
  /** The run reached its deadline (--max-time); results.json holds what was judged. */
  deadline: 5,
  /** 128 + SIGINT. */
  interrupted: 130,
  /** 128 + SIGTERM. */
  terminated: 143,
} as const;

/** A bad flag, config file or profile: exit 2 with one line saying what to do. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The target did not answer at all: exit 3. */
export class UnreachableError extends Error {
  override name = 'UnreachableError';
}

/** A request to a host outside the configured scope was refused before it was sent. */
export class ScopeError extends Error {
  override name = 'ScopeError';
}

/** The target stopped answering: requests are refused unsent from then on. */
export class TargetUnresponsiveError extends Error {
  override name = 'TargetUnresponsiveError';
}

/** Network-level failure (refused, reset, timeout, TLS) for one request. */
export class TransportError extends Error {
  override name = 'TransportError';
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    const causeText = cause instanceof Error ? `: ${cause.message}` : '';
    return `${err.message}${causeText && !err.message.includes(causeText.slice(2)) ? causeText : ''}`;
  }
  return String(err);
}

/** The target asked (Retry-After) for a longer wait than the run allows: the exchange is not made. */
export class RateLimitedError extends TransportError {
  override name = 'RateLimitedError';
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message, 'RATE_LIMITED');
  }
}
