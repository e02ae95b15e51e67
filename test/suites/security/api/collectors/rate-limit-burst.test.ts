import { describe, expect, it } from 'vitest';
import {
  advertisedLimit,
  burstSize,
  policyWindow,
  rateLimitBurstCollector,
} from '../../../../../suites/security/collectors/rate-limit-burst.ts';
import { BASE, fakeContext, type Reply, type Sent } from '../fake-context.ts';

describe('rate-limit burst sizing', () => {
  it.each([
    [{ 'ratelimit-limit': '100' }, 100],
    [{ 'ratelimit-limit': '100, 100;w=60' }, 100],
    [{ ratelimit: 'limit=50, remaining=10, reset=3' }, 50],
    [{ 'ratelimit-policy': '30;w=10' }, 30],
    [{}, undefined],
    [{ 'ratelimit-limit': 'many' }, undefined],
  ])('advertisedLimit(%j) = %s', (headers, limit) => {
    expect(advertisedLimit(headers)).toBe(limit);
  });

  it.each([
    [100, 600, 220],
    [500, 600, 600],
    [undefined, 600, 600],
    [1, 5, 5],
  ])('burstSize(limit %s, max %s) = %s', (limit, max, planned) => {
    expect(burstSize(limit, max)).toBe(planned);
  });

  it('policyWindow reads w=', () => {
    expect(policyWindow({ 'ratelimit-policy': '100;w=60' })).toBe(60);
    expect(policyWindow({})).toBeUndefined();
  });
});

describe('RateLimitBurst collector', () => {
  const PC_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
  /** A target limiting GETs of the port call to `enforceAfter` (never, when undefined), advertising `limit`. */
  function target(limit: string | undefined, enforceAfter?: number) {
    let gets = 0;
    return (req: Sent): Reply => {
      if (req.method === 'POST') return { status: 201, json: { portCallId: PC_ID } };
      gets++;
      const headers: Record<string, string> = limit
        ? { 'ratelimit-limit': limit, 'ratelimit-remaining': '0', 'ratelimit-reset': '1' }
        : {};
      if (enforceAfter !== undefined && gets > enforceAfter)
        return { status: 429, headers: { ...headers, 'retry-after': '0' } };
      return { status: 200, json: {}, headers };
    };
  }

  it('sends a bounded, unrecorded burst per client, one after the other, and keeps each first 429 as evidence', async () => {
    const { ctx, sent } = fakeContext({ token: 't', reply: target('10', 15) });
    const r = await rateLimitBurstCollector.collect(ctx, {});
    expect(r.bursts.map((b) => b.client)).toEqual(['agentA', 'agentB', 'authority']);
    expect(r.places.map((p) => p.id)).toEqual(['client agentA', 'client agentB', 'client authority']);
    const b = r.bursts[1]!;
    const burst = sent.filter((s) => s.method === 'GET' && s.record === false && s.as === 'agentB');
    expect(b.planned).toBe(40);
    expect(b.concurrency).toBe(16);
    expect(b.stoppedBy).toBe('throttled');
    expect(burst.every((s) => s.retryOn429 === false && s.url === `${BASE}/port-calls/${PC_ID}`)).toBe(true);
    expect(burst.length).toBe(b.sent);
    expect(b.sent).toBeLessThanOrEqual(b.planned);
    expect(ctx.evidence.get(b.first429!.evidenceId!)).toMatchObject({ kind: 'http', response: { status: 429 } });
    // The bursts do not overlap: every agentA request comes before every agentB one.
    const order = sent.filter((s) => s.record === false).map((s) => s.as);
    expect(order.lastIndexOf('agentA')).toBeLessThan(order.indexOf('agentB'));
    expect(sent.filter((s) => s.method === 'GET' && s.record !== false)).toHaveLength(3); // one normal response each
  });

  it('sends exactly the planned requests when no 429 comes', async () => {
    const { ctx } = fakeContext({ token: 't', reply: target('10') });
    const r = await rateLimitBurstCollector.collect(ctx, {});
    expect(r.waitedMs).toBe(0);
    for (const b of r.bursts) {
      expect(b).toMatchObject({ planned: 40, sent: 40, stoppedBy: 'planned-exhausted' });
      expect(b.first429).toBeUndefined();
    }
  });

  it('falls back to security.maxBurstRequests when no limit is advertised', async () => {
    const { ctx } = fakeContext({ token: 't', reply: target(undefined), security: { maxBurstRequests: 25 } });
    const r = await rateLimitBurstCollector.collect(ctx, {});
    expect(r.bursts[0]).toMatchObject({ planned: 25, sent: 25, maxBurstRequests: 25, concurrency: 16 });
    expect(r.bursts[0]!.advertisedLimit).toBeUndefined();
  });

  it('bursts only the sampled clients under security.maxPlaces, the others reported as budget', async () => {
    const { ctx } = fakeContext({
      token: 't',
      reply: target('10', 15),
      security: { maxPlaces: { 'PSW-SEC-RES-002': 1 } },
    });
    const r = await rateLimitBurstCollector.collect(ctx, {});
    expect(r.bursts).toHaveLength(1);
    expect(r.notProbed).toHaveLength(2);
    expect(r.notProbed.every((n) => n.why === 'budget')).toBe(true);
  });
});
