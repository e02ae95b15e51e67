// X.509 facts from DER, read with node-forge's ASN.1 parser. forge's certificateFromAsn1 rejects
// non-RSA keys ("OID is not RSA"), so the TBSCertificate is walked by hand: that works for RSA, EC
// and EdDSA alike, and names the signature algorithms forge's OID table lacks (ecdsa-with-SHA256).
import { createHash } from 'node:crypto';
import forge from 'node-forge';
import type { CertificateInfo, KeyType } from './types.ts';

type Asn1 = forge.asn1.Asn1;
const { Class, Type } = forge.asn1;

const SIGNATURE_ALGORITHMS: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'RSASSA-PSS',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.2.840.10040.4.3': 'dsa-with-SHA1',
  '2.16.840.1.101.3.4.3.2': 'dsa-with-SHA256',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
};

const KEY_TYPES: Record<string, KeyType> = {
  '1.2.840.113549.1.1.1': 'RSA',
  '1.2.840.113549.1.1.10': 'RSA', // RSASSA-PSS keys
  '1.2.840.10045.2.1': 'EC',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
  '1.2.840.10040.4.1': 'DSA',
};

/** Named curves with their field size in bits. */
const CURVES: Record<string, { name: string; bits: number }> = {
  '1.2.840.10045.3.1.1': { name: 'prime192v1', bits: 192 },
  '1.3.132.0.33': { name: 'secp224r1', bits: 224 },
  '1.2.840.10045.3.1.7': { name: 'prime256v1', bits: 256 },
  '1.3.132.0.10': { name: 'secp256k1', bits: 256 },
  '1.3.132.0.34': { name: 'secp384r1', bits: 384 },
  '1.3.132.0.35': { name: 'secp521r1', bits: 521 },
  '1.3.36.3.3.2.8.1.1.7': { name: 'brainpoolP256r1', bits: 256 },
  '1.3.36.3.3.2.8.1.1.11': { name: 'brainpoolP384r1', bits: 384 },
  '1.3.36.3.3.2.8.1.1.13': { name: 'brainpoolP512r1', bits: 512 },
};

const DN_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.5': 'serialNumber',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.25': 'DC',
};

const OID_SAN = '2.5.29.17';
const OID_BASIC_CONSTRAINTS = '2.5.29.19';

export class CertificateParseError extends Error {
  override name = 'CertificateParseError';
}

function fromDer(bytes: string): Asn1 {
  // decodeBitStrings:false keeps key bits raw (forge would otherwise try to parse EC points as ASN.1).
  const parse = forge.asn1.fromDer as unknown as (b: string, o: object) => Asn1;
  return parse(bytes, { strict: true, parseAllBytes: true, decodeBitStrings: false });
}

function children(node: Asn1 | undefined, what: string): Asn1[] {
  if (!node || !Array.isArray(node.value)) throw new CertificateParseError(`malformed certificate: ${what}`);
  return node.value;
}

function bytesOf(node: Asn1 | undefined, what: string): string {
  if (!node || typeof node.value !== 'string') throw new CertificateParseError(`malformed certificate: ${what}`);
  return node.value;
}

function oidOf(node: Asn1 | undefined, what: string): string {
  if (!node || node.type !== Type.OID) throw new CertificateParseError(`malformed certificate: ${what}`);
  return forge.asn1.derToOid(bytesOf(node, what));
}

function timeOf(node: Asn1 | undefined, what: string): Date {
  const raw = bytesOf(node, what);
  if (node?.type === Type.UTCTIME) return forge.asn1.utcTimeToDate(raw);
  if (node?.type === Type.GENERALIZEDTIME) return forge.asn1.generalizedTimeToDate(raw);
  throw new CertificateParseError(`malformed certificate: ${what}`);
}

function hex(bytes: string): string {
  return forge.util.bytesToHex(bytes);
}

function bitLength(unsignedBigEndian: string): number {
  let i = 0;
  while (i < unsignedBigEndian.length && unsignedBigEndian.charCodeAt(i) === 0) i++;
  if (i === unsignedBigEndian.length) return 0;
  return (unsignedBigEndian.length - i - 1) * 8 + Math.floor(Math.log2(unsignedBigEndian.charCodeAt(i))) + 1;
}

function formatName(name: Asn1): string {
  const parts: string[] = [];
  for (const rdn of children(name, 'name')) {
    for (const atv of children(rdn, 'name attribute')) {
      const [type, value] = children(atv, 'name attribute');
      const oid = oidOf(type, 'name attribute type');
      const text = value && typeof value.value === 'string' ? decodeString(value) : '';
      parts.push(`${DN_NAMES[oid] ?? oid}=${text}`);
    }
  }
  return parts.join(', ');
}

function decodeString(node: Asn1): string {
  const raw = node.value as string;
  if (node.type === Type.UTF8) return forge.util.decodeUtf8(raw);
  if (node.type === Type.BMPSTRING) {
    let out = '';
    for (let i = 0; i + 1 < raw.length; i += 2)
      out += String.fromCharCode((raw.charCodeAt(i) << 8) | raw.charCodeAt(i + 1));
    return out;
  }
  return raw;
}

function formatIp(raw: string): string {
  if (raw.length === 4) return [...raw].map((c) => c.charCodeAt(0)).join('.');
  if (raw.length === 16) {
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(((raw.charCodeAt(i) << 8) | raw.charCodeAt(i + 1)).toString(16));
    return groups.join(':');
  }
  return hex(raw);
}

interface PublicKeyFacts {
  keyType: KeyType;
  keyAlgorithmOid: string;
  keyBits: number | null;
  curve: string | null;
}

