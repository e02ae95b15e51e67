// The history store written once over a small SQL driver; history/sqlite.ts and history/postgres.ts
// supply the drivers. SQL here uses `?` placeholders (the PostgreSQL driver numbers them) and only what
// both dialects share. Every call is queued: one connection, one operation at a time, so a transaction
// never interleaves with another call on the same store.
import { gunzipSync, gzipSync } from 'node:zlib';
import { AREAS, SEVERITIES, type Area, type Results, type Severity, type VerdictStatus } from '../engine/types.ts';
import { UsageError } from '../engine/errors.ts';
import {
  AREA_COLUMNS,
  FAILED_COLUMNS,
  OPEN_COLUMNS,
  SCHEMA_VERSION,
  migrate,
  type Dialect,
  type MigrationRunner,
} from './migrations.ts';
import { resolveQuery } from './query.ts';
import { recordOf, type AreaStatus, type RecordedFinding, type RunRecord } from './record.ts';
import type { CertificateRecord, HistoryQuery, HistoryStore, StoredRun } from './store.ts';

export type Row = Record<string, unknown>;

export interface SqlTx {
  exec(sql: string): Promise<void>;
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface SqlDriver extends MigrationRunner {
  readonly dialect: Dialect;
  /** Writes, all or nothing; retried by the driver when the database is busy. */
  write<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T>;
  /** Reads that see one state of the database. */
  read<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Rows per multi-row INSERT and ids per IN list: well within both dialects' parameter limits. */
const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** Stored instants: SQLite gives back the text, the PostgreSQL driver a Date it turned into text. */
function iso(v: unknown): string {
  return v instanceof Date ? v.toISOString() : String(v);
}

function stored(instant: string, what: string): string {
  const ms = Date.parse(instant);
  if (!Number.isFinite(ms)) throw new Error(`history: ${what} "${instant}" is not a date-time`);
  return new Date(ms).toISOString();
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v);
}

function bool(v: unknown): boolean {
  return v === true || v === 1 || v === 1n || v === '1' || v === 't';
}

function bytes(v: unknown): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  throw new Error('history: the stored results are not bytes');
}

const RUN_FIELDS = [
  'run_id',
  'member',
  'member_name',
  'profile',
  'profile_version',
  'started_at',
  'finished_at',
  'duration_ms',
  'verdict',
  'conformant',
  'exit_code',
  'reason',
  ...AREAS.map((a) => AREA_COLUMNS[a]),
  'required_judged',
  'required_passed',
  ...SEVERITIES.map((s) => OPEN_COLUMNS[s]),
  ...SEVERITIES.map((s) => FAILED_COLUMNS[s]),
  'requirements_total',
  'requirements_pass',
  'requirements_fail',
  'requirements_not_tested',
  'requirements_inconclusive',
  'load_p95_ms',
  'judged_checks',
  'recorded_at',
];

function runValues(r: RunRecord, recordedAt: string, results: Buffer): unknown[] {
  return [
    r.runId,
    r.member,
    r.memberName ?? null,
    r.profile,
    r.profileVersion,
    stored(r.startedAt, 'startedAt'),
    stored(r.finishedAt, 'finishedAt'),
    Math.round(r.durationMs),
    r.verdict,
    r.conformant,
    r.exitCode,
    r.reason,
    ...AREAS.map((a) => r.areas[a]),
    r.required.judged,
    r.required.passed,
    ...SEVERITIES.map((s) => r.openFindings[s]),
    ...SEVERITIES.map((s) => r.failedChecks[s]),
    r.requirements.total,
    r.requirements.pass,
    r.requirements.fail,
    r.requirements.notTested,
    r.requirements.inconclusive,
    JSON.stringify(r.loadP95Ms),
    JSON.stringify(r.judgedChecks),
    recordedAt,
    results,
  ];
}

function bySeverity(row: Row, columns: Record<Severity, string>): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, num(row[columns[s]])])) as Record<Severity, number>;
}

