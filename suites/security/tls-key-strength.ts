import { defineCheck } from '../../engine/check.ts';
import { judgeTlsEndpoints } from './tls-judging.ts';
import type { Finding } from '../../engine/types.ts';
import { certificateOf, scanEvidence, scanHostPort, scanLocation } from '../../security/tls/judge.ts';

export interface TlsKeyStrengthOptions {
  /** Minimum RSA (and DSA) modulus. */
  minRsaBits: number;
  /** Minimum EC field size. */
  minEcBits: number;
  /** Minimum finite-field DHE group offered in handshakes (Logjam). */
  minDhBits: number;
}

export default defineCheck<'TlsEndpoints' | 'ProbePlan', TlsKeyStrengthOptions>({
  id: 'tls-key-strength',
  title: 'Certificate keys of every origin are strong enough',
  failureTitle: 'A certificate key of some origin is too weak',
  description:
    'Every key in the chain must be at least RSA 2048 or EC 256 bits (NIST SP 800-57: 112-bit security). ' +
    'Finite-field DHE groups seen in handshakes are held to the RSA minimum too. Judged on the endpoint of each origin the member serves (API, token endpoint, portal; each distinct host:port scanned once), and reported per origin.',
  remediation:
    'Reissue the certificate with an RSA key of at least 2048 bits or an EC key of at least 256 bits, and use DHE groups of at least 2048 bits or only ECDHE.',
  area: 'security',
  requirements: ['PSW-SEC-TLS-005'],
  requires: ['TlsEndpoints', 'ProbePlan'],
  cwe: [326],
  owasp: ['API8:2023'],
  messages: {
    'weak-rsa-key':
      'Certificate #{{position}} of {{host}} ({{subject}}) has a {{bits}}-bit {{keyType}} key; at least {{minimum}} required.',
    'weak-ec-key':
      'Certificate #{{position}} of {{host}} ({{subject}}) has a {{bits}}-bit EC key ({{curve}}); at least {{minimum}} required.',
    'weak-dh-group': '{{host}} uses a {{bits}}-bit DH group over {{version}}; at least {{minimum}} required.',
    'unknown-key':
      'Certificate #{{position}} of {{host}} ({{subject}}) has a key this harness cannot size ({{keyType}} {{oid}}).',
  },
  defaultOptions: { minRsaBits: 2048, minEcBits: 256, minDhBits: 2048 },
  run({ TlsEndpoints, ProbePlan }, ctx) {
    return judgeTlsEndpoints(TlsEndpoints, ProbePlan, ['PSW-SEC-TLS-005'], ctx, (scan) => {
      if (scan.transport === 'plaintext')
        return ctx.notApplicable('The API is plain HTTP (see tls-protocol-versions).');
      const cert = certificateOf(scan);
      const host = scanHostPort(scan);
      const location = scanLocation(scan);
      const evidence = scanEvidence(scan);
      const { minRsaBits, minEcBits, minDhBits } = ctx.options;
      const failures: Finding[] = [];
      const unknown: Finding[] = [];

      cert.chain.forEach((c, position) => {
        const base = { host, position, subject: c.subject, keyType: c.keyType, bits: c.keyBits };
        if (c.keyBits === null || c.keyType === 'unknown') {
          unknown.push(ctx.finding('unknown-key', { ...base, oid: c.keyAlgorithmOid }, location, evidence));
        } else if ((c.keyType === 'RSA' || c.keyType === 'DSA') && c.keyBits < minRsaBits) {
          failures.push(ctx.finding('weak-rsa-key', { ...base, minimum: minRsaBits }, location, evidence));
        } else if (c.keyType === 'EC' && c.keyBits < minEcBits) {
          failures.push(
            ctx.finding('weak-ec-key', { ...base, curve: c.curve, minimum: minEcBits }, location, evidence),
          );
        }
      });
      for (const p of scan.protocols) {
        const k = p.ephemeralKey;
        if (p.status === 'accepted' && k?.type === 'DH' && typeof k.size === 'number' && k.size < minDhBits) {
          failures.push(
            ctx.finding(
              'weak-dh-group',
              { host, version: p.version, bits: k.size, minimum: minDhBits },
              location,
              evidence,
            ),
          );
        }
      }

      const leaf = cert.chain[0]!;
      const metrics = leaf.keyBits === null ? undefined : { leafKeyBits: leaf.keyBits };
      if (failures.length > 0) return ctx.fail([...failures, ...unknown], `${failures.length} weak key(s).`, metrics);
      if (unknown.length > 0) return ctx.needsReview('A key type could not be sized.', unknown);
      const described =
        leaf.keyType === 'EC' ? `EC ${leaf.curve} (${leaf.keyBits} bits)` : `${leaf.keyType} ${leaf.keyBits} bits`;
      return ctx.pass(`Leaf key ${described}; ${cert.chain.length} key(s) checked.`, evidence, metrics);
    });
  },
});