function publicKeyFacts(spki: Asn1): PublicKeyFacts {
  const [algorithm, keyBits] = children(spki, 'subjectPublicKeyInfo');
  const [algOid, params] = children(algorithm, 'key algorithm');
  const keyAlgorithmOid = oidOf(algOid, 'key algorithm');
  const keyType = KEY_TYPES[keyAlgorithmOid] ?? 'unknown';
  // BIT STRING: first byte is the count of unused bits (0 for keys).
  const key = bytesOf(keyBits, 'subjectPublicKey').slice(1);
  switch (keyType) {
    case 'RSA': {
      const [modulus] = children(fromDer(key), 'RSAPublicKey');
      return { keyType, keyAlgorithmOid, keyBits: bitLength(bytesOf(modulus, 'modulus')), curve: null };
    }
    case 'EC': {
      const curveOid = params && params.type === Type.OID ? oidOf(params, 'curve') : null;
      const curve = curveOid ? CURVES[curveOid] : undefined;
      return {
        keyType,
        keyAlgorithmOid,
        keyBits: curve?.bits ?? null,
        curve: curve?.name ?? curveOid,
      };
    }
    case 'Ed25519':
      return { keyType, keyAlgorithmOid, keyBits: 256, curve: null };
    case 'Ed448':
      return { keyType, keyAlgorithmOid, keyBits: 448, curve: null };
    case 'DSA': {
      const [p] = params && Array.isArray(params.value) ? params.value : [];
      return { keyType, keyAlgorithmOid, keyBits: p ? bitLength(bytesOf(p, 'DSA p')) : null, curve: null };
    }
    default:
      return { keyType, keyAlgorithmOid, keyBits: null, curve: null };
  }
}

function readExtensions(node: Asn1 | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!node) return out;
  for (const ext of children(children(node, 'extensions')[0], 'extensions')) {
    const parts = children(ext, 'extension');
    const oid = oidOf(parts[0], 'extension id');
    const value = parts[parts.length - 1]; // [extnID, critical?, extnValue]
    out.set(oid, bytesOf(value, 'extension value'));
  }
  return out;
}

function subjectAltNames(der: string | undefined): { dns: string[]; ip: string[] } {
  const out = { dns: [] as string[], ip: [] as string[] };
  if (der === undefined) return out;
  for (const gn of children(fromDer(der), 'subjectAltName')) {
    if (gn.tagClass !== Class.CONTEXT_SPECIFIC || typeof gn.value !== 'string') continue;
    if (gn.type === 2) out.dns.push(gn.value);
    else if (gn.type === 7) out.ip.push(formatIp(gn.value));
  }
  return out;
}

function basicConstraintsCa(der: string | undefined): boolean {
  if (der === undefined) return false;
  const [first] = children(fromDer(der), 'basicConstraints');
  return first?.type === Type.BOOLEAN && typeof first.value === 'string' && first.value.charCodeAt(0) !== 0;
}

/** Facts about one certificate. Throws CertificateParseError on malformed DER. */
export function parseCertificate(der: Uint8Array): CertificateInfo {
  const bytes = Buffer.from(der).toString('binary');
  let root: Asn1;
  try {
    root = fromDer(bytes);
  } catch (err) {
    throw new CertificateParseError(`not a DER certificate: ${(err as Error).message}`);
  }
  const [tbs, sigAlg] = children(root, 'certificate');
  const fields = children(tbs, 'tbsCertificate');
  // version is [0] EXPLICIT and optional (absent = v1).
  const hasVersion = fields[0]?.tagClass === Class.CONTEXT_SPECIFIC && fields[0].type === 0;
  const at = (i: number) => fields[hasVersion ? i + 1 : i];
  const serial = at(0);
  const issuer = at(2);
  const validity = children(at(3), 'validity');
  const subject = at(4);
  const spki = at(5);
  const extensionsNode = fields.find((f) => f.tagClass === Class.CONTEXT_SPECIFIC && f.type === 3);
  const extensions = readExtensions(extensionsNode);

  const signatureAlgorithmOid = oidOf(children(sigAlg, 'signatureAlgorithm')[0], 'signatureAlgorithm');
  const notBefore = timeOf(validity[0], 'notBefore');
  const notAfter = timeOf(validity[1], 'notAfter');
  const subjectText = formatName(subject as Asn1);
  const issuerText = formatName(issuer as Asn1);
  const digest = createHash('sha256').update(der).digest('hex').toUpperCase();

  return {
    subject: subjectText,
    issuer: issuerText,
    serialNumber: hex(bytesOf(serial, 'serialNumber'))
      .replace(/^(00)+(?=.)/, '')
      .toUpperCase(),
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    lifetimeDays: (notAfter.getTime() - notBefore.getTime()) / 86_400_000,
    ...publicKeyFacts(spki as Asn1),
    signatureAlgorithm:
      SIGNATURE_ALGORITHMS[signatureAlgorithmOid] ?? forge.pki.oids[signatureAlgorithmOid] ?? signatureAlgorithmOid,
    signatureAlgorithmOid,
    subjectAltNames: subjectAltNames(extensions.get(OID_SAN)),
    selfIssued: forge.asn1.toDer(subject as Asn1).getBytes() === forge.asn1.toDer(issuer as Asn1).getBytes(),
    isCa: basicConstraintsCa(extensions.get(OID_BASIC_CONSTRAINTS)),
    fingerprint256: digest.match(/../g)!.join(':'),
  };
}

/** DER → PEM. */
export function derToPem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${b64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** Every CERTIFICATE block of a PEM bundle. */
export function splitPem(bundle: string): string[] {
  return bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}
