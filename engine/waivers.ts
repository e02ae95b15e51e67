// Waivers: a member's accepted, owned and dated exceptions. Pure: the waivers file is read and
// validated by the session (session/waivers.ts); here each waiver is matched against the judged checks
// at the run's start time. A waived failure stays a failure (the measurement); the waiver is recorded
// on it and scoring no longer counts it as blocking. No waiver turns an error into anything else.
import type { CheckResult, WaiverMark, WaiverRecord } from './types.ts';

/** One entry of a waivers file, validated (reports/waivers.schema.json). */
export interface Waiver {
  /** Its `id`, else `#<n>` (position in the file, from 1). */
  id: string;
  /** The check it waives; with `fingerprint`, the check the finding must belong to. */
  check?: string;
  /** One finding's fingerprint (Finding.fingerprint): only that finding is waived. */
  fingerprint?: string;
  /** The member it is for; absent or `*`: any member. */
  member?: string;
  reason: string;
  owner: string;
  /** ISO 8601 date. */
  created: string;
  /** ISO 8601 date (valid through that day, UTC) or date-time (valid until that instant). */
  expires: string;
  ticket?: string;
}

export interface WaiverContext {
  /** The instant waivers are judged at: the run's start (results.run.startedAt), never "now". */
  at: Date;
  /** The target's member id (results.target.member), when the member config names one. */
  member?: string;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** The first instant the waiver no longer holds: the day after a date (00:00 UTC), or the date-time itself. */
export function waiverEnd(expires: string): Date {
  if (DATE_ONLY.test(expires)) {
    const [y, m, d] = expires.split('-').map(Number) as [number, number, number];
    return new Date(Date.UTC(y, m - 1, d + 1));
  }
  return new Date(expires);
}

export function isExpired(w: Pick<Waiver, 'expires'>, at: Date): boolean {
  return at.getTime() >= waiverEnd(w.expires).getTime();
}

function memberMatches(w: Waiver, member: string | undefined): boolean {
  return w.member === undefined || w.member === '*' || w.member === member;
}

function mark(w: Waiver, scope: WaiverMark['scope']): WaiverMark {
  return {
    reason: w.reason,
    owner: w.owner,
    expires: w.expires,
    id: w.id,
    ...(w.ticket ? { ticket: w.ticket } : {}),
    scope,
  };
}

function recordOf(w: Waiver, status: WaiverRecord['status'], note?: string, appliedTo?: string[]): WaiverRecord {
  return {
    id: w.id,
    ...(w.check !== undefined ? { check: w.check } : {}),
    ...(w.fingerprint !== undefined ? { fingerprint: w.fingerprint } : {}),
    ...(w.member !== undefined ? { member: w.member } : {}),
    reason: w.reason,
    owner: w.owner,
    created: w.created,
    expires: w.expires,
    ...(w.ticket ? { ticket: w.ticket } : {}),
    status,
    ...(note ? { note } : {}),
    ...(appliedTo?.length ? { appliedTo } : {}),
  };
}

/**
 * Marks what each waiver waives and says what became of every waiver. Findings must carry their
 * fingerprints already. Returns new check objects; the input is not changed.
 */
export function applyWaivers(
  checksIn: readonly CheckResult[],
  waivers: readonly Waiver[],
  ctx: WaiverContext,
): { checks: CheckResult[]; records: WaiverRecord[] } {
  const checks = checksIn.map((c) => ({ ...c, findings: c.findings.map((f) => ({ ...f })) }));
  const byId = new Map(checks.map((c) => [c.id, c]));
  const records: WaiverRecord[] = [];
  for (const w of waivers) {
    if (!memberMatches(w, ctx.member)) {
      records.push(
        recordOf(
          w,
          'not-applicable',
          ctx.member
            ? `for member ${w.member}, not ${ctx.member}`
            : `for member ${w.member}; the target names no member`,
        ),
      );
      continue;
    }
    if (isExpired(w, ctx.at)) {
      records.push(recordOf(w, 'expired', `valid through ${w.expires}`));
      continue;
    }
    if (w.fingerprint === undefined) {
      const c = w.check !== undefined ? byId.get(w.check) : undefined;
      if (!c) records.push(recordOf(w, 'unused', 'the check was not in this run'));
      else if (c.outcome === 'error') records.push(recordOf(w, 'not-applied', 'cannot waive an error'));
      else if (c.outcome !== 'fail') records.push(recordOf(w, 'unused', `the check's outcome is ${c.outcome}`));
      else {
        c.waiver ??= mark(w, 'check');
        records.push(recordOf(w, 'applied', undefined, [c.id]));
      }
      continue;
    }
    const hits = checks.flatMap((c) =>
      w.check !== undefined && c.id !== w.check
        ? []
        : c.findings.filter((f) => f.fingerprint === w.fingerprint).map((f) => ({ c, f })),
    );
    if (hits.length === 0) {
      records.push(recordOf(w, 'unused', 'no finding of this run has that fingerprint'));
      continue;
    }
    const waivable = hits.filter((h) => h.c.outcome !== 'error');
    if (waivable.length === 0) {
      records.push(recordOf(w, 'not-applied', 'cannot waive an error'));
      continue;
    }
    for (const h of waivable) h.f.waiver ??= mark(w, 'findings');
    records.push(recordOf(w, 'applied', undefined, [...new Set(waivable.map((h) => h.c.id))]));
  }
  // A failure whose every finding is waived is waived as a whole; one unwaived finding keeps it failing.
  for (const c of checks) {
    if (c.waiver || c.outcome !== 'fail' || c.findings.length === 0) continue;
    const first = c.findings[0]!.waiver;
    if (first && c.findings.every((f) => f.waiver)) c.waiver = first;
  }
  return { checks, records };
}
