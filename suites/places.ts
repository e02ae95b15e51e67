// What a check says about the probe plan's places: those it judged, and those it could not, with why.
// A check that judged a requirement at some places reports them; the runner unions the reports of all
// checks of a requirement and says "not-reached" for planned places nobody reported.
import type { NotProbedReason, Place, PlacesReport, ProbePlan } from '../engine/types.ts';

/** The planned places of a requirement (none when the plan has no entry for it). */
export function plannedPlaces(plan: ProbePlan | undefined, requirement: string): Place[] {
  return plan?.places[requirement] ?? [];
}

/**
 * A report over the plan's places of `requirement`: `probed` says which were judged; the others get
 * `whyNot(place)` (default: not reached). Ids outside the plan are ignored.
 */
export function placesReport(
  plan: ProbePlan | undefined,
  requirement: string,
  probed: (place: Place) => boolean,
  whyNot: (place: Place) => { why: NotProbedReason; detail?: string } = () => ({ why: 'not-reached' }),
): PlacesReport {
  const places = plannedPlaces(plan, requirement);
  const report: PlacesReport = { probed: [], notProbed: [] };
  for (const p of places) {
    if (probed(p)) report.probed.push(p.id);
    else report.notProbed!.push({ id: p.id, ...whyNot(p) });
  }
  return report;
}
