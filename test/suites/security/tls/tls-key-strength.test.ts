import { describe, expect, it } from 'vitest';
import check from '../../../../suites/security/tls-key-strength.ts';
import type { CertificateInfo, TlsScan } from '../../../../security/tls/types.ts';
import { findingIds, runCheck } from '../../../security/helpers.ts';
import { certificate, HOST, protocols, scan, tls } from './synthetic.ts';

const withLeaf = (leaf: Partial<CertificateInfo>) => scan({ certificate: certificate({}, leaf) });
const ec = (bits: number, curve: string) =>
  withLeaf({ keyType: 'EC', keyBits: bits, curve, keyAlgorithmOid: '1.2.840.10045.2.1' });

const rows: Array<{ name: string; scan: TlsScan; options?: object; outcome: string; ids: string[]; bits?: number }> = [
  { name: 'RSA 2048', scan: scan(), outcome: 'pass', ids: [] },
  { name: 'RSA 4096', scan: withLeaf({ keyBits: 4096 }), outcome: 'pass', ids: [] },
  { name: 'RSA 1024', scan: withLeaf({ keyBits: 1024 }), outcome: 'fail', ids: ['weak-rsa-key'], bits: 1024 },
  {
    name: 'RSA 2048 leaf and CA under a 3072 minimum',
    scan: scan(),
    options: { minRsaBits: 3072 },
    outcome: 'fail',
    ids: ['weak-rsa-key', 'weak-rsa-key'],
  },
  { name: 'EC P-256', scan: ec(256, 'prime256v1'), outcome: 'pass', ids: [] },
  { name: 'EC P-384', scan: ec(384, 'secp384r1'), outcome: 'pass', ids: [] },
  { name: 'EC P-224', scan: ec(224, 'secp224r1'), outcome: 'fail', ids: ['weak-ec-key'], bits: 224 },
  { name: 'Ed25519', scan: withLeaf({ keyType: 'Ed25519', keyBits: 256 }), outcome: 'pass', ids: [] },
  { name: 'DSA 1024', scan: withLeaf({ keyType: 'DSA', keyBits: 1024 }), outcome: 'fail', ids: ['weak-rsa-key'] },
  {
    name: 'unknown key type',
    scan: withLeaf({ keyType: 'unknown', keyBits: null }),
    outcome: 'needs-review',
    ids: ['unknown-key'],
  },
  {
    name: '1024-bit DHE group',
    scan: scan({
      protocols: protocols().map((p) =>
        p.version === 'TLSv1.2' ? { ...p, ephemeralKey: { type: 'DH', size: 1024 } } : p,
      ),
    }),
    outcome: 'fail',
    ids: ['weak-dh-group'],
    bits: 1024,
  },
  {
    name: 'X25519 (size 253) is not a DH group',
    scan: scan({
      protocols: protocols().map((p) => ({ ...p, ephemeralKey: { type: 'ECDH', name: 'X25519', size: 253 } })),
    }),
    outcome: 'pass',
    ids: [],
  },
  { name: 'plain HTTP', scan: scan({ transport: 'plaintext', certificate: null }), outcome: 'not-applicable', ids: [] },
];

describe('tls-key-strength', () => {
  it.each(rows)('$name → $outcome', async (row) => {
    const product = await runCheck(check, tls(row.scan), row.options ?? {});
    expect(product.outcome).toBe(row.outcome);
    expect(findingIds(product)).toEqual([...row.ids].sort());
    for (const f of product.findings ?? []) expect(f.location).toEqual({ host: HOST });
    if (row.bits) expect(product.findings?.[0]?.data?.bits).toBe(row.bits);
  });

  it('checks every certificate of the chain', async () => {
    const c = certificate();
    const weakCa = { ...c, chain: [c.chain[0]!, { ...c.chain[1]!, keyBits: 1024 }] };
    const product = await runCheck(check, tls(scan({ certificate: weakCa })));
    expect(product.outcome).toBe('fail');
    expect(product.findings?.[0]?.data).toMatchObject({ position: 1, bits: 1024 });
  });
});
