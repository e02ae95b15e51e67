// The probe plan: for each requirement, the places it applies to, computed from the profile's data
// (the OpenAPI document, its schemas and their annotations), never from where a fixture's defects sit.
// A requirement says which kinds of place it applies to (`appliesTo` in the catalog); each kind has a
// deriver here. The same derivation works for any OpenAPI document.
import type { AppliesTo, Place, ProbePlan, Requirement } from '../../engine/types.ts';
import type { OpenApiModel } from '../openapi.ts';
import { clientPlaces, roleRestrictedPlaces, tenantResourcePlaces } from './authorization.ts';
import { corsPlaces } from './cors.ts';
import { countConsistencyPlaces } from './count-consistency.ts';
import { identifierFieldPlaces } from './identifier-fields.ts';
import { loadOperationPlaces } from './load.ts';
import { operationPlaces, undocumentedMethodPlaces } from './operations.ts';
import { originPlaces } from './origins.ts';
import { portalFormFieldPlaces, portalPagePlaces, portalSignInPlaces } from './portal.ts';
import { readOnlyMemberPlaces } from './read-only.ts';
import { resourceWritePlaces } from './resource-writes.ts';
import { timestampOrderPlaces } from './timestamp-order.ts';

/** Derives the places of one `appliesTo` entry from the document. */
export type Deriver = (model: OpenApiModel, applies: AppliesTo) => Place[];

export class PlanError extends Error {
  override name = 'PlanError';
}

/** Every kind of place the plan knows; a catalog entry naming another kind is a catalog error. */
export const DERIVERS: Readonly<Record<string, Deriver>> = {
  operation: operationPlaces,
  'undocumented-method': undocumentedMethodPlaces,
  origin: originPlaces,
  'load-operation': loadOperationPlaces,
  'portal-page': portalPagePlaces,
  'portal-sign-in': portalSignInPlaces,
  'portal-form-field': portalFormFieldPlaces,
  'tenant-resource': tenantResourcePlaces,
  'role-restricted': roleRestrictedPlaces,
  client: clientPlaces,
  'read-only-member': readOnlyMemberPlaces,
  cors: corsPlaces,
  'identifier-field': identifierFieldPlaces,
  'timestamp-order': timestampOrderPlaces,
  'count-consistency': countConsistencyPlaces,
  'resource-write': resourceWritePlaces,
};

export function derivePlaces(model: OpenApiModel, requirement: Pick<Requirement, 'id' | 'appliesTo'>): Place[] {
  const out: Place[] = [];
  const seen = new Set<string>();
  for (const applies of requirement.appliesTo ?? []) {
    const derive = DERIVERS[applies.kind];
    if (!derive)
      throw new PlanError(
        `${requirement.id}: appliesTo kind "${applies.kind}" has no deriver (known: ${Object.keys(DERIVERS).join(', ')})`,
      );
    for (const place of derive(model, applies)) {
      if (seen.has(place.id)) continue;
      seen.add(place.id);
      out.push(place);
    }
  }
  return out;
}

/** The plan of a run: every requirement with `appliesTo`, mapped to its places (possibly none). */
export function derivePlan(model: OpenApiModel, requirements: readonly Requirement[]): ProbePlan {
  const places: Record<string, Place[]> = {};
  for (const r of requirements) if (r.appliesTo?.length) places[r.id] = derivePlaces(model, r);
  return { places };
}
