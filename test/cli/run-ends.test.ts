// Every run ends and says what happened: a bad output folder or flag answers at once (exit 2), a
// run past its --max-time ends with what it judged (exit 5), Ctrl-C writes results.json (exit 130).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import type { Io } from '../../cli/run.ts';
import type { Results } from '../../engine/types.ts';
import { validateResults } from '../../reports/schema.ts';

const BIN = new URL('../../bin/port-conformance.js', import.meta.url).pathname;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), env: {}, isTty: false };
  return { io, out, err };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'pc-ends-'));

function readResults(dir: string): Results {
  const r = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Results;
  expect(validateResults(r).errors).toEqual([]);
  return r;
}

describe('an unusable output folder: exit 2 and one line, before anything else', () => {
  const file = join(tmp(), 'a-file');
  writeFileSync(file, '');
  it.each([
    ['under /proc', '/proc/x', /under \/proc/],
    ['under /sys', '/sys/port-conformance', /under \/sys/],
    ['below a file', join(file, 'out'), /not a folder/],
  ])('%s', async (_name, out, cause) => {
    const { io, err } = capture();
    expect(await main(['run', '--out', out], io)).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(cause);
  });
});

describe('flags that do not parse still leave results.json', () => {
  it.each([
    ['an unknown report format', ['--format', 'pdf'], /--format.*pdf/],
    ['a bad --max-time', ['--max-time', '10 minutes'], /--max-time/],
    ['a --max-time under a second', ['--max-time', '500ms'], /--max-time/],
  ])('%s', async (_name, args, cause) => {
    const dir = tmp();
    const { io, err } = capture();
    expect(await main(['run', ...args, '--out', dir], io)).toBe(2);
    expect(err.filter((l) => !l.startsWith('Results:'))).toHaveLength(1);
    expect(err[0]).toMatch(cause);
    const r = readResults(dir);
    expect(r.verdict).toMatchObject({ status: 'error', exitCode: 2 });
    expect(r.errors[0]?.code).toBe('usage');
  });
});

describe('the deadline', () => {
  it('a run past --max-time ends with what it judged: exit 5, run.stop, the rest errors with the cause', async () => {
    const dir = tmp();
    const { io } = capture();
    // The TLS scan takes a few handshakes; the expired-token probe waits ~35 s for a token to expire,
    // which a 20 s run cannot hold.
    const code = await main(
      ['run', '--checks', 'tls-protocol-versions,auth-expired-token', '--max-time', '20', '--out', dir, '--seed', '3'],
      io,
    );
    expect(code).toBe(5);
    const r = readResults(dir);
    expect(r.run.stop).toMatchObject({ kind: 'deadline', message: expect.stringMatching(/--max-time 20 s/) });
    expect(r.verdict).toMatchObject({ status: 'incomplete', exitCode: 5 });
    const outcome = (id: string) => r.checks.find((c) => c.id === id);
    expect(outcome('tls-protocol-versions')?.outcome).toBe('pass'); // judged before the deadline
    expect(outcome('auth-expired-token')).toMatchObject({ outcome: 'error' });
    expect(outcome('auth-expired-token')?.error?.message).toMatch(/deadline|cut at/);
  }, 90_000);
});

/** Whether a process's children include a browser (Chromium installs its own Ctrl-C handling). */
function hasBrowserChild(pid: number): boolean {
  const ps = spawnSync('ps', ['-o', 'comm=', '--ppid', String(pid)], { encoding: 'utf8' });
  return /chrom/i.test(ps.stdout ?? '');
}

describe('Ctrl-C', () => {
  it('with a browser open: writes results.json with what was judged and exits 130', async () => {
    const dir = tmp();
    const child = spawn(process.execPath, [BIN, 'run', '--suites', 'contract,portal', '--out', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const hardStop = setTimeout(() => child.kill('SIGKILL'), 90_000);
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
        if (stdout.includes('Checking ')) resolve();
      }),
    );
    // Wait until the portal suite's Chromium runs: its library would otherwise end the process first.
    for (let i = 0; i < 300 && !hasBrowserChild(child.pid!); i++) await new Promise((r) => setTimeout(r, 200));
    expect(hasBrowserChild(child.pid!)).toBe(true);
    child.kill('SIGINT');
    const code = await exited;
    clearTimeout(hardStop);
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted/);
    expect(stderr).not.toMatch(/Uncaught|UnhandledPromiseRejection|\n\s+at /);
    const r = readResults(dir);
    expect(r.run.stop).toMatchObject({ kind: 'interrupted' });
    expect(r.verdict).toMatchObject({ exitCode: 130, conformant: false });
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
  }, 120_000);
});
