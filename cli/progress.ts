// How `run` shows a run as it goes. On a terminal (and not in CI): a live display of a few lines,
// redrawn in place with ANSI cursor moves at most 4 times a second (log-update style). Elsewhere: one
// plain line per step. `--quiet`: nothing. NO_COLOR (or --no-color) asks for output without escape
// codes, as the acceptance reads it: plain step lines then, since cursor moves are escape codes too.
import type { Logger } from '../engine/context.ts';
import type { ProgressEvent } from '../session/progress.ts';

export type OutputMode = 'live' | 'plain' | 'quiet';

/** A set variable that is not "false" or "0" (CI=false means not in CI). */
function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

/** Colour: --no-color wins, then FORCE_COLOR (1/2/3 on, 0 off), then NO_COLOR (any non-empty value), then a terminal. */
export function colorEnabled(env: NodeJS.ProcessEnv, isTty: boolean, colorFlag: boolean | undefined): boolean {
  if (colorFlag === false) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR) return false;
  return isTty && env.TERM !== 'dumb';
}

/**
 * Live only on a terminal that is not a CI log, can move its cursor, and was not asked for output
 * without escape codes (NO_COLOR unless FORCE_COLOR is on, or --no-color).
 */
export function outputMode(
  env: NodeJS.ProcessEnv,
  isTty: boolean,
  flags: { quiet?: boolean; color?: boolean } = {},
): OutputMode {
  if (flags.quiet) return 'quiet';
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  const noEscapes = flags.color === false || (Boolean(env.NO_COLOR) && !forced);
  return isTty && !isSet(env.CI) && env.TERM !== 'dumb' && !noEscapes ? 'live' : 'plain';
}

export interface ProgressSink {
  out(line: string): void;
  err(line: string): void;
}

export interface ProgressDisplay {
  onProgress(event: ProgressEvent): void;
  /** Log lines go through the display, so a live frame is never torn by them. */
  logger(verbose: boolean): Logger;
  /** Erases the live frame and stops redrawing; call before the final summary. */
  stop(): void;
}

const REDRAW_MS = 250;
// Plain mode prints load figures this often at most: enough to show the run is alive in a CI log.
const PLAIN_LOAD_EVERY_MS = 10_000;

const CURSOR_UP = (n: number) => `\u001b[${n}A`;
const ERASE_DOWN = '\u001b[0J';

// Colour codes (Select Graphic Rendition), to measure a line's visible width.
const SGR = new RegExp(`${'\u001b'}\\[[0-9;]*m`, 'g');

/** Cuts a line to the width (dropping its colour when it must be cut), so it never wraps. */
function fitTo(columns: number | undefined): (line: string) => string {
  return (line) => {
    if (!columns || columns < 10) return line;
    const plainText = line.replace(SGR, '');
    return plainText.length < columns ? line : `${plainText.slice(0, columns - 2)}…`;
  };
}

const BAR_WIDTH = 20;

