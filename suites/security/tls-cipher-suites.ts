import { defineCheck } from '../../engine/check.ts';
import { judgeTlsEndpoints } from './tls-judging.ts';
import type { Finding } from '../../engine/types.ts';
import { scanEvidence, scanHostPort, scanLocation } from '../../security/tls/judge.ts';
import { CATEGORY_REASONS, classifySuite } from '../../security/tls/suites.ts';
import { SUITE_CATEGORIES, type SuiteCategory } from '../../security/tls/types.ts';

export interface TlsCipherSuitesOptions {
  /** Categories of TLS ≤ 1.2 suites the server must not accept. */
  forbiddenCategories: SuiteCategory[];
}

/** Finding id per category: broken outright, no forward secrecy, or merely obsolete CBC. */
const FINDING_ID: Record<SuiteCategory, 'broken-suite' | 'no-forward-secrecy' | 'cbc-suite'> = {
  'null-encryption': 'broken-suite',
  anonymous: 'broken-suite',
  export: 'broken-suite',
  rc4: 'broken-suite',
  des: 'broken-suite',
  '64-bit-block': 'broken-suite',
  'no-forward-secrecy': 'no-forward-secrecy',
  cbc: 'cbc-suite',
};

export default defineCheck<'TlsEndpoints' | 'ProbePlan', TlsCipherSuitesOptions>({
  id: 'tls-cipher-suites',
  title: 'No origin accepts weak cipher suites',
  failureTitle: 'An origin accepts weak cipher suites',
  description:
    'Each weak TLS ≤ 1.2 suite (NULL, anonymous, EXPORT, RC4, DES/3DES, static-RSA key exchange without forward ' +
    'secrecy, CBC) is offered alone in one handshake; any the server accepts is a finding. The suites the server ' +
    'picks for TLS 1.2 on its own are judged too. Suites this client cannot offer are listed as not tested. Judged on the endpoint of each origin the member serves (API, token endpoint, portal; each distinct host:port scanned once), and reported per origin.',
  remediation:
    "Allow only forward-secret AEAD suites for TLS 1.2 (ECDHE with AES-GCM or ChaCha20-Poly1305), e.g. Mozilla's intermediate configuration; remove NULL, anonymous, EXPORT, RC4, 3DES, static-RSA and CBC suites.",
  area: 'security',
  requirements: ['PSW-SEC-TLS-002'],
  requires: ['TlsEndpoints', 'ProbePlan'],
  cwe: [326, 327],
  owasp: ['API8:2023'],
  messages: {
    'broken-suite': '{{host}} accepts {{iana}} over {{version}}: {{reason}}.',
    'no-forward-secrecy': '{{host}} accepts {{iana}} over {{version}}: {{reason}}.',
    'cbc-suite': '{{host}} accepts {{iana}} over {{version}}: {{reason}}.',
    'suite-not-determined': 'Whether {{host}} accepts {{iana}} could not be determined ({{code}}).',
  },
  defaultOptions: { forbiddenCategories: [...SUITE_CATEGORIES] },
  run({ TlsEndpoints, ProbePlan }, ctx) {
    return judgeTlsEndpoints(TlsEndpoints, ProbePlan, ['PSW-SEC-TLS-002'], ctx, (scan) => {
      if (scan.transport === 'plaintext')
        return ctx.notApplicable('The API is plain HTTP (see tls-protocol-versions).');
      const host = scanHostPort(scan);
      const location = scanLocation(scan);
      const evidence = scanEvidence(scan);
      const forbidden = new Set(ctx.options.forbiddenCategories);
      const failures: Finding[] = [];
      const unknown: Finding[] = [];
      const reported = new Set<string>();

      const report = (iana: string, suite: string, category: SuiteCategory, version: string | null) => {
        if (!forbidden.has(category) || reported.has(iana)) return;
        reported.add(iana);
        failures.push(
          ctx.finding(
            FINDING_ID[category],
            { host, suite, iana, category, version, reason: CATEGORY_REASONS[category] },
            location,
            evidence,
          ),
        );
      };

      for (const s of scan.cipherSuites) {
        if (s.status === 'accepted') report(s.iana, s.suite, s.category, s.version ?? null);
        else if (s.status === 'error') {
          unknown.push(
            ctx.finding(
              'suite-not-determined',
              { host, suite: s.suite, iana: s.iana, code: s.failure?.code ?? null },
              location,
              evidence,
            ),
          );
        }
      }
      // The server's own TLS 1.2 pick may be weak and absent from the probe list. (TLS 1.0/1.1 picks are
      // CBC by construction and belong to tls-protocol-versions.)
      for (const p of scan.protocols) {
        if (p.version !== 'TLSv1.2' || p.status !== 'accepted' || !p.cipherIana) continue;
        const category = classifySuite(p.cipherIana);
        if (category) report(p.cipherIana, p.cipher ?? p.cipherIana, category, p.version);
      }

      const untested = scan.cipherSuites.filter((s) => s.status === 'not-tested').length;
      const tried = scan.cipherSuites.length - untested;
      const note = untested ? ` (${untested} suite(s) not testable by this client)` : '';
      const metrics = { suitesTried: tried, suitesAccepted: failures.length, suitesNotTested: untested };
      if (failures.length > 0) {
        return ctx.fail([...failures, ...unknown], `Accepts ${failures.length} weak suite(s)${note}.`, metrics);
      }
      if (unknown.length > 0) return ctx.needsReview(`No answer for ${unknown.length} suite(s)${note}.`, unknown);
      const summary =
        scan.source === 'testssl'
          ? 'testssl.sh found no weak suite offered.'
          : `Refuses all ${tried} weak suites tried${note}.`;
      return ctx.pass(summary, evidence, metrics);
    });
  },
});
