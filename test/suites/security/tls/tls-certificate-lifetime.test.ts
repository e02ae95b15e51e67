import { describe, expect, it } from 'vitest';
import check from '../../../../suites/security/tls-certificate-lifetime.ts';
import type { TlsScan } from '../../../../security/tls/types.ts';
import { findingIds, runCheck } from '../../../security/helpers.ts';
import { certificate, HOST, scan, tls } from './synthetic.ts';

const lifetime = (days: number) => scan({ certificate: certificate({}, { lifetimeDays: days }) });

const rows: Array<{ name: string; scan: TlsScan; options?: object; outcome: string; ids: string[]; days?: number }> = [
  { name: '90 days', scan: lifetime(90), outcome: 'pass', ids: [] },
  { name: 'exactly 398 days', scan: lifetime(398), outcome: 'pass', ids: [] },
  { name: '398.5 days', scan: lifetime(398.5), outcome: 'fail', ids: ['lifetime-too-long'], days: 399 },
  { name: '5 years', scan: lifetime(1826), outcome: 'fail', ids: ['lifetime-too-long'], days: 1826 },
  {
    name: '200 days under a 90-day policy',
    scan: lifetime(200),
    options: { maxDays: 90 },
    outcome: 'fail',
    ids: ['lifetime-too-long'],
  },
  { name: 'long-lived CA is not judged', scan: scan(), outcome: 'pass', ids: [] },
  { name: 'plain HTTP', scan: scan({ transport: 'plaintext', certificate: null }), outcome: 'not-applicable', ids: [] },
];

describe('tls-certificate-lifetime', () => {
  it.each(rows)('$name → $outcome', async (row) => {
    const product = await runCheck(check, tls(row.scan), row.options ?? {});
    expect(product.outcome).toBe(row.outcome);
    expect(findingIds(product)).toEqual([...row.ids].sort());
    for (const f of product.findings ?? []) expect(f.location).toEqual({ host: HOST });
    if (row.days) expect(product.findings?.[0]?.data?.days).toBe(row.days);
  });
});
