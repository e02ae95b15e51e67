// Every TLS check judges each endpoint of the member's origins: a failure on any endpoint fails it,
// and it says, per origin, whether it was judged.
import { describe, expect, it } from 'vitest';
import tlsCertificateLifetime from '../../../../suites/security/tls-certificate-lifetime.ts';
import tlsProtocolVersions from '../../../../suites/security/tls-protocol-versions.ts';
import type { TlsEndpoints } from '../../../../security/tls/types.ts';
import { runCheck } from '../../../security/helpers.ts';
import { certificate, ORIGIN_PLAN, protocols, scan } from './synthetic.ts';

const api = scan();
const portal = scan({ host: '127.0.0.2', port: 443, evidenceId: 'text-0002' });

function art(over: Partial<TlsEndpoints> = {}): { TlsEndpoints: TlsEndpoints; ProbePlan: typeof ORIGIN_PLAN } {
  return {
    TlsEndpoints: {
      endpoints: [
        { origins: ['api', 'token-endpoint'], url: 'https://127.0.0.1:8443/api/v1', scan: api },
        { origins: ['portal'], url: 'https://127.0.0.2/portal/', scan: portal },
      ],
      notServed: [],
      ...over,
    },
    ProbePlan: ORIGIN_PLAN,
  };
}

describe('TLS checks over several endpoints', () => {
  it('pass when every endpoint passes, each origin probed', async () => {
    const p = await runCheck(tlsProtocolVersions, art());
    expect(p.outcome).toBe('pass');
    expect(p.places?.['PSW-SEC-TLS-001']?.probed).toEqual(['api origin', 'token-endpoint origin', 'portal origin']);
    expect(p.summary).toContain('127.0.0.2:443 (portal)');
  });

  it('fail when only the portal endpoint accepts TLS 1.1, pointing at its host', async () => {
    const weak = scan({ host: '127.0.0.2', port: 443, protocols: protocols(['TLSv1.1', 'TLSv1.2']) });
    const p = await runCheck(
      tlsProtocolVersions,
      art({
        endpoints: [
          { origins: ['api', 'token-endpoint'], url: 'https://127.0.0.1:8443/api/v1', scan: api },
          { origins: ['portal'], url: 'https://127.0.0.2/portal/', scan: weak },
        ],
      }),
    );
    expect(p.outcome).toBe('fail');
    expect(p.findings?.map((f) => [f.id, f.location?.host, f.data?.version])).toEqual([
      ['legacy-version-accepted', '127.0.0.2:443', 'TLSv1.1'],
    ]);
  });

  it('fail on one endpoint even when another cannot be judged', async () => {
    const long = scan({ certificate: certificate({}, { lifetimeDays: 800 }) });
    const p = await runCheck(
      tlsCertificateLifetime,
      art({
        endpoints: [
          { origins: ['api', 'token-endpoint'], url: 'https://127.0.0.1:8443/api/v1', scan: long },
          { origins: ['portal'], url: 'https://127.0.0.2/portal/', scan: scan({ certificate: null }) },
        ],
      }),
    );
    expect(p.outcome).toBe('fail');
  });

  it('an endpoint that could not be judged makes a passing check an error', async () => {
    const bad = { ...art() };
    bad.TlsEndpoints.endpoints[1]!.scan = scan({ certificate: null });
    await expect(runCheck(tlsCertificateLifetime, bad)).rejects.toThrow(/no certificate/);
  });

  it('origins not served or not scannable are reported with why', async () => {
    const p = await runCheck(
      tlsProtocolVersions,
      art({
        endpoints: [
          { origins: ['api'], url: 'https://127.0.0.1:8443/api/v1', scan: api },
          {
            origins: ['token-endpoint'],
            url: 'https://auth.example/oauth/token',
            failure: { code: 'ERR_SCOPE', message: 'not allowed' },
          },
        ],
        notServed: ['portal'],
      }),
    );
    expect(p.outcome).toBe('pass');
    expect(p.places?.['PSW-SEC-TLS-001']).toMatchObject({
      probed: ['api origin'],
      notProbed: [
        { id: 'token-endpoint origin', why: 'precondition-failed' },
        { id: 'portal origin', why: 'not-exposed' },
      ],
    });
  });
});
