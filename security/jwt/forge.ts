// Probe tokens forged from a real access token. Each one differs from a token the server would
// accept in exactly one way, so a server that answers anything but 401 skipped that one step of
// verification (RFC 8725 §2 lists the attacks; OWASP API2:2023).
import {
  createHmac,
  createPublicKey,
  generateKeyPair as generateNodeKeyPair,
  randomUUID,
  sign as rsaSign,
} from 'node:crypto';
import { promisify } from 'node:util';
import type { JsonWebKey as NodeJwk, KeyObject } from 'node:crypto';
import { base64url, calculateJwkThumbprint, CompactSign, generateKeyPair, generateSecret } from 'jose';
import type { CompactJWSHeaderParameters, CryptoKey, JWK } from 'jose';

/** A bearer value that is not a JWS compact serialization at all. */
export const MALFORMED_TOKEN = 'not.a.jwt';

export class NotAJwtError extends Error {
  override name = 'NotAJwtError';
}

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** The three base64url segments as received. */
  segments: [string, string, string];
}

const COMPACT = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/;

function decodeSegment(segment: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(base64url.decode(segment)));
  } catch {
    throw new NotAJwtError(`the token's ${what} is not base64url-encoded JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new NotAJwtError(`the token's ${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

function encodeJson(value: unknown): string {
  return base64url.encode(JSON.stringify(value));
}

/** Splits and decodes a JWS compact token without verifying anything. Throws NotAJwtError. */
export function decodeJwtParts(token: string): DecodedJwt {
  const m = COMPACT.exec(token);
  if (!m) throw new NotAJwtError('the token is not a JWS compact serialization (three base64url segments)');
  const [, h = '', p = '', s = ''] = m;
  return { header: decodeSegment(h, 'header'), payload: decodeSegment(p, 'payload'), segments: [h, p, s] };
}

/** Whether the token decodes as a JWS compact serialization with a JSON payload. */
export function isJwt(token: string): boolean {
  try {
    decodeJwtParts(token);
    return true;
  } catch {
    return false;
  }
}

/**
 * The same header and signature over a changed payload: the `jti` gets a new value (added when
 * absent). Every other claim is kept, so only signature verification can tell it apart.
 */
export function tamperPayload(token: string): string {
  const { payload, segments } = decodeJwtParts(token);
  const changed = { ...payload, jti: randomUUID() };
  return `${segments[0]}.${encodeJson(changed)}.${segments[2]}`;
}

const keyCache = new Map<string, Promise<CryptoKey | Uint8Array>>();

/** A signing key of our own for `alg` (generated once per process). */
function foreignKey(alg: string): Promise<CryptoKey | Uint8Array> {
  let key = keyCache.get(alg);
  if (!key) {
    key = /^HS\d+$/.test(alg)
      ? generateSecret(alg, { extractable: true })
      : generateKeyPair(alg).then((k) => k.privateKey);
    keyCache.set(alg, key);
  }
  return key;
}

/**
 * The token's exact header (its `alg` and `kid` included) and payload, validly signed with a key of
 * our own: a server that picks keys by `kid` alone and then verifies must still refuse it.
 */
export async function resignWithForeignKey(token: string): Promise<string> {
  const { header, segments } = decodeJwtParts(token);
  const alg = typeof header.alg === 'string' ? header.alg : '';
  if (!alg || alg === 'none')
    throw new NotAJwtError(`the token's alg ${JSON.stringify(header.alg)} cannot be re-signed`);
  let key: CryptoKey | Uint8Array;
  try {
    key = await foreignKey(alg);
  } catch (err) {
    keyCache.delete(alg);
    throw new NotAJwtError(`cannot generate a key for alg ${alg}: ${(err as Error).message}`);
  }
  return new CompactSign(base64url.decode(segments[1]))
    .setProtectedHeader(header as CompactJWSHeaderParameters)
    .sign(key);
}

/**
 * An unsecured JWT (RFC 7519 §6): header `alg: none` (or another spelling of it: `None`, `NONE`...,
 * which a verifier that blocks the exact string "none" may still treat as unsigned), the same claims,
 * an empty signature.
 */
export function unsignedAlgNone(token: string, spelling = 'none'): string {
  if (spelling.toLowerCase() !== 'none') throw new RangeError(`"${spelling}" is not a spelling of none`);
  const { header, segments } = decodeJwtParts(token);
  const { kid: _kid, ...rest } = header;
  return `${encodeJson({ ...rest, alg: spelling })}.${segments[1]}.`;
}

/** The spellings of `none` that are not "none" itself, for case-insensitive blocklist bypasses. */
export const ALG_NONE_SPELLINGS = ['None', 'NONE', 'nOnE'] as const;

/**
 * The same header (alg and kid kept) over a payload segment that is not base64url JSON, with the
 * original signature: a verifier that decodes the claims before (or instead of) verifying trips on it.
 */
export function malformedPayload(token: string): string {
  const { segments } = decodeJwtParts(token);
  return `${segments[0]}.${base64url.encode('{"sub": not json')}.${segments[2]}`;
}

// ---------------------------------------------------------------- algorithm confusion (RFC 8725 §2.1)

/**
 * The encodings of the server's RSA public key an attacker tries as an HMAC secret: a verifier that
 * takes the algorithm from the token and hands its "key" (the PEM file, the DER bytes, the JWK it
 * fetched) to HMAC verifies an HS256 token signed with exactly those bytes.
 */
export const KEY_ENCODINGS = ['spki-pem', 'pkcs1-pem', 'spki-der', 'jwk-json'] as const;
export type KeyEncoding = (typeof KEY_ENCODINGS)[number];

/** The bytes of each encoding of a public key published as a JWK (RSA or EC; PKCS#1 is RSA only). */
export function publicKeyEncodings(jwk: JWK): Partial<Record<KeyEncoding, Uint8Array>> {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: jwk as NodeJwk, format: 'jwk' });
  } catch (err) {
    throw new NotAJwtError(`the published key ${String(jwk.kid ?? '')} cannot be read: ${(err as Error).message}`);
  }
  const out: Partial<Record<KeyEncoding, Uint8Array>> = {
    'spki-pem': Buffer.from(key.export({ type: 'spki', format: 'pem' }) as string, 'utf8'),
    'spki-der': key.export({ type: 'spki', format: 'der' }),
    'jwk-json': Buffer.from(JSON.stringify(jwk), 'utf8'),
  };
  if (key.asymmetricKeyType === 'rsa')
    out['pkcs1-pem'] = Buffer.from(key.export({ type: 'pkcs1', format: 'pem' }) as string, 'utf8');
  return out;
}

