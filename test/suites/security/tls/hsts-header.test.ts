import { describe, expect, it } from 'vitest';
import type { HttpExchange } from '../../../../engine/context.ts';
import check from '../../../../suites/security/hsts-header.ts';
import { findingIds, runCheck } from '../../../security/helpers.ts';

const YEAR = 'max-age=31536000; includeSubDomains';

function ex(url: string, hsts?: string, evidenceId?: string): HttpExchange {
  return {
    ...(evidenceId ? { evidenceId } : {}),
    method: 'GET',
    url,
    requestHeaders: {},
    status: 200,
    headers: {
      'content-type': 'application/json',
      ...(hsts === undefined ? {} : { 'strict-transport-security': hsts }),
    },
    text: '{}',
    durationMs: 1,
  };
}

const A = 'https://psw.example:8443/api/v1/port-calls';
const B = 'https://portal.example/login';

const rows: Array<{
  name: string;
  log: HttpExchange[];
  options?: object;
  outcome: string;
  ids: string[];
  hosts?: string[];
}> = [
  { name: 'one year + includeSubDomains', log: [ex(A, YEAR), ex(B, YEAR)], outcome: 'pass', ids: [] },
  { name: 'two years, quoted, mixed case', log: [ex(A, 'Max-Age="63072000"; preload')], outcome: 'pass', ids: [] },
  {
    name: 'missing on one host',
    log: [ex(A, YEAR), ex(B), ex(B)],
    outcome: 'fail',
    ids: ['hsts-missing'],
    hosts: ['portal.example:443'],
  },
  {
    name: 'six months',
    log: [ex(A, 'max-age=15552000')],
    outcome: 'fail',
    ids: ['hsts-max-age-too-short'],
    hosts: ['psw.example:8443'],
  },
  {
    name: 'six months under a 6-month option',
    log: [ex(A, 'max-age=15552000')],
    options: { minMaxAge: 15552000 },
    outcome: 'pass',
    ids: [],
  },
  { name: 'max-age=0', log: [ex(A, 'max-age=0')], outcome: 'fail', ids: ['hsts-max-age-too-short'] },
  { name: 'no max-age', log: [ex(A, 'includeSubDomains')], outcome: 'fail', ids: ['hsts-invalid'] },
  {
    name: 'duplicate directive',
    log: [ex(A, 'max-age=31536000; max-age=31536000')],
    outcome: 'fail',
    ids: ['hsts-invalid'],
  },
  { name: 'two headers: the first counts', log: [ex(A, 'max-age=31536000, max-age=0')], outcome: 'pass', ids: [] },
  { name: 'no includeSubDomains, not required', log: [ex(A, 'max-age=31536000')], outcome: 'pass', ids: [] },
  {
    name: 'no includeSubDomains, required',
    log: [ex(A, 'max-age=31536000')],
    options: { requireIncludeSubDomains: true },
    outcome: 'fail',
    ids: ['hsts-no-include-subdomains'],
  },
  {
    name: 'plain HTTP responses are not judged',
    log: [ex('http://psw.example/api/v1')],
    outcome: 'not-applicable',
    ids: [],
  },
  { name: 'nothing recorded', log: [], outcome: 'not-applicable', ids: [] },
  {
    name: 'different problems on one host',
    log: [ex(A), ex(A, 'max-age=60')],
    outcome: 'fail',
    ids: ['hsts-max-age-too-short', 'hsts-missing'],
  },
];

describe('hsts-header', () => {
  it.each(rows)('$name → $outcome', async (row) => {
    const product = await runCheck(check, { HttpLog: { exchanges: row.log } }, row.options ?? {});
    expect(product.outcome).toBe(row.outcome);
    expect(findingIds(product)).toEqual([...row.ids].sort());
    for (const f of product.findings ?? []) expect(f.location?.header).toBe('strict-transport-security');
    if (row.hosts) expect(product.findings?.map((f) => f.location?.host)).toEqual(row.hosts);
  });

  it('groups responses per host and cites at most three of them', async () => {
    const log = Array.from({ length: 6 }, (_, i) => ex(`${B}?i=${i}`, undefined, `http-${i}`));
    const product = await runCheck(check, { HttpLog: { exchanges: log } });
    expect(product.findings).toHaveLength(1);
    expect(product.findings?.[0]?.data).toMatchObject({ count: 6, total: 6 });
    expect(product.findings?.[0]?.evidence).toEqual(['http-0', 'http-1', 'http-2']);
    expect(product.findings?.[0]?.location).toMatchObject({ url: `${B}?i=0`, method: 'GET' });
  });

  it('reports max-age and the minimum in the data', async () => {
    const product = await runCheck(check, { HttpLog: { exchanges: [ex(A, 'max-age=86400')] } });
    expect(product.findings?.[0]?.data).toMatchObject({ maxAge: 86400, minimum: 31536000 });
  });
});
