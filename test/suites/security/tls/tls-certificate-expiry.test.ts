import { describe, expect, it } from 'vitest';
import check from '../../../../suites/security/tls-certificate-expiry.ts';
import type { TlsScan } from '../../../../security/tls/types.ts';
import { findingIds, runCheck } from '../../../security/helpers.ts';
import { CA_CERT, cert, certificate, HOST, scan, SCANNED_AT, tls } from './synthetic.ts';

// SCANNED_AT is 2026-06-01; the default leaf runs 2026-04-01 → 2026-06-30 (29 days left).
const leaf = (notBefore: string, notAfter: string) => scan({ certificate: certificate({}, { notBefore, notAfter }) });

const rows: Array<{ name: string; scan: TlsScan; options?: object; outcome: string; ids: string[]; days?: number[] }> =
  [
    { name: '60 days left', scan: leaf('2026-04-01T00:00:00Z', '2026-07-31T00:00:00Z'), outcome: 'pass', ids: [] },
    // Within the profile's 30-day margin: a failure, not a note (PSW-SEC-TLS-004).
    { name: '29 days left', scan: scan(), outcome: 'fail', ids: ['expires-soon'], days: [29] },
    {
      name: '30 days left (the boundary)',
      scan: leaf('2026-04-01T00:00:00Z', '2026-07-01T00:00:00Z'),
      outcome: 'pass',
      ids: [],
    },
    { name: '29 days left, a 14-day margin', scan: scan(), options: { minDaysLeft: 14 }, outcome: 'pass', ids: [] },
    {
      name: 'the intermediate ends in 9 days, the leaf in 60',
      scan: scan({
        certificate: {
          ...certificate({}, { notAfter: '2026-07-31T00:00:00Z' }),
          chain: [
            cert({ notAfter: '2026-07-31T00:00:00Z' }),
            { ...CA_CERT, selfIssued: false, subject: 'CN=Intermediate', notAfter: '2026-06-10T00:00:00Z' },
            CA_CERT,
          ],
        },
      }),
      outcome: 'fail',
      ids: ['expires-soon'],
      days: [9],
    },
    {
      name: 'expired 10 days ago',
      scan: leaf('2026-02-01T00:00:00Z', '2026-05-22T00:00:00Z'),
      outcome: 'fail',
      ids: ['expired'],
      days: [10],
    },
    {
      name: 'not yet valid',
      scan: leaf('2026-06-02T00:00:00Z', '2026-08-01T00:00:00Z'),
      outcome: 'fail',
      ids: ['not-yet-valid'],
      days: [1],
    },
    {
      name: 'expired CA in the chain',
      scan: scan({
        certificate: {
          ...certificate({}, { notAfter: '2026-09-01T00:00:00Z' }),
          chain: [cert({ notAfter: '2026-09-01T00:00:00Z' }), { ...CA_CERT, notAfter: '2026-01-01T00:00:00Z' }],
        },
      }),
      outcome: 'fail',
      ids: ['expired'],
    },
    {
      name: 'plain HTTP',
      scan: scan({ transport: 'plaintext', certificate: null }),
      outcome: 'not-applicable',
      ids: [],
    },
  ];

describe('tls-certificate-expiry', () => {
  it.each(rows)('$name → $outcome', async (row) => {
    const product = await runCheck(check, tls(row.scan), row.options ?? {});
    expect(product.outcome).toBe(row.outcome);
    expect(findingIds(product)).toEqual([...row.ids].sort());
    for (const f of product.findings ?? []) expect(f.location).toEqual({ host: HOST });
    if (row.days) expect(product.findings?.map((f) => f.data?.days)).toEqual(row.days);
  });

  it('points at the chain position of the expired certificate', async () => {
    const s = rows.find((r) => r.name === 'expired CA in the chain')!.scan;
    const product = await runCheck(check, tls(s));
    expect(product.findings?.[0]?.data).toMatchObject({ position: 1, subject: 'CN=Test CA' });
  });

  it('judges against the scan time, not the clock', async () => {
    const product = await runCheck(check, tls(scan({ scannedAt: '2026-07-01T00:00:00.000Z' })));
    expect(product.outcome).toBe('fail');
    expect(SCANNED_AT).not.toBe('2026-07-01T00:00:00.000Z');
  });
});
