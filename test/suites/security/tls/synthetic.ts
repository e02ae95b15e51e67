// Synthetic TlsScan artifacts for the TLS check unit tests: a modern, passing scan and small
// overrides to break one thing at a time.
import type { ProbePlan } from '../../../../engine/types.ts';
import type {
  CertificateInfo,
  CertificateReport,
  CipherSuiteProbe,
  ProtocolProbe,
  TlsEndpoints,
  TlsOriginName,
  TlsScan,
} from '../../../../security/tls/types.ts';

export const SCANNED_AT = '2026-06-01T00:00:00.000Z';
export const HOST = '127.0.0.1:8443';

export function cert(over: Partial<CertificateInfo> = {}): CertificateInfo {
  return {
    subject: 'CN=psw.example',
    issuer: 'CN=Test CA',
    serialNumber: '01',
    notBefore: '2026-04-01T00:00:00.000Z',
    notAfter: '2026-06-30T00:00:00.000Z',
    lifetimeDays: 90,
    keyType: 'RSA',
    keyAlgorithmOid: '1.2.840.113549.1.1.1',
    keyBits: 2048,
    curve: null,
    signatureAlgorithm: 'sha256WithRSAEncryption',
    signatureAlgorithmOid: '1.2.840.113549.1.1.11',
    subjectAltNames: { dns: ['psw.example'], ip: ['127.0.0.1'] },
    selfIssued: false,
    isCa: false,
    fingerprint256: 'AA:BB',
    ...over,
  };
}

export const CA_CERT = cert({
  subject: 'CN=Test CA',
  issuer: 'CN=Test CA',
  notBefore: '2020-01-01T00:00:00.000Z',
  notAfter: '2035-01-01T00:00:00.000Z',
  lifetimeDays: 5479,
  selfIssued: true,
  isCa: true,
  subjectAltNames: { dns: [], ip: [] },
});

export function certificate(
  over: Partial<CertificateReport> = {},
  leaf: Partial<CertificateInfo> = {},
): CertificateReport {
  return {
    chain: [cert(leaf), CA_CERT],
    leafPem: '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n',
    trust: { authorized: true, error: null },
    hostname: { name: '127.0.0.1', matches: true, error: null },
    protocol: 'TLSv1.3',
    cipher: 'TLS_AES_128_GCM_SHA256',
    ...over,
  };
}

export function protocols(accepted: string[] = ['TLSv1.2', 'TLSv1.3']): ProtocolProbe[] {
  return (['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const).map((version) =>
    accepted.includes(version)
      ? {
          version,
          status: 'accepted',
          cipher: version === 'TLSv1.3' ? 'TLS_AES_128_GCM_SHA256' : 'ECDHE-RSA-AES128-GCM-SHA256',
          cipherIana: version === 'TLSv1.3' ? 'TLS_AES_128_GCM_SHA256' : 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
        }
      : { version, status: 'rejected', failure: { code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', message: 'alert 70' } },
  );
}

export function suites(accepted: string[] = []): CipherSuiteProbe[] {
  const list: Array<Omit<CipherSuiteProbe, 'status'>> = [
    { suite: 'NULL-SHA256', iana: 'TLS_RSA_WITH_NULL_SHA256', category: 'null-encryption' },
    { suite: 'DES-CBC3-SHA', iana: 'TLS_RSA_WITH_3DES_EDE_CBC_SHA', category: '64-bit-block' },
    { suite: 'AES128-SHA', iana: 'TLS_RSA_WITH_AES_128_CBC_SHA', category: 'no-forward-secrecy' },
    { suite: 'AES128-GCM-SHA256', iana: 'TLS_RSA_WITH_AES_128_GCM_SHA256', category: 'no-forward-secrecy' },
    { suite: 'ECDHE-RSA-AES128-SHA', iana: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', category: 'cbc' },
  ];
  return list.map((s) =>
    accepted.includes(s.suite) ? { ...s, status: 'accepted', version: 'TLSv1.2' } : { ...s, status: 'rejected' },
  );
}

export function scan(over: Partial<TlsScan> = {}): TlsScan {
  return {
    source: 'node-tls',
    transport: 'tls',
    host: '127.0.0.1',
    port: 8443,
    servername: null,
    scannedAt: SCANNED_AT,
    reachable: true,
    protocols: protocols(),
    cipherSuites: suites(),
    certificate: certificate(),
    trustStore: { system: true, extraCas: 1 },
    handshakes: 10,
    durationMs: 100,
    evidenceId: 'text-0001',
    ...over,
  };
}

/** The origin places of the probe plan (PSW-SEC-TLS-00x all apply to every origin). */
export const ORIGIN_PLAN: ProbePlan = {
  places: Object.fromEntries(
    [
      'PSW-SEC-TLS-001',
      'PSW-SEC-TLS-002',
      'PSW-SEC-TLS-003',
      'PSW-SEC-TLS-004',
      'PSW-SEC-TLS-005',
      'PSW-SEC-TLS-006',
      'PSW-SEC-TLS-007',
      'PSW-SEC-TLS-008',
      'PSW-SEC-TLS-009',
    ].map((r) => [
      r,
      (['api', 'token-endpoint', 'portal'] as const).map((o) => ({ id: `${o} origin`, kind: 'origin', variant: o })),
    ]),
  ),
};

/** The artifacts of a TLS check for one scanned endpoint serving every origin. */
export function tls(
  s: TlsScan,
  origins: TlsOriginName[] = ['api', 'token-endpoint', 'portal'],
): { TlsEndpoints: TlsEndpoints; ProbePlan: ProbePlan } {
  return {
    TlsEndpoints: { endpoints: [{ origins, url: `https://${HOST}/api/v1`, scan: s }], notServed: [] },
    ProbePlan: ORIGIN_PLAN,
  };
}
