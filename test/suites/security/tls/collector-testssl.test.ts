// --tls-engine testssl through the collector, on the reference single window, with the real testssl.sh
// (its full set: -p -E -S -f -h -U): Node's facts stay the scan's, testssl's report rides along with its
// own evidence, every TLS check passes, and every item both engines judge agrees.
import https from 'node:https';
import { afterAll, describe, expect, it } from 'vitest';
import type { HttpExchange } from '../../../../engine/context.ts';
import { startReferenceServer, type FixtureServer } from '../../../../fixtures/index.ts';
import { TESTSSL_CHECKS } from '../../../../security/testssl/findings.ts';
import { findTestssl } from '../../../../security/testssl/run.ts';
import { tlsScanCollector } from '../../../../suites/security/collectors/tls-scan.ts';
import hstsHeader from '../../../../suites/security/hsts-header.ts';
import { tlsChecks } from '../../../../suites/security/tls-checks.ts';
import { runCheck, testContext, TESTSSL_SKIP_NOTE, tlsTarget } from '../../../security/helpers.ts';
import { ORIGIN_PLAN } from './synthetic.ts';

/** One recorded HTTPS answer, as the engine's client would log it (for hsts-header). */
function fetchOnce(url: string, caPem: string): Promise<HttpExchange> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ca: caPem, timeout: 5000, agent: false }, (res) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers))
        if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      res.resume();
      res.on('end', () =>
        resolve({
          method: 'GET',
          url,
          requestHeaders: {},
          status: res.statusCode ?? 0,
          headers,
          text: '',
          durationMs: 1,
        }),
      );
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

let ref: FixtureServer | undefined;
afterAll(async () => ref?.close());

describe.skipIf(!findTestssl())(`TlsEndpoints collector with testssl.sh (real binary; ${TESTSSL_SKIP_NOTE})`, () => {
  it('on the reference: both engines judge, every TLS check passes, and they agree', { timeout: 360_000 }, async () => {
    ref = await startReferenceServer({ host: '127.0.0.1', port: 0 });
    const target = { ...tlsTarget(ref.origin, { ca: [ref.caPem] }), portalUrl: `${ref.origin}/portal/` };
    const ctx = testContext(target);
    ctx.engines = { load: 'builtin', tls: 'testssl' };
    // testssl.sh's full set takes about a minute idle, several on a busy 2-core runner: the collector's
    // own bound is what is tested, not the helper's 60 s default.
    ctx.endsBy = Date.now() + 330_000;
    const endpoints = await tlsScanCollector.collect(ctx, {});
    expect(endpoints.endpoints).toHaveLength(1);
    const scan = endpoints.endpoints[0]!.scan!;
    expect(scan.source).toBe('node-tls');
    expect(scan.certificate?.trust.authorized).toBe(true);
    expect(scan.testssl).toMatchObject({ checks: [...TESTSSL_CHECKS] });
    expect(scan.testssl?.command).toEqual(expect.arrayContaining(['-p', '-E', '-S', '-f', '-h', '-U', '--add-ca']));
    expect(ctx.evidence.get(scan.testssl!.evidenceId!)?.label).toMatch(/^testssl\.sh findings for 127\.0\.0\.1:/);

    const log = { exchanges: [await fetchOnce(`${ref.apiBaseUrl}/port-calls`, ref.caPem)] };
    const hsts = { origins: { api: target.apiBaseUrl }, probes: [] };
    for (const check of tlsChecks) {
      const product =
        check.id === hstsHeader.id
          ? await runCheck(hstsHeader, {
              TlsEndpoints: endpoints,
              HstsProbes: hsts,
              HttpLog: log,
              ProbePlan: ORIGIN_PLAN,
            })
          : await runCheck(check, { TlsEndpoints: endpoints, ProbePlan: ORIGIN_PLAN } as never);
      expect({ check: check.id, outcome: product.outcome, findings: product.findings ?? [] }).toEqual({
        check: check.id,
        outcome: 'pass',
        findings: [],
      });
      const compared = (product.engines ?? []).filter((e) => e.agree !== undefined);
      expect(compared.length, check.id).toBeGreaterThan(0);
      for (const e of compared) expect(e, check.id).toMatchObject({ agree: true });
      for (const e of product.engines ?? []) expect(e.verdicts.testssl ?? 'pass', `${check.id} ${e.item}`).toBe('pass');
    }
  });
});
