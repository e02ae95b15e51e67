import { describe, expect, it } from 'vitest';
import check from '../../../../suites/security/tls-certificate-trust.ts';
import type { TlsScan } from '../../../../security/tls/types.ts';
import { findingIds, runCheck } from '../../../security/helpers.ts';
import { certificate, HOST, scan, tls } from './synthetic.ts';

const untrusted = (error: string, extra: object = {}) => certificate({ trust: { authorized: false, error, ...extra } });

const rows: Array<{ name: string; scan: TlsScan; outcome: string; ids: string[] }> = [
  { name: 'trusted chain, name matches', scan: scan(), outcome: 'pass', ids: [] },
  {
    name: 'self-signed leaf',
    scan: scan({ certificate: untrusted('DEPTH_ZERO_SELF_SIGNED_CERT') }),
    outcome: 'fail',
    ids: ['self-signed'],
  },
  {
    name: 'untrusted root sent along',
    scan: scan({ certificate: untrusted('SELF_SIGNED_CERT_IN_CHAIN') }),
    outcome: 'fail',
    ids: ['self-signed'],
  },
  {
    name: 'unknown issuer',
    scan: scan({ certificate: untrusted('UNABLE_TO_GET_ISSUER_CERT_LOCALLY') }),
    outcome: 'fail',
    ids: ['untrusted-chain'],
  },
  {
    name: 'expired but otherwise trusted: left to the expiry check',
    scan: scan({ certificate: untrusted('CERT_HAS_EXPIRED', { trustedIgnoringDates: true }) }),
    outcome: 'pass',
    ids: [],
  },
  {
    name: 'expired and untrusted',
    scan: scan({ certificate: untrusted('CERT_HAS_EXPIRED', { trustedIgnoringDates: false }) }),
    outcome: 'fail',
    ids: ['untrusted-chain'],
  },
  {
    name: 'host name mismatch',
    scan: scan({
      certificate: certificate({
        hostname: { name: '127.0.0.1', matches: false, error: 'ERR_TLS_CERT_ALTNAME_INVALID' },
      }),
    }),
    outcome: 'fail',
    ids: ['hostname-mismatch'],
  },
  {
    name: 'self-signed and wrong name',
    scan: scan({
      certificate: certificate({
        trust: { authorized: false, error: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
        hostname: { name: 'psw.example.org', matches: false, error: 'ERR_TLS_CERT_ALTNAME_INVALID' },
      }),
    }),
    outcome: 'fail',
    ids: ['hostname-mismatch', 'self-signed'],
  },
  { name: 'plain HTTP', scan: scan({ transport: 'plaintext', certificate: null }), outcome: 'not-applicable', ids: [] },
];

describe('tls-certificate-trust', () => {
  it.each(rows)('$name → $outcome', async (row) => {
    const product = await runCheck(check, tls(row.scan));
    expect(product.outcome).toBe(row.outcome);
    expect(findingIds(product)).toEqual([...row.ids].sort());
    for (const f of product.findings ?? []) expect(f.location).toEqual({ host: HOST });
  });

  it('names the SANs it found on a mismatch', async () => {
    const product = await runCheck(
      check,
      tls(scan({ certificate: certificate({ hostname: { name: 'other.example', matches: false, error: 'E' } }) })),
    );
    expect(product.findings?.[0]?.data).toMatchObject({ name: 'other.example', names: 'psw.example, 127.0.0.1' });
  });

  it('errors when no certificate was obtained', async () => {
    await expect(runCheck(check, tls(scan({ certificate: null })))).rejects.toThrow(/no certificate/);
  });
});
