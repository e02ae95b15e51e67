// Places that are operations of the document (every operation, the secured ones, the ones that write),
// and the methods a path does not document.
import type { AppliesTo, Place } from '../../engine/types.ts';
import { matchOperation, type OpenApiModel, type OperationModel } from '../openapi.ts';

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

/**
 * Concrete instances of a path template: each value of its enumerated path parameters substituted
 * (e.g. every formalityType), other parameters filled with `fill(name)`.
 */
export function pathInstances(model: OpenApiModel, path: string, fill: (name: string) => string = () => 'x'): string[] {
  const enums = new Map<string, string[]>();
  for (const op of model.operations) {
    if (op.basePath + op.pathTemplate !== path) continue;
    for (const p of op.parameters) {
      const schema = p.schema;
      if (p.in === 'path' && typeof schema === 'object' && Array.isArray(schema.enum))
        enums.set(p.name, schema.enum.map(String));
    }
  }
  let out = [path];
  for (const name of [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!)) {
    const values = enums.get(name) ?? [fill(name)];
    out = out.flatMap((i) => values.map((v) => i.replace(`{${name}}`, encodeURIComponent(v))));
  }
  return out;
}

/**
 * The first instance of `path` where no operation of the document serves `method` (a literal path
 * such as .../formalities/crew-list is served by GET .../formalities/{formalityType}; POST on
 * .../formalities/{formalityType} is served, for every type, by the literal paths); undefined when
 * the method is documented on every instance.
 */
export function undocumentedInstance(
  model: OpenApiModel,
  method: string,
  path: string,
  fill?: (name: string) => string,
): string | undefined {
  return pathInstances(model, path, fill).find((i) => matchOperation(model, method, i) === undefined);
}

/** Every path × every method no operation serves there: `{ kind: undocumented-method }`. */
export function undocumentedMethodPlaces(model: OpenApiModel): Place[] {
  const byPath = new Map<string, Set<string>>();
  for (const op of model.operations) {
    const path = op.basePath + op.pathTemplate;
    (byPath.get(path) ?? byPath.set(path, new Set()).get(path)!).add(op.method);
  }
  const out: Place[] = [];
  for (const [path, documented] of byPath)
    for (const method of PROBED_METHODS)
      if (!documented.has(method) && undocumentedInstance(model, method, path) !== undefined)
        out.push({ id: `${method} ${path}`, kind: 'undocumented-method', method, path });
  return out;
}
