import { describe, expect, it } from 'vitest';
import check from '../../../../suites/security/tls-protocol-versions.ts';
import type { ProtocolProbe, TlsScan } from '../../../../security/tls/types.ts';
import { findingIds, runCheck } from '../../../security/helpers.ts';
import { HOST, protocols, scan, tls } from './synthetic.ts';

const silent = (version: ProtocolProbe['version']): ProtocolProbe => ({
  version,
  status: 'error',
  failure: { code: 'ETIMEDOUT', message: 'no answer' },
});

const rows: Array<{ name: string; scan: TlsScan; outcome: string; ids: string[]; versions?: string[] }> = [
  { name: 'TLS 1.2 + 1.3 only', scan: scan(), outcome: 'pass', ids: [] },
  { name: 'TLS 1.3 only', scan: scan({ protocols: protocols(['TLSv1.3']) }), outcome: 'pass', ids: [] },
  {
    name: 'TLS 1.0 accepted',
    scan: scan({ protocols: protocols(['TLSv1', 'TLSv1.2', 'TLSv1.3']) }),
    outcome: 'fail',
    ids: ['legacy-version-accepted'],
    versions: ['TLSv1'],
  },
  {
    name: 'TLS 1.0 and 1.1 accepted',
    scan: scan({ protocols: protocols(['TLSv1', 'TLSv1.1', 'TLSv1.2']) }),
    outcome: 'fail',
    ids: ['legacy-version-accepted', 'legacy-version-accepted'],
    versions: ['TLSv1', 'TLSv1.1'],
  },
  {
    name: 'only TLS 1.1',
    scan: scan({ protocols: protocols(['TLSv1.1']) }),
    outcome: 'fail',
    ids: ['legacy-version-accepted', 'no-modern-version'],
    versions: ['TLSv1.1'],
  },
  {
    name: 'SSLv3 offered (testssl source)',
    scan: scan({
      source: 'testssl',
      protocols: [{ version: 'SSLv3', status: 'accepted' }, ...protocols()],
    }),
    outcome: 'fail',
    ids: ['legacy-version-accepted'],
    versions: ['SSLv3'],
  },
  {
    name: 'TLS 1.0 probe timed out',
    scan: scan({ protocols: [silent('TLSv1'), ...protocols().slice(1)] }),
    outcome: 'needs-review',
    ids: ['version-not-determined'],
  },
  {
    name: 'TLS 1.0 not testable by the client: not judged',
    scan: scan({ protocols: [{ version: 'TLSv1', status: 'not-tested' }, ...protocols().slice(1)] }),
    outcome: 'pass',
    ids: [],
  },
  {
    name: 'modern versions silent',
    scan: scan({ protocols: [...protocols([]).slice(0, 2), silent('TLSv1.2'), silent('TLSv1.3')] }),
    outcome: 'needs-review',
    ids: ['version-not-determined', 'version-not-determined'],
  },
  {
    name: 'plain HTTP',
    scan: scan({ transport: 'plaintext', protocols: [], cipherSuites: [], certificate: null }),
    outcome: 'fail',
    ids: ['tls-not-used'],
  },
];

describe('tls-protocol-versions', () => {
  it.each(rows)('$name → $outcome', async (row) => {
    const product = await runCheck(check, tls(row.scan));
    expect(product.outcome).toBe(row.outcome);
    expect(findingIds(product)).toEqual([...row.ids].sort());
    for (const f of product.findings ?? []) {
      expect(f.location).toEqual({ host: HOST });
      expect(f.evidence).toEqual(['text-0001']);
    }
    if (row.versions) {
      const got = (product.findings ?? [])
        .filter((f) => f.id === 'legacy-version-accepted')
        .map((f) => f.data?.version);
      expect(got).toEqual(row.versions);
    }
  });

  it('honours a stricter option (TLS 1.2 forbidden too)', async () => {
    const product = await runCheck(check, tls(scan()), {
      forbidden: ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2'],
      requireOneOf: ['TLSv1.3'],
    });
    expect(product.outcome).toBe('fail');
    expect(product.findings?.map((f) => f.data?.version)).toEqual(['TLSv1.2']);
  });

  it('errors on a scan without protocol probes', async () => {
    await expect(runCheck(check, tls(scan({ protocols: [] })))).rejects.toThrow(/no protocol probes/);
  });

  it('declares its requirement and CWE mapping', () => {
    expect(check.requirements).toEqual(['PSW-SEC-TLS-001']);
    expect(check.requires).toEqual(['TlsEndpoints', 'ProbePlan']);
    expect(check.cwe).toContain(327);
  });
});
