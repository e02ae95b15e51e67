// The probe plan as the security collectors use it: the places of a requirement (from the ProbePlan
// artifact, else derived from the document here), a seeded sample within the profile's budget, and
// the record of places not probed with why.
import type { OpenApiModel } from '../../../contracts/openapi.ts';
import { derivePlaces } from '../../../contracts/plan/index.ts';
import { loadRequirements } from '../../../contracts/requirements.ts';
import type { ArtifactMap } from '../../../engine/check.ts';
import type { ClientRole, CollectContext } from '../../../engine/context.ts';
import type { NotProbedReason, Place, PlacesReport } from '../../../engine/types.ts';

export interface Unprobed {
  id: string;
  why: NotProbedReason;
  detail?: string;
}

/** The planned places of `requirement`: the run's plan, else the document's own derivation. */
export function planned(deps: Partial<ArtifactMap>, model: OpenApiModel, requirement: string): Place[] {
  const fromPlan = deps.ProbePlan?.places[requirement];
  if (fromPlan) return fromPlan;
  const r = loadRequirements().find((x) => x.id === requirement);
  return r ? derivePlaces(model, r) : [];
}

/** `security.maxPlaces.<requirement>` of the profile: at most this many places probed (absent: all). */
export function placeBudget(profile: CollectContext['profile'], requirement: string): number | undefined {
  const max = (profile.security?.maxPlaces as Record<string, unknown> | undefined)?.[requirement];
  return typeof max === 'number' && Number.isInteger(max) && max >= 0 ? max : undefined;
}

/** mulberry32: a small seeded generator, so `--seed` replays the same sample. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Every place when `max` is absent or enough; else a seeded sample of `max` (in plan order), the
 * others reported as not probed for budget.
 */
export function sample(
  places: readonly Place[],
  max: number | undefined,
  seed: number,
): { chosen: Place[]; skipped: Unprobed[] } {
  if (max === undefined || max >= places.length) return { chosen: [...places], skipped: [] };
  const next = random(seed);
  const order = places.map((p, i) => ({ i, key: next() })).sort((a, b) => a.key - b.key);
  const keep = new Set(order.slice(0, max).map((o) => o.i));
  return {
    chosen: places.filter((_, i) => keep.has(i)),
    skipped: places
      .filter((_, i) => !keep.has(i))
      .map((p) => ({ id: p.id, why: 'budget' as const, detail: `security.maxPlaces allows ${max}` })),
  };
}

/** The places of `requirement` this run probes, within the profile's budget. */
export function placesToProbe(
  ctx: CollectContext,
  deps: Partial<ArtifactMap>,
  model: OpenApiModel,
  requirement: string,
): { places: Place[]; chosen: Place[]; skipped: Unprobed[] } {
  const places = planned(deps, model, requirement);
  return { places, ...sample(places, placeBudget(ctx.profile, requirement), ctx.seed) };
}

export const CLIENT_ROLES: readonly ClientRole[] = ['agentA', 'agentB', 'authority'];

/** The configured client of that name, if the member gave credentials for it. */
export function clientOf(ctx: CollectContext, id: string | undefined): ClientRole | undefined {
  const role = CLIENT_ROLES.find((r) => r === id);
  return role && ctx.target.credentials[role] ? role : undefined;
}

/** Time left before the collector must stop sending (a margin for the answers in flight). */
export function outOfTime(ctx: CollectContext, marginMs = 2_000): boolean {
  return ctx.signal.aborted || Date.now() > ctx.endsBy - marginMs;
}

/** The places left out for want of something (budget, a stop, a precondition), not because they do not apply. */
export function missedPlaces(notProbed: readonly Unprobed[]): Unprobed[] {
  return notProbed.filter((n) => n.why !== 'not-applicable' && n.why !== 'not-exposed');
}

/** Why places were not probed, in words: each distinct reason once (`why: detail`). */
export function whyNot(notProbed: readonly Unprobed[]): string {
  const reasons = [...new Set(notProbed.map((n) => (n.detail ? `${n.why}: ${n.detail}` : n.why)))];
  return reasons.length > 0 ? reasons.join('; ') : 'no place was reached';
}

/**
 * The report of one requirement from what a collector recorded: places with a judged probe are
 * probed; the others carry the collector's reason, else not-reached.
 */
export function reportPlaces(places: readonly Place[], judged: ReadonlySet<string>, notProbed: readonly Unprobed[]) {
  const why = new Map(notProbed.map((n) => [n.id, n]));
  const report: PlacesReport = { probed: [], notProbed: [] };
  for (const p of places) {
    if (judged.has(p.id)) report.probed.push(p.id);
    else report.notProbed!.push(why.get(p.id) ?? { id: p.id, why: 'not-reached' });
  }
  return report;
}
