import { defineCheck } from '../../engine/check.ts';
import { judgeTlsEndpoints } from './tls-judging.ts';
import type { Finding } from '../../engine/types.ts';
import { DATE_ERRORS, SELF_SIGNED_ERRORS } from '../../security/tls/chain.ts';
import { certificateOf, scanEvidence, scanHostPort, scanLocation } from '../../security/tls/judge.ts';

export default defineCheck<'TlsEndpoints' | 'ProbePlan'>({
  id: 'tls-certificate-trust',
  title: "Every origin's certificate chains to a trusted CA and names its host",
  failureTitle: "An origin's certificate is not trusted or does not name its host",
  description:
    "The chain the server presents must verify against the trust set (Node's root store plus the CAs configured " +
    'for the target) and the leaf must name the host clients connect to (RFC 6125 via tls.checkServerIdentity). ' +
    'An expired but otherwise trusted chain is left to tls-certificate-expiry. Judged on the endpoint of each origin the member serves (API, token endpoint, portal; each distinct host:port scanned once), and reported per origin.',
  remediation:
    'Serve a certificate issued by a publicly trusted CA (or the CA the consortium configures) whose subject alternative names include the host name clients use, together with the full intermediate chain.',
  area: 'security',
  requirements: ['PSW-SEC-TLS-003'],
  requires: ['TlsEndpoints', 'ProbePlan'],
  cwe: [295, 297],
  owasp: ['API8:2023'],
  messages: {
    'self-signed':
      '{{host}} presents a self-signed certificate ({{subject}}) that the trust set does not contain ({{error}}).',
    'untrusted-chain': 'The chain {{host}} presents does not verify against the trust set ({{error}}).',
    'hostname-mismatch': 'The certificate of {{host}} does not name {{name}} (it names {{names}}).',
  },
  defaultOptions: {},
  run({ TlsEndpoints, ProbePlan }, ctx) {
    return judgeTlsEndpoints(TlsEndpoints, ProbePlan, ['PSW-SEC-TLS-003'], ctx, (scan) => {
      if (scan.transport === 'plaintext')
        return ctx.notApplicable('The API is plain HTTP (see tls-protocol-versions).');
      const cert = certificateOf(scan);
      const host = scanHostPort(scan);
      const location = scanLocation(scan);
      const evidence = scanEvidence(scan);
      const leaf = cert.chain[0]!;
      const findings: Finding[] = [];
      const error = cert.trust.authorized ? null : (cert.trust.error ?? 'UNKNOWN');

      if (error && SELF_SIGNED_ERRORS.has(error)) {
        findings.push(ctx.finding('self-signed', { host, error, subject: leaf.subject }, location, evidence));
      } else if (error && !(DATE_ERRORS.has(error) && cert.trust.trustedIgnoringDates === true)) {
        findings.push(ctx.finding('untrusted-chain', { host, error, issuer: leaf.issuer }, location, evidence));
      }
      if (!cert.hostname.matches) {
        const names = [...leaf.subjectAltNames.dns, ...leaf.subjectAltNames.ip].join(', ') || `no SAN; ${leaf.subject}`;
        findings.push(
          ctx.finding(
            'hostname-mismatch',
            { host, name: cert.hostname.name, names, error: cert.hostname.error },
            location,
            evidence,
          ),
        );
      }
      if (findings.length > 0) return ctx.fail(findings, `${findings.length} trust problem(s).`);
      const dateNote = error ? ` (dates aside: ${error}, see tls-certificate-expiry)` : '';
      return ctx.pass(`Chain verifies and names ${cert.hostname.name}${dateNote}.`, evidence);
    });
  },
});
