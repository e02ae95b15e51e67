// The scoped client against hostile loopback servers: Retry-After beyond the cap is not slept through,
// and a target that stops answering is declared unresponsive after N timeouts in a row.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RateLimitedError, TargetUnresponsiveError, TransportError } from '../../engine/errors.ts';
import { MemoryEvidenceStore } from '../../engine/evidence.ts';
import { retryAfterMs, ScopedHttpClient } from '../../engine/http.ts';
import type { Target } from '../../engine/target.ts';

const servers: Server[] = [];
const clients: ScopedHttpClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

async function serve(handler: (path: string, res: ServerResponse) => void): Promise<{ base: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`.trim());
    handler(req.url ?? '/', res);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

function client(base: string, opts: Partial<ConstructorParameters<typeof ScopedHttpClient>[0]> = {}) {
  const url = new URL(base);
  const target: Target = {
    name: 't',
    kind: 'remote',
    apiBaseUrl: `${base}/api/v1`,
    tokenUrl: `${base}/oauth/token`,
    jwksUrl: '',
    allowedHosts: [url.host],
    ca: [],
    credentials: {},
    notes: [],
  };
  const c = new ScopedHttpClient({
    target,
    evidence: new MemoryEvidenceStore(),
    token: async (role) => `token-of-${role}`,
    ...opts,
  });
  clients.push(c);
  return c;
}

describe('Retry-After', () => {
  it.each([
    ['120', 120_000],
    ['0', 0],
    ['soon', undefined],
  ])('%s → %s ms', (value, ms) => expect(retryAfterMs(value)).toBe(ms));

  it('an HTTP-date is measured from now', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('Thu, 01 Jan 2026 00:01:00 GMT', now)).toBe(60_000);
  });

  it('beyond the cap: not slept through; that client sends nothing more until then, others still may', async () => {
    const { base, hits } = await serve((_p, res) => {
      res.writeHead(429, { 'retry-after': '3600' }).end();
    });
    const c = client(base, { maxRetryAfterMs: 30_000 });
    await expect(c.request({ method: 'GET', url: '/x', as: 'agentA' })).rejects.toBeInstanceOf(RateLimitedError);
    await expect(c.request({ method: 'GET', url: '/y', as: 'agentA' })).rejects.toThrow(/3600 s.*beyond the 30 s/);
    expect(hits).toEqual(['GET /api/v1/x Bearer token-of-agentA']);
    await expect(c.request({ method: 'GET', url: '/z', as: 'agentB' })).rejects.toBeInstanceOf(RateLimitedError);
    expect(hits).toHaveLength(2);
  });

  it('within the cap: waited out and retried', async () => {
    let n = 0;
    const { base, hits } = await serve((_p, res) => {
      if (n++ === 0) res.writeHead(429, { 'retry-after': '0' }).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    const ex = await client(base).request({ method: 'GET', url: '/x' });
    expect(ex.status).toBe(200);
    expect(hits).toHaveLength(2);
  });
});

describe('a target that stops answering', () => {
  const silent = (_p: string, _res: ServerResponse) => undefined;
  const dripping = (_p: string, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    const t = setInterval(() => res.write('.'), 50);
    res.on('close', () => clearInterval(t));
  };

  it.each([
    ['never answers', silent],
    ['drips its body forever', dripping],
  ])('%s: declared unresponsive after 3 timeouts in a row; nothing is sent after that', async (_name, handler) => {
    const { base, hits } = await serve(handler);
    const declared: string[] = [];
    const c = client(base, { requestTimeoutMs: 300, unresponsiveAfter: 3, onUnresponsive: (m) => declared.push(m) });
    for (let i = 0; i < 3; i++)
      await expect(c.request({ method: 'GET', url: `/r${i}` })).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(declared).toHaveLength(1);
    expect(declared[0]).toMatch(/3 requests in a row timed out/);
    await expect(c.request({ method: 'GET', url: '/after' })).rejects.toBeInstanceOf(TargetUnresponsiveError);
    expect(hits).toHaveLength(3);
    expect(c.unresponsive()).toBe(declared[0]);
  });

  it('an answer between timeouts resets the count', async () => {
    const { base } = await serve((p, res) => (p.endsWith('/ok') ? res.end('ok') : undefined));
    const declared: string[] = [];
    const c = client(base, { requestTimeoutMs: 200, unresponsiveAfter: 2, onUnresponsive: (m) => declared.push(m) });
    await expect(c.request({ method: 'GET', url: '/slow' })).rejects.toBeInstanceOf(TransportError);
    await c.request({ method: 'GET', url: '/ok' });
    await expect(c.request({ method: 'GET', url: '/slow' })).rejects.toBeInstanceOf(TransportError);
    expect(declared).toEqual([]);
  });

  it('a request cancelled by its caller is not a timeout of the target', async () => {
    const { base } = await serve(silent);
    const declared: string[] = [];
    const c = client(base, { requestTimeoutMs: 5_000, unresponsiveAfter: 1, onUnresponsive: (m) => declared.push(m) });
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('collector budget spent')), 50);
    await expect(c.request({ method: 'GET', url: '/x', signal: ac.signal })).rejects.toThrow(/collector budget spent/);
    expect(declared).toEqual([]);
  });
});
