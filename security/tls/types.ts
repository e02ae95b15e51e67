// The TlsScan artifact: what one TLS endpoint offers, as plain JSON-serialisable data.
// Produced by the Node prober (probe.ts); with --tls-engine testssl it also carries what testssl.sh
// reported for the same endpoint (security/testssl/), and the TLS checks judge both. They never talk
// to the target themselves.
import type { TestsslReport } from '../testssl/findings.ts';

/** What Node's TLS can offer (one handshake each). */
export const TLS_VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export type TlsVersion = (typeof TLS_VERSIONS)[number];

/** Every version a scan may report; SSLv2/SSLv3 come only from testssl.sh (Node cannot speak them). */
export const PROTOCOL_VERSIONS = ['SSLv2', 'SSLv3', ...TLS_VERSIONS] as const;
export type ProtocolVersion = (typeof PROTOCOL_VERSIONS)[number];

/**
 * accepted: the handshake completed.
 * rejected: the TCP connection was made and the server refused the handshake.
 * error: no verdict (connection refused, timeout, reset before any TLS answer).
 * not-tested: this client cannot offer it (e.g. 3DES is absent from this OpenSSL build).
 */
export type ProbeStatus = 'accepted' | 'rejected' | 'error' | 'not-tested';

export interface ProbeFailure {
  /** Node/OpenSSL error code, e.g. ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION, ECONNREFUSED, ETIMEDOUT. */
  code: string;
  message: string;
}

export interface EphemeralKey {
  type: string;
  name?: string;
  size?: number;
}

export interface ProtocolProbe {
  version: ProtocolVersion;
  status: ProbeStatus;
  /** OpenSSL name of the negotiated suite, when accepted. */
  cipher?: string;
  /** IANA name of the negotiated suite, when accepted. */
  cipherIana?: string;
  ephemeralKey?: EphemeralKey;
  failure?: ProbeFailure;
}

/** Why a suite is on the weak list; see security/tls/suites.ts. */
export const SUITE_CATEGORIES = [
  'null-encryption',
  'anonymous',
  'export',
  'rc4',
  'des',
  /** 3DES, IDEA, RC2: 64-bit blocks (SWEET32). */
  '64-bit-block',
  /** Static RSA/DH/ECDH or plain PSK key exchange. */
  'no-forward-secrecy',
  /** Forward secret but CBC with MAC-then-encrypt (Lucky13 class); Mozilla intermediate excludes them. */
  'cbc',
] as const;
export type SuiteCategory = (typeof SUITE_CATEGORIES)[number];

export interface CipherSuiteProbe {
  /** OpenSSL name, e.g. AES128-SHA. */
  suite: string;
  /** IANA name, e.g. TLS_RSA_WITH_AES_128_CBC_SHA. */
  iana: string;
  category: SuiteCategory;
  status: ProbeStatus;
  /** Protocol version negotiated with it, when accepted. */
  version?: ProtocolVersion;
  failure?: ProbeFailure;
}

export type KeyType = 'RSA' | 'EC' | 'Ed25519' | 'Ed448' | 'DSA' | 'unknown';

export interface CertificateInfo {
  /** Distinguished name, e.g. "CN=localhost, O=Test". */
  subject: string;
  issuer: string;
  serialNumber: string;
  /** ISO 8601. */
  notBefore: string;
  notAfter: string;
  /** notAfter − notBefore, in days (fractional). */
  lifetimeDays: number;
  keyType: KeyType;
  keyAlgorithmOid: string;
  /** Modulus bits (RSA, DSA) or field size (EC, EdDSA); null when unknown. */
  keyBits: number | null;
  /** Named curve (EC only), e.g. prime256v1. */
  curve: string | null;
  signatureAlgorithm: string;
  signatureAlgorithmOid: string;
  subjectAltNames: { dns: string[]; ip: string[] };
  /** Subject equals issuer. */
  selfIssued: boolean;
  /** basicConstraints cA. */
  isCa: boolean;
  /** SHA-256 of the DER, colon-separated upper-case hex (the form Node prints). */
  fingerprint256: string;
}

export interface CertificateReport {
  /** Leaf first, then the issuers as Node reports them (the anchor included when found in the trust set). */
  chain: CertificateInfo[];
  leafPem: string;
  trust: {
    /** The chain verifies against the trust set (OpenSSL's verdict). */
    authorized: boolean;
    /** OpenSSL verify error code, e.g. DEPTH_ZERO_SELF_SIGNED_CERT; null when authorized. */
    error: string | null;
    /**
     * When the only complaint is a date (expired / not yet valid): whether the chain still reaches a
     * trusted anchor with dates ignored, so trust and expiry are judged separately. Absent otherwise.
     */
    trustedIgnoringDates?: boolean;
  };
  hostname: {
    /** Name checked: the host of the target URL. */
    name: string;
    matches: boolean;
    /** Node's reason when it does not match, e.g. ERR_TLS_CERT_ALTNAME_INVALID. */
    error: string | null;
  };
  /** Version and suite of the handshake that fetched the certificate. */
  protocol: string | null;
  cipher: string | null;
}

export interface TlsScan {
  source: 'node-tls' | 'testssl';
  /** plaintext: the target URL is http:, so nothing was probed (and that alone breaks the profile). */
  transport: 'tls' | 'plaintext';
  host: string;
  port: number;
  /** SNI sent; null for IP literals (RFC 6066 forbids them in SNI). */
  servername: string | null;
  /** ISO 8601; checks judge dates against this, not their own clock. */
  scannedAt: string;
  /** A TCP connection could be made. */
  reachable: boolean;
  failure?: ProbeFailure;
  protocols: ProtocolProbe[];
  cipherSuites: CipherSuiteProbe[];
  /** Null when no handshake completed (or the source does not report certificates). */
  certificate: CertificateReport | null;
  trustStore: { system: boolean; extraCas: number };
  handshakes: number;
  durationMs: number;
  /** Evidence id of the text account of the handshakes (set by the collector). */
  evidenceId?: string;
  /** --tls-engine testssl: what testssl.sh reported for the same endpoint (judged beside Node's facts). */
  testssl?: TestsslReport;
}

/** The origins a member serves (the probe plan's `origin` places): its API, token endpoint and portal. */
export type TlsOriginName = 'api' | 'token-endpoint' | 'portal';

/**
 * One TLS endpoint (scheme, host and port) and the origins the member serves there: the API, its token
 * endpoint and its portal usually share one, and each distinct endpoint is scanned once.
 */
export interface TlsEndpoint {
  /** The origins served at this endpoint. */
  origins: TlsOriginName[];
  /** The first configured URL of these origins (what was scanned). */
  url: string;
  /** Absent when the endpoint could not be scanned (see failure). */
  scan?: TlsScan;
  failure?: ProbeFailure;
}

/** The TlsEndpoints artifact: every distinct endpoint of the member's origins, scanned once each. */
export interface TlsEndpoints {
  endpoints: TlsEndpoint[];
  /** Origins the member does not serve (e.g. no portal configured). */
  notServed: TlsOriginName[];
}

declare module '../../engine/check.ts' {
  interface ArtifactMap {
    TlsEndpoints: TlsEndpoints;
  }
}
