import { defineCheck, type CheckContext } from '../../engine/check.ts';
import type { FindingLocation } from '../../engine/types.ts';
import { scanEvidence, scanHostPort, scanLocation } from '../../security/tls/judge.ts';
import type { ProtocolProbe, ProtocolVersion } from '../../security/tls/types.ts';
import { decide, ENGINES_DISAGREE, mergeEngines, testsslOf, type ItemJudgement } from './tls-engines.ts';
import { judgeTlsEndpoints } from './tls-judging.ts';

export interface TlsProtocolVersionsOptions {
  /** Versions the server must refuse. */
  forbidden: ProtocolVersion[];
  /** The server must accept at least one of these. */
  requireOneOf: ProtocolVersion[];
}

export default defineCheck<'TlsEndpoints' | 'ProbePlan', TlsProtocolVersionsOptions>({
  id: 'tls-protocol-versions',
  title: 'Every origin accepts only TLS 1.2 and later',
  failureTitle: 'An origin accepts obsolete protocol versions or no modern one',
  description:
    'TLS 1.0 and 1.1 are deprecated (RFC 8996): no AEAD suites, SHA-1/MD5 handshake hashes, BEAST-class attacks. ' +
    'The profile requires TLS 1.2 or 1.3 only. Each version is tried with one handshake pinned to it (with ' +
    '--tls-engine testssl, testssl.sh tries them too, SSLv2 and SSLv3 included, and both verdicts are reported). Judged on the endpoint of each origin the member serves (API, token endpoint, portal; each distinct host:port scanned once), and reported per origin.',
  remediation:
    "Configure every origin (API, token endpoint, portal) to accept TLS 1.2 and 1.3 only, e.g. ssl_protocols TLSv1.2 TLSv1.3 in nginx or minVersion 'TLSv1.2' in Node.",
  area: 'security',
  requirements: ['PSW-SEC-TLS-001'],
  requires: ['TlsEndpoints', 'ProbePlan'],
  cwe: [319, 326, 327],
  owasp: ['API8:2023'],
  messages: {
    'tls-not-used': 'The API is served over plain HTTP ({{url}}): no TLS at all.',
    'legacy-version-accepted': '{{host}} accepts {{version}} (negotiated {{cipher}}).',
    'no-modern-version': '{{host}} accepts neither TLS 1.2 nor TLS 1.3.',
    'version-not-determined': 'Whether {{host}} accepts {{version}} could not be determined ({{code}}).',
    'engines-disagree': ENGINES_DISAGREE,
  },
  defaultOptions: {
    forbidden: ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1'],
    requireOneOf: ['TLSv1.2', 'TLSv1.3'],
  },
  run({ TlsEndpoints, ProbePlan }, ctx) {
    return judgeTlsEndpoints(TlsEndpoints, ProbePlan, ['PSW-SEC-TLS-001'], ctx, (scan) => {
      const host = scanHostPort(scan);
      const location = scanLocation(scan);
      const evidence = scanEvidence(scan);
      if (scan.transport === 'plaintext') {
        return ctx.fail([ctx.finding('tls-not-used', { url: `http://${host}` }, location, evidence)], 'No TLS.');
      }
      if (scan.protocols.length === 0) throw new Error(`the scan of ${host} has no protocol probes`);
      const testssl = testsslOf(scan);
      const at = { host, location, evidence };
      const merged = mergeEngines(ctx, at, {
        node: protocolItems(ctx, scan.protocols, at),
        ...(testssl?.checks.includes('protocols') ? { testssl: protocolItems(ctx, testssl.protocols, at) } : {}),
      });
      const all = [...scan.protocols, ...(testssl?.protocols ?? [])];
      const accepted = (v: ProtocolVersion) => all.some((p) => p.version === v && p.status === 'accepted');
      const legacy = ctx.options.forbidden.filter(accepted);
      const modern = ctx.options.requireOneOf.filter(accepted);
      const refused = ctx.options.forbidden.filter(
        (v) => !accepted(v) && all.some((p) => p.version === v && p.status === 'rejected'),
      );
      return decide(ctx, merged, {
        fail: legacy.length ? `Accepts ${legacy.join(', ')}.` : 'No TLS 1.2 or 1.3.',
        review: merged.unknown.length
          ? 'Some protocol versions could not be probed (no answer).'
          : "Node's prober and testssl.sh disagree about some protocol versions.",
        pass: `Accepts ${modern.join(', ')}${refused.length ? `; refuses ${refused.join(', ')}` : ''}.`,
        evidence,
      });
    });
  },
});

/**
 * One item per forbidden version (refused: pass; accepted: fail; no answer: unknown) and one for the
 * modern versions (at least one accepted), from one engine's protocol probes. A version the engine
 * cannot offer (Node: SSLv2/SSLv3) is no item of that engine.
 */
function protocolItems(
  ctx: CheckContext<TlsProtocolVersionsOptions>,
  protocols: readonly ProtocolProbe[],
  at: { host: string; location: FindingLocation; evidence: string[] },
): ItemJudgement[] {
  const { host, location, evidence } = at;
  const notDetermined = (p: ProtocolProbe) =>
    ctx.finding(
      'version-not-determined',
      { host, version: p.version, code: p.failure?.code ?? null },
      location,
      evidence,
    );
  const items: ItemJudgement[] = [];
  for (const p of protocols) {
    if (!ctx.options.forbidden.includes(p.version)) continue;
    if (p.status === 'accepted')
      items.push({
        item: p.version,
        verdict: 'fail',
        findings: [
          ctx.finding(
            'legacy-version-accepted',
            { host, version: p.version, cipher: p.cipherIana ?? p.cipher ?? null },
            location,
            evidence,
          ),
        ],
      });
    else if (p.status === 'rejected') items.push({ item: p.version, verdict: 'pass' });
    else if (p.status === 'error') items.push({ item: p.version, verdict: 'unknown', findings: [notDetermined(p)] });
  }
  const required = protocols.filter((p) => ctx.options.requireOneOf.includes(p.version));
  const item = ctx.options.requireOneOf.join(' or ');
  if (required.some((p) => p.status === 'accepted')) items.push({ item, verdict: 'pass' });
  else {
    const silent = required.filter((p) => p.status === 'error');
    items.push(
      silent.length > 0
        ? { item, verdict: 'unknown', findings: silent.map(notDetermined) }
        : { item, verdict: 'fail', findings: [ctx.finding('no-modern-version', { host }, location, evidence)] },
    );
  }
  return items;
}
