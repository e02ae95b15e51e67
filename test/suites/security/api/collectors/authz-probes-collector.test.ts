// The AuthzProbes collector against a scripted target: who sends what, and what counts as a leak.
import { describe, expect, it } from 'vitest';
import { authzProbesCollector } from '../../../../../suites/security/collectors/authz-probes.ts';
import { BASE, fakeContext, type Reply, type Sent } from '../fake-context.ts';

/** A reference-like target: 404 to tenant B (echoing the path as `instance`), 400 to read-only fields, 403 to agents' clearance. */
function target(opts: { leakShipTo404?: boolean } = {}) {
  let n = 0;
  const stored = new Map<string, Record<string, unknown>>();
  return (req: Sent): Reply => {
    const path = req.url.slice(BASE.length);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const readOnly = ['status', 'tenant', 'clearance', 'portCallId', 'version'].some((f) => f in body);
    if (req.method === 'POST' && path === '/port-calls') {
      if (readOnly) return { status: 400, json: { status: 400 } };
      const id = `0f8fad5b-d9cb-469f-a165-${String(++n).padStart(12, '0')}`;
      stored.set(id, { portCallId: id, tenant: req.as, status: 'notified', clearance: null, version: 1, ...body });
      return { status: 201, json: { portCallId: id }, headers: { etag: '"1"' } };
    }
    const id = /^\/port-calls\/([^/?]+)/.exec(path)?.[1] ?? '';
    const pc = stored.get(id);
    if (req.as === 'agentB') {
      if (path.startsWith('/port-calls?')) return { status: 200, json: { items: [], nextCursor: null } };
      const ship = opts.leakShipTo404 ? ` (${(pc?.ship as { name: string }).name})` : '';
      return { status: 404, json: { status: 404, detail: `no port call${ship}`, instance: `/api/v1${path}` } };
    }
    if (path.endsWith('/clearance')) return { status: req.as === 'authority' ? 200 : 403, json: {} };
    if (path.endsWith('/formalities')) return { status: 200, json: { items: [] } };
    if (req.method === 'PUT')
      return readOnly ? { status: 400, json: {} } : { status: 200, json: {}, headers: { etag: '"2"' } };
    return pc ? { status: 200, json: pc, headers: { etag: '"1"' } } : { status: 404, json: {} };
  };
}

describe('AuthzProbes collector', () => {
  it("sends tenant B's six attempts as agentB, the update with A's ETag, and reads A's port call back", async () => {
    const { ctx, sent } = fakeContext({ token: 't', reply: target() });
    const a = await authzProbesCollector.collect(ctx, {});
    expect(a.crossTenant.map((t) => [t.action, t.status, t.leaked])).toEqual([
      ['read', 404, []],
      ['list', 200, []],
      ['update', 404, []],
      ['formality', 404, []],
      ['arrival', 404, []],
      ['cancel', 404, []],
    ]);
    const fromB = sent.filter((s) => s.as === 'agentB');
    expect(fromB.filter((s) => s.method !== 'GET').every((s) => s.url.includes(a.owner.portCallId))).toBe(true);
    expect(fromB.find((s) => s.method === 'PUT')?.headers['if-match']).toBe('"1"');
    expect(JSON.stringify(fromB.map((s) => s.body))).not.toContain(a.owner.shipName); // B sends none of A's data
    expect(a.ownerView).toMatchObject({ beforeStatus: 200, afterStatus: 200, changed: [], formalities: { count: 0 } });
    expect(a.clearance).toMatchObject({ status: 403, clearanceAfter: null, readStatus: 200 });
    expect(sent.find((s) => s.url.endsWith('/clearance'))?.as).toBe('agentA');
    expect(a.readOnly.map((p) => `${p.operationId}:${p.field}:${p.status}`)).toHaveLength(10);
    expect(a.readOnly.every((p) => p.status === 400)).toBe(true);
    expect(a.updateControl?.status).toBe(200);
  });

  it("counts A's ship name in a 404 as a leak, but not the portCallId B sent itself", async () => {
    const { ctx } = fakeContext({ token: 't', reply: target({ leakShipTo404: true }) });
    const a = await authzProbesCollector.collect(ctx, {});
    expect(a.crossTenant.find((t) => t.action === 'read')?.leaked).toEqual(['shipName']);
    expect(a.crossTenant.find((t) => t.action === 'list')?.leaked).toEqual([]);
  });
});
