import { describe, expect, it } from 'vitest';
import check from '../../../../suites/security/tls-cipher-suites.ts';
import type { TlsScan } from '../../../../security/tls/types.ts';
import { findingIds, runCheck } from '../../../security/helpers.ts';
import { HOST, protocols, scan, suites, tls } from './synthetic.ts';

const rows: Array<{
  name: string;
  scan: TlsScan;
  options?: object;
  outcome: string;
  ids: string[];
  suites?: string[];
}> = [
  { name: 'no weak suite accepted', scan: scan(), outcome: 'pass', ids: [] },
  {
    name: 'static RSA CBC accepted',
    scan: scan({ cipherSuites: suites(['AES128-SHA']) }),
    outcome: 'fail',
    ids: ['no-forward-secrecy'],
    suites: ['TLS_RSA_WITH_AES_128_CBC_SHA'],
  },
  {
    name: 'one finding per weak suite',
    scan: scan({ cipherSuites: suites(['AES128-SHA', 'AES128-GCM-SHA256', 'ECDHE-RSA-AES128-SHA', 'NULL-SHA256']) }),
    outcome: 'fail',
    ids: ['broken-suite', 'cbc-suite', 'no-forward-secrecy', 'no-forward-secrecy'],
    suites: [
      'TLS_RSA_WITH_NULL_SHA256',
      'TLS_RSA_WITH_AES_128_CBC_SHA',
      'TLS_RSA_WITH_AES_128_GCM_SHA256',
      'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
    ],
  },
  {
    name: 'CBC allowed by option',
    scan: scan({ cipherSuites: suites(['ECDHE-RSA-AES128-SHA']) }),
    options: {
      forbiddenCategories: [
        'null-encryption',
        'anonymous',
        'export',
        'rc4',
        'des',
        '64-bit-block',
        'no-forward-secrecy',
      ],
    },
    outcome: 'pass',
    ids: [],
  },
  {
    name: "server's own TLS 1.2 pick is weak (not on the probe list)",
    scan: scan({
      protocols: protocols().map((p) =>
        p.version === 'TLSv1.2'
          ? { ...p, cipher: 'CAMELLIA256-SHA', cipherIana: 'TLS_RSA_WITH_CAMELLIA_256_CBC_SHA' }
          : p,
      ),
    }),
    outcome: 'fail',
    ids: ['no-forward-secrecy'],
    suites: ['TLS_RSA_WITH_CAMELLIA_256_CBC_SHA'],
  },
  {
    name: 'a suite probe without answer',
    scan: scan({
      cipherSuites: suites().map((s, i) =>
        i === 0 ? { ...s, status: 'error', failure: { code: 'ETIMEDOUT', message: 'x' } } : s,
      ),
    }),
    outcome: 'needs-review',
    ids: ['suite-not-determined'],
  },
  {
    name: 'suites this client cannot offer are not findings',
    scan: scan({
      cipherSuites: suites().map((s) => (s.suite === 'DES-CBC3-SHA' ? { ...s, status: 'not-tested' } : s)),
    }),
    outcome: 'pass',
    ids: [],
  },
  {
    name: 'same suite over several versions (testssl) reported once',
    scan: scan({
      source: 'testssl',
      cipherSuites: [
        {
          suite: 'ECDHE-RSA-AES128-SHA',
          iana: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
          category: 'cbc',
          status: 'accepted',
          version: 'TLSv1',
        },
        {
          suite: 'ECDHE-RSA-AES128-SHA',
          iana: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
          category: 'cbc',
          status: 'accepted',
          version: 'TLSv1.2',
        },
      ],
    }),
    outcome: 'fail',
    ids: ['cbc-suite'],
  },
  { name: 'plain HTTP', scan: scan({ transport: 'plaintext', certificate: null }), outcome: 'not-applicable', ids: [] },
];

describe('tls-cipher-suites', () => {
  it.each(rows)('$name → $outcome', async (row) => {
    const product = await runCheck(check, tls(row.scan), row.options ?? {});
    expect(product.outcome).toBe(row.outcome);
    expect(findingIds(product)).toEqual([...row.ids].sort());
    for (const f of product.findings ?? []) expect(f.location).toEqual({ host: HOST });
    if (row.suites) {
      expect((product.findings ?? []).map((f) => f.data?.iana)).toEqual(row.suites);
    }
  });

  it('records the category and negotiated version on each finding', async () => {
    const product = await runCheck(check, tls(scan({ cipherSuites: suites(['AES128-SHA']) })));
    expect(product.findings?.[0]?.data).toMatchObject({
      suite: 'AES128-SHA',
      category: 'no-forward-secrecy',
      version: 'TLSv1.2',
    });
    expect(product.metrics).toMatchObject({ suitesAccepted: 1 });
  });
});
