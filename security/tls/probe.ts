// The Node TLS prober: which protocol versions and weak suites a server accepts, and what its
// certificate says, gathered with one bounded handshake per question (node:tls + node-forge).
// What Node's TLS cannot see (SSLv2/3, Heartbleed, ROBOT, renegotiation) is left to testssl.sh.
import net from 'node:net';
import tls from 'node:tls';
import { derToPem, parseCertificate, splitPem } from './certificate.ts';
import { chainReachesAnchorIgnoringDates, DATE_ERRORS } from './chain.ts';
import { handshake, type AcceptedHandshake, type HandshakeOptions } from './handshake.ts';
import { classifySuite, WEAK_SUITES, type WeakSuite } from './suites.ts';
import {
  TLS_VERSIONS,
  type CertificateReport,
  type CipherSuiteProbe,
  type ProbeFailure,
  type ProtocolProbe,
  type TlsScan,
  type TlsVersion,
} from './types.ts';

export interface ProbeOptions {
  host: string;
  port: number;
  /** Name the certificate must match and the SNI to send; defaults to host. */
  servername?: string;
  /** Extra trust anchors (PEM, bundles allowed) on top of Node's root store. */
  extraCa?: readonly string[];
  /** Trust Node's bundled root store too. Default true. */
  systemTrust?: boolean;
  /** Per handshake. Default 4000 ms. */
  timeoutMs?: number;
  /** Weak suites to try. Default WEAK_SUITES; at most MAX_SUITE_PROBES are tried. */
  suites?: readonly WeakSuite[];
  /** Handshakes in flight at once. Default 3. */
  concurrency?: number;
  signal?: AbortSignal;
  /** Clock for scannedAt (tests). */
  now?: () => Date;
}

/** Upper bound on per-suite handshakes, whatever the caller passes. */
export const MAX_SUITE_PROBES = 64;

// OpenSSL 3 refuses TLS 1.0/1.1 and small keys at its default security level; level 0 lets the
// prober see what a legacy server offers. It lowers only what this client accepts, never the verdict.
const LEGACY = 'ALL:@SECLEVEL=0';
const MODERN = `${tls.DEFAULT_CIPHERS}:@SECLEVEL=0`;

const NODE_VERSION_NAMES: Record<string, TlsVersion> = {
  TLSv1: 'TLSv1',
  'TLSv1.1': 'TLSv1.1',
  'TLSv1.2': 'TLSv1.2',
  'TLSv1.3': 'TLSv1.3',
};

/** Runs `tasks` with at most `limit` in flight; results in input order. */
async function pool<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  return results;
}

/** The certificates Node reports, leaf first, stopping at a self-reference (bounded). */
function chainOf(peer: tls.DetailedPeerCertificate): tls.DetailedPeerCertificate[] {
  const chain: tls.DetailedPeerCertificate[] = [];
  const seen = new Set<string>();
  let cert: tls.DetailedPeerCertificate | undefined = peer;
  while (cert && cert.raw && !seen.has(cert.fingerprint256) && chain.length < 10) {
    seen.add(cert.fingerprint256);
    chain.push(cert);
    cert = cert.issuerCertificate;
  }
  return chain;
}

function certificateReport(accepted: AcceptedHandshake, hostname: string, anchors: string[]): CertificateReport | null {
  if (!accepted.peer) return null;
  const chain = chainOf(accepted.peer);
  const ders = chain.map((c) => c.raw);
  const identity = tls.checkServerIdentity(hostname, accepted.peer);
  const error = accepted.authorized ? null : accepted.authorizationError;
  return {
    chain: ders.map((der) => parseCertificate(der)),
    leafPem: derToPem(ders[0]!),
    trust: {
      authorized: accepted.authorized,
      error,
      ...(error && DATE_ERRORS.has(error)
        ? { trustedIgnoringDates: chainReachesAnchorIgnoringDates(ders, anchors) }
        : {}),
    },
    hostname: {
      name: hostname,
      matches: identity === undefined,
      error: identity ? ((identity as { code?: string }).code ?? identity.message) : null,
    },
    protocol: accepted.protocol,
    cipher: accepted.cipher.standardName || accepted.cipher.name,
  };
}

