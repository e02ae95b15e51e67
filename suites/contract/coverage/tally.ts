// Distinct violations across the log: one finding per kind of problem, counted, with the first
// exchange that showed it as its evidence.
import type { HttpExchange } from '../../../engine/context.ts';

export interface FirstSeen {
  method: string;
  url: string;
  evidenceId?: string;
}

export function firstSeen(ex: HttpExchange): FirstSeen {
  return { method: ex.method, url: ex.url, ...(ex.evidenceId ? { evidenceId: ex.evidenceId } : {}) };
}

/** Counts one more occurrence under `key`, creating the entry from the first occurrence. */
export function tally<V extends { count: number }>(byKey: Map<string, V>, key: string, first: () => V): void {
  const seen = byKey.get(key);
  if (seen) seen.count += 1;
  else byKey.set(key, first());
}
