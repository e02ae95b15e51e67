// The history store in a SQLite file, through node-sqlite3-wasm: SQLite compiled to WebAssembly whose
// file system layer writes the database file directly with Node's fs (no native addon, no install
// script, no download). Every change is a SQLite transaction with its rollback journal, so a process
// killed while recording leaves the file as it was before that run.
//
// Two processes on one file: the package's file layer locks by creating the folder `<file>.lock`
// (atomic on every local file system), held for the length of one statement or transaction, readers
// included. A store that finds it held waits and retries (up to `busyTimeoutMs`, 10 s by default) and
// then fails with a message naming the lock. A process killed while holding it leaves the folder behind:
// remove it by hand when no port-conformance is running. Not for network file systems.
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import sqlite3 from 'node-sqlite3-wasm';
import { UsageError, errorMessage } from '../engine/errors.ts';
import type { Dialect, MigrationTx } from './migrations.ts';
import { SqlHistoryStore, type Row, type SqlDriver, type SqlStoreOptions, type SqlTx } from './sql-store.ts';

type Database = InstanceType<typeof sqlite3.Database>;
type Bindable = Parameters<Database['run']>[1];

export interface SqliteOptions extends SqlStoreOptions {
  /** How long a busy (locked) file is waited for before giving up. */
  busyTimeoutMs?: number;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 10_000;

function isBusy(err: unknown): boolean {
  return err instanceof Error && /database is locked|SQLITE_BUSY/i.test(err.message);
}

function bindable(params: unknown[] = []): Bindable {
  return params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p)) as Bindable;
}

class SqliteDriver implements SqlDriver {
  readonly dialect: Dialect = 'sqlite';

  constructor(
    private readonly db: Database,
    private readonly path: string,
    private readonly busyTimeoutMs: number,
  ) {}

  private readonly tx: SqlTx & MigrationTx = {
    exec: async (sql) => {
      this.db.exec(sql);
    },
    query: async <T extends Row>(sql: string, params?: unknown[]) => {
      const stmt = this.db.prepare(sql);
      try {
        return stmt.all(bindable(params)) as T[];
      } finally {
        stmt.finalize();
      }
    },
  };

  /** Runs fn in a transaction, from the start again while another connection holds the file. */
  private async transaction<T>(begin: string, fn: (tx: SqlTx) => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.busyTimeoutMs;
    for (let attempt = 0; ; attempt++) {
      try {
        this.db.exec(begin);
        try {
          const out = await fn(this.tx);
          this.db.exec('COMMIT');
          return out;
        } catch (err) {
          if (this.db.inTransaction) this.db.exec('ROLLBACK');
          throw err;
        }
      } catch (err) {
        if (!isBusy(err)) throw err;
        if (Date.now() >= deadline)
          throw new UsageError(
            `history ${this.path}: locked by another process for ${Math.round(this.busyTimeoutMs / 1000)} s (${this.path}.lock exists; if no port-conformance is running, remove it)`,
          );
        // Back off a little more each time, with jitter so two waiting processes do not collide again.
        await sleep(Math.min(250, 10 * 2 ** Math.min(attempt, 5)) + Math.random() * 20);
      }
    }
  }

  write<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> {
    return this.transaction('BEGIN IMMEDIATE', fn);
  }

  read<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> {
    return this.transaction('BEGIN', fn);
  }

  migrationTransaction<T>(fn: (tx: MigrationTx) => Promise<T>): Promise<T> {
    return this.transaction('BEGIN IMMEDIATE', fn);
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }
}

/** Opens (creating it and its folder when missing) the SQLite file at `file`; a problem is a UsageError. */
export async function openSqliteHistory(file: string, options: SqliteOptions = {}): Promise<SqlHistoryStore> {
  const path = resolve(file);
  try {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw new Error('is a folder');
    mkdirSync(dirname(path), { recursive: true });
  } catch (err) {
    throw new UsageError(`history ${path}: ${errorMessage(err)}`);
  }
  let db: Database;
  try {
    db = new sqlite3.Database(path);
  } catch (err) {
    throw new UsageError(`history ${path}: cannot open: ${errorMessage(err)}`);
  }
  const driver = new SqliteDriver(db, path, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
  try {
    return await SqlHistoryStore.open(driver, path, options);
  } catch (err) {
    await driver.close();
    if (err instanceof UsageError) throw err;
    throw new UsageError(`history ${path}: not a usable history file: ${errorMessage(err)}`);
  }
}
