// The probe plan's load places (PSW-LOAD-001..003: every secured read operation, contracts/plan/load.ts)
// as the load checks report them: an operation is probed when a scenario of the profile loaded it;
// every other one is not probed for want of budget (the profile runs no scenario on it).
import type { Place, PlacesReport, ProbePlan } from '../../engine/types.ts';
import { placesReport, plannedPlaces } from '../places.ts';

/** Path segments, query and fragment dropped. */
function segments(path: string): string[] {
  return (path.split(/[?#]/)[0] ?? '').split('/').filter(Boolean);
}

/**
 * The operation place a scenario's requests land on: same method, every literal segment of the
 * template equal and every `{parameter}` any one segment; among several, the one whose literal
 * segments come first (as a router picks `/formalities/general-declaration` over `/formalities/{type}`).
 */
export function placeOfScenario(places: readonly Place[], op: { method: string; path: string }): Place | undefined {
  const want = segments(op.path);
  let best: { place: Place; literals: boolean[] } | undefined;
  for (const place of places) {
    if (place.method !== op.method.toUpperCase() || place.path === undefined) continue;
    const template = segments(place.path);
    if (template.length !== want.length) continue;
    const literals = template.map((seg) => !/^\{[^}]+\}$/.test(seg));
    if (!template.every((seg, i) => !literals[i] || seg === want[i])) continue;
    if (!best || moreLiteral(literals, best.literals)) best = { place, literals };
  }
  return best?.place;
}

function moreLiteral(a: boolean[], b: boolean[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] === true;
  return false;
}

export const NOT_LOADED = 'no load scenario of this profile exercises it';

/** Per requirement: the planned operations the scenarios loaded, and the others (budget). */
export function loadPlaces(
  plan: ProbePlan | undefined,
  requirement: string,
  runs: readonly { operation: { method: string; path: string } }[],
): Record<string, PlacesReport> {
  const planned = plannedPlaces(plan, requirement);
  const loaded = new Set(runs.map((r) => placeOfScenario(planned, r.operation)?.id).filter((id) => id !== undefined));
  return {
    [requirement]: placesReport(
      plan,
      requirement,
      (p) => loaded.has(p.id),
      () => ({ why: 'budget', detail: NOT_LOADED }),
    ),
  };
}
