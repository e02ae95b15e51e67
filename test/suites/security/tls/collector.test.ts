import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { ScopeError, TransportError } from '../../../../engine/errors.ts';
import { startWeakTlsServer, type WeakTlsServer } from '../../../../fixtures/tls/weak-servers.ts';
import { tlsScanCollector } from '../../../../suites/security/collectors/tls-scan.ts';
import { testContext, tlsTarget } from '../../../security/helpers.ts';

describe('TlsScan collector', () => {
  let server: WeakTlsServer;
  beforeAll(async () => {
    server = await startWeakTlsServer('expiring-soon');
  });
  afterAll(() => server.close());

  it('probes the API host with the target CA and keeps a text account as evidence', async () => {
    const ctx = testContext(tlsTarget(server.origin, { ca: [server.caPem] }));
    const scan = await tlsScanCollector.collect(ctx, {});
    expect(scan).toMatchObject({
      source: 'node-tls',
      transport: 'tls',
      host: '127.0.0.1',
      port: server.port,
      reachable: true,
    });
    expect(scan.certificate?.trust.authorized).toBe(true);
    expect(scan.trustStore.extraCas).toBe(1);
    const evidence = ctx.evidence.get(scan.evidenceId!);
    expect(evidence).toMatchObject({ kind: 'text', label: `TLS scan of 127.0.0.1:${server.port}` });
    expect(evidence?.kind === 'text' && evidence.text).toContain('Protocol versions');
  });

  it('refuses a host outside allowedHosts before connecting', async () => {
    const ctx = testContext(tlsTarget(server.origin, { allowedHosts: ['psw.example'] }));
    await expect(tlsScanCollector.collect(ctx, {})).rejects.toBeInstanceOf(ScopeError);
    expect(ctx.evidence.items.size).toBe(0);
  });

  it('plain HTTP: a plaintext scan, nothing probed', async () => {
    const ctx = testContext(tlsTarget('http://127.0.0.1:9'));
    const scan = await tlsScanCollector.collect(ctx, {});
    expect(scan).toMatchObject({ transport: 'plaintext', port: 9, handshakes: 0, protocols: [] });
    expect(scan.evidenceId).toBeDefined();
  });

  it('nothing listening: a TransportError, with the evidence kept', async () => {
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
