// Places that are origins the member serves: the API, its token endpoint, its portal. Which hosts those
// are is the member's configuration; the places are the same for every member.
import type { AppliesTo, Place } from '../../engine/types.ts';

export const ORIGINS = ['api', 'token-endpoint', 'portal'] as const;
export type OriginName = (typeof ORIGINS)[number];

/** `{ kind: origin, of: api | token-endpoint | portal | all }` (default all). */
export function originPlaces(_model: unknown, applies: AppliesTo): Place[] {
  const of = applies.of ?? 'all';
  const names = of === 'all' ? ORIGINS : ORIGINS.filter((o) => o === of);
  if (names.length === 0) throw new Error(`origin places: unknown origin "${of}" (${ORIGINS.join(', ')}, all)`);
  return names.map((name) => ({ id: `${name} origin`, kind: 'origin', variant: name }));
}
