import { defineCheck, type CheckContext } from '../../engine/check.ts';
import type { EngineVerdict, FindingLocation } from '../../engine/types.ts';
import { scanEvidence, scanHostPort, scanLocation } from '../../security/tls/judge.ts';
import { CATEGORY_REASONS, classifySuite } from '../../security/tls/suites.ts';
import {
  SUITE_CATEGORIES,
  type CipherSuiteProbe,
  type ProtocolProbe,
  type SuiteCategory,
} from '../../security/tls/types.ts';
import { decide, ENGINES_DISAGREE, mergeEngines, testsslOf, type ItemJudgement } from './tls-engines.ts';
import { judgeTlsEndpoints } from './tls-judging.ts';

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
    'picks for TLS 1.2 on its own are judged too, and so is forward secrecy as a whole (some ECDHE/DHE suite or TLS 1.3 offered). Suites this client cannot offer are listed as not tested; with --tls-engine testssl, testssl.sh tries every suite it knows (-E) and checks forward secrecy (-f), and both verdicts are reported. Judged on the endpoint of each origin the member serves (API, token endpoint, portal; each distinct host:port scanned once), and reported per origin.',
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
    'forward-secrecy-not-offered': '{{host}} offers no forward-secret key exchange (no ECDHE/DHE suite, no TLS 1.3).',
    'engines-disagree': ENGINES_DISAGREE,
  },
  defaultOptions: { forbiddenCategories: [...SUITE_CATEGORIES] },
  run({ TlsEndpoints, ProbePlan }, ctx) {
    return judgeTlsEndpoints(TlsEndpoints, ProbePlan, ['PSW-SEC-TLS-002'], ctx, (scan) => {
      if (scan.transport === 'plaintext')
        return ctx.notApplicable('The API is plain HTTP (see tls-protocol-versions).');
      const at = { host: scanHostPort(scan), location: scanLocation(scan), evidence: scanEvidence(scan) };
      const testssl = testsslOf(scan);
      const nodeItems = suiteItems(ctx, at, scan.cipherSuites, scan.protocols);
      // testssl.sh tries every suite it knows (-E): a weak suite it does not list was refused, so each
      // suite Node tried gets testssl's verdict too. Forward secrecy as a whole is its -f.
      const testsslSuites = testssl?.checks.includes('ciphers')
        ? [
            ...suiteItems(ctx, at, testssl.cipherSuites, []),
            ...nodeItems
              .filter((i) => !testssl.cipherSuites.some((s) => s.iana === i.item))
              .map((i): ItemJudgement => ({ item: i.item, verdict: 'pass' })),
          ]
        : null;
      const testsslFs = testssl?.checks.includes('forward-secrecy')
        ? (testssl.forwardSecrecy?.status ?? 'unknown')
        : null;
      const fs = (items: ItemJudgement[], verdict: EngineVerdict | null) =>
        verdict && ctx.options.forbiddenCategories.includes('no-forward-secrecy')
          ? [...items, forwardSecrecyItem(ctx, at, verdict)]
          : items;
      const merged = mergeEngines(ctx, at, {
        node: fs(nodeItems, nodeForwardSecrecy(scan.protocols)),
        ...(testsslSuites || testsslFs ? { testssl: fs(testsslSuites ?? [], testsslFs) } : {}),
      });

      const untested = scan.cipherSuites.filter((s) => s.status === 'not-tested').length;
      const tried = scan.cipherSuites.length - untested;
      const note = untested ? ` (${untested} suite(s) not testable by this client)` : '';
      const weak = merged.failures.filter((f) => f.id !== 'forward-secrecy-not-offered').length;
      const metrics = { suitesTried: tried, suitesAccepted: weak, suitesNotTested: untested };
      return decide(ctx, merged, {
        fail: weak > 0 ? `Accepts ${weak} weak suite(s)${note}.` : 'Offers no forward-secret key exchange.',
        review: merged.unknown.length
          ? `No answer for ${merged.unknown.length} suite(s)${note}.`
          : "Node's prober and testssl.sh disagree about some suites.",
        pass: `Refuses all ${tried} weak suites tried${note}${testssl ? '; testssl.sh found no weak suite offered' : ''}.`,
        evidence: at.evidence,
        metrics,
      });
    });
  },
});

