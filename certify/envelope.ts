// The certificate's envelope: a JWS (RFC 7515) in compact serialization, signed with EdDSA (Ed25519) or
// ES256. Protected header: alg, typ (explicit typing), cty, kid = the RFC 7638 thumbprint of the public key,
// and the public key itself (jwk) so a certificate can be checked without the key file; pinning the signer
// is --key's job. Verifying returns a stable code and the file concerned, never throws on a bad certificate.
import { readFileSync } from 'node:fs';
import { CompactSign, compactVerify, decodeProtectedHeader, type ProtectedHeaderParameters } from 'jose';
import { createPublicKey, type JsonWebKey as NodeJwk } from 'node:crypto';
import {
  CERTIFICATE_ALGORITHMS,
  CERTIFICATE_CONTENT_TYPE,
  CERTIFICATE_JWS_TYPE,
  validateCertificate,
  type Certificate,
  type CertificateAlgorithm,
} from '../reports/certificate.ts';
import { insideDir, sha256Hex } from './build.ts';
import { describePublicKey, type PublicKeyInfo, type SigningKey } from './keys.ts';

export async function signCertificate(payload: Certificate, key: SigningKey): Promise<string> {
  if (payload.signer.keyThumbprint !== key.kid) throw new Error('the payload names another signing key');
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({
      alg: key.alg,
      typ: CERTIFICATE_JWS_TYPE,
      cty: CERTIFICATE_CONTENT_TYPE,
      kid: key.kid,
      jwk: key.jwk,
    })
    .sign(key.privateKey);
}

/** Why a certificate does not verify. Stable: tests and scripts match on these. */
export type VerifyFailure =
  | 'malformed'
  | 'header'
  | 'key-mismatch'
  | 'signature'
  | 'payload'
  | 'not-yet-valid'
  | 'expired'
  | 'file-missing'
  | 'file-mismatch';

export type VerifyOutcome =
  | {
      ok: true;
      certificate: Certificate;
      kid: string;
      /** pinned: checked with a --key; embedded: only with the key the certificate carries. */
      keySource: 'pinned' | 'embedded';
      /** Files whose hash was checked (none unless an evidence folder was given). */
      filesChecked: number;
    }
  | {
      ok: false;
      code: VerifyFailure;
      /** What does not match: the certificate's file name, or a file's path relative to the evidence folder. */
      subject: string;
      message: string;
    };

export interface VerifyOptions {
  /** The certificate's name in messages (its file name). */
  name: string;
  /** Public keys the signer must be one of (--key); without, the key in the header is used. */
  keys?: PublicKeyInfo[];
  /** The run's output folder: every file's SHA-256 is checked when given. */
  evidenceDir?: string;
  now: Date;
}

const fail = (code: VerifyFailure, subject: string, message: string): VerifyOutcome => ({
  ok: false,
  code,
  subject,
  message,
});

export async function verifyCertificate(jws: string, opts: VerifyOptions): Promise<VerifyOutcome> {
  const name = opts.name;
  const text = jws.trim();
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(text))
    return fail('malformed', name, `${name} is not a compact JWS (three base64url parts)`);
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(text);
  } catch {
    return fail('malformed', name, `${name}: its protected header is not base64url JSON`);
  }
  const alg = header.alg as CertificateAlgorithm;
  if (!CERTIFICATE_ALGORITHMS.includes(alg))
    return fail(
      'header',
      name,
      `${name}: algorithm ${String(header.alg)} is not one of ${CERTIFICATE_ALGORITHMS.join(', ')}`,
    );
  if (header.typ !== CERTIFICATE_JWS_TYPE && header.typ !== `application/${CERTIFICATE_JWS_TYPE}`)
    return fail('header', name, `${name}: typ ${String(header.typ)} is not ${CERTIFICATE_JWS_TYPE}`);
  if (typeof header.kid !== 'string' || !header.kid) return fail('header', name, `${name}: its header has no kid`);
  let key: PublicKeyInfo | undefined;
  if (opts.keys) {
    key = opts.keys.find((k) => k.kid === header.kid);
    if (!key)
      return fail(
        'key-mismatch',
        name,
        `${name} was signed by key ${header.kid}, not by the --key given (${opts.keys.map((k) => k.kid).join(', ')})`,
      );
  } else {
    try {
      key = await describePublicKey(createPublicKey({ key: header.jwk as NodeJwk, format: 'jwk' }), name);
    } catch {
      return fail('header', name, `${name}: carries no usable public key (jwk); give --key`);
    }
    if (key.kid !== header.kid)
      return fail('header', name, `${name}: the embedded key's thumbprint is not the kid ${header.kid}`);
  }
  if (key.alg !== alg) return fail('header', name, `${name}: alg ${alg} does not fit the key (${key.alg})`);
  let payloadBytes: Uint8Array;
  try {
    ({ payload: payloadBytes } = await compactVerify(text, key.key, { algorithms: [alg] }));
  } catch {
    return fail('signature', name, `${name}: the signature does not verify (the certificate was altered)`);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payloadBytes));
  } catch {
    return fail('payload', name, `${name}: its payload is not JSON`);
  }
  const check = validateCertificate(payload);
  if (!check.valid) return fail('payload', name, `${name}: its payload is not a certificate: ${check.errors[0]}`);
  const cert = payload as Certificate;
  if (cert.signer.keyThumbprint !== header.kid || cert.signer.alg !== alg)
    return fail(
      'payload',
      name,
      `${name}: the payload names signer ${cert.signer.keyThumbprint}, the header ${header.kid}`,
    );
  const now = opts.now.getTime();
  if (now < Date.parse(cert.validFrom))
    return fail('not-yet-valid', name, `${name} is not valid before ${cert.validFrom}`);
  if (now >= Date.parse(cert.validUntil)) return fail('expired', name, `${name} expired on ${cert.validUntil}`);
  let filesChecked = 0;
  if (opts.evidenceDir !== undefined) {
    const problems: VerifyOutcome[] = [];
    for (const f of cert.files) {
      const abs = insideDir(opts.evidenceDir, f.path);
      let bytes: Buffer | undefined;
      try {
        bytes = abs ? readFileSync(abs) : undefined;
      } catch {
        bytes = undefined;
      }
      if (!bytes) problems.push(fail('file-missing', f.path, `${f.path} is missing from ${opts.evidenceDir}`));
      else if (sha256Hex(bytes) !== f.sha256)
        problems.push(fail('file-mismatch', f.path, `${f.path} does not match the certificate's SHA-256`));
      else filesChecked += 1;
    }
    const first = problems[0];
    if (first && !first.ok) {
      const more = problems.length > 1 ? ` (and ${problems.length - 1} more files)` : '';
      return { ...first, message: `${first.message}${more}` };
    }
  }
  return {
    ok: true,
    certificate: cert,
    kid: header.kid,
    keySource: opts.keys ? 'pinned' : 'embedded',
    filesChecked,
  };
}
