// --tls-engine testssl on synthetic Node scans that mirror a fixture, carrying the testssl.sh rows
// captured on that fixture: each TLS check reports the defect through testssl's findings too (the
// finding's data.engine names who saw it), every item both engines judge agrees, and a contested item
// needs review. The real binary on live fixtures: testssl-fixtures.test.ts.
import { describe, expect, it } from 'vitest';
import type { CheckProduct } from '../../../../engine/check.ts';
import { readTestsslReport, TESTSSL_CHECKS, type TestsslCheck } from '../../../../security/testssl/findings.ts';
import type { TlsScan } from '../../../../security/tls/types.ts';
import hstsHeader from '../../../../suites/security/hsts-header.ts';
import { tlsChecks } from '../../../../suites/security/tls-checks.ts';
import { runCheck } from '../../../security/helpers.ts';
import { captured, CAPTURED_AT, type CapturedKind } from '../../../security/testssl/captured.ts';
import { certificate, HOST, ORIGIN_PLAN, protocols, scan, suites, tls } from './synthetic.ts';

const DAY = 86_400_000;
const at = (days: number) => new Date(Date.parse(CAPTURED_AT) + days * DAY).toISOString();

/** Node's facts as of the capture, so both engines judge dates at the same moment. */
function node(over: Partial<TlsScan> = {}): TlsScan {
  return scan({
    scannedAt: CAPTURED_AT,
    certificate: certificate({}, { notBefore: at(-1), notAfter: at(89) }),
    ...over,
  });
}

function withTestssl(s: TlsScan, kind: CapturedKind, checks: readonly TestsslCheck[] = TESTSSL_CHECKS): TlsScan {
  return { ...s, testssl: readTestsslReport(captured(kind), { checks, scannedAt: CAPTURED_AT }) };
}

const HSTS = { origins: { api: `https://${HOST}/api/v1` }, probes: [] };
const hstsAnswer = (value: string) => ({
  exchanges: [
    {
      method: 'GET',
      url: `https://${HOST}/api/v1/port-calls`,
      requestHeaders: {},
      status: 200,
      headers: { 'strict-transport-security': value },
      text: '',
      durationMs: 1,
    },
  ],
});

async function judgeAll(
  s: TlsScan,
  hsts = 'max-age=63072000; includeSubDomains',
): Promise<Record<string, CheckProduct>> {
  const out: Record<string, CheckProduct> = {};
  for (const c of tlsChecks) {
    out[c.id] =
      c.id === hstsHeader.id
        ? await runCheck(hstsHeader, { ...tls(s), HstsProbes: HSTS, HttpLog: hstsAnswer(hsts), ProbePlan: ORIGIN_PLAN })
        : await runCheck(c, tls(s) as never);
  }
  return out;
}

/** check → finding id → who saw it (data.engine); checks not named must pass. */
type Seen = Record<string, Array<[string, string]>>;

