// Places that are request-body fields carrying an identifier: `{ kind: identifier-field, identifier:
// imo | mmsi | locode | container | un-number | imdg-class | packing-group | date-time }`. The schemas
// say which fields carry which identifier (`x-psw-identifier`, on the field or on the definition it
// references); every operation that accepts such a field is a place (create AND update, every
// formality), and a field inside an array is a place at its first item and at a later one.
import type { AppliesTo, Place } from '../../engine/types.ts';
import type { OpenApiModel } from '../openapi.ts';
import { PLAN_KEYWORDS } from '../schemas.ts';
import { annotation, bodyFields, positionLabel, positions } from './body-fields.ts';

export interface IdentifierField {
  place: Place;
  /** The identifier the field carries (the annotation's value). */
  identifier: string;
  /** Item positions chosen for the arrays on the way (empty when none). */
  items: number[];
}

/** Every identifier-carrying field of every operation's request body, at each of its positions. */
export function identifierFields(model: OpenApiModel): IdentifierField[] {
  const out: IdentifierField[] = [];
  for (const op of model.operations) {
    for (const field of bodyFields(model, op)) {
      const identifier = annotation(field, PLAN_KEYWORDS.identifier);
      if (typeof identifier !== 'string' || field.pointer === '') continue;
      for (const at of positions(field)) {
        const variant = positionLabel(at.items);
        out.push({
          identifier,
          items: at.items,
          place: {
            id: `${op.operationId} ${at.pointer}`,
            kind: 'identifier-field',
            operationId: op.operationId,
            method: op.method,
            path: op.pathTemplate,
            pointer: at.pointer,
            ...(variant ? { variant } : {}),
          },
        });
      }
    }
  }
  return out;
}

/** `{ kind: identifier-field, identifier: <name> }`; without `identifier`, every identifier field. */
export function identifierFieldPlaces(model: OpenApiModel, applies: AppliesTo): Place[] {
  const wanted = applies.identifier;
  return identifierFields(model)
    .filter((f) => wanted === undefined || f.identifier === wanted)
    .map((f) => f.place);
}
