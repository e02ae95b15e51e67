// A throwaway PostgreSQL cluster for tests: initdb in a temp folder, started on a free loopback port
// (unix sockets in the same folder), one database per `createDatabase`, stopped and removed by `stop`.
// initdb refuses root, so as root every server step runs as the unprivileged `postgres` user through
// runuser. Where that cannot work (no binaries, root without a postgres user or runuser), or when
// PC_TEST_POSTGRES=off, the tests skip and `POSTGRES.reason` says why; print it (`skipNotice`) so a skip is
// never silent.
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const STEP_MS = 60_000;

interface Availability {
  ok: boolean;
  reason: string;
  bin?: string;
  /** The user server steps run as (root cannot run initdb). */
  asUser?: { name: string; uid: number; gid: number };
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir && existsSync(join(dir, name))) return dir;
  return undefined;
}

/** The folder holding initdb and pg_ctl: on PATH, else Debian's newest /usr/lib/postgresql/<v>/bin. */
function findBin(): string | undefined {
  const direct = onPath('initdb');
  if (direct && existsSync(join(direct, 'pg_ctl'))) return direct;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

function userIds(name: string): { uid: number; gid: number } | undefined {
  try {
    const [uid, gid] = ['-u', '-g'].map((flag) =>
      Number(execFileSync('id', [flag, name], { encoding: 'utf8', timeout: 5_000 }).trim()),
    );
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid: uid!, gid: gid! } : undefined;
  } catch {
    return undefined;
  }
}

function availability(): Availability {
  if (process.env.PC_TEST_POSTGRES === 'off') return { ok: false, reason: 'switched off by PC_TEST_POSTGRES=off' };
  if (process.platform === 'win32') return { ok: false, reason: 'PostgreSQL tests run on Linux only' };
  const bin = findBin();
  if (!bin) return { ok: false, reason: 'no initdb/pg_ctl (apt-get install postgresql)' };
  if (process.getuid?.() !== 0) return { ok: true, reason: '', bin };
  const ids = userIds('postgres');
  if (!ids) return { ok: false, reason: 'running as root and there is no "postgres" user to run initdb as' };
  if (!onPath('runuser')) return { ok: false, reason: 'running as root and runuser is missing' };
  return { ok: true, reason: '', bin, asUser: { name: 'postgres', ...ids } };
}

export const POSTGRES: Availability = availability();

/** One line saying why the PostgreSQL cases are skipped (nothing when they run). */
export function skipNotice(where: string): void {
  if (!POSTGRES.ok) console.warn(`[${where}] PostgreSQL cases skipped: ${POSTGRES.reason}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface TestPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/<db>` of a fresh database. */
  createDatabase(name?: string): Promise<string>;
  readonly port: number;
  stop(): Promise<void>;
}

let dbCounter = 0;

/** Starts a cluster; throws with the step that failed (the caller's beforeAll fails, visibly). */
export async function startPostgres(): Promise<TestPostgres> {
  if (!POSTGRES.ok || !POSTGRES.bin) throw new Error(`PostgreSQL unavailable: ${POSTGRES.reason}`);
  const bin = POSTGRES.bin;
  const as = POSTGRES.asUser;
  const dir = mkdtempSync(join(tmpdir(), 'pc-pg-'));
  if (as) chownSync(dir, as.uid, as.gid);
  const data = join(dir, 'data');
  const step = (tool: string, args: string[]) =>
    as
      ? run('runuser', ['-u', as.name, '--', join(bin, tool), ...args], { timeout: STEP_MS })
      : run(join(bin, tool), args, { timeout: STEP_MS });
  const port = await freePort();
  let started = false;
  const stop = async () => {
    if (started) await step('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '20', 'stop']).catch(() => undefined);
    started = false;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await step('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
    const opts = [
      `-p ${port}`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=30',
      '-c shared_buffers=16MB',
    ].join(' ');
    await step('pg_ctl', ['-D', data, '-o', opts, '-l', join(dir, 'server.log'), '-w', '-t', '30', 'start']);
    started = true;
  } catch (err) {
    await stop();
    throw new Error(`could not start a test PostgreSQL: ${(err as Error).message}`, { cause: err });
  }
  const admin = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    port,
    async createDatabase(name?: string) {
      const db = name ?? `t${process.pid}_${++dbCounter}`;
      const client = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 10_000, query_timeout: 20_000 });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${db}"`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${db}`;
    },
    stop,
  };
}
