// --tls-engine testssl: testssl.sh judges protocols and suites, Node still reads the certificate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeakTlsServer, type WeakTlsServer } from '../../../../fixtures/tls/weak-servers.ts';
import { findTestssl } from '../../../../security/testssl/run.ts';
import { tlsScanCollector } from '../../../../suites/security/collectors/tls-scan.ts';
import tlsProtocolVersions from '../../../../suites/security/tls-protocol-versions.ts';
import { runCheck, testContext, tlsTarget } from '../../../security/helpers.ts';
import { tls } from './synthetic.ts';

describe.skipIf(!findTestssl())('TlsEndpoints collector with testssl.sh', () => {
  let server: WeakTlsServer;
  beforeAll(async () => {
    server = await startWeakTlsServer('tls-1-0');
  });
  afterAll(() => server.close());

  it('takes protocols from testssl.sh and the certificate from Node; TLS 1.0 is then caught', async () => {
    const ctx = testContext(tlsTarget(server.origin, { ca: [server.caPem] }));
    ctx.engines = { load: 'builtin', tls: 'testssl' };
    // testssl.sh takes ~15 s idle and over a minute on a busy 2-core runner: the collector's bound, not the
    // helper's 60 s default, is what this test is about.
    ctx.endsBy = Date.now() + 220_000;
    const { endpoints } = await tlsScanCollector.collect(ctx, {});
    const scan = endpoints[0]!.scan!;
    expect(scan.source).toBe('testssl');
    expect(scan.protocols.find((p) => p.version === 'TLSv1')?.status).toBe('accepted');
    expect(scan.certificate?.trust.authorized).toBe(true);
    const product = await runCheck(tlsProtocolVersions, tls(scan));
    expect(product.outcome).toBe('fail');
    expect(product.findings?.map((f) => f.id)).toContain('legacy-version-accepted');
  }, 240_000);
});
