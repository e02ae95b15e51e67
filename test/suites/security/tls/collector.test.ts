import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { ScopeError, TransportError } from '../../../../engine/errors.ts';
import { startWeakTlsServer, type WeakTlsServer } from '../../../../fixtures/tls/weak-servers.ts';
import { groupEndpoints, tlsScanCollector } from '../../../../suites/security/collectors/tls-scan.ts';
import { testContext, tlsTarget } from '../../../security/helpers.ts';

describe('TlsEndpoints collector', () => {
  let server: WeakTlsServer;
  let other: WeakTlsServer;
  beforeAll(async () => {
    server = await startWeakTlsServer('expiring-soon');
    other = await startWeakTlsServer('lifetime-399-days');
  });
  afterAll(async () => {
    await server.close();
    await other.close();
  });

  it('probes the one endpoint of API, token endpoint and portal once, with the target CA, keeping a text account', async () => {
    const target = { ...tlsTarget(server.origin, { ca: [server.caPem] }), portalUrl: `${server.origin}/portal/` };
    const ctx = testContext(target);
    const art = await tlsScanCollector.collect(ctx, {});
    expect(art.notServed).toEqual([]);
    expect(art.endpoints).toHaveLength(1);
    const [endpoint] = art.endpoints;
    expect(endpoint!.origins).toEqual(['api', 'token-endpoint', 'portal']);
    expect(endpoint!.scan).toMatchObject({
      source: 'node-tls',
      transport: 'tls',
      host: '127.0.0.1',
      port: server.port,
      reachable: true,
    });
    const scan = endpoint!.scan!;
    expect(scan.certificate?.trust.authorized).toBe(true);
    expect(scan.trustStore.extraCas).toBe(1);
    const evidence = ctx.evidence.get(scan.evidenceId!);
    expect(evidence).toMatchObject({ kind: 'text', label: `TLS scan of 127.0.0.1:${server.port}` });
    expect(evidence?.kind === 'text' && evidence.text).toContain('Protocol versions');
  });

  it('scans each distinct host:port once and says which origins it serves; no portal: not served', async () => {
    const target = {
      ...tlsTarget(server.origin, {
        ca: [server.caPem],
        allowedHosts: [`127.0.0.1:${server.port}`, `127.0.0.1:${other.port}`],
      }),
      tokenUrl: `${other.origin}/oauth/token`,
    };
    const art = await tlsScanCollector.collect(testContext(target), {});
    expect(art.notServed).toEqual(['portal']);
    expect(art.endpoints.map((e) => [e.origins, e.scan?.port])).toEqual([
      [['api'], server.port],
      [['token-endpoint'], other.port],
    ]);
  });

  it('an endpoint other than the API that cannot be scanned is recorded, not fatal', async () => {
    const target = {
      ...tlsTarget(server.origin, { ca: [server.caPem] }),
      portalUrl: 'https://portal.example/portal/',
    };
    const art = await tlsScanCollector.collect(testContext(target), {});
    expect(art.endpoints[1]).toMatchObject({ origins: ['portal'], failure: { code: 'ERR_SCOPE' } });
    expect(art.endpoints[1]!.scan).toBeUndefined();
  });

  it('groups by scheme, host and port', () => {
    const t = tlsTarget('https://psw.example');
    expect(groupEndpoints({ ...t, portalUrl: 'https://psw.example:443/portal/' }).groups).toHaveLength(1);
    expect(groupEndpoints({ ...t, portalUrl: 'https://portal.psw.example/' }).groups).toHaveLength(2);
  });

  it('refuses an API host outside allowedHosts before connecting', async () => {
    const ctx = testContext(tlsTarget(server.origin, { allowedHosts: ['psw.example'] }));
    await expect(tlsScanCollector.collect(ctx, {})).rejects.toBeInstanceOf(ScopeError);
    expect(ctx.evidence.items.size).toBe(0);
  });

  it('plain HTTP: a plaintext scan, nothing probed', async () => {
    const ctx = testContext(tlsTarget('http://127.0.0.1:9'));
    const { endpoints } = await tlsScanCollector.collect(ctx, {});
    expect(endpoints[0]!.scan).toMatchObject({ transport: 'plaintext', port: 9, handshakes: 0, protocols: [] });
    expect(endpoints[0]!.scan!.evidenceId).toBeDefined();
  });

  it('nothing listening on the API: a TransportError, with the evidence kept', async () => {
    const free = net.createServer();
    await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
    const port = (free.address() as AddressInfo).port;
    await new Promise<void>((r) => free.close(() => r()));
    const ctx = testContext(tlsTarget(`https://127.0.0.1:${port}`));
    const err = await tlsScanCollector.collect(ctx, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).code).toBe('ECONNREFUSED');
    expect(ctx.evidence.items.size).toBe(1);
  });
});
