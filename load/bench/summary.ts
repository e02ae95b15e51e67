// The bench's closing block: every ratio of this run in one place (pure: figures in, lines out).
import type { RssMode } from './modes.ts';

/** Stall p99 must sit within this fraction of the true p99 (issue 16's done-when). */
export const STALL_P99_TOLERANCE = 0.02;
/** Peak RSS ceiling of the engine in the 5-minute mode, MB. */
export const RSS_CEILING_MB = 250;

export interface BenchFigures {
  /** Requests per second at full speed, per tool. */
  maxRate?: { builtin: number; autocannon: number; wrk: number };
  /** p99 under the stalling server, ms: the truth and each tool's. */
  stall?: { trueP99: number; tools: { tool: string; p99: number }[] };
  rss?: { mode: RssMode; peakMb: number; endMb: number; samples: number; achievedRate: number; kernelPeakMb: number };
  tls?: { nodeMs: number; testsslMs: number; sameQuestionsMs: number };
}

/** Median of a tool's maximum-rate rounds (the middle one of an odd count, else the mean of the two
 *  middle ones); NaN for none. Section 1 reports it for every tool alike. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** a / b to `digits` places, or n/a when either is missing, not finite or b is zero. */
export function ratio(a: number | undefined, b: number | undefined, digits = 2): string {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return 'n/a';
  return (a / b).toFixed(digits);
}

/** Signed percentage a is off b, e.g. "+1.8 %"; n/a as for ratio. */
export function offBy(a: number, b: number): string {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return 'n/a';
  const pct = ((a - b) / b) * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)} %`;
}

export function withinTolerance(measured: number, truth: number, tolerance = STALL_P99_TOLERANCE): boolean {
  return Number.isFinite(measured) && truth > 0 && Math.abs(measured - truth) / truth <= tolerance;
}

const mb = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : 'n/a');

/** The summary's lines; a section that did not run says so rather than vanishing. */
export function summaryLines(f: BenchFigures, ran: { rss: RssMode }): string[] {
  const lines = ['', 'Summary (ratios from this run)'];
  if (f.maxRate) {
    const { builtin, autocannon, wrk } = f.maxRate;
    lines.push(
      `  max rate   built-in / autocannon ${ratio(builtin, autocannon)}, built-in / wrk ${ratio(builtin, wrk)}` +
        `  (${builtin.toFixed(0)} / ${autocannon.toFixed(0)} / ${wrk.toFixed(0)} req/s)`,
    );
  } else lines.push('  max rate   not run (--only)');
  if (f.stall) {
    lines.push(
      `  stall p99  tool / truth (true p99 ${f.stall.trueP99.toFixed(1)} ms; built-in within ${STALL_P99_TOLERANCE * 100} %?)`,
    );
    for (const t of f.stall.tools) {
      const mark = t.tool.startsWith('built-in')
        ? withinTolerance(t.p99, f.stall.trueP99)
          ? '  ok'
          : '  MISSES the 2 % bound'
        : '';
      lines.push(
        `    ${t.tool.padEnd(36)} ${ratio(t.p99, f.stall.trueP99, 3).padStart(6)}  (${offBy(t.p99, f.stall.trueP99)})${mark}`,
      );
    }
  } else lines.push('  stall p99  not run (--only)');
  if (f.rss) {
    const r = f.rss;
    const ceiling =
      r.mode.name === 'long'
        ? r.peakMb <= RSS_CEILING_MB
          ? ` ≤ ${RSS_CEILING_MB} MB ok`
          : ` OVER the ${RSS_CEILING_MB} MB ceiling`
        : ` (the ${RSS_CEILING_MB} MB ceiling applies to --long)`;
    lines.push(
      `  engine RSS ${r.mode.name} mode (${r.mode.seconds} s at ${r.mode.rate} req/s, achieved ${r.achievedRate.toFixed(0)}): ` +
        `peak ${mb(r.peakMb)} MB, at end ${mb(r.endMb)} MB, kernel peak ${mb(r.kernelPeakMb)} MB, ${r.samples} samples;${ceiling}`,
    );
  } else lines.push(`  engine RSS not run (--only; would be the ${ran.rss.name} mode)`);
  if (f.tls)
    lines.push(
      `  TLS scan   testssl.sh / Node ${ratio(f.tls.testsslMs, f.tls.nodeMs, 1)} (full set), ` +
        `${ratio(f.tls.sameQuestionsMs, f.tls.nodeMs, 1)} (the same questions)` +
        `  (${(f.tls.nodeMs / 1000).toFixed(1)} s vs ${(f.tls.testsslMs / 1000).toFixed(1)} s)`,
    );
  else lines.push('  TLS scan   not run (--only)');
  return lines;
}
