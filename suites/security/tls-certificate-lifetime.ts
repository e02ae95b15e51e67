import { defineCheck } from '../../engine/check.ts';
import { certificateOf, scanEvidence, scanHostPort, scanLocation } from '../../security/tls/judge.ts';
import { decide, ENGINES_DISAGREE, mergeEngines, testsslOf, type ItemJudgement } from './tls-engines.ts';
import { judgeTlsEndpoints } from './tls-judging.ts';

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
    'engines-disagree': ENGINES_DISAGREE,
  },
  defaultOptions: { maxDays: 398 },
  run({ TlsEndpoints, ProbePlan }, ctx) {
    return judgeTlsEndpoints(TlsEndpoints, ProbePlan, ['PSW-SEC-TLS-006'], ctx, (scan) => {
      if (scan.transport === 'plaintext')
        return ctx.notApplicable('The API is plain HTTP (see tls-protocol-versions).');
      const leaf = certificateOf(scan).chain[0]!;
      const at = { host: scanHostPort(scan), location: scanLocation(scan), evidence: scanEvidence(scan) };
      const lifetime = (lifetimeDays: number, notBefore: string, notAfter: string): ItemJudgement => {
        if (lifetimeDays <= ctx.options.maxDays) return { item: ITEM, verdict: 'pass' };
        const data = {
          host: at.host,
          subject: leaf.subject,
          days: Math.ceil(lifetimeDays),
          maximum: ctx.options.maxDays,
          notBefore,
          notAfter,
        };
        return {
          item: ITEM,
          verdict: 'fail',
          findings: [ctx.finding('lifetime-too-long', data, at.location, at.evidence)],
        };
      };
      // testssl.sh's leaf dates (to the minute) judged by the same rule.
      const dates = testsslOf(scan)?.certificate;
      const merged = mergeEngines(ctx, at, {
        node: [lifetime(leaf.lifetimeDays, leaf.notBefore, leaf.notAfter)],
        ...(dates
          ? {
              testssl: [
                dates.notBefore && dates.notAfter
                  ? lifetime(
                      (Date.parse(dates.notAfter) - Date.parse(dates.notBefore)) / 86_400_000,
                      dates.notBefore,
                      dates.notAfter,
                    )
                  : { item: ITEM, verdict: 'unknown' as const },
              ],
            }
          : {}),
      });
      const days = Math.round(leaf.lifetimeDays * 100) / 100;
      return decide(ctx, merged, {
        fail: `Leaf valid ${Math.ceil(leaf.lifetimeDays)} days.`,
        review: "Node's prober and testssl.sh disagree about the leaf's lifetime.",
        pass: `Leaf valid ${Math.floor(leaf.lifetimeDays)} days (at most ${ctx.options.maxDays}).`,
        evidence: at.evidence,
        metrics: { leafLifetimeDays: days },
      });
    });
  },
});

const ITEM = 'certificate #0 lifetime';
