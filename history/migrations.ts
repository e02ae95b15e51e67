// The history store's schema as an ordered list of migrations, the same logical schema in both dialects.
// Each migration is applied once, in its own transaction, and recorded in `schema_migrations`; opening a
// store applies what is missing, so a file or database made by an older harness is brought up to date.
// Never edit a migration that has shipped: append a new one.
import type { Severity } from '../engine/types.ts';
import { AREAS, SEVERITIES } from '../engine/types.ts';

export type Dialect = 'sqlite' | 'postgres';

/** Column types by meaning; each dialect spells them its own way. */
type ColumnType = 'text' | 'int' | 'bigint' | 'bool' | 'time' | 'bytes';

const TYPES: Record<Dialect, Record<ColumnType, string>> = {
  // Times are ISO 8601 UTC strings of one fixed shape (toISOString), so text order is time order.
  sqlite: { text: 'TEXT', int: 'INTEGER', bigint: 'INTEGER', bool: 'INTEGER', time: 'TEXT', bytes: 'BLOB' },
  // timestamptz: compared as instants whatever the server's collation.
  postgres: {
    text: 'TEXT',
    int: 'INTEGER',
    bigint: 'BIGINT',
    bool: 'BOOLEAN',
    time: 'TIMESTAMPTZ',
    bytes: 'BYTEA',
  },
};

export interface Migration {
  version: number;
  name: string;
  /** The statements, in order, for one dialect. */
  statements(dialect: Dialect): string[];
}

type Columns = [name: string, type: ColumnType, constraint?: string][];

function createTable(dialect: Dialect, table: string, columns: Columns, tail: string[] = []): string {
  const defs = columns.map(([name, type, constraint]) =>
    [name, TYPES[dialect][type], constraint].filter(Boolean).join(' '),
  );
  return `CREATE TABLE ${table} (\n  ${[...defs, ...tail].join(',\n  ')}\n)`;
}

/** The area status columns: one per area (`area_contract`, ...). */
export const AREA_COLUMNS = Object.fromEntries(AREAS.map((a) => [a, `area_${a}`])) as Record<
  (typeof AREAS)[number],
  string
>;
/** Open findings per severity (`open_critical`, ...) and failed checks per severity (`failed_critical`, ...). */
export const OPEN_COLUMNS = Object.fromEntries(SEVERITIES.map((s) => [s, `open_${s}`])) as Record<Severity, string>;
export const FAILED_COLUMNS = Object.fromEntries(SEVERITIES.map((s) => [s, `failed_${s}`])) as Record<Severity, string>;

const RUN_COLUMNS: Columns = [
  ['run_id', 'text', 'PRIMARY KEY'],
  ['member', 'text', 'NOT NULL'],
  ['member_name', 'text'],
  ['profile', 'text', 'NOT NULL'],
  ['profile_version', 'text', 'NOT NULL'],
  ['started_at', 'time', 'NOT NULL'],
  ['finished_at', 'time', 'NOT NULL'],
  ['duration_ms', 'bigint', 'NOT NULL'],
  ['verdict', 'text', 'NOT NULL'],
  ['conformant', 'bool', 'NOT NULL'],
  ['exit_code', 'int', 'NOT NULL'],
  ['reason', 'text', 'NOT NULL'],
  ...AREAS.map((a): Columns[number] => [AREA_COLUMNS[a], 'text', 'NOT NULL']),
  ['required_judged', 'int', 'NOT NULL'],
  ['required_passed', 'int', 'NOT NULL'],
  ...SEVERITIES.map((s): Columns[number] => [OPEN_COLUMNS[s], 'int', 'NOT NULL']),
  ...SEVERITIES.map((s): Columns[number] => [FAILED_COLUMNS[s], 'int', 'NOT NULL']),
  ['requirements_total', 'int', 'NOT NULL'],
  ['requirements_pass', 'int', 'NOT NULL'],
  ['requirements_fail', 'int', 'NOT NULL'],
  ['requirements_not_tested', 'int', 'NOT NULL'],
  ['requirements_inconclusive', 'int', 'NOT NULL'],
  /** JSON text: scenario → p95 in ms. */
  ['load_p95_ms', 'text', 'NOT NULL'],
  /** JSON text: the ids of the checks the run judged (pass or fail). */
  ['judged_checks', 'text', 'NOT NULL'],
  ['recorded_at', 'time', 'NOT NULL'],
  /** The whole results.json, gzip-compressed. */
  ['results', 'bytes', 'NOT NULL'],
];

