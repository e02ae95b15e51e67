import { defineCheck } from '../../engine/check.ts';
import { judgeTlsEndpoints } from './tls-judging.ts';
import type { Finding } from '../../engine/types.ts';
import { certificateOf, daysBetween, scanEvidence, scanHostPort, scanLocation } from '../../security/tls/judge.ts';

export interface TlsCertificateExpiryOptions {
  /**
   * A certificate of the chain must have at least this many days left (the profile's threshold,
   * PSW-SEC-TLS-004: 30; set in the profile as checks.tls-certificate-expiry.options.minDaysLeft).
   */
  minDaysLeft: number;
}

export default defineCheck<'TlsEndpoints' | 'ProbePlan', TlsCertificateExpiryOptions>({
  id: 'tls-certificate-expiry',
  title: 'Certificates are within their validity period, with the renewal margin left',
  failureTitle: 'A certificate is expired, not yet valid, or about to expire',
  description:
    'Every certificate of the chain of every origin (API, token endpoint, portal) is judged against the time of ' +
    'the scan: expired or not yet valid fails, and so does one with fewer days left than the profile requires ' +
    '(30 by default, PSW-SEC-TLS-004), so renewal happens before clients break.',
  remediation:
    "Renew the certificate before fewer than the profile's days remain and automate the renewal (ACME or your CA's API), with an alert when it is close to expiry.",
  area: 'security',
  requirements: ['PSW-SEC-TLS-004'],
  requires: ['TlsEndpoints', 'ProbePlan'],
  cwe: [298, 324],
  owasp: ['API8:2023'],
  messages: {
    expired:
      'Certificate #{{position}} of {{host}} ({{subject}}) expired on {{notAfter}}, {{days}} day(s) before the scan.',
    'not-yet-valid': 'Certificate #{{position}} of {{host}} ({{subject}}) is valid only from {{notBefore}}.',
    'expires-soon':
      'Certificate #{{position}} of {{host}} ({{subject}}) expires on {{notAfter}}, in {{days}} day(s); at least {{minimum}} required.',
  },
  defaultOptions: { minDaysLeft: 30 },
  run({ TlsEndpoints, ProbePlan }, ctx) {
    return judgeTlsEndpoints(TlsEndpoints, ProbePlan, ['PSW-SEC-TLS-004'], ctx, (scan) => {
      if (scan.transport === 'plaintext')
        return ctx.notApplicable('The API is plain HTTP (see tls-protocol-versions).');
      const cert = certificateOf(scan);
      const host = scanHostPort(scan);
      const location = scanLocation(scan);
      const evidence = scanEvidence(scan);
      const now = Date.parse(scan.scannedAt);
      const failures: Finding[] = [];

      cert.chain.forEach((c, position) => {
        const base = { host, position, subject: c.subject, notBefore: c.notBefore, notAfter: c.notAfter };
        if (now > Date.parse(c.notAfter)) {
          failures.push(
            ctx.finding('expired', { ...base, days: daysBetween(c.notAfter, scan.scannedAt) }, location, evidence),
          );
        } else if (now < Date.parse(c.notBefore)) {
          failures.push(
            ctx.finding(
              'not-yet-valid',
              { ...base, days: daysBetween(scan.scannedAt, c.notBefore) },
              location,
              evidence,
            ),
          );
        } else {
          const days = daysBetween(scan.scannedAt, c.notAfter);
          if (days < ctx.options.minDaysLeft)
            failures.push(
              ctx.finding('expires-soon', { ...base, days, minimum: ctx.options.minDaysLeft }, location, evidence),
            );
        }
      });

      const leafDays = daysBetween(scan.scannedAt, cert.chain[0]!.notAfter);
      const metrics = { leafDaysRemaining: leafDays };
      if (failures.length > 0)
        return ctx.fail(
          failures,
          `${failures.length} certificate(s) outside their validity or within ${ctx.options.minDaysLeft} days of its end.`,
          metrics,
        );
      return ctx.pass(`Leaf valid until ${cert.chain[0]!.notAfter} (${leafDays} days left).`, evidence, metrics);
    });
  },
});
