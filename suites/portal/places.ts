// The probe plan's portal places (contracts/plan/portal.ts) as the portal checks report them: kinds
// of page, sign-in attempts and FAL1 fields, each a place whose `variant` names it.
import type { NotProbedReason, Place, PlacesReport, ProbePlan } from '../../engine/types.ts';
import { placesReport } from '../places.ts';
import type { PortalSession } from './artifact.ts';
import { stepError } from './artifact.ts';

export type WhyNot = { why: NotProbedReason; detail?: string };

/** One requirement's report over its planned portal places, keyed by the place's variant (page kind, attempt, form). */
export function portalPlaces(
  plan: ProbePlan | undefined,
  requirement: string,
  probed: (place: Place) => boolean,
  whyNot: (place: Place) => WhyNot = () => ({ why: 'not-reached' }),
): Record<string, PlacesReport> {
  return { [requirement]: placesReport(plan, requirement, probed, whyNot) };
}

/** Every planned place of the requirement left unprobed for the same reason (no portal, no sign-in...). */
export function nonePlaces(
  plan: ProbePlan | undefined,
  requirement: string,
  why: WhyNot,
): Record<string, PlacesReport> {
  return portalPlaces(
    plan,
    requirement,
    () => false,
    () => why,
  );
}

/** Why a portal that is not configured has no place probed. */
export function notExposed(a: PortalSession): WhyNot {
  return { why: 'not-exposed', detail: a.reason ?? 'the target has no portal to test' };
}

/**
 * Why the visit did not reach a kind of page: the FAL1 form with errors needs a portal that refuses
 * an invalid declaration; the others need the step that loads them.
 */
export function pageNotReached(a: PortalSession, kind: string | undefined): WhyNot {
  if (kind === 'fal1-errors' && invalidFal1Accepted(a)) {
    return {
      why: 'precondition-failed',
      detail: `the portal accepted a FAL1 whose IMO number has a wrong check digit (answer ${a.fal1?.invalidSubmit?.status ?? 'none'}): no form came back with errors`,
    };
  }
  const step = STEP_OF_PAGE[kind ?? ''];
  const err = step ? stepError(a, step) : undefined;
  if (err) return { why: 'precondition-failed', detail: `step ${step}: ${err}` };
  if (a.login && !a.login.succeeded && kind !== 'login' && kind !== 'login-failed')
    return { why: 'precondition-failed', detail: 'the sign-in failed' };
  return { why: 'not-reached' };
}

const STEP_OF_PAGE: Record<string, Parameters<typeof stepError>[1]> = {
  login: 'login',
  list: 'listing',
  'port-call': 'listing',
  'fal1-errors': 'fal1-errors',
  'fal1-result': 'fal1',
  'signed-out': 'logout',
  'login-failed': 'wrong-password',
};

/** The portal took the FAL1 with a wrong IMO check digit: it has no "form sent back with errors" page to judge. */
export function invalidFal1Accepted(a: PortalSession): boolean {
  return a.fal1?.invalidSubmit?.refused === false;
}
