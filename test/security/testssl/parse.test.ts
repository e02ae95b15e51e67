import { describe, expect, it } from 'vitest';
import { parseTestsslJson, readTestsslFindings, TestsslFormatError } from '../../../security/testssl/parse.ts';

// Rows as testssl.sh 3.0.8 writes them with --jsonfile -p -E (captured from a loopback run).
const row = (id: string, finding: string, severity = 'INFO') => ({
  id,
  ip: '127.0.0.1/127.0.0.1',
  port: '40843',
  severity,
  finding,
});
const LEGACY_RUN = [
  row('service', 'HTTP'),
  row('SSLv2', 'not offered', 'OK'),
  row('SSLv3', 'not offered', 'OK'),
  row('TLS1', 'offered (deprecated)', 'LOW'),
  row('TLS1_1', 'offered (deprecated)', 'LOW'),
  row('TLS1_2', 'offered', 'OK'),
  row('TLS1_3', 'offered with final', 'OK'),
  row(
    'cipher-tls1_xc013',
    'TLS 1   xc013   ECDHE-RSA-AES128-SHA              ECDH 253   AES         128      TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  ),
  row(
    'cipher-tls1_1_xc013',
    'TLS 1.1   xc013   ECDHE-RSA-AES128-SHA              ECDH 253   AES         128      TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  ),
  row(
    'cipher-tls1_2_x2f',
    'TLS 1.2   x2f     AES128-SHA                        RSA        AES         128      TLS_RSA_WITH_AES_128_CBC_SHA',
  ),
  row(
    'cipher-tls1_2_x0a',
    'TLS 1.2   x0a     DES-CBC3-SHA                      RSA        3DES        168      TLS_RSA_WITH_3DES_EDE_CBC_SHA',
  ),
  row(
    'cipher-tls1_2_xc02f',
    'TLS 1.2   xc02f   ECDHE-RSA-AES128-GCM-SHA256       ECDH 253   AESGCM      128      TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  ),
  row(
    'cipher-tls1_3_x1301',
    'TLS 1.3   x1301   TLS_AES_128_GCM_SHA256            ECDH 253   AESGCM      128      TLS_AES_128_GCM_SHA256',
  ),
  row('scanTime', '11'),
];

describe('parseTestsslJson', () => {
  it('maps protocols and weak suites into a TlsScan', () => {
    const scan = parseTestsslJson(LEGACY_RUN, { scannedAt: '2026-01-01T00:00:00.000Z' });
    expect(scan).toMatchObject({
      source: 'testssl',
      transport: 'tls',
      host: '127.0.0.1',
      port: 40843,
      reachable: true,
      certificate: null,
      durationMs: 11000,
    });
    expect(scan.protocols.map((p) => [p.version, p.status])).toEqual([
      ['SSLv2', 'rejected'],
      ['SSLv3', 'rejected'],
      ['TLSv1', 'accepted'],
      ['TLSv1.1', 'accepted'],
      ['TLSv1.2', 'accepted'],
      ['TLSv1.3', 'accepted'],
    ]);
    expect(scan.cipherSuites.map((s) => [s.suite, s.category, s.version])).toEqual([
      ['ECDHE-RSA-AES128-SHA', 'cbc', 'TLSv1'],
      ['ECDHE-RSA-AES128-SHA', 'cbc', 'TLSv1.1'],
      ['AES128-SHA', 'no-forward-secrecy', 'TLSv1.2'],
      ['DES-CBC3-SHA', '64-bit-block', 'TLSv1.2'],
    ]);
    expect(scan.cipherSuites.every((s) => s.status === 'accepted')).toBe(true);
  });

  it.each([
    ['not offered', 'rejected'],
    ['not offered and downgraded to a weaker protocol', 'rejected'],
    ['offered (OK)', 'accepted'],
    ["supported but couldn't detect a cipher (may need debugging)", 'accepted'],
    ['Local problem: /usr/bin/openssl doesn\'t support "s_client -ssl2"', 'not-tested'],
    ['connection failed rather than downgrading to TLSv1.1', 'error'],
  ])('protocol finding %j → %s', (finding, status) => {
    expect(parseTestsslJson([row('TLS1_1', finding)]).protocols[0]?.status).toBe(status);
  });

  it('a connect failure is an unreachable scan', () => {
    const scan = parseTestsslJson([
      {
        id: 'scanProblem',
        ip: '127.0.0.1/127.0.0.1',
        port: '1',
        severity: 'FATAL',
        finding: "Can't connect to '127.0.0.1:1' Make sure a firewall is not between you and your scanning target!",
      },
      { id: 'scanTime', ip: '127.0.0.1/127.0.0.1', port: '1', severity: 'WARN', finding: 'Scan interrupted' },
    ]);
    expect(scan).toMatchObject({ reachable: false, port: 1, protocols: [], failure: { code: 'TESTSSL_CONNECT' } });
  });

  it('-e rows (no protocol in the id) and rows without an IANA name', () => {
    const scan = parseTestsslJson([
      row(
        'cipher_x2f',
        'x2f     AES128-SHA                        RSA        AES         128      TLS_RSA_WITH_AES_128_CBC_SHA',
      ),
      row('cipher_x99', 'x99     SOMETHING-ODD                     RSA        AES         128'),
    ]);
    expect(scan.cipherSuites).toEqual([
      { suite: 'AES128-SHA', iana: 'TLS_RSA_WITH_AES_128_CBC_SHA', category: 'no-forward-secrecy', status: 'accepted' },
    ]);
  });

  it.each([
    ['an object', { scanResult: [] }, /--json-pretty/],
    ['a string', 'x', /array/],
    ['a row without id', [{ finding: 'x' }], /#0 has no string "id"/],
    ['a null row', [null], /#0 is not an object/],
  ])('rejects %s', (_name, input, message) => {
    expect(() => readTestsslFindings(input)).toThrow(TestsslFormatError);
    expect(() => parseTestsslJson(input)).toThrow(message);
  });
});
