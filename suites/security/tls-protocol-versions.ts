import { defineCheck, type CheckContext } from '../../engine/check.ts';
import { judgeTlsEndpoints } from './tls-judging.ts';
import type { Finding } from '../../engine/types.ts';
import { scanEvidence, scanHostPort, scanLocation } from '../../security/tls/judge.ts';
import type { ProtocolVersion, TlsScan } from '../../security/tls/types.ts';

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
    'The profile requires TLS 1.2 or 1.3 only. Each version is tried with one handshake pinned to it. Judged on the endpoint of each origin the member serves (API, token endpoint, portal; each distinct host:port scanned once), and reported per origin.',
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
      const failures: Finding[] = [];
      const unknown: Finding[] = [];
      for (const p of scan.protocols) {
        if (!ctx.options.forbidden.includes(p.version)) continue;
        if (p.status === 'accepted') {
          failures.push(
            ctx.finding(
              'legacy-version-accepted',
              { host, version: p.version, cipher: p.cipherIana ?? p.cipher ?? null },
              location,
              evidence,
            ),
          );
        } else if (p.status === 'error') {
          unknown.push(
            ctx.finding(
              'version-not-determined',
              { host, version: p.version, code: p.failure?.code ?? null },
              location,
              evidence,
            ),
          );
        }
      }
      const modern = scan.protocols.filter(
        (p) => ctx.options.requireOneOf.includes(p.version) && p.status === 'accepted',
      );
      if (modern.length === 0) {
        const silent = scan.protocols.filter(
          (p) => ctx.options.requireOneOf.includes(p.version) && p.status === 'error',
        );
        if (silent.length === 0) failures.push(ctx.finding('no-modern-version', { host }, location, evidence));
        for (const p of silent) {
          unknown.push(
            ctx.finding(
              'version-not-determined',
              { host, version: p.version, code: p.failure?.code ?? null },
              location,
              evidence,
            ),
          );
        }
      }
      return judge(
        ctx,
        scan,
        failures,
        unknown,
        modern.map((p) => p.version),
      );
    });
  },
});

function judge(
  ctx: CheckContext<TlsProtocolVersionsOptions>,
  scan: TlsScan,
  failures: Finding[],
  unknown: Finding[],
  accepted: string[],
) {
  if (failures.length > 0) {
    const versions = failures.map((f) => f.data?.version).filter(Boolean);
    return ctx.fail(
      [...failures, ...unknown],
      versions.length ? `Accepts ${versions.join(', ')}.` : 'No TLS 1.2 or 1.3.',
    );
  }
  if (unknown.length > 0) {
    return ctx.needsReview('Some protocol versions could not be probed (no answer).', unknown);
  }
  const refused = scan.protocols
    .filter((p) => ctx.options.forbidden.includes(p.version) && p.status === 'rejected')
    .map((p) => p.version);
  return ctx.pass(
    `Accepts ${accepted.join(', ')}${refused.length ? `; refuses ${refused.join(', ')}` : ''}.`,
    scanEvidence(scan),
  );
}
