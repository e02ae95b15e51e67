// The two history backends as test cases: each opens a fresh, empty store and runs raw SQL against it,
// so describe.each can run one table of tests on both. PostgreSQL needs the throwaway cluster of
// test/helpers/postgres.ts; where it cannot start, its cases skip and say why.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import sqlite3 from 'node-sqlite3-wasm';
import { openHistory, type OpenHistoryOptions } from '../../history/index.ts';
import type { HistoryStore } from '../../history/store.ts';
import { POSTGRES, startPostgres, type TestPostgres } from '../helpers/postgres.ts';

export interface Backend {
  name: 'sqlite' | 'postgres';
  available: boolean;
  skipReason: string;
  setup(): Promise<void>;
  teardown(): Promise<void>;
  /** A spec for a new, empty store. */
  freshSpec(): Promise<string>;
  /** Rows of a raw query against the store a spec names. */
  raw(spec: string, sql: string): Promise<Record<string, unknown>[]>;
}

export function sqliteBackend(): Backend {
  let dir = '';
  let n = 0;
  return {
    name: 'sqlite',
    available: true,
    skipReason: '',
    async setup() {
      dir = mkdtempSync(join(tmpdir(), 'pc-history-'));
    },
    async teardown() {
      rmSync(dir, { recursive: true, force: true });
    },
    async freshSpec() {
      return join(dir, `sub-${++n}`, 'history.sqlite');
    },
    async raw(spec, sql) {
      const db = new sqlite3.Database(spec, { fileMustExist: true });
      try {
        return db.all(sql) as Record<string, unknown>[];
      } finally {
        db.close();
      }
    },
  };
}

export function postgresBackend(): Backend {
  let server: TestPostgres | undefined;
  return {
    name: 'postgres',
    available: POSTGRES.ok,
    skipReason: POSTGRES.reason,
    async setup() {
      if (POSTGRES.ok) server = await startPostgres();
    },
    async teardown() {
      await server?.stop();
    },
    async freshSpec() {
      if (!server) throw new Error('PostgreSQL was not started');
      return server.createDatabase();
    },
    async raw(spec, sql) {
      const client = new pg.Client({ connectionString: spec, connectionTimeoutMillis: 10_000, query_timeout: 20_000 });
      await client.connect();
      try {
        return (await client.query(sql)).rows;
      } finally {
        await client.end();
      }
    },
  };
}

export const BACKENDS: Backend[] = [sqliteBackend(), postgresBackend()];

export async function openFresh(
  backend: Backend,
  options: OpenHistoryOptions = {},
): Promise<{ spec: string; store: HistoryStore }> {
  const spec = await backend.freshSpec();
  return { spec, store: await openHistory(spec, options) };
}
