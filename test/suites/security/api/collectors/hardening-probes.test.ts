import { describe, expect, it } from 'vitest';
import { derivePlaces } from '../../../../../contracts/plan/index.ts';
import { loadProfile } from '../../../../../engine/profile.ts';
import {
  hardeningProbesCollector,
  oversizedForm,
  oversizedJson,
  undocumentedMethodTargets,
} from '../../../../../suites/security/collectors/hardening-probes.ts';
import { profileOpenApi } from '../../../../../suites/contract/operations.ts';
import { PC } from '../builders.ts';
import { BASE, fakeContext, type Reply, type Sent } from '../fake-context.ts';

describe('HardeningProbes helpers', () => {
  it('targets every undocumented-method place on our own port call and the identity endpoints, DELETE last', async () => {
    const model = await profileOpenApi(loadProfile('default'));
    const places = derivePlaces(model, { id: 'PSW-SEC-HDR-004', appliesTo: [{ kind: 'undocumented-method' }] });
    const api = 'https://h.example/psw/api/v1';
    const targets = undocumentedMethodTargets(model, api, PC, places);
    const item = `${api}/port-calls/${PC}`;
    // One request per method and URL; each place is covered by exactly one.
    expect(new Set(targets.map((t) => `${t.method} ${t.url}`)).size).toBe(targets.length);
    expect(targets.flatMap((t) => t.placeIds).sort()).toEqual(places.map((p) => p.id).sort());
    expect(targets.filter((t) => t.url === item).map((t) => t.method)).toEqual(['POST', 'PATCH', 'DELETE']);
    expect(targets.some((t) => t.url === `${item}/cancel` && t.method === 'POST')).toBe(false);
    expect(targets.filter((t) => t.url === `${item}/formalities/crew-list`).map((t) => t.method)).toEqual([
      'PUT',
      'PATCH',
      'DELETE',
    ]);
    // The document's /api/v1 is the member's API base; the identity endpoints stay at the origin.
    expect(targets.some((t) => t.url === 'https://h.example/oauth/token' && t.method === 'GET')).toBe(true);
    expect(targets.some((t) => t.url === `${api}/port-calls` && t.method === 'DELETE')).toBe(true);
    const deletes = targets.findIndex((t) => t.method === 'DELETE');
    expect(targets.slice(deletes).every((t) => t.method === 'DELETE')).toBe(true);
    expect(targets.every((t) => !['TRACE', 'CONNECT', 'HEAD', 'OPTIONS'].includes(t.method))).toBe(true);
  });

  it('oversizedJson and oversizedForm build bodies of exactly the size asked', () => {
    const buf = oversizedJson(2 * 1024 * 1024);
    expect(buf.length).toBe(2 * 1024 * 1024);
    expect(() => JSON.parse(buf.toString('utf8'))).not.toThrow();
    expect(() => oversizedJson(10)).toThrow(RangeError);
    const form = oversizedForm(4096);
    expect(form.length).toBe(4096);
    expect(new URLSearchParams(form.toString('utf8')).get('grant_type')).toBe('client_credentials');
  });
});

describe('HardeningProbes collector', () => {
  const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
  function target() {
    return (req: Sent): Reply => {
      const path = req.url.replace(/^https:\/\/127\.0\.0\.1:9443/, '');
      if (req.method === 'POST' && path === '/api/v1/port-calls' && !(req.body instanceof Buffer))
        return { status: 201, json: { portCallId: ID }, headers: { etag: '"1"' } };
      if (req.body instanceof Buffer) return { status: 413, json: { status: 413 } };
      if (req.method === 'OPTIONS') return { status: 405, headers: { allow: 'GET' }, json: { status: 405 } };
      if (req.method === 'GET' && !/\/(cancel|arrival|departure|clearance|token|edifact)$/.test(path))
        return { status: 200, json: { portCallId: ID, items: [] } };
      return { status: 405, headers: { allow: 'GET' }, json: { status: 405 } };
    };
  }

  it('sends a preflight and a request from both origins for every authenticated operation', async () => {
    const { ctx, sent } = fakeContext({ token: 't', reply: target() });
    const h = await hardeningProbesCollector.collect(ctx, {});
    expect(h.cors.places).toHaveLength(68);
    expect(h.cors.probes).toHaveLength(68);
    const preflights = sent.filter((s) => s.method === 'OPTIONS');
    expect(preflights).toHaveLength(34);
    expect(preflights.every((s) => s.as === undefined && s.headers['access-control-request-method'])).toBe(true);
    expect(new Set(sent.filter((s) => s.headers.origin).map((s) => s.headers.origin))).toEqual(
      new Set(['https://evil.example', 'null']),
    );
    const requests = sent.filter((s) => s.headers.origin && s.method !== 'OPTIONS');
    expect(requests.every((s) => s.as === 'agentA')).toBe(true);
    // Writes carry an empty object: refused, they act on nothing.
    expect(requests.filter((s) => s.method !== 'GET').every((s) => JSON.stringify(s.body) === '{}')).toBe(true);
  });

  it('sends an oversized body to every operation that takes one, in its documented media type', async () => {
    const { ctx, sent } = fakeContext({ token: 't', reply: target() });
    const h = await hardeningProbesCollector.collect(ctx, {});
    expect(h.bodySize.probes?.map((p) => p.placeId)).toHaveLength(14);
    expect(h.bodySize.probes?.every((p) => p.status === 413)).toBe(true);
    const big = sent.filter((s) => s.body instanceof Buffer);
    // One byte over the profile's 1 MiB: the smallest body the requirement says must be refused.
    expect(big.every((s) => (s.body as Buffer).length === 1024 * 1024 + 1)).toBe(true);
    const token = big.find((s) => s.url.endsWith('/oauth/token'))!;
    expect(token.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(token.as).toBeUndefined();
    expect(big.find((s) => s.url.endsWith('/formalities/waste'))?.headers['content-type']).toBe('application/json');
    // A text body in its own media type: sent as JSON it would meet the 415 before the size limit.
    expect(big.find((s) => s.url.endsWith('/edifact'))?.headers['content-type']).toBe('application/edifact');
    expect(h.bodySize.probe.url).toBe(`${BASE}/port-calls`);
  });

  it('submits a formality for the method probes to find, and reads the port call before and after', async () => {
    const { ctx, sent } = fakeContext({ token: 't', reply: target() });
    const h = await hardeningProbesCollector.collect(ctx, {});
    // 4 more: GET, PUT, PATCH and DELETE on /api/v1/edifact.
    expect(h.methodPlaces?.places).toHaveLength(63);
    expect(h.methodPlaces?.notProbed).toEqual([]);
    expect(h.methods.every((m) => m.status === 405)).toBe(true);
    expect(
      sent.some((s) => s.method === 'POST' && s.url === `${BASE}/port-calls/${ID}/formalities/general-declaration`),
    ).toBe(true);
    expect(h.methodPlaces?.effects.map((e) => [e.beforeStatus, e.afterStatus, e.changed])).toEqual([
      [200, 200, []],
      [200, 200, []],
    ]);
  });
});
