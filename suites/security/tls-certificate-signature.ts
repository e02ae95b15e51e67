// tls-certificate-signature: no certificate the server sends is signed with MD5 or SHA-1.
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { certificateOf, scanEvidence, scanHostPort, scanLocation } from '../../security/tls/judge.ts';
import type { CertificateInfo } from '../../security/tls/types.ts';
import { judgeTlsEndpoints } from './tls-judging.ts';

/** Signature algorithms over MD2, MD4, MD5 or SHA-1 (collisions are practical: RFC 6151, SHAttered). */
export const WEAK_SIGNATURE_OIDS: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.2': 'md2WithRSAEncryption',
  '1.2.840.113549.1.1.3': 'md4WithRSAEncryption',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.3.14.3.2.29': 'sha1WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10040.4.3': 'dsa-with-SHA1',
};

/** The digest family of a weak signature algorithm, for the finding. */
function digestOf(oid: string): 'MD5' | 'SHA-1' | 'MD2' | 'MD4' {
  const name = WEAK_SIGNATURE_OIDS[oid] ?? '';
  if (name.startsWith('md2')) return 'MD2';
  if (name.startsWith('md4')) return 'MD4';
  if (name.startsWith('md5')) return 'MD5';
  return 'SHA-1';
}

/**
 * A trust anchor's signature is never checked (it is trusted for what it is), so a self-signed CA at
 * the end of the chain is not judged; every other certificate is.
 */
function isTrustAnchor(c: CertificateInfo, position: number, length: number): boolean {
  return position === length - 1 && position > 0 && c.selfIssued && c.isCa;
}

export default defineCheck<'TlsEndpoints' | 'ProbePlan'>({
  id: 'tls-certificate-signature',
  title: 'No certificate the server sends is signed with MD5 or SHA-1',
  failureTitle: 'A certificate the server sends is signed with MD5 or SHA-1',
  description:
    'A signature over MD5 or SHA-1 can be forged with a chosen-prefix collision (RFC 6151; SHAttered, 2017): a CA ' +
    'signature over such a digest no longer proves who issued the certificate, and browsers, OpenSSL 3 at its ' +
    'default security level (so the harness itself) and testssl.sh refuse such chains. Every certificate the ' +
    'server presents on each origin (leaf and intermediates; a self-signed trust anchor is not judged, its ' +
    'signature is never checked) must be signed with SHA-256 or stronger.',
  remediation:
    'Reissue the certificate (and any intermediate) signed with SHA-256 or stronger; ask the CA for a chain without MD5 or SHA-1 signatures.',
  area: 'security',
  requirements: ['PSW-SEC-TLS-008'],
  requires: ['TlsEndpoints', 'ProbePlan'],
  cwe: [327, 328],
  owasp: ['API8:2023'],
  messages: {
    'weak-signature':
      'Certificate #{{position}} of {{host}} ({{subject}}) is signed with {{algorithm}} ({{digest}}), issued by {{issuer}}.',
  },
  defaultOptions: {},
  run({ TlsEndpoints, ProbePlan }, ctx) {
    return judgeTlsEndpoints(TlsEndpoints, ProbePlan, ['PSW-SEC-TLS-008'], ctx, (scan) => {
      if (scan.transport === 'plaintext')
        return ctx.notApplicable('The API is plain HTTP (see tls-protocol-versions).');
      const cert = certificateOf(scan);
      const host = scanHostPort(scan);
      const location = scanLocation(scan);
      const evidence = scanEvidence(scan);
      const findings: Finding[] = [];
      cert.chain.forEach((c, position) => {
        if (isTrustAnchor(c, position, cert.chain.length)) return;
        if (!(c.signatureAlgorithmOid in WEAK_SIGNATURE_OIDS)) return;
        findings.push(
          ctx.finding(
            'weak-signature',
            {
              host,
              position,
              subject: c.subject,
              issuer: c.issuer,
              algorithm: c.signatureAlgorithm,
              digest: digestOf(c.signatureAlgorithmOid),
            },
            location,
            evidence,
          ),
        );
      });
      const judged = cert.chain.filter((c, i) => !isTrustAnchor(c, i, cert.chain.length));
      if (findings.length > 0)
        return ctx.fail(findings, `${findings.length} of ${judged.length} certificate(s) signed with MD5 or SHA-1.`);
      const algorithms = [...new Set(judged.map((c) => c.signatureAlgorithm))].join(', ');
      return ctx.pass(`${judged.length} certificate(s) signed with ${algorithms}.`, evidence);
    });
  },
});
