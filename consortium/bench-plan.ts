// The consortium scale bench's arguments and figures (pure; consortium/bench.ts does the running).
import { UsageError } from '../engine/errors.ts';

export const DEFAULT_SIZES = [1, 5, 10];
/** The consortium command's own ceiling on --concurrency; the parallel run uses one slot per member. */
export const MAX_SIZE = 32;

export type ScaleMode = 'serial' | 'parallel';

export interface ScalePlan {
  /** Consortium sizes, each run serially (concurrency 1) then in parallel (concurrency N). */
  sizes: number[];
}

/** `--members 1,5,10` (default); anything else is a UsageError. */
export function parseScaleArgs(argv: readonly string[]): ScalePlan {
  let sizes = DEFAULT_SIZES;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = arg === '--members' ? argv[++i] : arg.startsWith('--members=') ? arg.slice(10) : undefined;
    if (value === undefined) throw new UsageError(`bench:consortium: unknown argument "${arg}" (--members 1,5,10)`);
    const list = value.split(',').map((s) => Number(s.trim()));
    if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < 1 || n > MAX_SIZE))
      throw new UsageError(`bench:consortium: --members must list sizes from 1 to ${MAX_SIZE}, e.g. 1,5,10`);
    sizes = [...new Set(list)].sort((a, b) => a - b);
  }
  return { sizes };
}

export interface ScaleRun {
  size: number;
  mode: ScaleMode;
  wallMs: number;
  /** Each member's run, ms (gate waits included in parallel). */
  memberMs: number[];
  /** Exclusive phases in all, ms: a floor under the parallel wall time. */
  exclusiveMs: number;
  harnessPeakMb: number;
  /** Peak of the members' servers' RSS summed (they run in their own processes). */
  serversPeakMb: number;
  conformant: number;
}

export interface MemberTimes {
  meanS: number;
  minS: number;
  maxS: number;
}

export function memberTimes(ms: readonly number[]): MemberTimes {
  const ok = ms.filter(Number.isFinite);
  if (ok.length === 0) return { meanS: NaN, minS: NaN, maxS: NaN };
  return {
    meanS: ok.reduce((a, b) => a + b, 0) / ok.length / 1000,
    minS: Math.min(...ok) / 1000,
    maxS: Math.max(...ok) / 1000,
  };
}

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');
const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : 'n/a');

export const TABLE_HEADER = [
  'N',
  'mode',
  'wall s',
  's/member',
  'member s (min-max)',
  'exclusive s',
  'harness MB',
  'servers MB',
  'conformant',
];
const WIDTHS = [3, 9, 8, 9, 19, 12, 11, 11, 11];

function cells(values: string[]): string {
  return values.map((c, i) => (i === 1 ? c.padEnd(WIDTHS[i]!) : c.padStart(WIDTHS[i]!))).join('  ');
}

export function tableHeader(): string {
  return cells(TABLE_HEADER);
}

/** One row: wall time, wall per member (the cost of a member in a consortium of this size), each member's. */
export function tableRow(r: ScaleRun): string {
  const t = memberTimes(r.memberMs);
  return cells([
    String(r.size),
    r.mode,
    f1(r.wallMs / 1000),
    f1(r.wallMs / 1000 / r.size),
    `${f1(t.meanS)} (${f1(t.minS)}-${f1(t.maxS)})`,
    f1(r.exclusiveMs / 1000),
    f0(r.harnessPeakMb),
    f0(r.serversPeakMb),
    `${r.conformant}/${r.size}`,
  ]);
}

/** serial wall / parallel wall per size, for the closing line. */
export function speedups(runs: readonly ScaleRun[]): { size: number; ratio: number }[] {
  const sizes = [...new Set(runs.map((r) => r.size))];
  return sizes.flatMap((size) => {
    const serial = runs.find((r) => r.size === size && r.mode === 'serial');
    const parallel = runs.find((r) => r.size === size && r.mode === 'parallel');
    return serial && parallel ? [{ size, ratio: serial.wallMs / parallel.wallMs }] : [];
  });
}
