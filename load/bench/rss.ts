// Resident set size of a process, sampled from outside it (Linux /proc/<pid>/status), so the process
// measured carries no instrument of its own and the sampler's memory is never counted.
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