/** Probes one TLS endpoint. Never throws for network or TLS failures: they are recorded. */
export async function probeTls(opts: ProbeOptions): Promise<TlsScan> {
  const started = Date.now();
  const scannedAt = (opts.now ?? (() => new Date()))().toISOString();
  const hostname = (opts.servername ?? opts.host).replace(/^\[|\]$/g, '');
  const system = opts.systemTrust ?? true;
  const extra = (opts.extraCa ?? []).flatMap(splitPem);
  const anchors = system ? [...tls.rootCertificates, ...extra] : extra;
  const base: Omit<HandshakeOptions, 'ciphers'> = {
    host: opts.host.replace(/^\[|\]$/g, ''),
    port: opts.port,
    ...(net.isIP(hostname) ? {} : { servername: hostname }),
    timeoutMs: opts.timeoutMs ?? 4000,
    ...(opts.signal ? { signal: opts.signal } : {}),
  };
  let handshakes = 0;
  const run = (o: Partial<HandshakeOptions>) => {
    handshakes++;
    return handshake({ ...base, ...o });
  };

  // First: an ordinary modern handshake, for the certificate and to learn whether anything answers.
  // Only these first handshakes verify the chain (the anchors): the protocol and suite probes record
  // what was negotiated, and parsing the anchors anew for each of them cost most of a scan's CPU.
  let first = await run({ ciphers: MODERN, minVersion: 'TLSv1', maxVersion: 'TLSv1.3', ca: anchors });
  // A server that only speaks suites outside Node's default list still has a certificate to judge.
  if (first.connected && first.status === 'rejected') {
    const legacy = await run({ ciphers: LEGACY, minVersion: 'TLSv1', maxVersion: 'TLSv1.3', ca: anchors });
    if (legacy.status === 'accepted') first = legacy;
  }
  const scan: TlsScan = {
    source: 'node-tls',
    transport: 'tls',
    host: base.host,
    port: opts.port,
    servername: base.servername ?? null,
    scannedAt,
    reachable: first.connected,
    protocols: [],
    cipherSuites: [],
    certificate: null,
    trustStore: { system, extraCas: extra.length },
    handshakes: 0,
    durationMs: 0,
  };
  if (!first.connected || first.status === 'error') {
    // Nothing listens, or it listens and never answers TLS: no point asking 30 more questions.
    scan.failure = first.failure ?? { code: 'ERR_UNKNOWN', message: 'no connection' };
    scan.handshakes = handshakes;
    scan.durationMs = Date.now() - started;
    return scan;
  }
  if (first.socket) {
    try {
      scan.certificate = certificateReport(first.socket, hostname, anchors);
    } catch (err) {
      scan.failure = { code: 'ERR_CERT_PARSE', message: (err as Error).message };
    }
  } else if (first.failure) {
    scan.failure = first.failure;
  }

  const limit = opts.concurrency ?? 3;
  scan.protocols = await pool(
    TLS_VERSIONS.map((version) => async (): Promise<ProtocolProbe> => {
      const legacy = version === 'TLSv1' || version === 'TLSv1.1';
      const r = await run({ minVersion: version, maxVersion: version, ciphers: legacy ? LEGACY : MODERN });
      return probeRecord({ version, status: r.status }, r.socket, r.failure);
    }),
    limit,
  );

  // Only suites the classifier calls weak: the category is part of the record.
  const suites = (opts.suites ?? WEAK_SUITES).filter((s) => classifySuite(s.iana) !== null).slice(0, MAX_SUITE_PROBES);
  scan.cipherSuites = await pool(
    suites.map((s) => async (): Promise<CipherSuiteProbe> => {
      // TLS ≤ 1.2 only: TLS 1.3 suites are all AEAD and not configurable this way.
      const r = await run({ minVersion: 'TLSv1', maxVersion: 'TLSv1.2', ciphers: `${s.suite}:@SECLEVEL=0` });
      const version = r.socket?.protocol ? NODE_VERSION_NAMES[r.socket.protocol] : undefined;
      return {
        suite: s.suite,
        iana: s.iana,
        category: classifySuite(s.iana)!,
        status: r.status,
        ...(version ? { version } : {}),
        ...(r.failure ? { failure: r.failure } : {}),
      };
    }),
    limit,
  );

  scan.handshakes = handshakes;
  scan.durationMs = Date.now() - started;
  return scan;
}

function probeRecord(p: ProtocolProbe, accepted?: AcceptedHandshake, failure?: ProbeFailure): ProtocolProbe {
  if (accepted) {
    p.cipher = accepted.cipher.name;
    p.cipherIana = accepted.cipher.standardName;
    if (accepted.ephemeralKey) p.ephemeralKey = accepted.ephemeralKey;
  }
  if (failure) p.failure = failure;
  return p;
}
