// What `npm run bench` runs: its sections (`--only`) and the RSS section's length (`--long`, or
// BENCH_LONG=1). Pure, so the argument handling is tested without running a bench.
import { UsageError } from '../../engine/errors.ts';
import { MAX_ITERATIONS_PER_SCENARIO } from '../scenario.ts';

export const SECTIONS = ['rate', 'stall', 'rss', 'tls'] as const;
export type Section = (typeof SECTIONS)[number];

export interface RssMode {
  /** `long`: the 5-minute run the done-when criterion names; `short`: 30 s, the default and CI's. */
  name: 'long' | 'short';
  seconds: number;
  /** Offered requests per second. */
  rate: number;
}

export const RSS_MODES: Record<RssMode['name'], RssMode> = {
  long: { name: 'long', seconds: 300, rate: 2_000 },
  short: { name: 'short', seconds: 30, rate: 2_000 },
};

export interface BenchMode {
  sections: Section[];
  rss: RssMode;
}

const USAGE = `usage: npm run bench -- [--only ${SECTIONS.join(',')}] [--long]`;

function parseSections(value: string | undefined): Section[] {
  if (!value) throw new UsageError(`bench: --only needs a list of sections (${SECTIONS.join(', ')}); ${USAGE}`);
  const names = value.split(',').map((s) => s.trim());
  const unknown = names.find((n) => !(SECTIONS as readonly string[]).includes(n));
  if (unknown !== undefined)
    throw new UsageError(`bench: unknown section "${unknown}" (sections: ${SECTIONS.join(', ')})`);
  // Always in the bench's own order, whatever order they were named in.
  return SECTIONS.filter((s) => names.includes(s));
}

/** The bench's mode from its arguments (after `--`) and environment; a bad argument is a UsageError. */
export function parseBenchArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): BenchMode {
  let sections: Section[] = [...SECTIONS];
  let long = env.BENCH_LONG === '1';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--long') long = true;
    else if (arg === '--only') sections = parseSections(argv[++i]);
    else if (arg.startsWith('--only=')) sections = parseSections(arg.slice('--only='.length));
    else throw new UsageError(`bench: unknown argument "${arg}"; ${USAGE}`);
  }
  return { sections, rss: long ? RSS_MODES.long : RSS_MODES.short };
}

/**
 * Scenario lengths (s) adding up to `seconds`, each planning at most 90 % of the engine's iteration cap
 * (MAX_ITERATIONS_PER_SCENARIO): the long mode is back-to-back scenarios, as a profile's several are.
 */
export function chunkSeconds(rate: number, seconds: number): number[] {
  const most = Math.max(1, Math.floor((0.9 * MAX_ITERATIONS_PER_SCENARIO) / rate));
  const chunks: number[] = [];
  for (let left = seconds; left > 0; left -= most) chunks.push(Math.min(most, left));
  return chunks;
}
