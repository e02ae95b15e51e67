import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../engine/errors.ts';
import { parseBenchArgs, RSS_MODES, SECTIONS } from '../../../load/bench/modes.ts';

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
