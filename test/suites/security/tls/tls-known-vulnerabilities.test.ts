import { describe, expect, it } from 'vitest';
import { readTestsslReport, TESTSSL_CHECKS, type TestsslCheck } from '../../../../security/testssl/findings.ts';
import type { TlsScan } from '../../../../security/tls/types.ts';
import check from '../../../../suites/security/tls-known-vulnerabilities.ts';
import { findingIds, runCheck } from '../../../security/helpers.ts';
import { captured, CAPTURED_AT, type CapturedKind } from '../../../security/testssl/captured.ts';
import { protocols, scan, suites, tls } from './synthetic.ts';

/** A synthetic Node scan carrying the testssl.sh report captured on a fixture. */
function withTestssl(s: TlsScan, kind: CapturedKind, checks: readonly TestsslCheck[] = TESTSSL_CHECKS): TlsScan {
  return { ...s, testssl: readTestsslReport(captured(kind), { checks, scannedAt: CAPTURED_AT }) };
}

/** TLS 1.0 accepted with a CBC suite, as the tls-1-0 fixture does. */
const legacy = scan({
  protocols: protocols(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']).map((p) =>
    p.version === 'TLSv1' || p.version === 'TLSv1.1'
      ? { ...p, cipher: 'ECDHE-RSA-AES128-SHA', cipherIana: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA' }
      : p,
  ),
  cipherSuites: suites(['ECDHE-RSA-AES128-SHA']),
});

const rows: Array<{ name: string; scan: TlsScan; outcome: string; ids: string[]; engines?: Record<string, string> }> = [
  // Node alone: what its handshakes show.
  { name: 'Node: a modern server', scan: scan(), outcome: 'pass', ids: [] },
  { name: 'Node: TLS 1.0 with CBC → BEAST and LUCKY13', scan: legacy, outcome: 'fail', ids: ['beast', 'lucky13'] },
  {
    name: 'Node: a CBC suite over TLS 1.2 → LUCKY13',
    scan: scan({ cipherSuites: suites(['AES128-SHA']) }),
    outcome: 'fail',
    ids: ['lucky13'],
  },
  {
    name: 'Node: 3DES accepted → SWEET32',
    scan: scan({ cipherSuites: suites(['DES-CBC3-SHA']) }),
    outcome: 'fail',
    ids: ['lucky13', 'sweet32'],
  },
  {
    name: 'Node: the TLS 1.0 probe got no answer',
    scan: scan({
      protocols: protocols().map((p) =>
        p.version === 'TLSv1' ? { version: 'TLSv1', status: 'error', failure: { code: 'ETIMEDOUT', message: 'x' } } : p,
      ),
    }),
    outcome: 'needs-review',
    ids: ['vulnerability-not-determined'],
  },
  // Both engines, testssl.sh's rows captured on the fixtures.
  {
    name: 'both: the reference passes every attack, and they agree',
    scan: withTestssl(scan(), 'reference'),
    outcome: 'pass',
    ids: [],
    engines: { beast: 'pass/pass', lucky13: 'pass/pass', heartbleed: '-/pass', robot: '-/pass' },
  },
  {
    name: 'both: tls-1-0 → BEAST and LUCKY13 seen by both',
    scan: withTestssl(legacy, 'tls-1-0'),
    outcome: 'fail',
    ids: ['beast', 'lucky13'],
    engines: { beast: 'fail/fail', lucky13: 'fail/fail' },
  },
  {
    name: 'testssl only: unlimited client renegotiation',
    scan: withTestssl(scan(), 'client-renegotiation', ['vulnerabilities']),
    outcome: 'fail',
    ids: ['client-renegotiation'],
    engines: { 'client-renegotiation': '-/fail', 'secure-renegotiation': '-/pass' },
  },
  {
    name: 'testssl only: HTTP compression (BREACH)',
    scan: withTestssl(scan(), 'http-compression', ['vulnerabilities']),
    outcome: 'fail',
    ids: ['breach'],
  },
  {
    name: 'contested: testssl sees LUCKY13 where Node saw no CBC suite → needs review',
    scan: withTestssl(scan(), 'tls-1-1'),
    outcome: 'needs-review',
    ids: ['engines-disagree', 'lucky13'],
    engines: { lucky13: 'pass/fail' },
  },
];

describe('tls-known-vulnerabilities', () => {
  it.each(rows)('$name → $outcome', async (row) => {
    const product = await runCheck(check, tls(row.scan));
    expect(product.outcome).toBe(row.outcome);
    expect(findingIds(product)).toEqual([...row.ids].sort());
    const verdicts = Object.fromEntries(
      (product.engines ?? []).map((e) => [e.item, `${e.verdicts.node ?? '-'}/${e.verdicts.testssl ?? '-'}`]),
    );
    expect(verdicts).toMatchObject(row.engines ?? {});
    if (!row.scan.testssl) expect(product.engines).toBeUndefined();
  });

  it('testssl findings carry its id, severity and CVEs; both-engine findings say so', async () => {
    const product = await runCheck(check, tls(withTestssl(legacy, 'tls-1-0')));
    expect(product.findings?.find((f) => f.id === 'beast')?.data).toMatchObject({ engine: 'node+testssl' });
    const breach = await runCheck(check, tls(withTestssl(scan(), 'http-compression', ['vulnerabilities'])));
    expect(breach.findings?.[0]?.data).toMatchObject({
      engine: 'testssl',
      testsslId: 'BREACH',
      severity: 'MEDIUM',
      cve: 'CVE-2013-3587',
    });
  });

  it('with Node alone, names the attacks it could not judge', async () => {
    const product = await runCheck(check, tls(scan()));
    // BEAST, LUCKY13 and SWEET32 (the synthetic scan tried 3DES and was refused).
    expect(product.metrics).toEqual({ attacksJudged: 3, attacksNotJudged: 14 });
    const both = await runCheck(check, tls(withTestssl(scan(), 'reference')));
    expect(both.metrics).toEqual({ attacksJudged: 17, attacksNotJudged: 0 });
  });

  it('is not applicable to plain HTTP', async () => {
    const product = await runCheck(check, tls(scan({ transport: 'plaintext', certificate: null })));
    expect(product.outcome).toBe('not-applicable');
  });
});
