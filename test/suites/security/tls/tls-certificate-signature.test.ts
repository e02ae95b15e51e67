import { describe, expect, it } from 'vitest';
import check from '../../../../suites/security/tls-certificate-signature.ts';
import type { TlsScan } from '../../../../security/tls/types.ts';
import { findingIds, runCheck } from '../../../security/helpers.ts';
import { CA_CERT, cert, certificate, HOST, scan, tls } from './synthetic.ts';

const SHA1 = { signatureAlgorithm: 'sha1WithRSAEncryption', signatureAlgorithmOid: '1.2.840.113549.1.1.5' };
const MD5 = { signatureAlgorithm: 'md5WithRSAEncryption', signatureAlgorithmOid: '1.2.840.113549.1.1.4' };
const ECDSA_SHA1 = { signatureAlgorithm: 'ecdsa-with-SHA1', signatureAlgorithmOid: '1.2.840.10045.4.1' };
const INTERMEDIATE = cert({ subject: 'CN=Intermediate', issuer: 'CN=Test CA', isCa: true });

const chain = (...c: ReturnType<typeof cert>[]) => scan({ certificate: { ...certificate(), chain: c } });

const rows: Array<{
  name: string;
  scan: TlsScan;
  outcome: string;
  ids: string[];
  positions?: number[];
  digests?: string[];
}> = [
  { name: 'SHA-256 leaf and CA', scan: scan(), outcome: 'pass', ids: [] },
  {
    name: 'SHA-1 leaf',
    scan: chain(cert(SHA1), CA_CERT),
    outcome: 'fail',
    ids: ['weak-signature'],
    positions: [0],
    digests: ['SHA-1'],
  },
  {
    name: 'MD5 leaf',
    scan: chain(cert(MD5), CA_CERT),
    outcome: 'fail',
    ids: ['weak-signature'],
    positions: [0],
    digests: ['MD5'],
  },
  { name: 'ECDSA with SHA-1', scan: chain(cert(ECDSA_SHA1), CA_CERT), outcome: 'fail', ids: ['weak-signature'] },
  {
    name: 'SHA-1 intermediate under a SHA-256 leaf',
    scan: chain(cert(), { ...INTERMEDIATE, ...SHA1 }, CA_CERT),
    outcome: 'fail',
    ids: ['weak-signature'],
    positions: [1],
  },
  {
    name: 'a SHA-1 self-signed trust anchor at the end (its signature is never checked)',
    scan: chain(cert(), INTERMEDIATE, { ...CA_CERT, ...SHA1 }),
    outcome: 'pass',
    ids: [],
  },
  {
    name: 'a self-signed SHA-1 leaf alone is judged (it is not an anchor)',
    scan: chain(cert({ ...SHA1, selfIssued: true })),
    outcome: 'fail',
    ids: ['weak-signature'],
  },
  { name: 'plain HTTP', scan: scan({ transport: 'plaintext', certificate: null }), outcome: 'not-applicable', ids: [] },
];

describe('tls-certificate-signature', () => {
  it.each(rows)('$name → $outcome', async (row) => {
    const product = await runCheck(check, tls(row.scan));
    expect(product.outcome).toBe(row.outcome);
    expect(findingIds(product)).toEqual([...row.ids].sort());
    for (const f of product.findings ?? []) expect(f.location).toEqual({ host: HOST });
    if (row.positions) expect(product.findings?.map((f) => f.data?.position)).toEqual(row.positions);
    if (row.digests) expect(product.findings?.map((f) => f.data?.digest)).toEqual(row.digests);
  });

  it('reports every origin of the endpoint as probed', async () => {
    const product = await runCheck(check, tls(scan()));
    expect(product.places?.['PSW-SEC-TLS-008']).toEqual({
      probed: ['api origin', 'token-endpoint origin', 'portal origin'],
      notProbed: [],
    });
  });

  it('errors when no certificate was obtained', async () => {
    await expect(runCheck(check, tls(scan({ certificate: null })))).rejects.toThrow(/no certificate/);
  });
});
