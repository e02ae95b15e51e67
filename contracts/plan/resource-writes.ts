// Places that are the operations changing a resource: `{ kind: resource-write, parameter: <path
// parameter> }` is every operation with an unsafe method (not GET, HEAD, OPTIONS, TRACE) whose path
// names that parameter, e.g. every way to change or submit to a port call once it is cancelled.
import type { AppliesTo, Place } from '../../engine/types.ts';
import type { OpenApiModel } from '../openapi.ts';
import { operationPlace } from './operations.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

export function resourceWritePlaces(model: OpenApiModel, applies: AppliesTo): Place[] {
  const parameter = applies.parameter;
  if (!parameter) throw new Error('resource-write places: `parameter` (a path parameter name) is required');
  return model.operations
    .filter((op) => !SAFE.has(op.method) && op.pathTemplate.includes(`{${parameter}}`))
    .map((op) => operationPlace(op, 'resource-write'));
}
