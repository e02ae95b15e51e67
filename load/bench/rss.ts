// Resident set size of a process, sampled from outside it (Linux /proc/<pid>/status), so the process
// measured carries no instrument of its own and the sampler's memory is never counted.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export const RSS_SAMPLE_MS = 250;
const MB = 1024 * 1024;

/** VmRSS from a /proc/<pid>/status text, in bytes; undefined when absent (a zombie, another OS). */
export function parseVmRss(status: string): number | undefined {
  const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return m ? Number(m[1]) * 1024 : undefined;
}

/** The process's RSS in bytes now, or undefined once it is gone. */
export function readProcessRss(pid: number): number | undefined {
  try {
    return parseVmRss(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return undefined;
  }
}

export interface RssSummary {
  samples: number;
  /** Highest sample, MB. */
  peakMb: number;
  /** Last sample, MB. */
  endMb: number;
  /** First sample, MB (after start-up). */
  startMb: number;
}

/** Peak, first and last of a series of RSS samples in bytes; NaN figures when there are none. */
export function summariseRss(samples: readonly number[]): RssSummary {
  if (samples.length === 0) return { samples: 0, peakMb: NaN, endMb: NaN, startMb: NaN };
  return {
    samples: samples.length,
    peakMb: Math.max(...samples) / MB,
    endMb: samples[samples.length - 1]! / MB,
    startMb: samples[0]! / MB,
  };
}

/** Samples `read()` every `everyMs` until stopped; a read that yields undefined is not a sample. */
export class RssSampler {
  private readonly samples: number[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly read: () => number | undefined,
    private readonly everyMs = RSS_SAMPLE_MS,
  ) {}

  start(): this {
    this.take();
    this.timer = setInterval(() => this.take(), this.everyMs);
    this.timer.unref();
    return this;
  }

  take(): void {
    const v = this.read();
    if (v !== undefined) this.samples.push(v);
  }

  stop(): RssSummary {
    clearInterval(this.timer);
    this.timer = undefined;
    return summariseRss(this.samples);
  }
}

/**
 * Runs a script of this project (`node bin/run-ts.js SCRIPT ...args`) in its own process, bounded by
 * `limitMs` (then killed), its RSS sampled from outside until it exits. Resolves with the JSON of its last
 * stdout line and the samples; rejects, naming `what`, when it fails or is stopped.
 */
export function runSampledScript<T>(
  root: string,
  script: string,
  args: readonly string[],
  limitMs: number,
  what: string,
): Promise<{ report: T; rss: RssSummary }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/run-ts.js', script, ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const sampler = new RssSampler(() => readProcessRss(child.pid!)).start();
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('error', (e) => {
      clearTimeout(timer);
      sampler.stop();
      reject(e);
    });
    // The sampler runs until the child exits: its last samples are the run's end, not start-up.
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const rss = sampler.stop();
      if (code === 0) return resolve({ report: JSON.parse(out.trim().split('\n').pop()!) as T, rss });
      reject(
        new Error(
          signal
            ? `the ${what} was stopped after ${limitMs / 1000} s`
            : `the ${what} failed: ${err.trim().split('\n').pop() ?? `exit ${code}`}`,
        ),
      );
    });
  });
}
