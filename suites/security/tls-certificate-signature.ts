// tls-certificate-signature: no certificate the server sends is signed with MD5 or SHA-1.
import { defineCheck } from '../../engine/check.ts';
import { isWeakDigest } from '../../security/testssl/findings.ts';
import { certificateOf, scanEvidence, scanHostPort, scanLocation } from '../../security/tls/judge.ts';
import type { CertificateInfo } from '../../security/tls/types.ts';
import { decide, ENGINES_DISAGREE, mergeEngines, testsslOf, type ItemJudgement } from './tls-engines.ts';
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
    'signature is never checked) must be signed with SHA-256 or stronger. With --tls-engine testssl, the leaf ' +
    'signature algorithm testssl.sh names is judged too.',
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
    'engines-disagree': ENGINES_DISAGREE,
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
      const weak = (
        position: number,
        c: { subject: string; issuer: string | null; algorithm: string; digest: string },
      ) => ctx.finding('weak-signature', { host, position, ...c }, location, evidence);
      const node: ItemJudgement[] = [];
      cert.chain.forEach((c, position) => {
        if (isTrustAnchor(c, position, cert.chain.length)) return;
        const item = `certificate #${position} signature`;
        if (!(c.signatureAlgorithmOid in WEAK_SIGNATURE_OIDS)) node.push({ item, verdict: 'pass' });
        else
          node.push({
            item,
            verdict: 'fail',
            findings: [
              weak(position, {
                subject: c.subject,
                issuer: c.issuer,
                algorithm: c.signatureAlgorithm,
                digest: digestOf(c.signatureAlgorithmOid),
              }),
            ],
          });
      });
      // testssl.sh 3.0 names the leaf's signature algorithm only (cert_signatureAlgorithm, "SHA1 with RSA").
      const sig = testsslOf(scan)?.certificate?.signature;
      const leaf = cert.chain[0]!;
      const testssl: ItemJudgement[] | undefined = sig
        ? [
            sig.digest === null
              ? { item: 'certificate #0 signature', verdict: 'unknown' }
              : isWeakDigest(sig.digest)
                ? {
                    item: 'certificate #0 signature',
                    verdict: 'fail',
                    findings: [
                      weak(0, {
                        subject: leaf.subject,
                        issuer: leaf.issuer,
                        algorithm: sig.finding,
                        digest: sig.digest === 'SHA1' ? 'SHA-1' : sig.digest,
                      }),
                    ],
                  }
                : { item: 'certificate #0 signature', verdict: 'pass' },
          ]
        : undefined;
      const merged = mergeEngines(ctx, { host, location, evidence }, { node, ...(testssl ? { testssl } : {}) });
      const judged = cert.chain.filter((c, i) => !isTrustAnchor(c, i, cert.chain.length));
      const algorithms = [...new Set(judged.map((c) => c.signatureAlgorithm))].join(', ');
      return decide(ctx, merged, {
        fail: `${merged.failures.length} of ${judged.length} certificate(s) signed with MD5 or SHA-1.`,
        review: "Node's prober and testssl.sh disagree about the leaf's signature algorithm.",
        pass: `${judged.length} certificate(s) signed with ${algorithms}.`,
        evidence,
      });
    });
  },
});
