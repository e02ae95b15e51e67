import { defineCheck } from '../../engine/check.ts';
import { judgeTlsEndpoints } from './tls-judging.ts';
import { certificateOf, scanEvidence, scanHostPort, scanLocation } from '../../security/tls/judge.ts';

export interface TlsCertificateLifetimeOptions {
  /** Longest acceptable leaf validity, in days (CA/Browser Forum baseline: 398). */
  maxDays: number;
}

export default defineCheck<'TlsEndpoints' | 'ProbePlan', TlsCertificateLifetimeOptions>({
  id: 'tls-certificate-lifetime',
  title: 'Server certificate lifetime is at most 398 days on every origin',
  failureTitle: 'A server certificate lifetime is too long',
  description:
    'Long-lived leaves keep a compromised or mis-issued key usable for years and make rotation rare and risky. ' +
    'The CA/Browser Forum baseline requirements cap server certificates at 398 days. Only the leaf is judged; CA ' +
    'certificates legitimately live longer. Judged on the endpoint of each origin the member serves (API, token endpoint, portal; each distinct host:port scanned once), and reported per origin.',
  remediation: 'Request server certificates valid for at most 398 days (90 days with automated renewal is better).',
  area: 'security',
  requirements: ['PSW-SEC-TLS-006'],
  requires: ['TlsEndpoints', 'ProbePlan'],
  cwe: [324],
  owasp: ['API8:2023'],
  messages: {
    'lifetime-too-long':
      'The certificate of {{host}} ({{subject}}) is valid for {{days}} days ({{notBefore}} → {{notAfter}}); at most {{maximum}} allowed.',
  },
  defaultOptions: { maxDays: 398 },
  run({ TlsEndpoints, ProbePlan }, ctx) {
    return judgeTlsEndpoints(TlsEndpoints, ProbePlan, ['PSW-SEC-TLS-006'], ctx, (scan) => {
      if (scan.transport === 'plaintext')
        return ctx.notApplicable('The API is plain HTTP (see tls-protocol-versions).');
      const leaf = certificateOf(scan).chain[0]!;
      const days = Math.round(leaf.lifetimeDays * 100) / 100;
      const metrics = { leafLifetimeDays: days };
      if (leaf.lifetimeDays > ctx.options.maxDays) {
        const data = {
          host: scanHostPort(scan),
          subject: leaf.subject,
          days: Math.ceil(leaf.lifetimeDays),
          maximum: ctx.options.maxDays,
          notBefore: leaf.notBefore,
          notAfter: leaf.notAfter,
        };
        return ctx.fail(
          [ctx.finding('lifetime-too-long', data, scanLocation(scan), scanEvidence(scan))],
          `Leaf valid ${data.days} days.`,
          metrics,
        );
      }
      return ctx.pass(
        `Leaf valid ${Math.floor(leaf.lifetimeDays)} days (at most ${ctx.options.maxDays}).`,
        scanEvidence(scan),
        metrics,
      );
    });
  },
});
