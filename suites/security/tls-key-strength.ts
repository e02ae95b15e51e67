import { defineCheck, type CheckContext } from '../../engine/check.ts';
import type { FindingLocation } from '../../engine/types.ts';
import { certificateOf, scanEvidence, scanHostPort, scanLocation } from '../../security/tls/judge.ts';
import type { KeyType } from '../../security/tls/types.ts';
import { decide, ENGINES_DISAGREE, mergeEngines, testsslOf, type ItemJudgement } from './tls-engines.ts';
import { judgeTlsEndpoints } from './tls-judging.ts';

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
    'Finite-field DHE groups seen in handshakes are held to the RSA minimum too. With --tls-engine testssl, the ' +
    "leaf's key as testssl.sh sized it is judged by the same minimums. " +
    'Judged on the endpoint of each origin the member serves (API, token endpoint, portal; each distinct host:port scanned once), and reported per origin.',
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
    'engines-disagree': ENGINES_DISAGREE,
  },
  defaultOptions: { minRsaBits: 2048, minEcBits: 256, minDhBits: 2048 },
  run({ TlsEndpoints, ProbePlan }, ctx) {
    return judgeTlsEndpoints(TlsEndpoints, ProbePlan, ['PSW-SEC-TLS-005'], ctx, (scan) => {
      if (scan.transport === 'plaintext')
        return ctx.notApplicable('The API is plain HTTP (see tls-protocol-versions).');
      const cert = certificateOf(scan);
      const at = { host: scanHostPort(scan), location: scanLocation(scan), evidence: scanEvidence(scan) };
      const { host, location, evidence } = at;
      const { minDhBits } = ctx.options;

      const node: ItemJudgement[] = cert.chain.map((c, position) =>
        keyItem(ctx, at, {
          position,
          subject: c.subject,
          keyType: c.keyType,
          bits: c.keyBits,
          curve: c.curve,
          oid: c.keyAlgorithmOid,
        }),
      );
      for (const p of scan.protocols) {
        const k = p.ephemeralKey;
        if (p.status !== 'accepted' || k?.type !== 'DH' || typeof k.size !== 'number') continue;
        node.push(
          k.size < minDhBits
            ? {
                item: `DH group over ${p.version}`,
                verdict: 'fail',
                findings: [
                  ctx.finding(
                    'weak-dh-group',
                    { host, version: p.version, bits: k.size, minimum: minDhBits },
                    location,
                    evidence,
                  ),
                ],
              }
            : { item: `DH group over ${p.version}`, verdict: 'pass' },
        );
      }
      // testssl.sh 3.0 sizes the leaf's key only (cert_keySize, e.g. "RSA 2048 bits").
      const key = testsslOf(scan)?.certificate?.key;
      const leaf = cert.chain[0]!;
      const merged = mergeEngines(ctx, at, {
        node,
        ...(key
          ? {
              testssl: [
                keyItem(ctx, at, {
                  position: 0,
                  subject: leaf.subject,
                  keyType: TESTSSL_KEY_TYPES[key.type] ?? 'unknown',
                  bits: key.bits,
                  curve: null,
                  oid: key.finding,
                }),
              ],
            }
          : {}),
      });
      const metrics = leaf.keyBits === null ? undefined : { leafKeyBits: leaf.keyBits };
      const described =
        leaf.keyType === 'EC' ? `EC ${leaf.curve} (${leaf.keyBits} bits)` : `${leaf.keyType} ${leaf.keyBits} bits`;
      return decide(ctx, merged, {
        fail: `${merged.failures.length} weak key(s).`,
        review: merged.unknown.length
          ? 'A key type could not be sized.'
          : "Node's prober and testssl.sh disagree about the leaf's key.",
        pass: `Leaf key ${described}; ${cert.chain.length} key(s) checked.`,
        evidence,
        ...(metrics ? { metrics } : {}),
      });
    });
  },
});

/** testssl's short key algorithm names (cert_keySize) → the harness's key types. */
const TESTSSL_KEY_TYPES: Record<string, KeyType> = { RSA: 'RSA', EC: 'EC', DSA: 'DSA' };

/** One certificate's key against the minimums: too small fails; a key that cannot be sized is unknown. */
function keyItem(
  ctx: CheckContext<TlsKeyStrengthOptions>,
  { host, location, evidence }: { host: string; location: FindingLocation; evidence: string[] },
  k: { position: number; subject: string; keyType: KeyType; bits: number | null; curve: string | null; oid: string },
): ItemJudgement {
  const { minRsaBits, minEcBits } = ctx.options;
  const item = `certificate #${k.position} key`;
  const base = { host, position: k.position, subject: k.subject, keyType: k.keyType, bits: k.bits };
  if (k.bits === null || k.keyType === 'unknown')
    return {
      item,
      verdict: 'unknown',
      findings: [ctx.finding('unknown-key', { ...base, oid: k.oid }, location, evidence)],
    };
  if ((k.keyType === 'RSA' || k.keyType === 'DSA') && k.bits < minRsaBits)
    return {
      item,
      verdict: 'fail',
      findings: [ctx.finding('weak-rsa-key', { ...base, minimum: minRsaBits }, location, evidence)],
    };
  if (k.keyType === 'EC' && k.bits < minEcBits)
    return {
      item,
      verdict: 'fail',
      findings: [ctx.finding('weak-ec-key', { ...base, curve: k.curve, minimum: minEcBits }, location, evidence)],
    };
  return { item, verdict: 'pass' };
}