function runOfRow(row: Row, findings: RecordedFinding[], certificate?: CertificateRecord): StoredRun {
  const memberName = row.member_name;
  return {
    runId: String(row.run_id),
    member: String(row.member),
    ...(memberName !== null && memberName !== undefined ? { memberName: String(memberName) } : {}),
    profile: String(row.profile),
    profileVersion: String(row.profile_version),
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    durationMs: num(row.duration_ms),
    verdict: String(row.verdict) as VerdictStatus,
    conformant: bool(row.conformant),
    exitCode: num(row.exit_code),
    reason: String(row.reason),
    areas: Object.fromEntries(AREAS.map((a) => [a, String(row[AREA_COLUMNS[a]]) as AreaStatus])) as Record<
      Area,
      AreaStatus
    >,
    required: { judged: num(row.required_judged), passed: num(row.required_passed) },
    openFindings: bySeverity(row, OPEN_COLUMNS),
    failedChecks: bySeverity(row, FAILED_COLUMNS),
    requirements: {
      total: num(row.requirements_total),
      pass: num(row.requirements_pass),
      fail: num(row.requirements_fail),
      notTested: num(row.requirements_not_tested),
      inconclusive: num(row.requirements_inconclusive),
    },
    loadP95Ms: JSON.parse(String(row.load_p95_ms)) as Record<string, number>,
    findings,
    judgedChecks: JSON.parse(String(row.judged_checks)) as string[],
    recordedAt: iso(row.recorded_at),
    ...(certificate ? { certificate } : {}),
  };
}

function certificateOfRow(row: Row): CertificateRecord {
  return {
    id: String(row.id),
    runId: String(row.run_id),
    member: String(row.member),
    validFrom: iso(row.valid_from),
    validUntil: iso(row.valid_until),
  };
}

/** The latest certificate of each run (by validFrom), for these run ids. */
async function certificatesOf(tx: SqlTx, runIds: readonly string[]): Promise<Map<string, CertificateRecord>> {
  const latest = new Map<string, CertificateRecord>();
  for (const ids of chunks(runIds)) {
    const rows = await tx.query(
      `SELECT id, run_id, member, valid_from, valid_until FROM certificates WHERE run_id IN (${placeholders(ids.length)}) ORDER BY valid_from DESC, id`,
      ids,
    );
    for (const row of rows) {
      const c = certificateOfRow(row);
      if (!latest.has(c.runId)) latest.set(c.runId, c);
    }
  }
  return latest;
}

async function findingsOf(tx: SqlTx, runIds: readonly string[]): Promise<Map<string, RecordedFinding[]>> {
  const byRun = new Map<string, RecordedFinding[]>(runIds.map((id) => [id, []]));
  for (const ids of chunks(runIds)) {
    const rows = await tx.query(
      `SELECT run_id, fingerprint, check_id, finding_id, severity, waived FROM findings WHERE run_id IN (${placeholders(ids.length)}) ORDER BY run_id, position`,
      ids,
    );
    for (const row of rows)
      byRun.get(String(row.run_id))?.push({
        fingerprint: String(row.fingerprint),
        check: String(row.check_id),
        finding: String(row.finding_id),
        severity: String(row.severity) as Severity,
        waived: bool(row.waived),
      });
  }
  return byRun;
}

export interface SqlStoreOptions {
  /** When a run is recorded; a parameter so tests need no clock. */
  now?: () => Date;
}

