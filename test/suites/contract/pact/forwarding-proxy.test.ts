// The loopback forwarding proxy: where a verifier path goes, which headers pass, and a real request
// through the scoped client to the reference single window (in scope, TLS verified, recorded).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  forwardedHeaders,
  locationThroughProxy,
  REDIRECT_PATH,
  startForwardingProxy,
  targetUrlFor,
  type ProxiedExchange,
} from '../../../../suites/contract/pact/forwarding-proxy.ts';
import { contextFor, startFixture, type FixtureServer } from '../../../helpers/fixture-harness.ts';

describe('targetUrlFor', () => {
  it.each([
    ['https://psw.example/api/v1', '/api/v1/port-calls?limit=2', 'https://psw.example/api/v1/port-calls?limit=2'],
    ['https://psw.example/api/v1/', '/api/v1/port-calls/x/cancel', 'https://psw.example/api/v1/port-calls/x/cancel'],
    ['https://member.example/psw/api/v1', '/api/v1/port-calls', 'https://member.example/psw/api/v1/port-calls'],
    ['https://member.example/psw/api/v1', '/.well-known/jwks.json', 'https://member.example/.well-known/jwks.json'],
    ['https://psw.example/api/v1', '/api/v10', 'https://psw.example/api/v10'],
  ])('%s + %s → %s', (base, path, want) => {
    expect(targetUrlFor(base, path)).toBe(want);
  });
});

describe('forwardedHeaders', () => {
  it('drops hop-by-hop headers and compression, keeps the rest lower-cased', () => {
    expect(
      forwardedHeaders({
        Host: '127.0.0.1:1',
        Connection: 'keep-alive',
        'Content-Length': '2',
        'Accept-Encoding': 'gzip',
        'If-Match': '"1"',
        Authorization: 'Bearer t',
        accept: ['a', 'b'] as unknown as string,
      }),
    ).toEqual({ 'if-match': '"1"', authorization: 'Bearer t', accept: 'a, b' });
  });
});

describe('startForwardingProxy against the reference', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixture('reference');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('forwards plain HTTP on loopback through the scoped client, with evidence', async () => {
    const ctx = await contextFor(server);
    const seen: ProxiedExchange[] = [];
    const proxy = await startForwardingProxy({
      http: ctx.http,
      apiBaseUrl: ctx.target.apiBaseUrl,
      label: () => 'proxy test',
      onExchange: (e) => seen.push(e),
    });
    try {
      expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const token = await ctx.auth.token('agentA');
      const res = await fetch(`${proxy.url}/api/v1/port-calls?limit=1`, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { items: unknown[] }).items).toBeInstanceOf(Array);
      const noToken = await fetch(`${proxy.url}/api/v1/port-calls`);
      expect(noToken.status).toBe(401);
      expect(seen.map((e) => [e.method, e.path, e.status])).toEqual([
        ['GET', '/api/v1/port-calls?limit=1', 200],
        ['GET', '/api/v1/port-calls', 401],
      ]);
      const ev = ctx.evidenceStore.get(seen[0]!.evidenceId!);
      expect(ev).toMatchObject({
        kind: 'http',
        label: 'proxy test',
        request: { url: `${ctx.target.apiBaseUrl}/port-calls?limit=1` },
      });
      expect(JSON.stringify(ev)).not.toContain(token);
    } finally {
      await proxy.close();
      await ctx.close();
    }
  });

  it('answers 502 and records why when the scoped client refuses (out of scope)', async () => {
    const ctx = await contextFor(server);
    const seen: ProxiedExchange[] = [];
    // A base URL outside the allowed hosts: the client refuses before sending anything.
    const proxy = await startForwardingProxy({
      http: ctx.http,
      apiBaseUrl: 'https://elsewhere.example/api/v1',
      label: () => 'scope',
      onExchange: (e) => seen.push(e),
    });
    try {
      const res = await fetch(`${proxy.url}/api/v1/port-calls`);
      expect(res.status).toBe(502);
      expect(seen[0]?.error).toMatch(/allowed hosts/);
    } finally {
      await proxy.close();
      await ctx.close();
    }
  });
});

describe('redirects lead back through the proxy', () => {
  const proxy = 'http://127.0.0.1:4000';
  const from = 'https://psw.example.org/api/v1/port-calls';
  it.each([
    ['an absolute redirect off scope', 302, 'http://evil.example/steal', 'http://evil.example/steal'],
    ['a protocol-relative redirect', 307, '//evil.example/x', 'https://evil.example/x'],
    ['an absolute redirect on the target', 301, 'https://psw.example.org/api/v1/x', 'https://psw.example.org/api/v1/x'],
  ])('%s is rewritten to the proxy, carrying its destination', (_name, status, location, destination) => {
    const rewritten = new URL(locationThroughProxy(location, status, from, proxy));
    expect(rewritten.origin).toBe(proxy);
    expect(rewritten.pathname).toBe(REDIRECT_PATH);
    expect(rewritten.searchParams.get('to')).toBe(destination);
  });

  it.each([
    ['a relative redirect (already resolves against the proxy)', 302, '/api/v1/other'],
    [
      'the Location of a 201 (not followed; pacts match it as sent)',
      201,
      'https://psw.example.org/api/v1/port-calls/1',
    ],
  ])('%s is left as sent', (_name, status, location) => {
    expect(locationThroughProxy(location, status, from, proxy)).toBe(location);
  });
});
