// Drives Debian's wrk 4.1.0 (no -R: that is wrk2) and reads its --latency report.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

export const WRK_PATH = '/usr/bin/wrk';

export interface WrkResult {
  requests: number;
  durationS: number;
  rps: number;
  non2xx: number;
  socketErrors: number;
  /** Latency percentiles in ms from the "Latency Distribution" block (50, 75, 90, 99). */
  latency: Partial<Record<'p50' | 'p75' | 'p90' | 'p99', number>>;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function toMs(value: string, unit: string): number {
  const f = UNIT_MS[unit];
  if (f === undefined) throw new Error(`wrk: unknown time unit "${unit}"`);
  return Number(value) * f;
}

/** Parses wrk's text report; throws when the summary lines are missing (wrk failed to run). */
export function parseWrkOutput(text: string): WrkResult {
  const total = /^\s*(\d+) requests in ([\d.]+)(us|ms|s|m|h),/m.exec(text);
  const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(text);
  if (!total || !rps) throw new Error(`wrk output has no summary: ${text.trim().split('\n').pop() ?? ''}`);
  const latency: WrkResult['latency'] = {};
  for (const m of text.matchAll(/^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s|m|h)\s*$/gm)) {
    latency[`p${m[1]}` as keyof WrkResult['latency']] = toMs(m[2]!, m[3]!);
  }
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(text);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  return {
    requests: Number(total[1]),
    durationS: toMs(total[2]!, total[3]!) / 1000,
    rps: Number(rps[1]),
    non2xx: non2xx ? Number(non2xx[1]) : 0,
    socketErrors: sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0,
    latency,
  };
}

export function wrkAvailable(path = WRK_PATH): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Runs wrk with --latency, killing it (our child, by handle) if it overruns `limitMs`. */
export function runWrk(args: string[], limitMs: number, path = WRK_PATH): Promise<WrkResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(path, ['--latency', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', () => {
      clearTimeout(timer);
      try {
        resolve(parseWrkOutput(out));
      } catch (err) {
        reject(err as Error);
      }
    });
  });
}