/** "zap active scan [########............]  42% (35 s)"; without a percentage, the phase and time. */
export function scanLine(p: { engine: string; phase: string; percent?: number; elapsedS: number }, bar = true): string {
  const time = `${p.elapsedS.toFixed(0)} s`;
  if (p.percent === undefined) return `${p.engine} ${p.phase}: running (${time})`;
  const pct = Math.max(0, Math.min(100, Math.round(p.percent)));
  const filled = Math.round((pct / 100) * BAR_WIDTH);
  const gauge = bar ? ` [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]` : '';
  return `${p.engine} ${p.phase}${gauge} ${String(pct).padStart(3)}% (${time})`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

export function createProgressDisplay(
  mode: OutputMode,
  sink: ProgressSink,
  /** `columns`: the terminal's width; live lines are cut to it, since a wrapped line would not be erased. */
  opts: { color: boolean; now?: () => number; columns?: number } = { color: false },
): ProgressDisplay {
  const now = opts.now ?? Date.now;
  const startedAt = now();
  const paint = (code: number, s: string) => (opts.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const running = new Map<string, number>();
  let collectorsTotal = 0;
  let collectorsDone = 0;
  let collectorsFailed = 0;
  let judged = { done: 0, total: 0 };
  let load: Extract<ProgressEvent, { type: 'load-stats' }> | undefined;
  let scan: Extract<ProgressEvent, { type: 'scan-progress' }> | undefined;
  let lastPlainScan = -Infinity;
  let frameLines = 0;
  let dirty = false;
  let stopped = false;
  let lastPlainLoad = -Infinity;
  let lastDrawAt = -Infinity;
  let timer: NodeJS.Timeout | undefined;

  const frame = (): string[] => {
    const names = [...running.keys()];
    const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ` (+${names.length - 3})` : '');
    const lines = [
      `${paint(36, '›')} ${seconds(now() - startedAt)}  collectors ${collectorsDone}/${collectorsTotal}` +
        (collectorsFailed ? paint(31, ` (${collectorsFailed} failed)`) : '') +
        `  checks judged ${judged.done}/${judged.total}`,
    ];
    if (names.length) lines.push(`  running: ${shown}`);
    if (load && running.has('LoadRuns'))
      lines.push(
        `  load ${load.scenario}: ${load.elapsedS.toFixed(0)}/${load.durationS.toFixed(0)} s, ` +
          `${load.rps.toFixed(1)} req/s, p95 ${load.p95Ms.toFixed(0)} ms`,
      );
    if (scan && running.has('ZapScan')) lines.push(`  ${scanLine(scan)}`);
    return lines;
  };
  const erase = (): string => (frameLines ? `${CURSOR_UP(frameLines)}\r${ERASE_DOWN}` : '');
  const draw = (): void => {
    if (stopped) return;
    const lines = frame().map(fitTo(opts.columns));
    sink.out(erase() + lines.join('\n'));
    frameLines = lines.length;
    dirty = false;
    lastDrawAt = now();
  };
  /**
   * Erases the frame and leaves the cursor where it began. Lines end with the newline the sink adds,
   * so the erase goes one line further up and that newline brings the cursor back down.
   */
  const clearFrame = (): void => {
    if (frameLines === 0) return;
    sink.out(`${erase()}${CURSOR_UP(1)}`);
    frameLines = 0;
  };
  /** A line above the frame: erase the frame, write the line, draw the frame again below it. */
  const above = (line: string, toErr: boolean): void => {
    if (mode === 'live' && !stopped && frameLines > 0) {
      clearFrame();
      (toErr ? sink.err : sink.out)(line);
      draw();
    } else (toErr ? sink.err : sink.out)(line);
  };

  if (mode === 'live') {
    timer = setInterval(() => {
      // Elapsed time moves even when nothing else does.
      if (dirty || running.size > 0 || frameLines > 0) draw();
    }, REDRAW_MS);
    timer.unref();
  }

  const plain = (line: string) => sink.out(`[${seconds(now() - startedAt).padStart(7)}] ${line}`);

  return {
    onProgress(event) {
      if (mode === 'quiet' || stopped) return;
      switch (event.type) {
        case 'run-started':
          collectorsTotal = event.collectors.length;
          judged = { done: 0, total: event.checks };
          if (mode === 'plain')
            plain(`run started: ${event.collectors.length} collectors, ${event.checks} checks to judge`);
          break;
        case 'collector-started':
          running.set(event.collector, now());
          if (mode === 'plain') plain(`collector ${event.collector} started`);
          break;
        case 'collector-finished':
          running.delete(event.collector);
          collectorsDone++;
          if (event.status === 'error') collectorsFailed++;
          if (mode === 'plain')
            plain(
              event.status === 'ok'
                ? `collector ${event.collector} finished in ${seconds(event.durationMs)}`
                : `collector ${event.collector} failed after ${seconds(event.durationMs)}: ${event.error ?? ''}`,
            );
          break;
        case 'load-stats':
          load = event;
          if (mode === 'plain' && now() - lastPlainLoad >= PLAIN_LOAD_EVERY_MS) {
            lastPlainLoad = now();
            plain(
              `load ${event.scenario}: ${event.elapsedS.toFixed(0)}/${event.durationS.toFixed(0)} s, ` +
                `${event.rps.toFixed(1)} req/s, p95 ${event.p95Ms.toFixed(0)} ms`,
            );
          }
          break;
        case 'scan-progress':
          scan = event;
          // Plain lines: every PLAIN_LOAD_EVERY_MS at most, and the end of the active scan.
          if (mode === 'plain' && (now() - lastPlainScan >= PLAIN_LOAD_EVERY_MS || event.percent === 100)) {
            lastPlainScan = now();
            plain(scanLine(event, false));
          }
          break;
        case 'checks-judged':
          judged = { done: event.done, total: event.total };
          if (mode === 'plain' && event.areaDone)
            plain(`${event.area} judged: ${event.areaDone.checks} checks, ${event.areaDone.failed} failed or errored`);
          break;
        case 'run-finished':
          if (mode === 'plain') plain(`run finished in ${seconds(event.durationMs)}`);
          break;
      }
      if (mode === 'live') {
        dirty = true;
        // At once, unless a frame was drawn less than a tick ago: then the tick redraws (at most 4 a second).
        if (frameLines === 0 || now() - lastDrawAt >= REDRAW_MS) draw();
      }
    },
    logger(verbose) {
      return {
        info: (m) => (mode === 'quiet' ? undefined : above(m, false)),
        warn: (m) => above(`warning: ${m}`, true),
        debug: (m) => (verbose ? above(`debug: ${m}`, true) : undefined),
      };
    },
    stop() {
      if (stopped) return;
      if (timer) clearInterval(timer);
      if (mode === 'live') clearFrame();
      stopped = true;
    },
  };
}
