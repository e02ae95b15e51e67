import { defineCheck, type CheckContext } from '../../engine/check.ts';
import type { FindingLocation } from '../../engine/types.ts';
import { certificateOf, daysBetween, scanEvidence, scanHostPort, scanLocation } from '../../security/tls/judge.ts';
import { decide, ENGINES_DISAGREE, mergeEngines, testsslOf, type ItemJudgement } from './tls-engines.ts';
import { judgeTlsEndpoints } from './tls-judging.ts';

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
    '(30 by default, PSW-SEC-TLS-004), so renewal happens before clients break. With --tls-engine testssl, the ' +
    "leaf's dates as testssl.sh read them are judged by the same rule.",
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
    'engines-disagree': ENGINES_DISAGREE,
  },
  defaultOptions: { minDaysLeft: 30 },
  run({ TlsEndpoints, ProbePlan }, ctx) {
    return judgeTlsEndpoints(TlsEndpoints, ProbePlan, ['PSW-SEC-TLS-004'], ctx, (scan) => {
      if (scan.transport === 'plaintext')
        return ctx.notApplicable('The API is plain HTTP (see tls-protocol-versions).');
      const cert = certificateOf(scan);
      const at = { host: scanHostPort(scan), location: scanLocation(scan), evidence: scanEvidence(scan) };
      const node = cert.chain.map((c, position) =>
        validity(
          ctx,
          at,
          { position, subject: c.subject, notBefore: c.notBefore, notAfter: c.notAfter },
          scan.scannedAt,
        ),
      );
      // testssl.sh 3.0 reads the leaf's dates only (to the minute, UTC): its verdict is on certificate #0.
      const testssl = testsslOf(scan);
      const leafDates = testssl?.certificate;
      const merged = mergeEngines(ctx, at, {
        node,
        ...(leafDates
          ? {
              testssl:
                leafDates.notBefore && leafDates.notAfter
                  ? [
                      validity(
                        ctx,
                        at,
                        {
                          position: 0,
                          subject: cert.chain[0]!.subject,
                          notBefore: leafDates.notBefore,
                          notAfter: leafDates.notAfter,
                        },
                        testssl.scannedAt,
                      ),
                    ]
                  : [{ item: itemOf(0), verdict: 'unknown' as const }],
            }
          : {}),
      });
      const leafDays = daysBetween(scan.scannedAt, cert.chain[0]!.notAfter);
      const metrics = { leafDaysRemaining: leafDays };
      return decide(ctx, merged, {
        fail: `${merged.failures.length} certificate(s) outside their validity or within ${ctx.options.minDaysLeft} days of its end.`,
        review: "Node's prober and testssl.sh disagree about the leaf's validity.",
        pass: `Leaf valid until ${cert.chain[0]!.notAfter} (${leafDays} days left).`,
        evidence: at.evidence,
        metrics,
      });
    });
  },
});

const itemOf = (position: number) => `certificate #${position} validity`;

/** One certificate's validity at `scannedAt`: expired, not yet valid, or too close to its end fails. */
function validity(
  ctx: CheckContext<TlsCertificateExpiryOptions>,
  { host, location, evidence }: { host: string; location: FindingLocation; evidence: string[] },
  c: { position: number; subject: string; notBefore: string; notAfter: string },
  scannedAt: string,
): ItemJudgement {
  const now = Date.parse(scannedAt);
  const base = { host, ...c };
  const item = itemOf(c.position);
  const fail = (id: string, days: number, extra: Record<string, number> = {}): ItemJudgement => ({
    item,
    verdict: 'fail',
    findings: [ctx.finding(id, { ...base, days, ...extra }, location, evidence)],
  });
  if (now > Date.parse(c.notAfter)) return fail('expired', daysBetween(c.notAfter, scannedAt));
  if (now < Date.parse(c.notBefore)) return fail('not-yet-valid', daysBetween(scannedAt, c.notBefore));
  const days = daysBetween(scannedAt, c.notAfter);
  if (days < ctx.options.minDaysLeft) return fail('expires-soon', days, { minimum: ctx.options.minDaysLeft });
  return { item, verdict: 'pass' };
}
