import { describe, expect, it } from 'vitest';
import rateLimiting, { validRetryAfter } from '../../../../suites/security/rate-limiting.ts';
import { BURST_LOC, RL_HEADERS, burst, clientBurst, idsAndLocations, runCheck } from './builders.ts';

describe('rate-limiting', () => {
  it('passes when the burst meets a 429 with Retry-After, a problem body and RateLimit headers', async () => {
    const p = await runCheck(rateLimiting, { RateLimitBurst: burst() });
    expect(p.outcome).toBe('pass');
    expect(p.evidence).toEqual(['ev-baseline', 'ev-429']);
    expect(p.metrics).toMatchObject({ clients: 1, sent: 116 });
    expect(p.places?.['PSW-SEC-RES-002']).toEqual({ probed: ['client agentB'], notProbed: [] });
  });

  it('fails when one client of three is never throttled, naming that client', async () => {
    const authority = clientBurst({
      placeId: 'client authority',
      client: 'authority',
      url: '/port-calls/authority-pc',
      baseline: { status: 200, headers: { ...RL_HEADERS, 'ratelimit-policy': '50;w=60' }, evidenceId: 'ev-auth' },
      advertisedLimit: 50,
      windowSeconds: 60,
      planned: 120,
      sent: 120,
      durationMs: 900,
      first429: undefined,
      stoppedBy: 'planned-exhausted',
    });
    const agentA = clientBurst({ placeId: 'client agentA', client: 'agentA' });
    const p = await runCheck(rateLimiting, { RateLimitBurst: burst({}, [agentA, authority]) });
    expect(p.outcome).toBe('fail');
    expect(idsAndLocations(p)).toEqual([
      { id: 'neverThrottled', location: { ...BURST_LOC, url: '/port-calls/authority-pc' } },
    ]);
    expect(p.findings?.[0]?.data).toMatchObject({ client: 'authority' });
    expect(p.places?.['PSW-SEC-RES-002']?.probed).toEqual(['client agentB', 'client agentA', 'client authority']);
  });

  it.each([
    [
      'no 429 in a complete burst',
      { first429: undefined, stoppedBy: 'planned-exhausted', sent: 220, durationMs: 400, statusCounts: { '200': 220 } },
      [{ id: 'neverThrottled', location: BURST_LOC }],
    ],
    [
      // A small quota in a long window: however slowly the burst went, it put more than the quota in one window.
      'no 429 in a slow burst past a small quota over a long window',
      {
        first429: undefined,
        stoppedBy: 'planned-exhausted',
        advertisedLimit: 50,
        windowSeconds: 60,
        planned: 120,
        sent: 120,
        durationMs: 45_000,
        statusCounts: { '200': 120 },
      },
      [{ id: 'neverThrottled', location: BURST_LOC }],
    ],
    [
      'a 429 without Retry-After',
      { first429: { ...clientBurst().first429!, headers: { ...RL_HEADERS } } },
      [{ id: 'retryAfterMissing', location: { ...BURST_LOC, header: 'retry-after' } }],
    ],
    [
      'a 429 that is not a problem',
      { first429: { ...clientBurst().first429!, contentType: 'text/plain', body: 'slow down' } },
      [{ id: 'notProblem', location: { ...BURST_LOC, header: 'content-type' } }],
    ],
    [
      'a 429 with an invalid Retry-After',
      {
        first429: { ...clientBurst().first429!, headers: { ...RL_HEADERS, 'retry-after': '1.5s' } },
      },
      [{ id: 'retryAfterInvalid', location: { ...BURST_LOC, header: 'retry-after' } }],
    ],
    [
      'responses without RateLimit headers',
      {
        baseline: { status: 200, headers: {}, evidenceId: 'ev-baseline' },
        advertisedLimit: undefined,
        first429: { ...clientBurst().first429!, headers: { 'retry-after': '1' } },
      },
      [
        { id: 'rateLimitHeaderMissing', location: { ...BURST_LOC, header: 'ratelimit-limit' } },
        { id: 'rateLimitHeaderMissing', location: { ...BURST_LOC, header: 'ratelimit-remaining' } },
        { id: 'rateLimitHeaderMissing', location: { ...BURST_LOC, header: 'ratelimit-reset' } },
        { id: 'rateLimitHeaderMissing', location: { ...BURST_LOC, header: 'ratelimit-limit' } },
        { id: 'rateLimitHeaderMissing', location: { ...BURST_LOC, header: 'ratelimit-remaining' } },
        { id: 'rateLimitHeaderMissing', location: { ...BURST_LOC, header: 'ratelimit-reset' } },
      ],
    ],
  ] as const)('fails on %s', async (_name, change, expected) => {
    const p = await runCheck(rateLimiting, { RateLimitBurst: burst(change as never) });
    expect(p.outcome).toBe('fail');
    expect(idsAndLocations(p)).toEqual(expected);
  });

  it.each([
    ['the burst stopped early on errors', { first429: undefined, stoppedBy: 'too-many-errors', sent: 30 }, []],
    [
      'the limit is beyond the burst budget',
      { first429: undefined, stoppedBy: 'planned-exhausted', advertisedLimit: 5000, planned: 600, sent: 600 },
      [],
    ],
    [
      // The harness could not keep up (a starved CI runner): it says so with a finding, not a verdict on the target.
      'the burst was too slow to exceed one window',
      { first429: undefined, stoppedBy: 'planned-exhausted', windowSeconds: 1, sent: 220, durationMs: 2500 },
      [{ id: 'burstTooSlow', location: BURST_LOC }],
    ],
  ] as const)('needs review when %s', async (_name, change, expected) => {
    const p = await runCheck(rateLimiting, { RateLimitBurst: burst(change as never) });
    expect(p.outcome).toBe('needs-review');
    expect(idsAndLocations(p)).toEqual(expected);
  });

  it('says how fast the too-slow burst went', async () => {
    const change = {
      first429: undefined,
      stoppedBy: 'planned-exhausted',
      windowSeconds: 1,
      sent: 220,
      durationMs: 2500,
    };
    const p = await runCheck(rateLimiting, { RateLimitBurst: burst(change as never) });
    expect(p.findings?.[0]).toMatchObject({
      id: 'burstTooSlow',
      data: { perWindow: 88, windowSeconds: 1, sent: 220, durationMs: 2500, limit: 100 },
    });
  });

  it.each([
    ['120', true],
    ['0', true],
    ['Wed, 21 Oct 2026 07:28:00 GMT', true],
    ['1.5', false],
    ['-1', false],
    ['soon', false],
    ['Wed, 32 Oct 2026 07:28:00 GMT', false],
  ])('validRetryAfter(%s) = %s', (value, ok) => {
    expect(validRetryAfter(value)).toBe(ok);
  });
});
