// Places that are operations of the document (every operation, the secured ones, the ones that write),
// and the methods a path does not document.
import type { AppliesTo, Place } from '../../engine/types.ts';
import type { OpenApiModel, OperationModel } from '../openapi.ts';

const SELECTORS: Record<string, (op: OperationModel) => boolean> = {
  all: () => true,
  secured: (op) => op.security,
  /** Operations that take a request body (body size, read-only members, invalid input). */
  'with-body': (op) => op.requestBody !== undefined,
  /** Secured operations that take a body. */
  'secured-with-body': (op) => op.security && op.requestBody !== undefined,
  read: (op) => op.method === 'GET' || op.method === 'HEAD',
};

export function operationPlace(op: OperationModel, kind = 'operation'): Place {
  return { id: op.operationId, kind, operationId: op.operationId, method: op.method, path: op.pathTemplate };
}

/** `{ kind: operation, select: all | secured | with-body | secured-with-body | read }` (default all). */
export function operationPlaces(model: OpenApiModel, applies: AppliesTo): Place[] {
  const select = applies.select ?? 'all';
  const keep = SELECTORS[select];
  if (!keep) throw new Error(`operation places: unknown select "${select}" (${Object.keys(SELECTORS).join(', ')})`);
  return model.operations.filter(keep).map((op) => operationPlace(op));
}

/** The methods a client may try on any path (HEAD and OPTIONS are answered by HTTP itself). */
export const PROBED_METHODS = ['GET', 'PUT', 'POST', 'PATCH', 'DELETE'] as const;

/** Every path × every method it does not document: `{ kind: undocumented-method }`. */
export function undocumentedMethodPlaces(model: OpenApiModel): Place[] {
  const byPath = new Map<string, Set<string>>();
  for (const op of model.operations) {
    const path = op.basePath + op.pathTemplate;
    (byPath.get(path) ?? byPath.set(path, new Set()).get(path)!).add(op.method);
  }
  const out: Place[] = [];
  for (const [path, documented] of byPath)
    for (const method of PROBED_METHODS)
      if (!documented.has(method))
        out.push({ id: `${method} ${path}`, kind: 'undocumented-method', method, path });
  return out;
}
