// `run --openapi FILE`: the generic checks against an API that is not profile v1. The profile keeps
// its limits, budgets and blocking levels, but its standard becomes "openapi": checks relying on
// profile v1's conventions are not applicable, the API is where the document's server says (the origin
// root for a document without servers), no token endpoint is assumed, and the load scenarios are a
// smoke of the document's own reads.
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { loadOpenApi, type OpenApiModel, type OperationModel } from '../contracts/openapi.ts';
import { UsageError, errorMessage } from '../engine/errors.ts';
import type { Profile } from '../engine/profile.ts';
import { ANONYMOUS } from '../load/scenario.ts';

export const GENERIC_STANDARD = 'openapi';

export async function loadForeignDocument(file: string): Promise<{ path: string; model: OpenApiModel }> {
  const path = resolve(file);
  if (!existsSync(path)) throw new UsageError(`--openapi: no such file ${path}`);
  try {
    return { path, model: await loadOpenApi(path) };
  } catch (err) {
    throw new UsageError(`--openapi ${path}: ${errorMessage(err)}`);
  }
}

/** A read that needs nothing: GET, no required parameter, no security (or a token we can get). */
function smokeable(op: OperationModel, tokens: boolean): boolean {
  return op.method === 'GET' && !op.parameters.some((p) => p.required) && (!op.security || tokens);
}

/** The load scenarios of a foreign document: each read that needs nothing, at the profile's smoke shape. */
export function genericScenarios(base: Profile, model: OpenApiModel, tokens: boolean): unknown[] {
  const template = (base.load?.scenarios?.[0] ?? {}) as Record<string, unknown>;
  return model.operations
    .filter((op) => smokeable(op, tokens))
    .map((op) => ({
      executor: 'constant-arrival-rate',
      rate: 20,
      timeUnit: '1s',
      duration: '5s',
      preAllocatedVUs: 2,
      maxVUs: 7,
      gracefulStop: '2s',
      thresholds: template.thresholds ?? { http_req_failed: ['rate<0.01'] },
      ...(typeof template.executor === 'string' && template.executor === 'constant-arrival-rate'
        ? {
            rate: template.rate,
            timeUnit: template.timeUnit,
            duration: template.duration,
            preAllocatedVUs: template.preAllocatedVUs,
            maxVUs: template.maxVUs,
            gracefulStop: template.gracefulStop,
          }
        : {}),
      name: `${op.operationId.replace(/[^A-Za-z0-9_-]/g, '_')}-smoke`,
      operation: {
        method: 'GET',
        path: op.pathTemplate.startsWith('/') ? op.pathTemplate : `/${op.pathTemplate}`,
        ...(op.security ? {} : { as: ANONYMOUS }),
      },
    }));
}

export function genericProfile(base: Profile, file: string, model: OpenApiModel, tokens: boolean): Profile {
  return {
    ...base,
    id: `${base.id}+openapi`,
    title: `${base.title}: generic checks on ${model.title} ${model.version}`,
    standard: GENERIC_STANDARD,
    openapi: file,
    load: { scenarios: genericScenarios(base, model, tokens) },
  };
}