const rows: Array<{ kind: CapturedKind; scan: TlsScan; seen: Seen; checks?: TestsslCheck[] }> = [
  { kind: 'reference', scan: node(), seen: {} },
  {
    kind: 'tls-1-0',
    scan: node({
      protocols: protocols(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']).map((p) =>
        p.version === 'TLSv1' || p.version === 'TLSv1.1'
          ? { ...p, cipher: 'ECDHE-RSA-AES128-SHA', cipherIana: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA' }
          : p,
      ),
      cipherSuites: suites(['ECDHE-RSA-AES128-SHA']),
    }),
    seen: {
      'tls-protocol-versions': [
        ['legacy-version-accepted', 'node+testssl'],
        ['legacy-version-accepted', 'node+testssl'],
      ],
      // testssl tries every suite: it also finds the AES-256 CBC suite Node's short list lacks.
      'tls-cipher-suites': [
        ['cbc-suite', 'node+testssl'],
        ['cbc-suite', 'testssl'],
      ],
      'tls-known-vulnerabilities': [
        ['beast', 'node+testssl'],
        ['lucky13', 'node+testssl'],
      ],
    },
  },
  {
    kind: 'expired',
    scan: node({
      certificate: certificate(
        { trust: { authorized: false, error: 'CERT_HAS_EXPIRED', trustedIgnoringDates: true } },
        { notBefore: '2026-08-29T05:52:00.000Z', notAfter: '2026-11-27T05:52:00.000Z', lifetimeDays: 90 },
      ),
    }),
    seen: { 'tls-certificate-expiry': [['expired', 'node+testssl']] },
  },
  {
    kind: 'self-signed',
    scan: node({
      certificate: certificate(
        { trust: { authorized: false, error: 'DEPTH_ZERO_SELF_SIGNED_CERT' } },
        { notBefore: at(-1), notAfter: at(89) },
      ),
    }),
    seen: { 'tls-certificate-trust': [['self-signed', 'node+testssl']] },
  },
  {
    kind: 'wrong-host',
    scan: node({
      certificate: certificate(
        { hostname: { name: '127.0.0.1', matches: false, error: 'ERR_TLS_CERT_ALTNAME_INVALID' } },
        { notBefore: at(-1), notAfter: at(89) },
      ),
    }),
    seen: { 'tls-certificate-trust': [['hostname-mismatch', 'node+testssl']] },
  },
  {
    kind: 'rsa-1024',
    scan: node({ certificate: certificate({}, { keyBits: 1024, notBefore: at(-1), notAfter: at(89) }) }),
    seen: { 'tls-key-strength': [['weak-rsa-key', 'node+testssl']] },
  },
  {
    kind: 'md5-leaf',
    scan: node({
      certificate: certificate(
        {},
        {
          signatureAlgorithm: 'md5WithRSAEncryption',
          signatureAlgorithmOid: '1.2.840.113549.1.1.4',
          notBefore: at(-1),
          notAfter: at(89),
        },
      ),
    }),
    seen: { 'tls-certificate-signature': [['weak-signature', 'node+testssl']] },
  },
  {
    kind: 'lifetime-399-days',
    scan: node({
      certificate: certificate(
        {},
        { notBefore: '2026-11-07T05:52:00.000Z', notAfter: '2027-12-11T05:52:00.000Z', lifetimeDays: 399 },
      ),
    }),
    seen: { 'tls-certificate-lifetime': [['lifetime-too-long', 'node+testssl']] },
  },
  {
    kind: 'no-forward-secrecy',
    checks: ['forward-secrecy'],
    scan: node({
      protocols: protocols(['TLSv1.2']).map((p) =>
        p.status === 'accepted'
          ? { ...p, cipher: 'AES128-GCM-SHA256', cipherIana: 'TLS_RSA_WITH_AES_128_GCM_SHA256' }
          : p,
      ),
      cipherSuites: suites(['AES128-GCM-SHA256']),
    }),
    seen: {
      'tls-cipher-suites': [
        ['forward-secrecy-not-offered', 'node+testssl'],
        ['no-forward-secrecy', 'node'],
      ],
    },
  },
  {
    kind: 'client-renegotiation',
    checks: ['vulnerabilities'],
    scan: node(),
    seen: { 'tls-known-vulnerabilities': [['client-renegotiation', 'testssl']] },
  },
  {
    kind: 'http-compression',
    checks: ['vulnerabilities'],
    scan: node(),
    seen: { 'tls-known-vulnerabilities': [['breach', 'testssl']] },
  },
];

describe('every TLS check with both engines (captured testssl.sh rows)', () => {
  it.each(rows)('$kind', async ({ kind, scan: s, seen, checks }) => {
    const products = await judgeAll(withTestssl(s, kind, checks));
    for (const [id, product] of Object.entries(products)) {
      const want = (seen[id] ?? []).map(([f, engine]) => `${f} ${engine}`).sort();
      const got = (product.findings ?? []).map((f) => `${f.id} ${String(f.data?.engine)}`).sort();
      expect({ id, outcome: product.outcome, findings: got }).toEqual({
        id,
        outcome: want.length ? 'fail' : 'pass',
        findings: want,
      });
      // Every item both engines judged agrees.
      for (const e of product.engines ?? []) if (e.agree !== undefined) expect(e, id).toMatchObject({ agree: true });
    }
  });

  it('the reference: every check carries both verdicts on the items testssl.sh judged', async () => {
    const products = await judgeAll(withTestssl(node(), 'reference'));
    const compared = Object.fromEntries(
      Object.entries(products).map(([id, p]) => [id, (p.engines ?? []).filter((e) => e.agree === true).length]),
    );
    for (const [id, n] of Object.entries(compared)) expect(n, id).toBeGreaterThan(0);
  });

  it('a contested item needs review: testssl.sh says the name does not match, Node says it does', async () => {
    const products = await judgeAll(withTestssl(node(), 'wrong-host'));
    const trust = products['tls-certificate-trust']!;
    expect(trust.outcome).toBe('needs-review');
    expect((trust.findings ?? []).map((f) => f.id).sort()).toEqual(['engines-disagree', 'hostname-mismatch']);
    expect(trust.engines?.find((e) => e.item === 'host name')).toEqual({
      host: '127.0.0.1:8443',
      item: 'host name',
      verdicts: { node: 'pass', testssl: 'fail' },
      agree: false,
    });
  });

  it("hsts-header judges testssl's max-age by the profile's year, not testssl's 180 days", async () => {
    const report = readTestsslReport(
      [
        {
          id: 'HSTS_time',
          ip: '127.0.0.1/127.0.0.1',
          port: '8443',
          severity: 'OK',
          finding: '200 days (=17280000 seconds) > 15552000 seconds',
        },
      ],
      { checks: ['headers'], scannedAt: CAPTURED_AT },
    );
    const product = await runCheck(hstsHeader, {
      ...tls({ ...node(), testssl: report }),
      HstsProbes: HSTS,
      HttpLog: hstsAnswer('max-age=17280000'),
      ProbePlan: ORIGIN_PLAN,
    });
    expect(product.outcome).toBe('fail');
    expect((product.findings ?? []).map((f) => [f.id, f.data?.engine])).toEqual([
      ['hsts-max-age-too-short', 'node+testssl'],
    ]);
  });
});
