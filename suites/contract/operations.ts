// The profile's OpenAPI document, loaded once per path and shared by the matcher and the checks.
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOpenApi, matchOperation, type OpenApiModel } from '../../contracts/openapi.ts';
import type { Profile } from '../../engine/profile.ts';

const CONTRACTS_DIR = fileURLToPath(new URL('../../contracts/', import.meta.url));
const cache = new Map<string, Promise<OpenApiModel>>();

export function openApiPath(profile: Pick<Profile, 'openapi'>): string {
  const rel = profile.openapi ?? 'profile-v1/openapi.yaml';
  return isAbsolute(rel) ? rel : resolve(CONTRACTS_DIR, rel);
}

export function profileOpenApi(profile: Pick<Profile, 'openapi'>): Promise<OpenApiModel> {
  const path = openApiPath(profile);
  const hit = cache.get(path);
  if (hit) return hit;
  const p = loadOpenApi(path);
  cache.set(path, p);
  return p;
}

/**
 * method + URL → operationId, for labelling every recorded exchange. `apiBasePath` is where the
 * member serves the API (its own prefix may differ from the document's `/api/v1`).
 */
export async function operationMatcher(
  profile: Pick<Profile, 'openapi'>,
  apiBasePath?: string,
): Promise<(method: string, url: string) => string | undefined> {
  const model = await profileOpenApi(profile);
  return (method, url) => matchOperation(model, method, url, apiBasePath)?.operationId;
}
