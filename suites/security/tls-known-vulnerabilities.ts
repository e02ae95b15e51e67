// tls-known-vulnerabilities: no origin is open to the known attacks on TLS. testssl.sh (-U) tests them
// all with crafted records; Node's TLS cannot send those, so the prober judges only what its handshakes
// show: BEAST (TLS 1.0 with a CBC suite), LUCKY13 (any CBC suite), SWEET32 (64-bit block suites) and RC4,
// the latter two only where this OpenSSL can still offer such suites.
import { defineCheck, type CheckContext } from '../../engine/check.ts';
import type { EngineVerdict, FindingLocation } from '../../engine/types.ts';
import { VULNERABILITIES, type TestsslReport, type VulnerabilityId } from '../../security/testssl/findings.ts';
import { scanEvidence, scanHostPort, scanLocation } from '../../security/tls/judge.ts';
import type { CipherSuiteProbe, TlsScan } from '../../security/tls/types.ts';
import { decide, ENGINES_DISAGREE, mergeEngines, testsslOf, type ItemJudgement } from './tls-engines.ts';
import { judgeTlsEndpoints } from './tls-judging.ts';

type At = { host: string; location: FindingLocation; evidence: string[] };

/** One message per vulnerability: the finding id is the vulnerability's, so each has its own fingerprint. */
const VULNERABILITY_MESSAGES = Object.fromEntries(
  VULNERABILITIES.map((v) => [v.id, `{{host}} is open to ${v.name}: {{detail}}`]),
) as Record<VulnerabilityId, string>;

const NAME = Object.fromEntries(VULNERABILITIES.map((v) => [v.id, v.name])) as Record<VulnerabilityId, string>;

export default defineCheck<'TlsEndpoints' | 'ProbePlan'>({
  id: 'tls-known-vulnerabilities',
  title: 'No origin is open to known TLS attacks',
  failureTitle: 'An origin is open to a known TLS attack',
  description:
    'Each origin is tested for the known attacks on TLS and its implementations (RFC 7457): Heartbleed, CCS ' +
    'injection, Ticketbleed, ROBOT, insecure or unlimited client-initiated renegotiation, CRIME, BREACH, POODLE, ' +
    'SWEET32, FREAK, DROWN, Logjam, BEAST, Lucky Thirteen and RC4, one finding per attack the server is open to. ' +
    'With --tls-engine testssl, testssl.sh tests every one of them (-U; a testssl severity of LOW or above is a ' +
    "finding). Node's TLS cannot craft those records: with Node alone only BEAST, Lucky Thirteen, SWEET32 and RC4 " +
    'are judged, from the protocol versions and suites the server accepts, and the others are named as not ' +
    'judged. Where both engines judge an attack, both verdicts are reported and a disagreement needs review.',
  remediation:
    'Update the TLS library (OpenSSL, the load balancer firmware) to a supported release, disable TLS and HTTP compression on responses carrying secrets, refuse SSLv3, TLS 1.0 and CBC, 3DES, RC4 and export suites, and refuse or rate-limit client-initiated renegotiation.',
  area: 'security',
  requirements: ['PSW-SEC-TLS-009'],
  requires: ['TlsEndpoints', 'ProbePlan'],
  cwe: [326, 327, 400],
  owasp: ['API8:2023'],
  messages: {
    ...VULNERABILITY_MESSAGES,
    'vulnerability-not-determined': 'Whether {{host}} is open to {{name}} could not be determined: {{detail}}',
    'engines-disagree': ENGINES_DISAGREE,
  },
  defaultOptions: {},
  run({ TlsEndpoints, ProbePlan }, ctx) {
    return judgeTlsEndpoints(TlsEndpoints, ProbePlan, ['PSW-SEC-TLS-009'], ctx, (scan) => {
      if (scan.transport === 'plaintext')
        return ctx.notApplicable('The API is plain HTTP (see tls-protocol-versions).');
      const at = { host: scanHostPort(scan), location: scanLocation(scan), evidence: scanEvidence(scan) };
      const node = nodeItems(ctx, at, scan);
      const report = testsslOf(scan);
      const testssl = report?.checks.includes('vulnerabilities') ? testsslItems(ctx, at, report) : undefined;
      const merged = mergeEngines(ctx, at, { node, ...(testssl ? { testssl } : {}) });
      const judged = new Set([...node, ...(testssl ?? [])].map((i) => i.item));
      const notJudged = VULNERABILITIES.filter((v) => !judged.has(v.id)).map((v) => v.name);
      const open = [...new Set(merged.failures.map((f) => NAME[f.id as VulnerabilityId]).filter(Boolean))];
      const by = testssl ? 'testssl.sh and the Node prober' : 'the Node prober';
      return decide(ctx, merged, {
        fail: `Open to ${open.join(', ')}.`,
        review: merged.unknown.length
          ? 'Some attacks could not be tested.'
          : "Node's prober and testssl.sh disagree about some attacks.",
        pass:
          `Not open to any of the ${judged.size} attack(s) ${by} judged` +
          (notJudged.length ? `; not judged (needs --tls-engine testssl): ${notJudged.join(', ')}.` : '.'),
        evidence: at.evidence,
        metrics: { attacksJudged: judged.size, attacksNotJudged: notJudged.length },
      });
    });
  },
});

