// Probing the probe plan's places of the contract area: how many the profile lets a run probe (a
// seeded sample when the plan has more), and how to break a valid message at exactly one place
// (an identifier with the right format and the wrong meaning, a timestamp on the wrong side of its pair).
import {
  compareInstants,
  containerCheckDigit,
  LocodeList,
  packingGroupRule,
  toEpochMillis,
} from '../../contracts/rules/index.ts';
import { formatDateTime, withoutOffset } from '../../contracts/samples.ts';
import type { Profile } from '../../engine/profile.ts';
import type { NotProbedReason, Place, ProbePlan } from '../../engine/types.ts';
import { deriveSeed, seededShuffle } from './fuzz/seeds.ts';
import { valueAt } from './fuzz/pointer.ts';

/** Places probed per run when the profile says nothing (profile v1 has fewer: all are probed). */
export const DEFAULT_PLACE_BUDGET = 100;

/** `contract.places.budget` of the profile: how many places of field probes a run may send. */
export function placeBudget(profile: Pick<Profile, 'id' | 'contract'>): number {
  const raw = (profile.contract as { places?: { budget?: unknown } } | undefined)?.places?.budget;
  if (raw === undefined) return DEFAULT_PLACE_BUDGET;
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < 1)
    throw new Error(`profile ${profile.id}: contract.places.budget must be a positive number`);
  return Math.floor(raw);
}

export interface NotProbed {
  place: string;
  why: NotProbedReason;
  detail?: string;
}

/**
 * The plan's places of the given kinds, at most `budget`, each once. When the budget is short the
 * sample is seeded and spread: every requirement gets one place before any gets a second, so each
 * rule is judged somewhere; the rest are returned as not probed for budget.
 */
export function samplePlaces(
  plan: ProbePlan,
  kinds: readonly string[],
  budget: number,
  seed: number,
): { selected: Place[]; skipped: NotProbed[] } {
  const entries = Object.entries(plan.places).sort(([a], [b]) => a.localeCompare(b));
  const all = new Map<string, Place>();
  for (const [, places] of entries) for (const p of places) if (kinds.includes(p.kind)) all.set(p.id, p);
  const lanes = entries.map(([requirement, places]) =>
    seededShuffle(
      places.filter((p) => kinds.includes(p.kind)),
      deriveSeed(seed, requirement),
    ),
  );
  const chosen = new Map<string, Place>();
  for (let round = 0; lanes.some((l) => l.length > round); round++)
    for (const lane of lanes) {
      const p = lane[round];
      if (p && !chosen.has(p.id) && chosen.size < budget) chosen.set(p.id, p);
    }
  // Keep the plan's order among the chosen, so requests go out in a readable sequence.
  const selected = [...all.values()].filter((p) => chosen.has(p.id));
  const skipped = [...all.values()]
    .filter((p) => !chosen.has(p.id))
    .map((p) => ({ place: p.id, why: 'budget' as const, detail: `the profile probes ${budget} place(s) per run` }));
  return { selected, skipped };
}

/** One change to a valid message: a value at the pointer, or the field removed. */
export type Break = { value: unknown } | { remove: true };

/** Shown in evidence and findings: the value sent, or <removed>. */
export function describeBreak(b: Break): string {
  return 'remove' in b ? '<removed>' : (JSON.stringify(b.value) ?? 'undefined').slice(0, 200);
}

const lastDigitPlusOne = (s: string) => s.slice(0, -1) + String((Number(s.slice(-1)) + 1) % 10);

/**
 * The value that breaks identifier `kind` at `pointer` of `body` (a valid message), keeping its
 * format so only the rule can refuse it; a reason when this message cannot be broken there alone.
 */
