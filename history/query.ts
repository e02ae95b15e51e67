// A HistoryQuery checked and turned into bounds both backends compare the same way: instants as
// toISOString() strings (SQLite compares them as text, PostgreSQL as timestamptz), `until` exclusive.
import { UsageError } from '../engine/errors.ts';
import type { HistoryQuery } from './store.ts';

export interface ResolvedQuery {
  member?: string;
  profile?: string;
  /** Inclusive lower bound on started_at. */
  since?: string;
  /** Exclusive upper bound on started_at. */
  until?: string;
  limit?: number;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const DAY_MS = 86_400_000;

/** An instant as stored: ISO 8601 UTC with milliseconds. A time without an offset is read as UTC. */
export function isoInstant(value: string, what = 'date'): string {
  const v = value.trim();
  const text = DATE_ONLY.test(v)
    ? `${v}T00:00:00Z`
    : DATE_TIME.test(v) && !/(Z|[+-]\d{2}:?\d{2})$/i.test(v)
      ? `${v.replace(' ', 'T')}Z`
      : v;
  const ms = DATE_ONLY.test(v) || DATE_TIME.test(v) ? Date.parse(text) : NaN;
  if (!Number.isFinite(ms))
    throw new UsageError(`${what}: "${value}" is not a date (2025-03-01) or date-time (ISO 8601)`);
  return new Date(ms).toISOString();
}

/** `since`: from that instant (a date alone: from the start of that day, UTC). */
export function sinceBound(value: string): string {
  return isoInstant(value, '--since');
}

/** `until`: before that instant; a date alone means up to the end of that day, UTC. */
export function untilBound(value: string): string {
  const start = isoInstant(value, '--until');
  return DATE_ONLY.test(value.trim()) ? new Date(Date.parse(start) + DAY_MS).toISOString() : start;
}

export function resolveQuery(query: HistoryQuery = {}): ResolvedQuery {
  const out: ResolvedQuery = {};
  if (query.member !== undefined) out.member = query.member;
  if (query.profile !== undefined) out.profile = query.profile;
  if (query.since !== undefined) out.since = sinceBound(query.since);
  if (query.until !== undefined) out.until = untilBound(query.until);
  if (query.limit !== undefined) {
    if (!Number.isInteger(query.limit) || query.limit < 1)
      throw new UsageError(`--limit: "${query.limit}" is not a positive integer`);
    out.limit = query.limit;
  }
  return out;
}