function item(
  ctx: CheckContext<Record<string, never>>,
  { host, location, evidence }: At,
  id: VulnerabilityId,
  verdict: EngineVerdict,
  detail: string,
  data: Record<string, string | null> = {},
): ItemJudgement {
  if (verdict === 'pass') return { item: id, verdict };
  const message = verdict === 'fail' ? id : 'vulnerability-not-determined';
  return {
    item: id,
    verdict,
    findings: [ctx.finding(message, { host, vulnerability: id, name: NAME[id], detail, ...data }, location, evidence)],
  };
}

/** testssl.sh's verdict on each attack it reported (statusOf its severity), with its own words and CVEs. */
function testsslItems(ctx: CheckContext<Record<string, never>>, at: At, report: TestsslReport): ItemJudgement[] {
  return report.vulnerabilities.map((v) =>
    item(ctx, at, v.vulnerability, v.status, `testssl.sh ${v.id}: ${v.finding} (${v.severity})`, {
      testsslId: v.id,
      severity: v.severity,
      cve: v.cve ?? null,
    }),
  );
}

const isCbc = (iana: string | undefined) => /_CBC_/.test(iana ?? '');

/**
 * What Node's handshakes show. BEAST: TLS 1.0 accepted with a CBC suite. LUCKY13: a CBC suite accepted
 * (the server's picks included). SWEET32 and RC4: a suite of that category accepted; no item when this
 * client could offer none of them (OpenSSL 3 builds without 3DES and RC4).
 */
export function nodeItems(ctx: CheckContext<Record<string, never>>, at: At, scan: TlsScan): ItemJudgement[] {
  const items: ItemJudgement[] = [];
  const tls10 = scan.protocols.find((p) => p.version === 'TLSv1');
  if (tls10?.status === 'accepted') {
    const cbc = isCbc(tls10.cipherIana);
    items.push(
      item(ctx, at, 'beast', cbc ? 'fail' : 'pass', `TLS 1.0 accepted with ${tls10.cipherIana ?? tls10.cipher}`),
    );
  } else if (tls10?.status === 'rejected') items.push(item(ctx, at, 'beast', 'pass', ''));
  else if (tls10?.status === 'error')
    items.push(item(ctx, at, 'beast', 'unknown', `TLS 1.0 probe: ${tls10.failure?.code ?? 'no answer'}`));

  const accepted = [
    ...scan.cipherSuites.filter((s) => s.status === 'accepted').map((s) => s.iana),
    ...scan.protocols.filter((p) => p.status === 'accepted' && p.cipherIana).map((p) => p.cipherIana!),
  ];
  const cbc = [...new Set(accepted.filter(isCbc))];
  const cbcProbes = scan.cipherSuites.filter((s) => isCbc(s.iana));
  if (cbc.length > 0) items.push(item(ctx, at, 'lucky13', 'fail', `CBC suite(s) accepted: ${cbc.join(', ')}`));
  else if (cbcProbes.some((s) => s.status === 'rejected')) items.push(item(ctx, at, 'lucky13', 'pass', ''));

  const byCategory = (id: VulnerabilityId, probes: CipherSuiteProbe[]) => {
    const yes = probes.filter((s) => s.status === 'accepted').map((s) => s.iana);
    if (yes.length > 0) items.push(item(ctx, at, id, 'fail', `accepted ${yes.join(', ')}`));
    else if (probes.some((s) => s.status === 'rejected')) items.push(item(ctx, at, id, 'pass', ''));
  };
  byCategory(
    'sweet32',
    scan.cipherSuites.filter((s) => s.category === '64-bit-block'),
  );
  byCategory(
    'rc4',
    scan.cipherSuites.filter((s) => s.category === 'rc4'),
  );
  return items;
}
