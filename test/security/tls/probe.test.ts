import net from 'node:net';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeakTlsServer, type WeakTlsServer } from '../../../fixtures/tls/weak-servers.ts';
import { serverTlsOptions } from '../../../fixtures/tls/server-options.ts';
import { describeScan } from '../../../security/tls/describe.ts';
import { probeTls } from '../../../security/tls/probe.ts';
import { WEAK_SUITES } from '../../../security/tls/suites.ts';

const statusOf = (scan: Awaited<ReturnType<typeof probeTls>>) =>
  Object.fromEntries(scan.protocols.map((p) => [p.version, p.status]));
const acceptedSuites = (scan: Awaited<ReturnType<typeof probeTls>>) =>
  scan.cipherSuites
    .filter((s) => s.status === 'accepted')
    .map((s) => s.suite)
    .sort();

describe('probeTls against a modern server', () => {
  let server: https.Server;
  let port: number;
  let caPem: string;
  beforeAll(async () => {
    const o = serverTlsOptions(new Set());
    caPem = o.caPem;
    server = https.createServer(o, (_req, res) => res.end('{}'));
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('sees TLS 1.2 and 1.3 only, no weak suite, a trusted RSA 2048 leaf', async () => {
    const scan = await probeTls({
      host: '127.0.0.1',
      port,
      extraCa: [caPem],
      now: () => new Date('2026-01-01T00:00:00Z'),
    });
    expect(scan).toMatchObject({
      source: 'node-tls',
      transport: 'tls',
      reachable: true,
      servername: null,
      scannedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(statusOf(scan)).toEqual({
      TLSv1: 'rejected',
      'TLSv1.1': 'rejected',
      'TLSv1.2': 'accepted',
      'TLSv1.3': 'accepted',
    });
    expect(scan.protocols.find((p) => p.version === 'TLSv1.2')?.cipherIana).toMatch(
      /^TLS_ECDHE_RSA_WITH_.*(GCM|POLY1305)/,
    );
    expect(acceptedSuites(scan)).toEqual([]);
    expect(scan.cipherSuites).toHaveLength(WEAK_SUITES.length);
    // Suites this OpenSSL lacks are recorded as not tested, never as refused.
    for (const s of scan.cipherSuites) expect(['rejected', 'not-tested']).toContain(s.status);
    expect(scan.certificate?.trust).toEqual({ authorized: true, error: null });
    expect(scan.certificate?.hostname).toEqual({ name: '127.0.0.1', matches: true, error: null });
    expect(scan.certificate?.chain[0]).toMatchObject({ keyType: 'RSA', keyBits: 2048, isCa: false });
    expect(scan.trustStore).toEqual({ system: true, extraCas: 1 });
    expect(scan.handshakes).toBe(1 + 4 + WEAK_SUITES.length);
    expect(JSON.parse(JSON.stringify(scan))).toEqual(scan); // plain JSON
  });

  it('without the test CA in the trust set the chain is not verified', async () => {
    const scan = await probeTls({ host: '127.0.0.1', port, suites: [] });
    expect(scan.certificate?.trust.authorized).toBe(false);
    expect(scan.certificate?.trust.error).toBe('SELF_SIGNED_CERT_IN_CHAIN');
  });

  it('sends SNI and checks the name for a DNS host', async () => {
    const scan = await probeTls({ host: '127.0.0.1', port, servername: 'localhost', extraCa: [caPem], suites: [] });
    expect(scan.servername).toBe('localhost');
    expect(scan.certificate?.hostname).toMatchObject({ name: 'localhost', matches: true });
  });

  it('describes the scan in text', async () => {
    const text = describeScan(await probeTls({ host: '127.0.0.1', port, extraCa: [caPem] }));
    expect(text).toContain('TLSv1.2');
    expect(text).toContain('-----BEGIN CERTIFICATE-----');
  });
});

describe('probeTls against weak servers', () => {
  const servers: WeakTlsServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  const start = async (kind: Parameters<typeof startWeakTlsServer>[0]) => {
    const s = await startWeakTlsServer(kind);
    servers.push(s);
    return s;
  };

  it('tls-1-0: TLS 1.0 and 1.1 accepted with CBC suites', async () => {
    const s = await start('tls-1-0');
    const scan = await probeTls({ host: s.host, port: s.port, extraCa: [s.caPem] });
    expect(statusOf(scan)).toEqual({
      TLSv1: 'accepted',
      'TLSv1.1': 'accepted',
      'TLSv1.2': 'accepted',
      'TLSv1.3': 'accepted',
    });
    expect(scan.protocols[0]?.cipherIana).toMatch(/_CBC_SHA$/);
  });

  it('weak-ciphers: static RSA and CBC suites accepted', async () => {
    const s = await start('weak-ciphers');
    const scan = await probeTls({ host: s.host, port: s.port, extraCa: [s.caPem] });
    expect(acceptedSuites(scan)).toEqual(['AES128-GCM-SHA256', 'AES128-SHA', 'AES256-SHA', 'ECDHE-RSA-AES128-SHA']);
    expect(scan.cipherSuites.find((x) => x.suite === 'AES128-SHA')).toMatchObject({
      category: 'no-forward-secrecy',
      version: 'TLSv1.2',
    });
  });

  it('rsa-1024: the small key is still fetched (client SECLEVEL 0)', async () => {
    const s = await start('rsa-1024');
    const scan = await probeTls({ host: s.host, port: s.port, extraCa: [s.caPem], suites: [] });
    expect(scan.certificate?.chain[0]).toMatchObject({ keyType: 'RSA', keyBits: 1024 });
    expect(statusOf(scan)['TLSv1.2']).toBe('accepted');
  });

  it('expired: date error, chain otherwise trusted', async () => {
    const s = await start('expired');
    const scan = await probeTls({ host: s.host, port: s.port, extraCa: [s.caPem], suites: [] });
    expect(scan.certificate?.trust).toEqual({
      authorized: false,
      error: 'CERT_HAS_EXPIRED',
      trustedIgnoringDates: true,
    });
  });

  it('self-signed and wrong-host', async () => {
    const self = await start('self-signed');
    const wrong = await start('wrong-host');
    const a = await probeTls({ host: self.host, port: self.port, extraCa: [self.caPem], suites: [] });
    const b = await probeTls({ host: wrong.host, port: wrong.port, extraCa: [wrong.caPem], suites: [] });
    expect(a.certificate?.trust.error).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(a.certificate?.chain).toHaveLength(1);
    expect(b.certificate?.trust.authorized).toBe(true);
    expect(b.certificate?.hostname).toEqual({
      name: '127.0.0.1',
      matches: false,
      error: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
  });
});

describe('probeTls failure modes are recorded, not thrown', () => {
  it('connection refused', async () => {
    // A port that was just free: bind, read it, close.
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const scan = await probeTls({ host: '127.0.0.1', port });
    expect(scan).toMatchObject({ reachable: false, handshakes: 1, protocols: [], certificate: null });
    expect(scan.failure?.code).toBe('ECONNREFUSED');
  });

  it('a TCP server that never answers: bounded by the handshake timeout', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((sock) => sockets.add(sock));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as AddressInfo).port;
    try {
      // One timer covers connect and handshake: long enough that a busy machine still connects (at 200 ms
      // a loaded run once saw the timer fire before 'connect' was handled: reachable false).
      const scan = await probeTls({ host: '127.0.0.1', port, timeoutMs: 3000 });
      expect(scan).toMatchObject({ reachable: true, handshakes: 1, protocols: [], certificate: null });
      expect(scan.failure?.code).toBe('ETIMEDOUT');
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it('a server that closes every connection: rejected, not error', async () => {
    const closer = net.createServer((sock) => sock.destroy());
    await new Promise<void>((r) => closer.listen(0, '127.0.0.1', r));
    const port = (closer.address() as AddressInfo).port;
    try {
      const scan = await probeTls({ host: '127.0.0.1', port, suites: WEAK_SUITES.slice(0, 2) });
      expect(scan.reachable).toBe(true);
      expect(scan.protocols.map((p) => p.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
      expect(scan.certificate).toBeNull();
    } finally {
      await new Promise<void>((r) => closer.close(() => r()));
    }
  });

  it('an aborted signal stops before connecting', async () => {
    const ac = new AbortController();
    ac.abort();
    const scan = await probeTls({ host: '127.0.0.1', port: 9, signal: ac.signal });
    expect(scan.reachable).toBe(false);
    expect(scan.failure?.code).toBe('ABORT_ERR');
  });
});
