// The history store on a PostgreSQL server (a consortium's shared one), through `pg` (pure JavaScript).
// One connection per store; connecting is bounded (10 s by default) and so is every query (30 s).
// Times are timestamptz, compared as instants. Migrations and writes from several processes are safe:
// migrations take an advisory lock, and each run is recorded in one transaction.
import pg from 'pg';
import { UsageError, errorMessage } from '../engine/errors.ts';
import type { Dialect, MigrationTx } from './migrations.ts';
import { SqlHistoryStore, type Row, type SqlDriver, type SqlStoreOptions, type SqlTx } from './sql-store.ts';

export interface PostgresOptions extends SqlStoreOptions {
  connectTimeoutMs?: number;
  queryTimeoutMs?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_QUERY_TIMEOUT_MS = 30_000;
/** The advisory lock key migrations take (any constant; "pchist" in ASCII). */
const MIGRATION_LOCK = 0x706368697374;

/** The server and database, safe to print: the password (in the URL or its query) removed. */
export function printableUrl(spec: string): string {
  try {
    const url = new URL(spec);
    url.password = '';
    url.searchParams.delete('password');
    return url.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

/** `?` placeholders as PostgreSQL's `$1, $2, ...` (the store's SQL has no `?` inside literals). */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** A connection error in words (a refused `localhost` is an AggregateError with an empty message). */
function connectError(err: unknown): string {
  const e = err as { message?: string; code?: string; errors?: { message?: string }[] };
  return errorMessage(err) || e.errors?.map((x) => x.message).join('; ') || e.code || String(err);
}

/** Dates (timestamptz) as the ISO text SQLite stores, so both backends give back the same values. */
function plainRow(row: Row): Row {
  for (const [k, v] of Object.entries(row)) if (v instanceof Date) row[k] = v.toISOString();
  return row;
}

class PostgresDriver implements SqlDriver {
  readonly dialect: Dialect = 'postgres';
  private broken: Error | undefined;

  constructor(
    private readonly client: pg.Client,
    private readonly scrub: (message: string) => string,
  ) {
    // A connection that drops later must not crash the process: the next call fails instead.
    client.on('error', (err) => {
      this.broken = err;
    });
  }

  private readonly tx: SqlTx & MigrationTx = {
    exec: async (sql) => {
      await this.client.query(sql);
    },
    query: async <T extends Row>(sql: string, params: unknown[] = []) => {
      const res = await this.client.query(numberedPlaceholders(sql), params);
      return res.rows.map(plainRow) as T[];
    },
  };

  private async transaction<T>(begin: string, fn: (tx: SqlTx) => Promise<T>, lock?: number): Promise<T> {
    if (this.broken) throw new Error(this.scrub(`history: the connection was lost: ${this.broken.message}`));
    await this.client.query(begin);
    try {
      if (lock !== undefined) await this.client.query('SELECT pg_advisory_xact_lock($1)', [lock]);
      const out = await fn(this.tx);
      await this.client.query('COMMIT');
      return out;
    } catch (err) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      if (err instanceof Error) err.message = this.scrub(err.message);
      throw err;
    }
  }

  write<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> {
    return this.transaction('BEGIN', fn);
  }

  read<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> {
    return this.transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', fn);
  }

  migrationTransaction<T>(fn: (tx: MigrationTx) => Promise<T>): Promise<T> {
    return this.transaction('BEGIN', fn, MIGRATION_LOCK);
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}

/**
 * Connects to `postgres://user:password@host[:port]/database` (or postgresql://) and brings the schema up
 * to date. A bad URL, a server that does not answer in time or refuses is a UsageError whose message
 * never holds the password.
 */
export async function openPostgresHistory(spec: string, options: PostgresOptions = {}): Promise<SqlHistoryStore> {
  const where = printableUrl(spec);
  if (!URL.canParse(spec)) throw new UsageError(`history: "${where}" is not a postgres:// URL`);
  const password = decodeURIComponent(new URL(spec).password);
  const scrub = (m: string) => (password ? m.split(password).join('***') : m);
  const client = new pg.Client({
    connectionString: spec,
    connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    query_timeout: options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
    application_name: 'port-conformance',
  });
  client.on('error', () => undefined); // until the driver takes over
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw new UsageError(scrub(`history: cannot connect to ${where}: ${connectError(err)}`));
  }
  const driver = new PostgresDriver(client, scrub);
  try {
    return await SqlHistoryStore.open(driver, where, options);
  } catch (err) {
    await driver.close();
    if (err instanceof UsageError) throw err;
    throw new UsageError(scrub(`history ${where}: cannot prepare the schema: ${errorMessage(err)}`));
  }
}
