// `openHistory(spec)`: the store a spec names. `postgres://` or `postgresql://` → PostgreSQL; anything
// else is a SQLite file path (created with its folder; any name, `.sqlite` or `.db` by convention).
// Backends are imported when used, so a command that records nothing loads neither.
import { UsageError } from '../engine/errors.ts';
import type { HistoryStore } from './store.ts';

export type { CertificateRecord, HistoryQuery, HistoryStore, StoredRun } from './store.ts';

/** The environment variable that is the default for `--history`. */
export const HISTORY_ENV = 'PORT_CONFORMANCE_HISTORY';

/** `--history`, else the environment's default; undefined when neither names a store. */
export function historySpec(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (flag !== undefined) return flag;
  const fromEnv = env[HISTORY_ENV]?.trim();
  return fromEnv ? fromEnv : undefined;
}

export type HistorySpec = { kind: 'postgres'; url: string } | { kind: 'sqlite'; path: string };

export interface OpenHistoryOptions {
  /** PostgreSQL: how long connecting may take (default 10 s). */
  connectTimeoutMs?: number;
  /** SQLite: how long a file locked by another process is waited for (default 10 s). */
  busyTimeoutMs?: number;
  /** When runs are recorded; tests pass a fixed clock. */
  now?: () => Date;
}

/** What a spec names, without opening anything: a spec that can name nothing is a UsageError. */
export function parseHistorySpec(spec: string): HistorySpec {
  const s = spec.trim();
  if (!s) throw new UsageError('--history: give a SQLite file path or a postgres:// URL');
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(s)?.[1]?.toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') {
    if (!URL.canParse(s)) throw new UsageError('--history: not a valid postgres:// URL');
    return { kind: 'postgres', url: s };
  }
  if (scheme)
    throw new UsageError(`--history: "${scheme}://" is not supported; give a SQLite file path or a postgres:// URL`);
  return { kind: 'sqlite', path: s };
}

export async function openHistory(spec: string, options: OpenHistoryOptions = {}): Promise<HistoryStore> {
  const parsed = parseHistorySpec(spec);
  if (parsed.kind === 'postgres') {
    const { openPostgresHistory } = await import('./postgres.ts');
    return openPostgresHistory(parsed.url, options);
  }
  const { openSqliteHistory } = await import('./sqlite.ts');
  return openSqliteHistory(parsed.path, options);
}