export function breakIdentifier(kind: string, body: unknown, pointer: string): Break | { unavailable: string } {
  const current = valueAt(body, pointer);
  const text = typeof current === 'string' ? current : undefined;
  switch (kind) {
    case 'imo':
      // The seventh digit is the check digit: one more (mod 10) keeps seven digits.
      return { value: lastDigitPlusOne(text && /^\d{7}$/.test(text) ? text : '9074729') };
    case 'mmsi':
      // 00 + MID: a coast station of the same country (ITU-R M.585), nine digits but not a ship.
      return { value: `00${text && /^\d{9}$/.test(text) ? text.slice(0, 3) : '227'}5000` };
    case 'locode': {
      // Well formed, same country, not in the code list.
      const country = text && /^[A-Z]{2}/.test(text) ? text.slice(0, 2) : 'FR';
      const known = LocodeList.builtIn();
      const value = ['QQQ', 'QQZ', 'ZQZ'].map((rest) => country + rest).find((c) => !known.has(c));
      return value ? { value } : { unavailable: `no unknown code of country ${country} to send` };
    }
    case 'container': {
      // ISO 6346 check digit off by one.
      const base = text && /^[A-Z]{3}[UJZR]\d{7}$/.test(text) ? text : 'CSQU3054383';
      return { value: base.slice(0, 10) + String((containerCheckDigit(base.slice(0, 10)) + 1) % 10) };
    }
    case 'un-number':
      // Four digits, outside UN 0004–3600.
      return { value: '9999' };
    case 'imdg-class':
      // Fits the class pattern; division 6.3 does not exist.
      return { value: '6.3' };
    case 'packing-group': {
      const itemPointer = pointer.slice(0, pointer.lastIndexOf('/'));
      const item = valueAt(body, itemPointer) as Record<string, unknown> | undefined;
      const cls = typeof item?.imdgClass === 'string' ? item.imdgClass : undefined;
      const rule = cls === undefined ? undefined : packingGroupRule(cls);
      // Missing where the class requires one, or given where the class has none.
      if (rule === 'required') return { remove: true };
      if (rule === 'none') return { value: 'II' };
      return { unavailable: `class ${cls ?? '(none)'} of the item takes a packing group or none` };
    }
    case 'date-time':
      // The same wall-clock time without its offset.
      return text && withoutOffset(text) !== text ? { value: withoutOffset(text) } : { value: '2026-12-01T08:00:00' };
    default:
      return { unavailable: `no probe for identifier kind "${kind}"` };
  }
}

/** Minutes east of UTC of an RFC 3339 date-time (0 for Z), undefined when it has none. */
function offsetMinutes(dateTime: string): number | undefined {
  const m = /(Z|([+-])(\d{2}):(\d{2}))$/i.exec(dateTime);
  if (!m) return undefined;
  if (m[1]!.toUpperCase() === 'Z') return 0;
  return (m[2] === '-' ? -1 : 1) * (Number(m[3]) * 60 + Number(m[4]));
}

const HOUR_MS = 3_600_000;

/**
 * The later time of an ordered pair set on the boundary (`equal`: the same instant as the earlier,
 * written with the later field's own offset) or on the wrong side (`before`: an hour before it).
 */
export function breakOrder(
  side: 'equal' | 'before',
  earlier: unknown,
  laterCurrent: unknown,
): Break | { unavailable: string } {
  const at = typeof earlier === 'string' ? toEpochMillis(earlier) : undefined;
  if (at === undefined) return { unavailable: `the earlier time ${JSON.stringify(earlier)} is not a date-time` };
  const offset = (typeof laterCurrent === 'string' ? offsetMinutes(laterCurrent) : undefined) ?? 0;
  const value = formatDateTime(new Date(side === 'equal' ? at : at - HOUR_MS), offset);
  // Guard against a slip: the value must really sit where the side says.
  const cmp = compareInstants(value, earlier as string);
  if ((side === 'equal' && cmp !== 0) || (side === 'before' && cmp >= 0))
    return { unavailable: `could not write a time ${side} ${String(earlier)}` };
  return { value };
}
