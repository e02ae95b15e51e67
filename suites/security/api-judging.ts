// Judging helpers the API security checks share (the auth checks' own judging: auth-judging.ts).
import type { FindingLocation } from '../../engine/types.ts';

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function opLocation(
  op: { operationId?: string; method?: string; url?: string },
  extra: FindingLocation = {},
): FindingLocation {
  return {
    ...(op.operationId !== undefined ? { operationId: op.operationId } : {}),
    ...(op.method !== undefined ? { method: op.method } : {}),
    ...(op.url !== undefined ? { url: op.url } : {}),
    ...extra,
  };
}

export function evidenceOf(...records: ({ evidenceId?: string } | undefined)[]): string[] {
  return records.flatMap((r) => (r?.evidenceId ? [r.evidenceId] : []));
}
