// The AuthzProbes collector against a scripted target: who sends what at which place, and what counts
// as a leak.
import { describe, expect, it } from 'vitest';
import { authzProbesCollector } from '../../../../../suites/security/collectors/authz-probes.ts';
import { BASE, fakeContext, type Reply, type Sent } from '../fake-context.ts';

const READ_ONLY = ['portCallId', 'tenant', 'status', 'ata', 'atd', 'clearance', 'createdAt', 'updatedAt', 'version'];
const tenantOf = (as: string | undefined) =>
  as === 'agentB' ? 'tenant-b' : as === 'agentA' ? 'tenant-a' : 'authority';

/**
 * A reference-like target: each agent sees its own tenant's port calls (404 otherwise, echoing the
 * path as `instance`), the authority sees all, read-only members get 400 at their pointer, agents get
 * 403 on clearance. `leakShipTo404` names the ship in 404s; `listAll` lists every tenant's to agents.
 */
function target(opts: { leakShipTo404?: boolean; listAll?: boolean } = {}) {
  let n = 0;
  const stored = new Map<string, Record<string, unknown>>();
  const formalities = new Map<string, Record<string, unknown>>();
  return (req: Sent): Reply => {
    const path = req.url.slice(BASE.length);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const readOnly = READ_ONLY.filter((f) => f in body);
    if (readOnly.length > 0 && (path === '/port-calls' || req.method === 'PUT'))
      return { status: 400, json: { status: 400, errors: readOnly.map((f) => ({ pointer: `/${f}` })) } };
    if (req.method === 'POST' && path === '/port-calls') {
      const id = `0f8fad5b-d9cb-469f-a165-${String(++n).padStart(12, '0')}`;
      stored.set(id, {
        portCallId: id,
        tenant: tenantOf(req.as),
        status: 'notified',
        clearance: null,
        version: 1,
        ...body,
      });
      return { status: 201, json: { portCallId: id }, headers: { etag: '"1"' } };
    }
    if (path.startsWith('/port-calls?')) {
      const items = [...stored.values()].filter(
        (pc) => req.as === 'authority' || opts.listAll || pc.tenant === tenantOf(req.as),
      );
      return { status: 200, json: { items, nextCursor: null } };
    }
    const id = /^\/port-calls\/([^/?]+)/.exec(path)?.[1] ?? '';
    const pc = stored.get(id);
    if (!pc) return { status: 404, json: { status: 404 } };
    if (path.endsWith('/clearance')) return { status: req.as === 'authority' ? 200 : 403, json: {} };
    if (req.as !== 'authority' && pc.tenant !== tenantOf(req.as)) {
      const ship = opts.leakShipTo404 ? ` (${(pc.ship as { name: string }).name})` : '';
      return { status: 404, json: { status: 404, detail: `no port call${ship}`, instance: `/api/v1${path}` } };
    }
    const formality = /\/formalities\/([^/]+)$/.exec(path)?.[1];
    if (formality && req.method === 'POST') {
      formalities.set(`${id}/${formality}`, { formalityType: formality, receiptId: `r${++n}` });
      return { status: 201, json: {} };
    }
    if (formality) {
      const f = formalities.get(`${id}/${formality}`);
      return f ? { status: 200, json: f } : { status: 404, json: {} };
    }
    if (path.endsWith('/formalities'))
      return {
        status: 200,
        json: { items: [...formalities].filter(([k]) => k.startsWith(id)).map(([, v]) => v) },
      };
    if (req.method === 'PUT') return { status: 200, json: {}, headers: { etag: '"2"' } };
    if (req.method === 'POST') return { status: 200, json: pc };
    return { status: 200, json: pc, headers: { etag: '"1"' } };
  };
}

