import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../engine/errors.ts';
import { chunkSeconds, parseBenchArgs, RSS_MODES, SECTIONS } from '../../../load/bench/modes.ts';
import { MAX_ITERATIONS_PER_SCENARIO } from '../../../load/scenario.ts';

describe('parseBenchArgs', () => {
  it.each([
    { argv: [], env: {}, sections: [...SECTIONS], rss: 'short' },
    { argv: ['--only', 'rss'], env: {}, sections: ['rss'], rss: 'short' },
    { argv: ['--only=tls,rate'], env: {}, sections: ['rate', 'tls'], rss: 'short' },
    { argv: ['--only', 'rss', '--long'], env: {}, sections: ['rss'], rss: 'long' },
    { argv: [], env: { BENCH_LONG: '1' }, sections: [...SECTIONS], rss: 'long' },
    { argv: [], env: { CI: 'true' }, sections: [...SECTIONS], rss: 'short' },
  ])('$argv $env → $sections, $rss', ({ argv, env, sections, rss }) => {
    const mode = parseBenchArgs(argv, env);
    expect(mode.sections).toEqual(sections);
    expect(mode.rss).toEqual(RSS_MODES[rss as 'long' | 'short']);
  });

  it('the long mode is the 5-minute run at 2,000 req/s; the short one 30 s', () => {
    expect(RSS_MODES.long).toMatchObject({ seconds: 300, rate: 2000 });
    expect(RSS_MODES.short).toMatchObject({ seconds: 30, rate: 2000 });
  });

  it.each([[['--only']], [['--only', 'rate,bogus']], [['--fast']], [['--only=']]])('%j is a UsageError', (argv) => {
    expect(() => parseBenchArgs(argv)).toThrow(UsageError);
  });
});

describe('chunkSeconds (back-to-back scenarios under the engine iteration cap)', () => {
  it.each([
    { rate: 2000, seconds: 30, chunks: [30] },
    { rate: 2000, seconds: 300, chunks: [45, 45, 45, 45, 45, 45, 30] },
    { rate: 10, seconds: 5, chunks: [5] },
  ])('$seconds s at $rate req/s → $chunks', ({ rate, seconds, chunks }) => {
    expect(chunkSeconds(rate, seconds)).toEqual(chunks);
  });

  it.each([RSS_MODES.long, RSS_MODES.short])('the $name mode: every chunk under the cap, the whole length', (m) => {
    const chunks = chunkSeconds(m.rate, m.seconds);
    expect(chunks.reduce((a, b) => a + b, 0)).toBe(m.seconds);
    for (const c of chunks) expect(c * m.rate).toBeLessThan(MAX_ITERATIONS_PER_SCENARIO);
  });
});