/**
 * The token's claims (payload bytes unchanged) under `alg: HS256`, MACed with `secret`: the server's
 * public key in one of its encodings. Only a verifier confused about the algorithm accepts it.
 */
export function hmacWithKey(token: string, secret: Uint8Array): string {
  const { header, segments } = decodeJwtParts(token);
  const head = encodeJson({ ...header, alg: 'HS256' });
  const mac = createHmac('sha256', secret).update(`${head}.${segments[1]}`).digest();
  return `${head}.${segments[1]}.${base64url.encode(mac)}`;
}

// ---------------------------------------------------------------- keys named by the token itself

let attacker: Promise<{ privateKey: KeyObject; jwk: JWK & { kid: string } }> | undefined;

/**
 * An RSA key pair of our own (generated once per process) and its public JWK, kid = its thumbprint.
 * Generated off the event loop: a synchronous 2048-bit keygen blocks for a few hundred ms, which the
 * load engine running alongside measures as the harness stalling.
 */
export function attackerKey(): Promise<{ privateKey: KeyObject; jwk: JWK & { kid: string } }> {
  attacker ??= (async () => {
    const { privateKey, publicKey } = await promisify(generateNodeKeyPair)('rsa', { modulusLength: 2048 });
    const raw = publicKey.export({ format: 'jwk' }) as JWK;
    const publicJwk: JWK = { kty: 'RSA', n: raw.n!, e: raw.e! };
    const kid = await calculateJwkThumbprint(publicJwk);
    return { privateKey, jwk: { ...publicJwk, kid, use: 'sig', alg: 'RS256' } as JWK & { kid: string } };
  })();
  return attacker;
}

