import { describe, expect, it } from 'vitest';
import { parseVmRss, RssSampler, summariseRss } from '../../../load/bench/rss.ts';

const MB = 1024 * 1024;

describe('parseVmRss', () => {
  it.each([
    ['Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nRssAnon:\t 1 kB\n', 100 * MB],
    ['Name:\tnode\nState:\tZ (zombie)\n', undefined],
  ])('%j → %s', (status, bytes) => {
    expect(parseVmRss(status)).toBe(bytes);
  });
});

describe('summariseRss', () => {
  it.each([
    { samples: [10 * MB, 30 * MB, 20 * MB], summary: { samples: 3, peakMb: 30, endMb: 20, startMb: 10 } },
    { samples: [5 * MB], summary: { samples: 1, peakMb: 5, endMb: 5, startMb: 5 } },
  ])('$summary', ({ samples, summary }) => {
    expect(summariseRss(samples)).toEqual(summary);
  });

  it('no samples: NaN figures, not zeros', () => {
    const s = summariseRss([]);
    expect(s.samples).toBe(0);
    expect(s.peakMb).toBeNaN();
  });
});

describe('RssSampler', () => {
  it('keeps what each read yields and skips reads of a gone process', () => {
    const reads = [MB, undefined, 3 * MB, 2 * MB];
    const sampler = new RssSampler(() => reads.shift(), 60_000).start(); // first read at start
    sampler.take();
    sampler.take();
    sampler.take();
    expect(sampler.stop()).toEqual({ samples: 3, peakMb: 3, endMb: 2, startMb: 1 });
  });
});
