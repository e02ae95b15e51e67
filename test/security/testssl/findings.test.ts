import { describe, expect, it } from 'vitest';
import {
  hstsMaxAge,
  readTestsslReport,
  signatureDigest,
  statusOf,
  testsslDate,
  TESTSSL_CHECKS,
  type TestsslReport,
} from '../../../security/testssl/findings.ts';
import { TestsslFormatError } from '../../../security/testssl/parse.ts';
import { captured, CAPTURED_KINDS, type CapturedKind } from './captured.ts';

const report = (kind: CapturedKind): TestsslReport => readTestsslReport(captured(kind), { checks: TESTSSL_CHECKS });
const failing = (r: TestsslReport) => r.vulnerabilities.filter((v) => v.status === 'fail').map((v) => v.vulnerability);

describe('statusOf: testssl severity → pass / fail / unknown', () => {
  it.each([
    ['OK', 'pass'],
    ['INFO', 'pass'],
    ['LOW', 'fail'],
    ['MEDIUM', 'fail'],
    ['HIGH', 'fail'],
    ['CRITICAL', 'fail'],
    ['WARN', 'unknown'],
    ['DEBUG', 'unknown'],
    ['FATAL', 'unknown'],
    ['', 'unknown'],
  ])('%s → %s', (severity, status) => expect(statusOf(severity)).toBe(status));
});