/** The token's claims (payload bytes unchanged) under `header`, signed RS256 with our own key. */
async function signedByAttacker(token: string, header: Record<string, unknown>): Promise<string> {
  const { segments } = decodeJwtParts(token);
  const { privateKey } = await attackerKey();
  const head = encodeJson({ ...header, alg: 'RS256' });
  const sig = rsaSign('sha256', Buffer.from(`${head}.${segments[1]}`), privateKey);
  return `${head}.${segments[1]}.${base64url.encode(sig)}`;
}

/** The claims signed with our own key under a `kid` that names no published key. */
export async function unknownKid(token: string): Promise<string> {
  const { header } = decodeJwtParts(token);
  return signedByAttacker(token, { ...header, kid: `unknown-${randomUUID()}` });
}

/**
 * The claims signed with our own key, its public key embedded in the header (`jwk`, RFC 7515 §4.1.3)
 * and named by `kid` (its thumbprint): only a server that trusts keys the token brings accepts it
 * (CVE-2018-0114 class).
 */
export async function embeddedJwk(token: string): Promise<string> {
  const { header } = decodeJwtParts(token);
  const { jwk } = await attackerKey();
  const { kid, use: _use, alg: _alg, ...key } = jwk;
  return signedByAttacker(token, { ...header, kid, jwk: key });
}

/**
 * The claims signed with our own key, the header pointing at where "its" keys are (`jku` a JWK Set
 * URL, `x5u` an X.509 URL; RFC 7515 §4.1.2, §4.1.5) and naming it by kid. The URL is on an address
 * that goes nowhere (.invalid, RFC 6761): the harness never serves nor fetches it; a server that
 * follows it either fails to fetch (and must still refuse) or has already lost.
 */
export async function keyUrlHeader(token: string, member: 'jku' | 'x5u', url: string): Promise<string> {
  const { header } = decodeJwtParts(token);
  const { jwk } = await attackerKey();
  return signedByAttacker(token, { ...header, kid: jwk.kid, [member]: url });
}

/** Where the injected `jku`/`x5u` headers point: a reserved name that never resolves (RFC 6761 §6.4). */
export const ATTACKER_KEY_URLS = {
  jku: 'https://attacker.invalid/.well-known/jwks.json',
  x5u: 'https://attacker.invalid/certs/signing.pem',
} as const;

export interface TokenLifetime {
  /** Seconds from issue to expiry. */
  seconds: number;
  /** Where the figure came from. */
  source: 'exp-iat' | 'exp-now' | 'expires_in';
}

/**
 * How long the token lives: `exp - iat` from the claims (immune to clock skew between us and the
 * server), `exp - now` without `iat`, else the token response's `expires_in`.
 */
export function tokenLifetime(
  token: string,
  expiresIn?: number,
  nowSeconds = Date.now() / 1000,
): TokenLifetime | undefined {
  let payload: Record<string, unknown> | undefined;
  try {
    payload = decodeJwtParts(token).payload;
  } catch {
    payload = undefined;
  }
  const exp = payload?.exp;
  const iat = payload?.iat;
  if (typeof exp === 'number' && Number.isFinite(exp)) {
    if (typeof iat === 'number' && Number.isFinite(iat)) return { seconds: Math.max(0, exp - iat), source: 'exp-iat' };
    return { seconds: Math.max(0, exp - nowSeconds), source: 'exp-now' };
  }
  if (typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn >= 0)
    return { seconds: expiresIn, source: 'expires_in' };
  return undefined;
}

/** The `aud` claim as a list (empty when absent or the token is not a JWT). */
export function audiences(token: string): string[] {
  try {
    const aud = decodeJwtParts(token).payload.aud;
    if (typeof aud === 'string') return [aud];
    return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
  } catch {
    return [];
  }
}
