// Places of the load requirements (PSW-LOAD-001..003): the operations the profile's load applies to.
// Those are the secured reads of the document, the GET operations that need credentials: what
// declarants' and authorities' systems poll, and what a load test may repeat against a member's
// system without creating data. Discovery documents (no credentials) and writes are not load places.
// Which operations a given profile's scenarios actually load is the profile's business; the load
// checks report the others as not probed (budget), so a profile that skips one cannot certify.
import type { AppliesTo, Place } from '../../engine/types.ts';
import type { OpenApiModel } from '../openapi.ts';
import { operationPlace } from './operations.ts';

/** `{ kind: load-operation }`: every secured GET operation. */
export function loadOperationPlaces(model: OpenApiModel, _applies?: AppliesTo): Place[] {
  return model.operations
    .filter((op) => op.security && op.method === 'GET')
    .map((op) => operationPlace(op, 'load-operation'));
}
