// Small helpers the TLS checks share: where a finding points and what evidence it cites.
import net from 'node:net';
import type { FindingLocation } from '../../engine/types.ts';
import type { CertificateReport, TlsScan } from './types.ts';

/** host:port, IPv6 in brackets: the same form as engine/target.ts hostPort(). */
export function scanHostPort(scan: Pick<TlsScan, 'host' | 'port'>): string {
  return net.isIPv6(scan.host) ? `[${scan.host}]:${scan.port}` : `${scan.host}:${scan.port}`;
}

export function scanLocation(scan: Pick<TlsScan, 'host' | 'port'>): FindingLocation {
  return { host: scanHostPort(scan) };
}

/** The scan's evidence: Node's account of the handshakes and, with --tls-engine testssl, testssl's rows. */
export function scanEvidence(scan: Pick<TlsScan, 'evidenceId' | 'testssl'>): string[] {
  return [scan.evidenceId, scan.testssl?.evidenceId].filter((id): id is string => Boolean(id));
}

/** The certificate the checks judge; a scan without one cannot be judged (outcome error). */
export function certificateOf(scan: TlsScan): CertificateReport {
  if (!scan.certificate || scan.certificate.chain.length === 0) {
    const why = scan.failure ? `${scan.failure.code}: ${scan.failure.message}` : 'no handshake completed';
    throw new Error(`no certificate from ${scanHostPort(scan)} (${why})`);
  }
  return scan.certificate;
}

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (negative when `to` is earlier), rounded toward zero. */
export function daysBetween(from: string, to: string): number {
  return Math.trunc((Date.parse(to) - Date.parse(from)) / DAY_MS);
}
