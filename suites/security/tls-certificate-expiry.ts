import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { certificateOf, daysBetween, scanEvidence, scanHostPort, scanLocation } from '../../security/tls/judge.ts';

export interface TlsCertificateExpiryOptions {
  /** A certificate ending within this many days is flagged for review. */
  warnDays: number;
}

export default defineCheck<'TlsScan', TlsCertificateExpiryOptions>({
  id: 'tls-certificate-expiry',
  title: 'API certificates are within their validity period',
  failureTitle: 'An API certificate is expired or not yet valid',
  description:
    'Every certificate of the chain is judged against the time of the scan: expired or not yet valid fails; ' +
    'ending within the warning window (30 days by default) needs review so renewal happens before clients break.',
  area: 'security',
  requirements: ['PSW-SEC-TLS-004'],
  requires: ['TlsScan'],
  cwe: [298, 324],
  owasp: ['API8:2023'],
  messages: {
    expired:
      'Certificate #{{position}} of {{host}} ({{subject}}) expired on {{notAfter}}, {{days}} day(s) before the scan.',
    'not-yet-valid': 'Certificate #{{position}} of {{host}} ({{subject}}) is valid only from {{notBefore}}.',
    'expires-soon': 'Certificate #{{position}} of {{host}} ({{subject}}) expires on {{notAfter}}, in {{days}} day(s).',
  },
  defaultOptions: { warnDays: 30 },
  run({ TlsScan: scan }, ctx) {
    if (scan.transport === 'plaintext') return ctx.notApplicable('The API is plain HTTP (see tls-protocol-versions).');
    const cert = certificateOf(scan);
    const host = scanHostPort(scan);
    const location = scanLocation(scan);
    const evidence = scanEvidence(scan);
    const now = Date.parse(scan.scannedAt);
    const failures: Finding[] = [];
    const warnings: Finding[] = [];

    cert.chain.forEach((c, position) => {
      const base = { host, position, subject: c.subject, notBefore: c.notBefore, notAfter: c.notAfter };
      if (now > Date.parse(c.notAfter)) {
        failures.push(
          ctx.finding('expired', { ...base, days: daysBetween(c.notAfter, scan.scannedAt) }, location, evidence),
        );
      } else if (now < Date.parse(c.notBefore)) {
        failures.push(
          ctx.finding('not-yet-valid', { ...base, days: daysBetween(scan.scannedAt, c.notBefore) }, location, evidence),
        );
      } else {
        const days = daysBetween(scan.scannedAt, c.notAfter);
        if (days < ctx.options.warnDays)
          warnings.push(ctx.finding('expires-soon', { ...base, days }, location, evidence));
      }
    });

    const leafDays = daysBetween(scan.scannedAt, cert.chain[0]!.notAfter);
    const metrics = { leafDaysRemaining: leafDays };
    if (failures.length > 0)
      return ctx.fail([...failures, ...warnings], `${failures.length} certificate(s) outside their validity.`, metrics);
    if (warnings.length > 0)
      return ctx.needsReview(`${warnings.length} certificate(s) expire within ${ctx.options.warnDays} days.`, warnings);
    return ctx.pass(`Leaf valid until ${cert.chain[0]!.notAfter} (${leafDays} days left).`, evidence, metrics);
  },
});