describe('AuthzProbes collector', () => {
  it('goes through every tenant place in both directions, each actor with its own data, the owners reading back', async () => {
    const { ctx, sent } = fakeContext({ token: 't', reply: target() });
    const { tenant } = await authzProbesCollector.collect(ctx, {});
    expect(tenant.places).toHaveLength(38);
    expect(tenant.notProbed).toEqual([]);
    expect(tenant.attempts).toHaveLength(38);
    expect(new Set(tenant.attempts.map((a) => `${a.actor}→${a.owner}`))).toEqual(
      new Set(['agentA→agentB', 'agentB→agentA']),
    );
    for (const a of tenant.attempts)
      expect([a.placeId, a.status]).toEqual([a.placeId, a.access === 'list' ? 200 : 404]);
    expect(tenant.attempts.every((a) => a.leaked.length === 0 && (a.foreignItems ?? 0) === 0)).toBe(true);
    // Reads and the list first, writes after.
    const kinds = tenant.attempts.map((a) => (a.access === 'write' ? 'w' : 'r')).join('');
    expect(kinds).toMatch(/^r+w+$/);
    // B's update of A's port call carries A's ETag; nothing B sends carries a ship of A's.
    const fromB = sent.filter((s) => s.as === 'agentB' && s.url.includes('/port-calls/'));
    expect(fromB.find((s) => s.method === 'PUT')?.headers['if-match']).toBe('"1"');
    const shipsOfA = sent
      .filter((s) => s.as === 'agentA' && s.method === 'POST' && s.url === `${BASE}/port-calls`)
      .map((s) => (s.body as { ship: { name: string } }).ship.name);
    expect(shipsOfA.length).toBeGreaterThan(0);
    const bodiesOfB = JSON.stringify(sent.filter((s) => s.as === 'agentB').map((s) => s.body));
    for (const name of shipsOfA) expect(bodiesOfB).not.toContain(name);
    // Each owner submitted every formality type first, and read its data before and after.
    const submits = sent.filter((s) => s.method === 'POST' && /\/formalities\//.test(s.url));
    expect(submits.filter((s) => s.as === 'agentA').length).toBeGreaterThanOrEqual(6);
    expect(tenant.ownerReads.filter((r) => r.owner === 'agentA')).toHaveLength(8);
    expect(
      tenant.ownerReads.every((r) => r.beforeStatus === 200 && r.afterStatus === 200 && r.changed.length === 0),
    ).toBe(true);
    expect(tenant.authority.map((r) => [r.owner, r.read?.status, r.listed]).sort()).toEqual([
      ['agentA', 200, true],
      ['agentB', 200, true],
    ]);
  });

  it("counts the owner's ship name in a 404 as a leak, but not the portCallId the actor sent itself", async () => {
    const { ctx } = fakeContext({ token: 't', reply: target({ leakShipTo404: true }) });
    const { tenant } = await authzProbesCollector.collect(ctx, {});
    expect(tenant.attempts.find((t) => t.placeId === 'getPortCall agentB→agentA')?.leaked).toEqual(['shipName']);
    expect(tenant.attempts.find((t) => t.placeId === 'listPortCalls agentB→agentA')?.leaked).toEqual([]);
  });

  it("counts another tenant's items in an agent's list", async () => {
    const { ctx } = fakeContext({ token: 't', reply: target({ listAll: true }) });
    const { tenant } = await authzProbesCollector.collect(ctx, {});
    const list = tenant.attempts.find((t) => t.placeId === 'listPortCalls agentB→agentA')!;
    expect(list.foreignItems).toBeGreaterThan(0);
    expect(list.leaked).toContain('portCallId');
  });

  it('calls the authority-only operation as each agent, on its own and on the other tenant’s port call', async () => {
    const { ctx, sent } = fakeContext({ token: 't', reply: target() });
    const { roles } = await authzProbesCollector.collect(ctx, {});
    expect(roles.attempts.map((a) => [a.placeId, a.actor, a.owner, a.status, a.clearanceAfter])).toEqual([
      ['decideClearance as agentA', 'agentA', 'agentA', 403, null],
      ["decideClearance as agentA on agentB's", 'agentA', 'agentB', 403, null],
      ['decideClearance as agentB', 'agentB', 'agentB', 403, null],
      ["decideClearance as agentB on agentA's", 'agentB', 'agentA', 403, null],
    ]);
    expect(sent.filter((s) => s.url.endsWith('/clearance')).every((s) => s.as !== 'authority')).toBe(true);
  });

  it('sends each read-only member alone in create and update bodies, with an update control', async () => {
    const { ctx, sent } = fakeContext({ token: 't', reply: target() });
    const { readOnly } = await authzProbesCollector.collect(ctx, {});
    expect(readOnly.probes.map((p) => p.placeId)).toHaveLength(18);
    expect(readOnly.probes.every((p) => p.status === 400 && p.pointers?.[0] === `/${p.field}`)).toBe(true);
    expect(readOnly.probes.filter((p) => p.kind === 'update').every((p) => p.stored?.status === 200)).toBe(true);
    expect(readOnly.updateControl?.status).toBe(200);
    const portCallBodies = sent.filter((s) => s.url === `${BASE}/port-calls` || s.method === 'PUT');
    const withAtd = portCallBodies.filter((s) => typeof s.body === 'object' && s.body !== null && 'atd' in s.body);
    expect(withAtd.map((s) => s.method).sort()).toEqual(['POST', 'PUT']);
  });

  it('records planned places it cannot reach for want of credentials as not exposed', async () => {
    const { ctx } = fakeContext({ token: 't', reply: target() });
    delete ctx.target.credentials.agentB;
    const { tenant, roles } = await authzProbesCollector.collect(ctx, {});
    expect(tenant.attempts).toHaveLength(0);
    expect(tenant.notProbed).toHaveLength(38);
    expect(tenant.notProbed.every((n) => n.why === 'not-exposed')).toBe(true);
    expect(roles.notProbed.map((n) => n.why)).toEqual(['not-exposed', 'not-exposed', 'not-exposed']);
  });
});
