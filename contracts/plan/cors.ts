// Places of the CORS requirement: every authenticated (secured) operation × the origins an attacker
// sends (a foreign site, and `null`: sandboxed frames, file: pages and redirects send it) × the two
// CORS exchanges a browser makes: the preflight (OPTIONS) and the request itself, with credentials.
import type { AppliesTo, Place } from '../../engine/types.ts';
import type { OpenApiModel } from '../openapi.ts';

/** The Origin header sent for each origin variant. */
export const CORS_ORIGINS = { foreign: 'https://evil.example', null: 'null' } as const;
export type CorsOrigin = keyof typeof CORS_ORIGINS;
export const CORS_MODES = ['request', 'preflight'] as const;
export type CorsMode = (typeof CORS_MODES)[number];

/** `cors/<mode>/<origin>`, the variant of a CORS place. */
export function corsVariant(mode: CorsMode, origin: CorsOrigin): string {
  return `${mode}/${origin}`;
}

export function parseCorsVariant(variant: string | undefined): { mode: CorsMode; origin: CorsOrigin } | undefined {
  const [mode, origin] = (variant ?? '').split('/');
  if (!(CORS_MODES as readonly string[]).includes(mode ?? '') || !Object.hasOwn(CORS_ORIGINS, origin ?? ''))
    return undefined;
  return { mode: mode as CorsMode, origin: origin as CorsOrigin };
}

/** `{ kind: cors }`: secured operations × origin variants × preflight and request. */
export function corsPlaces(model: OpenApiModel, _applies: AppliesTo): Place[] {
  const out: Place[] = [];
  for (const op of model.operations.filter((o) => o.security)) {
    for (const mode of CORS_MODES) {
      for (const origin of Object.keys(CORS_ORIGINS) as CorsOrigin[]) {
        out.push({
          id: `${op.operationId} ${mode} from Origin ${CORS_ORIGINS[origin]}`,
          kind: 'cors',
          operationId: op.operationId,
          method: op.method,
          path: op.pathTemplate,
          variant: corsVariant(mode, origin),
        });
      }
    }
  }
  return out;
}
