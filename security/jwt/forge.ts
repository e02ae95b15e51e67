// Probe tokens forged from a real access token. Each one differs from a token the server would
// accept in exactly one way, so a server that answers anything but 401 skipped that one step of
// verification (RFC 8725 §2 lists the attacks; OWASP API2:2023).
import { randomUUID } from 'node:crypto';
import { base64url, CompactSign, generateKeyPair, generateSecret } from 'jose';
import type { CompactJWSHeaderParameters, CryptoKey } from 'jose';

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

/** An unsecured JWT (RFC 7519 §6): header `alg: none`, the same claims, an empty signature. */
export function unsignedAlgNone(token: string): string {
  const { header, segments } = decodeJwtParts(token);
  const { kid: _kid, ...rest } = header;
  return `${encodeJson({ ...rest, alg: 'none' })}.${segments[1]}.`;
}

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
