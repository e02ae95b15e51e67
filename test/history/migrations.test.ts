// The schema: migrations applied once each (re-opening applies nothing), the same logical schema in
// both dialects, a store from a newer harness refused, files that are not stores refused in one line,
// and two processes recording into one SQLite file.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../engine/errors.ts';
import { openHistory } from '../../history/index.ts';
import { MIGRATIONS, SCHEMA_VERSION, migrate, type Dialect, type MigrationRunner } from '../../history/migrations.ts';
import { skipNotice } from '../helpers/postgres.ts';
import { BACKENDS, type Backend } from './backends.ts';
import { buildResults, day } from './results-builder.ts';

skipNotice('test/history/migrations.test.ts');

const ROOT = join(import.meta.dirname, '..', '..');

const COLUMNS_SQL: Record<Dialect, (table: string) => string> = {
  sqlite: (t) => `SELECT name FROM pragma_table_info('${t}') ORDER BY cid`,
  postgres: (t) =>
    `SELECT column_name AS name FROM information_schema.columns WHERE table_name = '${t}' ORDER BY ordinal_position`,
};
const INDEXES_SQL: Record<Dialect, string> = {
  sqlite: "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  postgres:
    "SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey' ORDER BY indexname",
};
const TABLES = ['runs', 'findings', 'certificates', 'schema_migrations'];

const schemas = new Map<string, Record<string, string[]>>();

describe.each(BACKENDS)('migrations on $name', (backend: Backend) => {
  let spec: string;
  beforeAll(async () => {
    if (!backend.available) return;
    await backend.setup();
    spec = await backend.freshSpec();
  }, 120_000);
  afterAll(() => backend.teardown());
  const itHere = it.skipIf(!backend.available);

  itHere('applies each migration once, however often the store is opened', async () => {
    for (let i = 0; i < 3; i++) await (await openHistory(spec)).close();
    const rows = await backend.raw(spec, 'SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => [Number(r.version), r.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
  });

  itHere('has the tables and indexes of the schema', async () => {
    const found: Record<string, string[]> = {};
    for (const t of TABLES)
      found[t] = (await backend.raw(spec, COLUMNS_SQL[backend.name](t))).map((r) => String(r.name));
    found.indexes = (await backend.raw(spec, INDEXES_SQL[backend.name])).map((r) => String(r.name));
    expect(found.indexes).toEqual([
      'certificates_member',
      'certificates_run',
      'findings_fingerprint',
      'runs_member_started',
      'runs_profile',
      'runs_verdict',
    ]);
    expect(found.runs).toEqual(
      expect.arrayContaining([
        'run_id',
        'member',
        'started_at',
        'area_contract',
        'open_critical',
        'load_p95_ms',
        'results',
      ]),
    );
    expect(found.findings).toEqual([
      'run_id',
      'position',
      'fingerprint',
      'check_id',
      'finding_id',
      'severity',
      'waived',
    ]);
    expect(found.certificates).toEqual(['id', 'run_id', 'member', 'valid_from', 'valid_until']);
    schemas.set(backend.name, found);
  });

  itHere('refuses a store written by a newer harness', async () => {
    const newer = await backend.freshSpec();
    await (await openHistory(newer)).close();
    const now = backend.name === 'sqlite' ? "'2030-01-01T00:00:00.000Z'" : 'now()';
    await backend.raw(
      newer,
      `INSERT INTO schema_migrations (version, name, applied_at) VALUES (${SCHEMA_VERSION + 1}, 'future', ${now})`,
    );
    const err = await openHistory(newer).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toContain(`schema ${SCHEMA_VERSION + 1}`);
  });
});

describe('both dialects', () => {
  it.skipIf(!BACKENDS.every((b) => b.available))('have the same logical schema (tables, columns, indexes)', () => {
    expect(schemas.get('postgres')).toEqual(schemas.get('sqlite'));
  });
});

describe('migrate', () => {
  it('applies only what is missing, in order', async () => {
    const applied = new Set<number>([1]);
    const executed: string[] = [];
    const runner: MigrationRunner = {
      dialect: 'sqlite',
      migrationTransaction: (fn) =>
        fn({
          exec: async (sql) => void executed.push(sql),
          query: async <T>(sql: string, params?: unknown[]) => {
            const version = params![0] as number;
            if (sql.startsWith('SELECT')) return (applied.has(version) ? [{ version }] : []) as T[];
            applied.add(version);
            return [] as T[];
          },
        }),
    };
    const list = [
      { version: 3, name: 'c', statements: () => ['C'] },
      { version: 1, name: 'a', statements: () => ['A'] },
      { version: 2, name: 'b', statements: () => ['B'] },
    ];
    expect(await migrate(runner, list)).toEqual([2, 3]);
    expect(executed.filter((s) => !s.startsWith('CREATE TABLE IF NOT EXISTS'))).toEqual(['B', 'C']);
    expect(await migrate(runner, list)).toEqual([]);
  });
});

describe('a SQLite spec that cannot be a store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pc-history-bad-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    {
      name: 'a file that is not a database',
      make: () => (writeFileSync(join(dir, 'notes.txt'), 'x'.repeat(4096)), join(dir, 'notes.txt')),
    },
    { name: 'a folder', make: () => dir },
    { name: 'a path under a file', make: () => (writeFileSync(join(dir, 'plain'), 'x'), join(dir, 'plain', 'h.db')) },
  ])('$name is a one-line usage error', async ({ make }) => {
    const err = await openHistory(make()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).not.toContain('\n');
  });
});

describe('several stores of one process on one SQLite file (a consortium run)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pc-history-many-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('records every run, each store waiting its turn', async () => {
    const file = join(dir, 'shared.sqlite');
    await Promise.all(
      ['m1', 'm2', 'm3', 'm4', 'm5'].map(async (member, i) => {
        const store = await openHistory(file);
        try {
          await store.record(buildResults({ runId: member, member, startedAt: day(i) }));
        } finally {
          await store.close();
        }
      }),
    );
    const store = await openHistory(file);
    try {
      expect(await store.members()).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    } finally {
      await store.close();
    }
  });
});

describe('two processes recording into one SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pc-history-two-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every run of both', async () => {
    const file = join(dir, 'shared.sqlite');
    const run = promisify(execFile);
    const child = (prefix: string) =>
      run(process.execPath, ['bin/run-ts.js', 'test/history/record-many.ts', file, prefix, '15'], {
        cwd: ROOT,
        timeout: 60_000,
      });
    await Promise.all([child('port-a'), child('port-b')]);
    const store = await openHistory(file);
    try {
      const runs = await store.runs();
      expect(runs).toHaveLength(30);
      expect(await store.members()).toEqual(['port-a', 'port-b']);
      expect(runs.every((r) => r.findings.length === 1)).toBe(true);
    } finally {
      await store.close();
    }
  }, 90_000);
});