const FINDING_COLUMNS: Columns = [
  ['run_id', 'text', 'NOT NULL'],
  /** The finding's place in its run, so a run's findings come back in the order recorded. */
  ['position', 'int', 'NOT NULL'],
  ['fingerprint', 'text', 'NOT NULL'],
  ['check_id', 'text', 'NOT NULL'],
  ['finding_id', 'text', 'NOT NULL'],
  ['severity', 'text', 'NOT NULL'],
  ['waived', 'bool', 'NOT NULL'],
];

// No foreign keys: recording a run again replaces its row, and a certificate outlives that.
const CERTIFICATE_COLUMNS: Columns = [
  ['id', 'text', 'PRIMARY KEY'],
  ['run_id', 'text', 'NOT NULL'],
  ['member', 'text', 'NOT NULL'],
  ['valid_from', 'time', 'NOT NULL'],
  ['valid_until', 'time', 'NOT NULL'],
];

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'runs, findings and certificates',
    statements: (d) => [
      createTable(d, 'runs', RUN_COLUMNS),
      'CREATE INDEX runs_member_started ON runs (member, started_at)',
      'CREATE INDEX runs_profile ON runs (profile)',
      'CREATE INDEX runs_verdict ON runs (verdict)',
      createTable(d, 'findings', FINDING_COLUMNS, ['PRIMARY KEY (run_id, position)']),
      'CREATE INDEX findings_fingerprint ON findings (fingerprint)',
      createTable(d, 'certificates', CERTIFICATE_COLUMNS),
      'CREATE INDEX certificates_run ON certificates (run_id)',
      'CREATE INDEX certificates_member ON certificates (member)',
    ],
  },
];

/** The bookkeeping table; made before any migration, outside the list. */
export function migrationsTable(dialect: Dialect): string {
  return `CREATE TABLE IF NOT EXISTS schema_migrations (version ${TYPES[dialect].int} PRIMARY KEY, name ${TYPES[dialect].text} NOT NULL, applied_at ${TYPES[dialect].time} NOT NULL)`;
}

/** What a backend gives the migrator: statements and queries inside one transaction. */
export interface MigrationTx {
  exec(sql: string): Promise<void>;
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface MigrationRunner {
  readonly dialect: Dialect;
  /**
   * Runs fn in one transaction that excludes other writers (SQLite: BEGIN IMMEDIATE; PostgreSQL: an
   * advisory lock), so two processes opening a new store apply each migration once.
   */
  migrationTransaction<T>(fn: (tx: MigrationTx) => Promise<T>): Promise<T>;
}

/** Applies every migration not yet recorded; returns the versions applied now. */
export async function migrate(
  db: MigrationRunner,
  migrations: readonly Migration[] = MIGRATIONS,
  now: () => Date = () => new Date(),
): Promise<number[]> {
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    const done = await db.migrationTransaction(async (tx) => {
      await tx.exec(migrationsTable(db.dialect));
      const rows = await tx.query('SELECT version FROM schema_migrations WHERE version = ?', [m.version]);
      if (rows.length) return false;
      for (const sql of m.statements(db.dialect)) await tx.exec(sql);
      await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        m.version,
        m.name,
        now().toISOString(),
      ]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}

/** The newest schema version this harness knows. */
export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));
