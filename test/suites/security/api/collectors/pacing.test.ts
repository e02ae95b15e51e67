import { describe, expect, it } from 'vitest';
import { Pacer, paceDelayMs } from '../../../../../suites/security/collectors/pacing.ts';

const rl = (limit: number, remaining: number, reset: number) => ({
  'ratelimit-limit': String(limit),
  'ratelimit-remaining': String(remaining),
  'ratelimit-reset': String(reset),
});

describe('pacing by the RateLimit fields', () => {
  it.each([
    ['plenty left', rl(100, 80, 1), 0],
    ['half used: wait for the window', rl(100, 50, 1), 1000],
    ['a reset of 0 is this second', rl(100, 10, 0), 1000],
    ['a long window, capped', rl(50, 0, 60), 5000],
    ['no RateLimit fields', {}, 0],
    ['an unreadable field', { ...rl(100, 10, 1), 'ratelimit-limit': 'many' }, 0],
  ])('%s', (_name, headers, ms) => {
    expect(paceDelayMs(headers)).toBe(ms);
  });

  it('a pacer waits at most its budget in all, and never past the end of its collector', async () => {
    // The waits are on the target's clock, asked of the schedule: recorded here, never slept.
    const waits: string[] = [];
    const waitOnTargetClock = async (_until: number, why: string) => void waits.push(why);
    const ctx = { endsBy: Date.now() + 60_000, waitOnTargetClock };
    const pacer = new Pacer(ctx, { budgetMs: 30 });
    await pacer.after({ headers: rl(100, 0, 1) });
    await pacer.after({ headers: rl(100, 0, 1) });
    expect(pacer.waitedMs).toBe(30);
    expect(waits).toEqual(['the rate-limit window resets']);
    const ending = new Pacer({ ...ctx, endsBy: Date.now() + 500 });
    await ending.after({ headers: rl(100, 0, 1) });
    expect(ending.waitedMs).toBe(0);
  });
});
