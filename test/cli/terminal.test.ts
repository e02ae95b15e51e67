// The CLI under a pseudo-terminal (util-linux `script`), against the embedded reference single window
// on loopback: a live progress display that redraws itself; NO_COLOR=1 prints no escape code at all (the
// issue's acceptance: so plain step lines, as cursor moves are escape codes too); CI=true gives plain step
// lines, no cursor moves.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/port-conformance.js');
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
// A check whose collectors take a few seconds: long enough for several frames.
const CHECK = 'problem-details-format';

const ESC = '\u001b';
const CURSOR_UP = new RegExp(`${ESC}\\[\\d+A`, 'g');
const COLOUR = new RegExp(`${ESC}\\[[0-9;]*m`);

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Runs the CLI in a pseudo-terminal; resolves with everything the terminal was sent. */
function runInPty(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const base = { ...process.env };
  for (const k of ['CI', 'NO_COLOR', 'FORCE_COLOR', 'GITHUB_ACTIONS', 'TERM']) delete base[k];
  const command = ['node', BIN, ...args].map(shellQuote).join(' ');
  return new Promise((done, fail) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: ROOT,
      env: { ...base, TERM: 'xterm', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (output += b.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

function runArgs(): string[] {
  return ['run', '--checks', CHECK, '--format', 'json', '--out', mkdtempSync(join(tmpdir(), 'pc-pty-'))];
}

describe.skipIf(!hasScript).concurrent('under a pseudo-terminal (util-linux script)', () => {
  it('shows a live display: frames redrawn in place, the collectors counter moving, colour on', async () => {
    const { code, output } = await runInPty(runArgs(), {});
    expect(code).toBe(0);
    const frames = output.match(CURSOR_UP) ?? [];
    expect(frames.length).toBeGreaterThanOrEqual(2);
    // How many frames land between collectors depends on the machine's load: the counter must move
    // (the first frame and the last differ) and never go back.
    const collectorCounts = [...output.matchAll(/collectors (\d+)\/(\d+)/g)].map((m) => Number(m[1]));
    expect(new Set(collectorCounts).size).toBeGreaterThanOrEqual(2);
    expect(collectorCounts).toEqual([...collectorCounts].sort((a, b) => a - b));
    const judged = [...output.matchAll(/checks judged (\d+)\/(\d+)/g)].map((m) => Number(m[1]));
    expect(judged).toContain(0);
    expect(COLOUR.test(output)).toBe(true);
  }, 180_000);

  it('NO_COLOR=1: no escape code at all, progress as plain step lines', async () => {
    const { code, output } = await runInPty(runArgs(), { NO_COLOR: '1' });
    expect(code).toBe(0);
    expect(output).not.toContain(ESC);
    expect(output).toMatch(/collector IdentifierProbes finished in \d+\.\ds/);
  }, 180_000);

  it('CI=true: plain step lines, no cursor moves', async () => {
    const { code, output } = await runInPty(runArgs(), { CI: 'true' });
    expect(code).toBe(0);
    expect(output).not.toMatch(CURSOR_UP);
    const steps = output.split(/\r?\n/).filter((l) => /^\[\s*\d+\.\ds\] /.test(l));
    expect(steps.some((l) => /collector IdentifierProbes started$/.test(l))).toBe(true);
    expect(steps.some((l) => /collector IdentifierProbes finished in \d+\.\ds$/.test(l))).toBe(true);
    expect(steps.some((l) => /contract judged: 1 checks/.test(l))).toBe(true);
  }, 180_000);
});

describe.runIf(!hasScript)('without util-linux script', () => {
  it.skip('the pseudo-terminal tests need `script` (util-linux) on PATH', () => undefined);
});
