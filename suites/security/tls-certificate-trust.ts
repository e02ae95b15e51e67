import { defineCheck, type CheckContext } from '../../engine/check.ts';
import type { FindingLocation } from '../../engine/types.ts';
import type { TestsslCertificate } from '../../security/testssl/findings.ts';
import { DATE_ERRORS, SELF_SIGNED_ERRORS } from '../../security/tls/chain.ts';
import { certificateOf, scanEvidence, scanHostPort, scanLocation } from '../../security/tls/judge.ts';
import { decide, ENGINES_DISAGREE, mergeEngines, testsslOf, type ItemJudgement } from './tls-engines.ts';
import { judgeTlsEndpoints } from './tls-judging.ts';

export default defineCheck<'TlsEndpoints' | 'ProbePlan'>({
  id: 'tls-certificate-trust',
  title: "Every origin's certificate chains to a trusted CA and names its host",
  failureTitle: "An origin's certificate is not trusted or does not name its host",
  description:
    "The chain the server presents must verify against the trust set (Node's root store plus the CAs configured " +
    'for the target) and the leaf must name the host clients connect to (RFC 6125 via tls.checkServerIdentity). ' +
    'An expired but otherwise trusted chain is left to tls-certificate-expiry. With --tls-engine testssl, ' +
    "testssl.sh's chain of trust (its trust stores plus the target's CAs) and host-name match are judged too. " +
    'Judged on the endpoint of each origin the member serves (API, token endpoint, portal; each distinct host:port scanned once), and reported per origin.',
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
    'engines-disagree': ENGINES_DISAGREE,
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
      const error = cert.trust.authorized ? null : (cert.trust.error ?? 'UNKNOWN');

      const chain: ItemJudgement = { item: CHAIN, verdict: 'pass' };
      if (error && SELF_SIGNED_ERRORS.has(error)) {
        chain.verdict = 'fail';
        chain.findings = [ctx.finding('self-signed', { host, error, subject: leaf.subject }, location, evidence)];
      } else if (error && !(DATE_ERRORS.has(error) && cert.trust.trustedIgnoringDates === true)) {
        chain.verdict = 'fail';
        chain.findings = [ctx.finding('untrusted-chain', { host, error, issuer: leaf.issuer }, location, evidence)];
      }
      const names = [...leaf.subjectAltNames.dns, ...leaf.subjectAltNames.ip].join(', ') || `no SAN; ${leaf.subject}`;
      const hostname: ItemJudgement = cert.hostname.matches
        ? { item: HOSTNAME, verdict: 'pass' }
        : {
            item: HOSTNAME,
            verdict: 'fail',
            findings: [
              ctx.finding(
                'hostname-mismatch',
                { host, name: cert.hostname.name, names, error: cert.hostname.error },
                location,
                evidence,
              ),
            ],
          };
      const testssl = testsslOf(scan)?.certificate;
      const at = { host, location, evidence };
      const merged = mergeEngines(ctx, at, {
        node: [chain, hostname],
        ...(testssl ? { testssl: testsslItems(ctx, at, testssl, cert.hostname.name) } : {}),
      });
      const dateNote = error ? ` (dates aside: ${error}, see tls-certificate-expiry)` : '';
      return decide(ctx, merged, {
        fail: `${merged.failures.length} trust problem(s).`,
        review: "Node's prober and testssl.sh disagree about the certificate's trust.",
        pass: `Chain verifies and names ${cert.hostname.name}${dateNote}.`,
        evidence,
      });
    });
  },
});

const CHAIN = 'chain of trust';
const HOSTNAME = 'host name';

/**
 * testssl.sh's verdicts on the same two items: cert_chain_of_trust against its trust stores plus the
 * target's CAs (a chain failing on its dates alone passes here, as with Node, and is left to
 * tls-certificate-expiry), and cert_trust for the host name.
 */
function testsslItems(
  ctx: CheckContext<Record<string, never>>,
  { host, location, evidence }: { host: string; location: FindingLocation; evidence: string[] },
  cert: TestsslCertificate,
  name: string,
): ItemJudgement[] {
  const items: ItemJudgement[] = [];
  const chain = cert.chainOfTrust;
  if (chain) {
    const verdict = chain.datesOnly ? 'pass' : chain.status;
    const selfSigned = /self.signed/i.test(chain.finding);
    items.push({
      item: CHAIN,
      verdict,
      ...(verdict !== 'pass'
        ? {
            findings: [
              selfSigned
                ? ctx.finding('self-signed', { host, error: chain.finding, subject: null }, location, evidence)
                : ctx.finding('untrusted-chain', { host, error: chain.finding, issuer: null }, location, evidence),
            ],
          }
        : {}),
    });
  }
  const named = cert.hostname;
  if (named)
    items.push({
      item: HOSTNAME,
      verdict: named.status,
      ...(named.status !== 'pass'
        ? {
            findings: [
              ctx.finding(
                'hostname-mismatch',
                { host, name, names: cert.subjectAltNames.join(', ') || '(none)', error: named.finding },
                location,
                evidence,
              ),
            ],
          }
        : {}),
    });
  return items;
}
