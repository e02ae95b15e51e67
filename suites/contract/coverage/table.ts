// Which operations of the document the run exercised, and how they answered: the coverage table
// that operation-coverage publishes in results.extensions.
import type { OpenApiModel } from '../../../contracts/openapi.ts';
import type { HttpExchange } from '../../../engine/context.ts';
import { operationOf } from '../log.ts';

export interface CoverageRow {
  operationId: string;
  method: string;
  /** Path template with the server's base path, e.g. /api/v1/port-calls/{portCallId}. */
  path: string;
  /** HTTP status → how many times it was answered. */
  statuses: Record<string, number>;
}

export interface CoverageTable {
  operations: CoverageRow[];
  /** Operations no request reached. */
  neverExercised: string[];
  /** Operations called, but only ever answered 404, 405 or 501: not implemented where documented. */
  notImplemented: string[];
}

/** Answers that say the operation is not there at all. */
export const NOT_IMPLEMENTED_STATUSES: ReadonlySet<number> = new Set([404, 405, 501]);

export function coverageTable(
  model: OpenApiModel,
  exchanges: readonly Pick<HttpExchange, 'method' | 'url' | 'operationId' | 'status'>[],
): CoverageTable {
  const rows = new Map(
    model.operations.map((op) => [
      op.operationId,
      {
        operationId: op.operationId,
        method: op.method,
        path: `${op.basePath}${op.pathTemplate}`,
        statuses: {} as Record<string, number>,
      },
    ]),
  );
  for (const ex of exchanges) {
    const id = operationOf(model, ex);
    const row = id === undefined ? undefined : rows.get(id);
    if (!row) continue;
    const key = String(ex.status);
    row.statuses[key] = (row.statuses[key] ?? 0) + 1;
  }
  const operations = [...rows.values()];
  return {
    operations,
    neverExercised: operations.filter((r) => Object.keys(r.statuses).length === 0).map((r) => r.operationId),
    notImplemented: operations
      .filter((r) => {
        const statuses = Object.keys(r.statuses).map(Number);
        return statuses.length > 0 && statuses.every((s) => NOT_IMPLEMENTED_STATUSES.has(s));
      })
      .map((r) => r.operationId),
  };
}

/** Operations with at least one 2xx answer among `exchanges`. */
export function succeededOperations(
  model: OpenApiModel,
  exchanges: readonly Pick<HttpExchange, 'method' | 'url' | 'operationId' | 'status'>[],
): Set<string> {
  const out = new Set<string>();
  for (const ex of exchanges) {
    if (ex.status < 200 || ex.status >= 300) continue;
    const id = operationOf(model, ex);
    if (id !== undefined) out.add(id);
  }
  return out;
}
