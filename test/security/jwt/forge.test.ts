import { compactVerify, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import type { CryptoKey } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  audiences,
  decodeJwtParts,
  isJwt,
  MALFORMED_TOKEN,
  NotAJwtError,
  resignWithForeignKey,
  tamperPayload,
  tokenLifetime,
  unsignedAlgNone,
} from '../../../security/jwt/forge.ts';

const CLAIMS = { tenant: 'tenant-a', role: 'agent', scope: 'port-calls' };

async function realToken(alg: 'RS256' | 'ES256', aud: string | string[] = 'psw-api') {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const token = await new SignJWT(CLAIMS)
    .setProtectedHeader({ alg, kid: `kid-${alg}`, typ: 'JWT' })
    .setIssuer('https://127.0.0.1:1')
    .setSubject('agent-a')
    .setAudience(aud)
    .setIssuedAt(1_800_000_000)
    .setExpirationTime(1_800_000_060)
    .setJti('jti-1')
    .sign(privateKey);
  return { token, publicKey };
}

async function verifies(token: string, key: CryptoKey): Promise<boolean> {
  try {
    await compactVerify(token, key);
    return true;
  } catch {
    return false;
  }
}

describe('probe token forging', () => {
  let rs: { token: string; publicKey: CryptoKey };
  let es: { token: string; publicKey: CryptoKey };
  beforeAll(async () => {
    rs = await realToken('RS256');
    es = await realToken('ES256');
  });

  it('the base tokens verify (control)', async () => {
    expect(await verifies(rs.token, rs.publicKey)).toBe(true);
    expect(await verifies(es.token, es.publicKey)).toBe(true);
  });

  it('the malformed token is not a JWT', () => {
    expect(isJwt(MALFORMED_TOKEN)).toBe(false);
    expect(() => decodeJwtParts(MALFORMED_TOKEN)).toThrow(NotAJwtError);
  });

  it.each([
    ['two segments', 'a.b'],
    ['payload not JSON', 'eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln'],
    ['payload a JSON array', 'eyJhbGciOiJSUzI1NiJ9.WzFd.c2ln'],
    ['bad characters', 'a+b.c/d.e='],
  ])('rejects a non-JWT (%s)', (_name, token) => {
    expect(() => tamperPayload(token)).toThrow(NotAJwtError);
    expect(() => unsignedAlgNone(token)).toThrow(NotAJwtError);
  });

  it.each(['RS256', 'ES256'] as const)(
    'tamperPayload keeps header and signature, changes only jti (%s)',
    async (alg) => {
      const base = alg === 'RS256' ? rs : es;
      const forged = tamperPayload(base.token);
      const before = decodeJwtParts(base.token);
      const after = decodeJwtParts(forged);
      expect(after.segments[0]).toBe(before.segments[0]);
      expect(after.segments[2]).toBe(before.segments[2]);
      expect(after.segments[1]).not.toBe(before.segments[1]);
      const { jti: j1, ...rest1 } = before.payload;
      const { jti: j2, ...rest2 } = after.payload;
      expect(rest2).toEqual(rest1);
      expect(j2).not.toBe(j1);
      expect(await verifies(forged, base.publicKey)).toBe(false);
    },
  );

  it('tamperPayload adds a jti when the token has none', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
    expect(typeof decodeJwtParts(tamperPayload(token)).payload.jti).toBe('string');
  });

  it.each(['RS256', 'ES256'] as const)(
    'resignWithForeignKey keeps alg, kid and claims but not the key (%s)',
    async (alg) => {
      const base = alg === 'RS256' ? rs : es;
      const forged = await resignWithForeignKey(base.token);
      const before = decodeJwtParts(base.token);
      const after = decodeJwtParts(forged);
      expect(after.header).toEqual(before.header);
      expect(after.segments[1]).toBe(before.segments[1]);
      expect(after.segments[2]).not.toBe(before.segments[2]);
      expect(after.segments[2].length).toBeGreaterThan(0);
      expect(await verifies(forged, base.publicKey)).toBe(false);
    },
  );

  it('resignWithForeignKey refuses an unsigned token', async () => {
    await expect(resignWithForeignKey(unsignedAlgNone(rs.token))).rejects.toThrow(NotAJwtError);
  });

  it('unsignedAlgNone is an unsecured JWT with the same claims and no kid', () => {
    const forged = unsignedAlgNone(rs.token);
    const after = decodeJwtParts(forged);
    expect(after.header).toEqual({ alg: 'none', typ: 'JWT' });
    expect(after.segments[2]).toBe('');
    expect(after.segments[1]).toBe(decodeJwtParts(rs.token).segments[1]);
    // jose's own unsecured-JWT decoder accepts it (claims checks relaxed to the fixed test clock).
    const { payload } = UnsecuredJWT.decode(forged, { currentDate: new Date(1_800_000_010_000) });
    expect(payload.sub).toBe('agent-a');
  });

  it.each([
    ['exp and iat', { exp: 1060, iat: 1000 }, undefined, 5000, { seconds: 60, source: 'exp-iat' }],
    ['exp only', { exp: 1060 }, undefined, 1030, { seconds: 30, source: 'exp-now' }],
    ['exp in the past', { exp: 1000 }, undefined, 1030, { seconds: 0, source: 'exp-now' }],
    ['no exp: expires_in', { sub: 'x' }, 900, 1000, { seconds: 900, source: 'expires_in' }],
    ['nothing', { sub: 'x' }, undefined, 1000, undefined],
  ])('tokenLifetime: %s', (_name, payload, expiresIn, now, expected) => {
    const token = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;
    expect(tokenLifetime(token, expiresIn, now)).toEqual(expected);
  });

  it('tokenLifetime of an opaque token uses expires_in', () => {
    expect(tokenLifetime('opaque-token', 60)).toEqual({ seconds: 60, source: 'expires_in' });
  });

  it('audiences reads a string or array aud', async () => {
    expect(audiences(rs.token)).toEqual(['psw-api']);
    expect(audiences((await realToken('RS256', ['psw-events', 'x'])).token)).toEqual(['psw-events', 'x']);
    expect(audiences(MALFORMED_TOKEN)).toEqual([]);
  });
});