export class SqlHistoryStore implements HistoryStore {
  readonly kind: Dialect;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly driver: SqlDriver,
    readonly where: string,
    private readonly now: () => Date,
  ) {
    this.kind = driver.dialect;
  }

  /** Brings the schema up to date (each missing migration once) and returns the store. */
  static async open(driver: SqlDriver, where: string, options: SqlStoreOptions = {}): Promise<SqlHistoryStore> {
    await migrate(driver);
    const newest = await driver.read((tx) => tx.query('SELECT MAX(version) AS v FROM schema_migrations'));
    const version = num(newest[0]?.v);
    if (version > SCHEMA_VERSION)
      throw new UsageError(
        `history ${where}: written by a newer port-conformance (schema ${version}; this one knows up to ${SCHEMA_VERSION})`,
      );
    return new SqlHistoryStore(driver, where, options.now ?? (() => new Date()));
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error(`history ${this.where}: the store is closed`));
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  record(results: Results): Promise<StoredRun> {
    const record = recordOf(results);
    const recordedAt = this.now().toISOString();
    const blob = gzipSync(JSON.stringify(results));
    return this.serial(() =>
      this.driver.write(async (tx) => {
        await tx.query('DELETE FROM findings WHERE run_id = ?', [record.runId]);
        await tx.query('DELETE FROM runs WHERE run_id = ?', [record.runId]);
        await tx.query(
          `INSERT INTO runs (${[...RUN_FIELDS, 'results'].join(', ')}) VALUES (${placeholders(RUN_FIELDS.length + 1)})`,
          runValues(record, recordedAt, blob),
        );
        const rows = record.findings.map((f, i) => [
          record.runId,
          i,
          f.fingerprint,
          f.check,
          f.finding,
          f.severity,
          f.waived,
        ]);
        for (const batch of chunks(rows))
          await tx.query(
            `INSERT INTO findings (run_id, position, fingerprint, check_id, finding_id, severity, waived) VALUES ${batch.map(() => `(${placeholders(7)})`).join(', ')}`,
            batch.flat(),
          );
        const certificate = (await certificatesOf(tx, [record.runId])).get(record.runId);
        const [row] = await tx.query(`SELECT ${RUN_FIELDS.join(', ')} FROM runs WHERE run_id = ?`, [record.runId]);
        return runOfRow(row!, record.findings, certificate);
      }),
    );
  }

  recordCertificate(c: CertificateRecord): Promise<void> {
    const values = [c.id, c.runId, c.member, stored(c.validFrom, 'validFrom'), stored(c.validUntil, 'validUntil')];
    return this.serial(() =>
      this.driver.write(async (tx) => {
        await tx.query('DELETE FROM certificates WHERE id = ?', [c.id]);
        await tx.query(
          'INSERT INTO certificates (id, run_id, member, valid_from, valid_until) VALUES (?, ?, ?, ?, ?)',
          values,
        );
      }),
    );
  }

  async runs(query: HistoryQuery = {}): Promise<StoredRun[]> {
    const q = resolveQuery(query);
    const conditions: [string, string | undefined][] = [
      ['member = ?', q.member],
      ['profile = ?', q.profile],
      ['started_at >= ?', q.since],
      ['started_at < ?', q.until],
    ];
    const used = conditions.filter(([, v]) => v !== undefined);
    const where = used.map(([c]) => c);
    const params = used.map(([, v]) => v);
    const sql =
      `SELECT ${RUN_FIELDS.join(', ')} FROM runs` +
      (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
      ' ORDER BY started_at DESC, run_id DESC' +
      (q.limit !== undefined ? ` LIMIT ${q.limit}` : '');
    return this.serial(() =>
      this.driver.read(async (tx) => {
        const rows = (await tx.query(sql, params)).reverse();
        const ids = rows.map((r) => String(r.run_id));
        const findings = await findingsOf(tx, ids);
        const certificates = await certificatesOf(tx, ids);
        return rows.map((r, i) => runOfRow(r, findings.get(ids[i]!) ?? [], certificates.get(ids[i]!)));
      }),
    );
  }

  results(runId: string): Promise<Results | undefined> {
    return this.serial(() =>
      this.driver.read(async (tx) => {
        const [row] = await tx.query('SELECT results FROM runs WHERE run_id = ?', [runId]);
        if (!row) return undefined;
        return JSON.parse(gunzipSync(bytes(row.results)).toString('utf8')) as Results;
      }),
    );
  }

  members(): Promise<string[]> {
    return this.serial(() =>
      this.driver.read(async (tx) =>
        (await tx.query('SELECT DISTINCT member FROM runs ORDER BY member')).map((r) => String(r.member)),
      ),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.queue;
    this.closed = true;
    await this.driver.close();
  }
}
