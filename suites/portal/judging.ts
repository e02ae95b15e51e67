// Small helpers shared by the portal checks.
import type { PortalSession } from './artifact.ts';
import { requireStep } from './artifact.ts';

/** Evidence ids, leaving out the ones a step could not produce. */
export function ids(...list: (string | undefined | null)[]): string[] {
  return list.filter((x): x is string => typeof x === 'string' && x !== '');
}

/** Why the artifact holds nothing to judge, or undefined when it does. */
export function notCollected(a: PortalSession): string | undefined {
  return a.status === 'not-applicable' ? (a.reason ?? 'the target has no portal to test') : undefined;
}

/**
 * Whether the visit got past sign-in. A sign-in step that threw becomes an error (the harness could
 * not test); one that ran and was refused is the target's failure, which portal-login reports.
 */
export function signedIn(a: PortalSession): boolean {
  requireStep(a, 'login');
  if (!a.login) throw new Error('the portal visit recorded no sign-in');
  return a.login.succeeded;
}

/** A finding's data value: scalars as they are, anything else as (short) JSON. */
export function scalar(v: unknown): string | number | boolean | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  const s = JSON.stringify(v);
  return s.length > 200 ? `${s.slice(0, 199)}…` : s;
}
