import { createPublicKey } from 'node:crypto';
import { compactVerify, exportJWK, generateKeyPair, importJWK, SignJWT, UnsecuredJWT } from 'jose';
import type { CryptoKey, JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ALG_NONE_SPELLINGS,
  attackerKey,
  ATTACKER_KEY_URLS,
  audiences,
  decodeJwtParts,
  embeddedJwk,
  hmacWithKey,
  isJwt,
  keyUrlHeader,
  MALFORMED_TOKEN,
  malformedPayload,
  NotAJwtError,
  publicKeyEncodings,
  resignWithForeignKey,
  tamperPayload,
  tokenLifetime,
  unknownKid,
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

  it.each(ALG_NONE_SPELLINGS)('unsignedAlgNone spells alg %s when asked, nothing else changed', (spelling) => {
    const after = decodeJwtParts(unsignedAlgNone(rs.token, spelling));
    expect(after.header).toEqual({ alg: spelling, typ: 'JWT' });
    expect(after.segments[1]).toBe(decodeJwtParts(rs.token).segments[1]);
    expect(after.segments[2]).toBe('');
  });

  it('unsignedAlgNone refuses a spelling that is not of none', () => {
    expect(() => unsignedAlgNone(rs.token, 'HS256')).toThrow(RangeError);
  });

  it('malformedPayload keeps the header and signature over a payload that is not JSON', () => {
    const forged = malformedPayload(rs.token);
    const [h, p, sig] = forged.split('.');
    const [h0, , sig0] = rs.token.split('.');
    expect([h, sig]).toEqual([h0, sig0]);
    expect(() => JSON.parse(Buffer.from(p!, 'base64url').toString('utf8'))).toThrow();
    expect(() => decodeJwtParts(forged)).toThrow(NotAJwtError);
  });

  describe('algorithm confusion', () => {
    let jwk: JWK;
    beforeAll(async () => {
      jwk = { ...(await exportJWK(rs.publicKey)), kid: 'kid-RS256', use: 'sig', alg: 'RS256' };
    });

    it('publicKeyEncodings gives the PEM and DER forms of the published key, and the JWK as published', () => {
      const e = publicKeyEncodings(jwk);
      const key = createPublicKey({ key: jwk as never, format: 'jwk' });
      expect(Buffer.from(e['spki-pem']!).toString()).toBe(key.export({ type: 'spki', format: 'pem' }));
      expect(Buffer.from(e['spki-pem']!).toString()).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n$/);
      expect(Buffer.from(e['pkcs1-pem']!).toString()).toMatch(/^-----BEGIN RSA PUBLIC KEY-----/);
      expect(Buffer.from(e['spki-der']!)).toEqual(key.export({ type: 'spki', format: 'der' }));
      expect(JSON.parse(Buffer.from(e['jwk-json']!).toString())).toEqual(jwk);
    });

    it('an EC key has no PKCS#1 form', async () => {
      const ecJwk = await exportJWK(es.publicKey);
      expect(Object.keys(publicKeyEncodings(ecJwk)).sort()).toEqual(['jwk-json', 'spki-der', 'spki-pem']);
    });

    it('a key that cannot be read is not a forgery input', () => {
      expect(() => publicKeyEncodings({ kty: 'RSA', n: '!' })).toThrow(NotAJwtError);
    });

    it('hmacWithKey is an HS256 token over the same claims that verifies with exactly those bytes', async () => {
      const secret = publicKeyEncodings(jwk)['spki-pem']!;
      const forged = hmacWithKey(rs.token, secret);
      const after = decodeJwtParts(forged);
      expect(after.header).toEqual({ alg: 'HS256', kid: 'kid-RS256', typ: 'JWT' });
      expect(after.segments[1]).toBe(decodeJwtParts(rs.token).segments[1]);
      const { payload } = await compactVerify(forged, secret);
      expect(new TextDecoder().decode(payload)).toBe(Buffer.from(after.segments[1], 'base64url').toString());
      await expect(compactVerify(forged, publicKeyEncodings(jwk)['spki-der']!)).rejects.toThrow();
    });
  });

  describe('keys named by the token', () => {
    it('unknownKid: a kid naming no key, signed by our key, same claims', async () => {
      const forged = await unknownKid(rs.token);
      const after = decodeJwtParts(forged);
      expect(after.header).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: expect.stringMatching(/^unknown-/) });
      expect(after.segments[1]).toBe(decodeJwtParts(rs.token).segments[1]);
      const { jwk } = await attackerKey();
      expect(await verifies(forged, (await importJWK(jwk, 'RS256')) as CryptoKey)).toBe(true);
      expect(await verifies(forged, rs.publicKey)).toBe(false);
    });

    it('embeddedJwk: our public key in the jwk header, named by its thumbprint, and nothing private', async () => {
      const forged = await embeddedJwk(rs.token);
      const { header } = decodeJwtParts(forged);
      const { jwk } = await attackerKey();
      expect(header.kid).toBe(jwk.kid);
      expect(header.jwk).toEqual({ kty: 'RSA', n: jwk.n, e: jwk.e });
      expect(await verifies(forged, (await importJWK(header.jwk as JWK, 'RS256')) as CryptoKey)).toBe(true);
    });

    it.each(['jku', 'x5u'] as const)('keyUrlHeader: %s points at an address that goes nowhere', async (member) => {
      const forged = await keyUrlHeader(rs.token, member, ATTACKER_KEY_URLS[member]);
      const { header } = decodeJwtParts(forged);
      expect(header[member]).toBe(ATTACKER_KEY_URLS[member]);
      expect(new URL(String(header[member])).hostname.endsWith('.invalid')).toBe(true);
      expect(header.kid).toBe((await attackerKey()).jwk.kid);
    });
  });
});
