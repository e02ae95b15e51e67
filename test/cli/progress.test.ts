// The progress display as data: which mode and colour an environment gets, the plain step lines,
// the live frames (cursor moves, counters), and that --quiet shows nothing.
import { describe, expect, it } from 'vitest';
import { colorEnabled, createProgressDisplay, outputMode, type OutputMode } from '../../cli/progress.ts';
import type { ProgressEvent } from '../../session/progress.ts';

const ESC = '\u001b';
const CURSOR_UP = new RegExp(`${ESC}\\[\\d+A`);
const COLOUR = new RegExp(`${ESC}\\[[0-9;]*m`);

describe('colorEnabled', () => {
  it.each([
    ['a terminal', {}, true, undefined, true],
    ['not a terminal', {}, false, undefined, false],
    ['NO_COLOR on a terminal', { NO_COLOR: '1' }, true, undefined, false],
    ['NO_COLOR empty (unset)', { NO_COLOR: '' }, true, undefined, true],
    ['FORCE_COLOR=1 off a terminal', { FORCE_COLOR: '1' }, false, undefined, true],
    ['FORCE_COLOR=3 over NO_COLOR', { FORCE_COLOR: '3', NO_COLOR: '1' }, false, undefined, true],
    ['FORCE_COLOR=0 on a terminal', { FORCE_COLOR: '0' }, true, undefined, false],
    ['--no-color over FORCE_COLOR', { FORCE_COLOR: '1' }, true, false, false],
    ['TERM=dumb', { TERM: 'dumb' }, true, undefined, false],
  ])('%s', (_name, env, isTty, flag, expected) => {
    expect(colorEnabled(env, isTty, flag)).toBe(expected);
  });
});

describe('outputMode', () => {
  it.each<[string, NodeJS.ProcessEnv, boolean, { quiet?: boolean; color?: boolean }, OutputMode]>([
    ['a terminal', {}, true, {}, 'live'],
    ['a pipe', {}, false, {}, 'plain'],
    ['CI=true on a terminal', { CI: 'true' }, true, {}, 'plain'],
    ['CI=false on a terminal', { CI: 'false' }, true, {}, 'live'],
    ['TERM=dumb', { TERM: 'dumb' }, true, {}, 'plain'],
    ['--quiet', {}, true, { quiet: true }, 'quiet'],
    ['NO_COLOR: no escape codes at all, so no cursor moves', { NO_COLOR: '1' }, true, {}, 'plain'],
    ['NO_COLOR with FORCE_COLOR=1', { NO_COLOR: '1', FORCE_COLOR: '1' }, true, {}, 'live'],
    ['--no-color', {}, true, { color: false }, 'plain'],
  ])('%s', (_name, env, isTty, flags, expected) => {
    expect(outputMode(env, isTty, flags)).toBe(expected);
  });
});

const EVENTS: ProgressEvent[] = [
  {
    type: 'run-started',
    target: 't',
    profile: 'p',
    collectors: ['OpenApi', 'LoadRuns'],
    checksByArea: { contract: 1, load: 1 },
    checks: 2,
  },
  { type: 'collector-started', collector: 'OpenApi' },
  { type: 'collector-finished', collector: 'OpenApi', status: 'ok', durationMs: 1200 },
  { type: 'collector-started', collector: 'LoadRuns' },
  { type: 'load-stats', scenario: 'smoke', rps: 19.5, p95Ms: 12.3, elapsedS: 2, durationS: 5 },
  { type: 'collector-finished', collector: 'LoadRuns', status: 'error', durationMs: 5000, error: 'boom' },
  {
    type: 'checks-judged',
    done: 1,
    total: 2,
    check: 'a',
    area: 'contract',
    outcome: 'pass',
    areaDone: { checks: 1, failed: 0 },
  },
  {
    type: 'checks-judged',
    done: 2,
    total: 2,
    check: 'b',
    area: 'load',
    outcome: 'fail',
    areaDone: { checks: 1, failed: 1 },
  },
  { type: 'run-finished', status: 'not-conformant', exitCode: 1, durationMs: 7000 },
];

function replay(mode: OutputMode, color = false) {
  const out: string[] = [];
  const err: string[] = [];
  let t = 0;
  const display = createProgressDisplay(
    mode,
    { out: (l) => out.push(l), err: (l) => err.push(l) },
    {
      color,
      now: () => t,
    },
  );
  const log = display.logger(false);
  for (const e of EVENTS) {
    t += 1000; // a second between events: each may redraw
    display.onProgress(e);
    if (e.type === 'collector-started') log.info(`note about ${e.collector}`);
  }
  display.stop();
  return { out, err };
}

describe('createProgressDisplay', () => {
  it('plain: one line per step, each with its elapsed time, no escape codes', () => {
    const { out } = replay('plain', true);
    const steps = out.filter((l) => /^\[\s*\d+\.\ds\] /.test(l));
    const mentions = (s: string) => steps.filter((l) => l.includes(s)).length;
    expect([mentions('OpenApi'), mentions('LoadRuns'), mentions('smoke')]).toEqual([2, 2, 1]);
    expect(steps.filter((l) => / judged: /.test(l)).map((l) => l.split(' judged')[0]!.split('] ')[1])).toEqual([
      'contract',
      'load',
    ]);
    expect(out.some((l) => l.includes(ESC))).toBe(false);
    expect(out).toContain('note about OpenApi');
  });

  it('live: the first frame at once, later ones redrawn in place; log lines above the frame', () => {
    const { out } = replay('live', false);
    expect(out[0]).toMatch(/collectors 0\/2 {2}checks judged 0\/2/);
    expect(out.slice(1).some((l) => CURSOR_UP.test(l))).toBe(true);
    const note = out.indexOf('note about OpenApi');
    expect(note).toBeGreaterThan(0);
    // The frame is erased before the line and drawn again after it.
    expect(out[note - 1]).toMatch(CURSOR_UP);
    expect(out[note + 1]).toMatch(/collectors \d\/2/);
    expect(out.some((l) => /load smoke: 2\/5 s, 19\.5 req\/s, p95 12 ms/.test(l))).toBe(true);
    expect(out.some((l) => COLOUR.test(l))).toBe(false);
  });

  it('live lines are cut to the terminal width, so a redraw erases all of them', () => {
    const out: string[] = [];
    const display = createProgressDisplay(
      'live',
      { out: (l) => out.push(l), err: () => undefined },
      {
        color: true,
        columns: 24,
      },
    );
    for (const e of EVENTS.slice(0, 2)) display.onProgress(e);
    display.stop();
    const visible = out
      .flatMap((chunk) => chunk.split('\n'))
      .map((l) => l.replace(new RegExp(`${ESC}\\[[0-9;]*[A-Za-z]`, 'g'), '').replace('\r', ''));
    expect(visible.every((l) => l.length < 24)).toBe(true);
  });

  it('live with colour paints the frame', () => {
    expect(replay('live', true).out.some((l) => COLOUR.test(l))).toBe(true);
  });

  it('quiet: nothing but warnings', () => {
    const out: string[] = [];
    const err: string[] = [];
    const display = createProgressDisplay('quiet', { out: (l) => out.push(l), err: (l) => err.push(l) });
    for (const e of EVENTS) display.onProgress(e);
    display.logger(false).info('info');
    display.logger(false).warn('careful');
    display.stop();
    expect([out, err]).toEqual([[], ['warning: careful']]);
  });
});