type At = { host: string; location: FindingLocation; evidence: string[] };

/**
 * One item per weak suite (IANA name) of a forbidden category: accepted fails, refused passes, no answer
 * is unknown; a suite the engine cannot offer is no item. The server's own TLS 1.2 pick counts as accepted
 * (it may be weak and absent from the probe list; TLS 1.0/1.1 picks are CBC by construction and belong to
 * tls-protocol-versions).
 */
function suiteItems(
  ctx: CheckContext<TlsCipherSuitesOptions>,
  { host, location, evidence }: At,
  suites: readonly CipherSuiteProbe[],
  protocols: readonly ProtocolProbe[],
): ItemJudgement[] {
  const forbidden = new Set(ctx.options.forbiddenCategories);
  const items = new Map<string, ItemJudgement>();
  const accepted = (iana: string, suite: string, category: SuiteCategory, version: string | null) =>
    items.set(iana, {
      item: iana,
      verdict: 'fail',
      findings: [
        ctx.finding(
          FINDING_ID[category],
          { host, suite, iana, category, version, reason: CATEGORY_REASONS[category] },
          location,
          evidence,
        ),
      ],
    });
  for (const s of suites) {
    if (!forbidden.has(s.category) || items.get(s.iana)?.verdict === 'fail') continue;
    if (s.status === 'accepted') accepted(s.iana, s.suite, s.category, s.version ?? null);
    else if (s.status === 'rejected') items.set(s.iana, { item: s.iana, verdict: 'pass' });
    else if (s.status === 'error')
      items.set(s.iana, {
        item: s.iana,
        verdict: 'unknown',
        findings: [
          ctx.finding(
            'suite-not-determined',
            { host, suite: s.suite, iana: s.iana, code: s.failure?.code ?? null },
            location,
            evidence,
          ),
        ],
      });
  }
  for (const p of protocols) {
    if (p.version !== 'TLSv1.2' || p.status !== 'accepted' || !p.cipherIana) continue;
    const category = classifySuite(p.cipherIana);
    if (category && forbidden.has(category) && items.get(p.cipherIana)?.verdict !== 'fail')
      accepted(p.cipherIana, p.cipher ?? p.cipherIana, category, p.version);
  }
  return [...items.values()];
}

/**
 * Whether the handshakes Node made show forward secrecy: TLS 1.3 always has it; TLS ≤ 1.2 when the
 * key exchange was ephemeral (ECDHE/DHE). Null when no handshake completed (nothing to say).
 */
export function nodeForwardSecrecy(protocols: readonly ProtocolProbe[]): EngineVerdict | null {
  const accepted = protocols.filter((p) => p.status === 'accepted');
  if (accepted.length === 0) return null;
  const ephemeral = (p: ProtocolProbe) =>
    p.version === 'TLSv1.3' ||
    p.ephemeralKey?.type === 'ECDH' ||
    p.ephemeralKey?.type === 'DH' ||
    /^TLS_(EC)?DHE_/.test(p.cipherIana ?? '');
  return accepted.some(ephemeral) ? 'pass' : 'fail';
}

function forwardSecrecyItem(
  ctx: CheckContext<TlsCipherSuitesOptions>,
  { host, location, evidence }: At,
  verdict: EngineVerdict,
): ItemJudgement {
  return {
    item: 'forward secrecy',
    verdict,
    ...(verdict === 'fail'
      ? { findings: [ctx.finding('forward-secrecy-not-offered', { host }, location, evidence)] }
      : {}),
  };
}