describe('readTestsslReport on captured testssl.sh 3.0.8 runs', () => {
  it('the reference: every item passes', () => {
    const r = report('reference');
    expect(r.certificate).toMatchObject({
      chainOfTrust: { status: 'pass', datesOnly: false },
      hostname: { status: 'pass', finding: 'Ok via SAN' },
      key: { type: 'RSA', bits: 2048, status: 'pass' },
      signature: { digest: 'SHA256', status: 'pass' },
      notBefore: '2026-12-07T04:52:00.000Z',
      notAfter: '2027-03-07T05:52:00.000Z',
      subjectAltNames: ['127.0.0.1', 'localhost', '0:0:0:0:0:0:0:1'],
    });
    expect(r.forwardSecrecy).toMatchObject({ id: 'PFS', status: 'pass' });
    expect(r.hsts).toMatchObject({ id: 'HSTS_time', maxAge: 63_072_000, includeSubDomains: true, status: 'pass' });
    expect(r.vulnerabilities.map((v) => v.vulnerability).sort()).toEqual(
      [
        'beast',
        'breach',
        'ccs-injection',
        'client-renegotiation',
        'crime',
        'drown',
        'fallback-scsv',
        'freak',
        'heartbleed',
        'logjam',
        'lucky13',
        'poodle',
        'rc4',
        'robot',
        'secure-renegotiation',
        'sweet32',
        'ticketbleed',
      ].sort(),
    );
    expect(failing(r)).toEqual([]);
    expect(r.cipherSuites).toEqual([]);
    expect(r.protocols.filter((p) => p.status === 'accepted').map((p) => p.version)).toEqual(['TLSv1.2', 'TLSv1.3']);
  });

  // Each weak fixture → what testssl says is wrong with it (the rest passes).
  const rows: Array<{ kind: CapturedKind; check: (r: TestsslReport) => void }> = [
    {
      kind: 'tls-1-0',
      check: (r) => {
        expect(failing(r)).toEqual(['beast', 'lucky13']);
        expect(r.vulnerabilities.find((v) => v.vulnerability === 'beast')).toMatchObject({
          severity: 'LOW',
          cve: 'CVE-2011-3389',
        });
      },
    },
    { kind: 'tls-1-1', check: (r) => expect(failing(r)).toEqual(['lucky13']) },
    {
      kind: 'weak-ciphers',
      check: (r) => {
        expect(failing(r)).toEqual(['lucky13']);
        expect(r.cipherSuites.map((s) => [s.iana, s.category])).toEqual([
          ['TLS_RSA_WITH_AES_256_CBC_SHA', 'no-forward-secrecy'],
          ['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'cbc'],
          ['TLS_RSA_WITH_AES_128_GCM_SHA256', 'no-forward-secrecy'],
          ['TLS_RSA_WITH_AES_128_CBC_SHA', 'no-forward-secrecy'],
        ]);
      },
    },
    {
      kind: 'expired',
      check: (r) =>
        expect(r.certificate).toMatchObject({
          chainOfTrust: { status: 'fail', datesOnly: true, finding: 'failed (expired).' },
          expiration: { status: 'fail', finding: 'expired' },
          notAfter: '2026-11-27T05:52:00.000Z',
        }),
    },
    {
      kind: 'expiring-soon',
      check: (r) =>
        expect(r.certificate).toMatchObject({
          chainOfTrust: { status: 'pass' },
          expiration: { severity: 'HIGH', finding: 'expires < 30 days (8)' },
          notAfter: '2026-12-16T05:52:00.000Z',
        }),
    },
    {
      kind: 'self-signed',
      check: (r) =>
        expect(r.certificate?.chainOfTrust).toMatchObject({
          status: 'fail',
          datesOnly: false,
          finding: 'failed (self signed).',
        }),
    },
    {
      kind: 'wrong-host',
      check: (r) =>
        expect(r.certificate).toMatchObject({
          hostname: { status: 'fail', severity: 'HIGH', finding: 'certificate does not match supplied URI' },
          subjectAltNames: ['wrong-host.invalid'],
        }),
    },
    {
      kind: 'missing-intermediate',
      check: (r) =>
        expect(r.certificate?.chainOfTrust).toMatchObject({ status: 'fail', finding: 'failed (chain incomplete).' }),
    },
    {
      kind: 'rsa-1024',
      check: (r) => expect(r.certificate?.key).toMatchObject({ type: 'RSA', bits: 1024, severity: 'MEDIUM' }),
    },
    {
      kind: 'lifetime-399-days',
      check: (r) =>
        expect(r.certificate).toMatchObject({
          notBefore: '2026-11-07T05:52:00.000Z',
          notAfter: '2027-12-11T05:52:00.000Z',
        }),
    },
    {
      kind: 'sha1-leaf',
      check: (r) => expect(r.certificate?.signature).toMatchObject({ digest: 'SHA1', finding: 'SHA1 with RSA' }),
    },
    {
      kind: 'md5-leaf',
      check: (r) => expect(r.certificate?.signature).toMatchObject({ digest: 'MD5', severity: 'CRITICAL' }),
    },
    {
      kind: 'no-forward-secrecy',
      check: (r) =>
        expect(r.forwardSecrecy).toMatchObject({
          id: 'PFS',
          status: 'fail',
          finding: 'No ciphers supporting (P)FS offered',
        }),
    },
    {
      kind: 'client-renegotiation',
      check: (r) => {
        expect(failing(r)).toEqual(['client-renegotiation']);
        expect(r.vulnerabilities.find((v) => v.vulnerability === 'secure-renegotiation')?.status).toBe('pass');
      },
    },
    {
      kind: 'http-compression',
      check: (r) => {
        expect(failing(r)).toEqual(['breach']);
        expect(r.vulnerabilities[0]).toMatchObject({ id: 'BREACH', severity: 'MEDIUM', cve: 'CVE-2013-3587' });
      },
    },
  ];

  it('covers every captured run', () => {
    expect(['reference', ...rows.map((r) => r.kind)].sort()).toEqual([...CAPTURED_KINDS].sort());
  });

  it.each(rows)('$kind', ({ kind, check }) => check(report(kind)));

  it('keeps the checks it was told ran, and the version row when there is one', () => {
    const r = readTestsslReport(captured('http-compression'), { checks: ['vulnerabilities'] });
    expect(r.checks).toEqual(['vulnerabilities']);
    expect(r.certificate).toBeNull();
    expect(r.hsts).toBeUndefined();
    expect(r.version).toBeNull();
  });
});

describe('readTestsslReport on synthetic rows', () => {
  const row = (id: string, severity: string, finding: string) => ({
    id,
    ip: '127.0.0.1/127.0.0.1',
    port: '1',
    severity,
    finding,
  });

  it('a server with two certificates: the first one speaks (rows suffixed <cert#n>)', () => {
    const r = readTestsslReport(
      [
        row('cert_keySize <cert#1>', 'OK', 'EC 256 bits'),
        row('cert_keySize <cert#2>', 'MEDIUM', 'RSA 1024 bits'),
        row('cert_signatureAlgorithm <cert#1>', 'OK', 'ECDSA with SHA256'),
      ],
      { checks: ['server-defaults'] },
    );
    expect(r.certificate?.key).toMatchObject({ id: 'cert_keySize', type: 'EC', bits: 256 });
    expect(r.certificate?.signature).toMatchObject({ digest: 'SHA256' });
  });

  it('FS (testssl 3.1+) is read like PFS; HSTS not offered; LOGJAM takes its worst row', () => {
    const r = readTestsslReport(
      [
        row('FS', 'MEDIUM', 'No ciphers supporting (P)FS offered'),
        row('HSTS', 'LOW', 'not offered'),
        row('LOGJAM', 'OK', 'not vulnerable, no DH EXPORT ciphers,'),
        row('LOGJAM-common_primes', 'LOW', 'RFC2409/Oakley Group 2 (1024 bits)'),
      ],
      { checks: ['forward-secrecy', 'headers', 'vulnerabilities'] },
    );
    expect(r.forwardSecrecy).toMatchObject({ id: 'FS', status: 'fail' });
    expect(r.hsts).toMatchObject({ id: 'HSTS', status: 'fail', maxAge: null, includeSubDomains: false });
    expect(r.vulnerabilities).toEqual([
      expect.objectContaining({ vulnerability: 'logjam', id: 'LOGJAM-common_primes', status: 'fail' }),
    ]);
  });

  it('a scan testssl.sh could not make is a failure', () => {
    const r = readTestsslReport([row('scanProblem', 'FATAL', "Can't connect to '127.0.0.1:1'")], {
      checks: ['protocols'],
    });
    expect(r.failure).toMatchObject({ code: 'TESTSSL_CONNECT' });
  });

  it('rejects what is not flat JSON', () => {
    expect(() => readTestsslReport({ scanResult: [] }, { checks: [] })).toThrow(TestsslFormatError);
  });

  it.each([
    ['2027-03-07 05:52', '2027-03-07T05:52:00.000Z'],
    ['2026-11-27 05:52', '2026-11-27T05:52:00.000Z'],
    ['--', null],
    [undefined, null],
  ])('testsslDate(%j) → %j', (text, iso) => expect(testsslDate(text)).toBe(iso));

  it.each([
    ['SHA256 with RSA', 'SHA256'],
    ['ECDSA with SHA1', 'SHA1'],
    ['RSASSA-PSS with SHA384', 'SHA384'],
    ['MD5', 'MD5'],
    ['ED25519', null],
  ])('signatureDigest(%j) → %j', (finding, digest) => expect(signatureDigest(finding)).toBe(digest));

  it.each([
    ['365 days (=31536000 seconds) > 15552000 seconds', 31_536_000],
    ['max-age too short. 1 days (=86400 seconds) < 15552000 seconds', 86_400],
    ['0. HSTS is disabled', 0],
    ['misconfiguration, parameter max-age (recommended > 15552000 seconds = 180 days) missing', null],
  ])('hstsMaxAge(%j) → %j', (finding, maxAge) => expect(hstsMaxAge(finding)).toBe(maxAge));
});
