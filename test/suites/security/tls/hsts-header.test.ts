import { describe, expect, it } from 'vitest';
import type { HttpExchange } from '../../../../engine/context.ts';
import check from '../../../../suites/security/hsts-header.ts';
import type { HstsProbe, HstsProbes } from '../../../../suites/security/collectors/hsts-probes.ts';
import type { TlsEndpoints } from '../../../../security/tls/types.ts';
import { findingIds, runCheck } from '../../../security/helpers.ts';
import { ORIGIN_PLAN } from './synthetic.ts';

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
const ORIGINS: HstsProbes['origins'] = {
  api: 'https://psw.example:8443/api/v1',
  'token-endpoint': 'https://psw.example:8443/oauth/token',
  portal: 'https://portal.example/',
};

/** The check's artifacts: its own probes (none unless given) and the run's log. */
function artifacts(log: HttpExchange[], probes: HstsProbe[] = [], origins = ORIGINS, tls: TlsEndpoints = NO_TESTSSL) {
  return { HstsProbes: { origins, probes }, HttpLog: { exchanges: log }, ProbePlan: ORIGIN_PLAN, TlsEndpoints: tls };
}

/** With Node alone, TlsEndpoints says nothing about HSTS. */
const NO_TESTSSL: TlsEndpoints = { endpoints: [], notServed: [] };

function probe(origin: HstsProbe['origin'], url: string, hsts?: string, evidenceId?: string): HstsProbe {
  return {
    origin,
    method: 'GET',
    url,
    status: 200,
    headers: hsts === undefined ? {} : { 'strict-transport-security': hsts },
    ...(evidenceId ? { evidenceId } : {}),
  };
}

const OWN_PROBES = [
  probe('api', `${ORIGINS.api}/port-calls?limit=1`, YEAR, 'p-api'),
  probe('token-endpoint', ORIGINS['token-endpoint']!, YEAR, 'p-token'),
  probe('portal', ORIGINS.portal!, YEAR, 'p-portal'),
];

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
    const product = await runCheck(check, artifacts(row.log), row.options ?? {});
    expect(product.outcome).toBe(row.outcome);
    expect(findingIds(product)).toEqual([...row.ids].sort());
    for (const f of product.findings ?? []) expect(f.location?.header).toBe('strict-transport-security');
    if (row.hosts) expect(product.findings?.map((f) => f.location?.host)).toEqual(row.hosts);
  });

  it('groups responses per host and cites at most three of them', async () => {
    const log = Array.from({ length: 6 }, (_, i) => ex(`${B}?i=${i}`, undefined, `http-${i}`));
    const product = await runCheck(check, artifacts(log));
    expect(product.findings).toHaveLength(1);
    expect(product.findings?.[0]?.data).toMatchObject({ count: 6, total: 6 });
    expect(product.findings?.[0]?.evidence).toEqual(['http-0', 'http-1', 'http-2']);
    expect(product.findings?.[0]?.location).toMatchObject({ url: `${B}?i=0`, method: 'GET' });
  });

  it('reports max-age and the minimum in the data', async () => {
    const product = await runCheck(check, artifacts([ex(A, 'max-age=86400')]));
    expect(product.findings?.[0]?.data).toMatchObject({ maxAge: 86400, minimum: 31536000 });
  });

  it('judges its own probe of each origin and reports every origin as probed', async () => {
    const product = await runCheck(check, artifacts([], OWN_PROBES));
    expect(product.outcome).toBe('pass');
    expect(product.places?.['PSW-SEC-TLS-007']).toEqual({
      probed: ['api origin', 'token-endpoint origin', 'portal origin'],
      notProbed: [],
    });
    expect(product.evidence).toEqual(['p-api', 'p-token', 'p-portal']);
  });

  it.each([
    ['the portal answers without HSTS', 'portal', undefined, 'hsts-missing', 'portal.example:443'],
    [
      'the token endpoint says one day',
      'token-endpoint',
      'max-age=86400',
      'hsts-max-age-too-short',
      'psw.example:8443',
    ],
  ] as const)('fails when %s, naming that origin', async (_name, origin, hsts, id, host) => {
    const probes = OWN_PROBES.map((p) => (p.origin === origin ? probe(p.origin, p.url, hsts, p.evidenceId) : p));
    const product = await runCheck(check, artifacts([], probes));
    expect(product.outcome).toBe('fail');
    expect(product.findings?.map((f) => ({ id: f.id, origin: f.data?.origin, host: f.location?.host }))).toEqual([
      { id, origin, host },
    ]);
  });

  it('classifies logged answers by origin and counts an exchange seen twice once', async () => {
    const log = [
      ex(`${ORIGINS.api}/port-calls`, YEAR, 'p-api'),
      ex('https://portal.example/portal/x', undefined, 'l-1'),
    ];
    const product = await runCheck(check, artifacts(log, OWN_PROBES));
    expect(product.metrics?.httpsResponses).toBe(4);
    expect(product.findings?.map((f) => [f.id, f.data?.origin, f.data?.count])).toEqual([
      ['hsts-missing', 'portal', 1],
    ]);
  });

  it('reports an origin the member does not serve as not exposed, and one that did not answer as such', async () => {
    const { portal: _none, ...noPortal } = ORIGINS;
    const failed: HstsProbe = {
      origin: 'token-endpoint',
      method: 'POST',
      url: ORIGINS['token-endpoint']!,
      headers: {},
      error: 'ECONNRESET',
    };
    const product = await runCheck(check, artifacts([], [OWN_PROBES[0]!, failed], noPortal));
    expect(product.outcome).toBe('pass');
    expect(product.places?.['PSW-SEC-TLS-007']?.probed).toEqual(['api origin']);
    expect(product.places?.['PSW-SEC-TLS-007']?.notProbed?.map((n) => [n.id, n.why])).toEqual([
      ['token-endpoint origin', 'precondition-failed'],
      ['portal origin', 'not-exposed'],
    ]);
  });
});
