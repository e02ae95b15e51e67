// Signing keys of certificates: generating a pair, reading a private key (PKCS#8 PEM) and public keys
// (SPKI PEM, a JWK or a JWKS), and naming a key by its RFC 7638 JWK thumbprint. A private key is only
// ever read from its file and handed to the signer: it is never printed, logged or put in an error.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey as NodeJwk,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { UsageError } from '../engine/errors.ts';
import type { CertificateAlgorithm } from '../reports/certificate.ts';

export const KEY_FILES = {
  private: 'certificate-signing-key.pem',
  public: 'certificate-signing-key.pub.pem',
  jwks: 'certificate-signing-key.jwks.json',
} as const;

export const DEFAULT_KEY_DIR = 'port-conformance-keys';

export interface PublicKeyInfo {
  key: KeyObject;
  alg: CertificateAlgorithm;
  /** The public key as a JWK (kty, crv, x[, y]) and its RFC 7638 thumbprint (SHA-256, base64url). */
  jwk: JWK;
  kid: string;
}

export interface SigningKey extends PublicKeyInfo {
  privateKey: KeyObject;
}

/** The JWS algorithm of a key: Ed25519 → EdDSA, ECDSA P-256 → ES256; anything else is refused. */
export function algorithmOf(key: KeyObject, where: string): CertificateAlgorithm {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  const kind = key.asymmetricKeyType ?? key.type;
  throw new UsageError(`${where}: a ${kind} key cannot sign certificates (use an Ed25519 or ECDSA P-256 key)`);
}

/** The public JWK's members that RFC 7638 hashes, nothing else. */
function publicJwk(key: KeyObject): JWK {
  const { kty, crv, x, y } = key.export({ format: 'jwk' });
  return { kty, crv, x, ...(y ? { y } : {}) } as JWK;
}

export async function describePublicKey(key: KeyObject, where: string): Promise<PublicKeyInfo> {
  const alg = algorithmOf(key, where);
  const jwk = publicJwk(key);
  return { key, alg, jwk, kid: await calculateJwkThumbprint(jwk, 'sha256') };
}

export interface KeyPairFiles {
  privateKey: string;
  publicKey: string;
  jwks: string;
  kid: string;
  alg: CertificateAlgorithm;
}

/**
 * Makes an Ed25519 key pair in `dir`: the private key as PKCS#8 PEM (mode 0600, in a folder made 0700 when
 * new), the public key as SPKI PEM and as a JWKS whose key carries `kid` (its thumbprint), `alg` and
 * `use: sig`. Refuses to overwrite an existing private key.
 */
export async function generateKeyPairFiles(dir: string): Promise<KeyPairFiles> {
  const abs = resolve(dir);
  const paths = {
    privateKey: join(abs, KEY_FILES.private),
    publicKey: join(abs, KEY_FILES.public),
    jwks: join(abs, KEY_FILES.jwks),
  };
  if (existsSync(abs) && !statSync(abs).isDirectory()) throw new UsageError(`keygen --out ${dir}: not a folder`);
  for (const p of Object.values(paths))
    if (existsSync(p)) throw new UsageError(`keygen: ${p} exists; keys are never overwritten (choose another --out)`);
  mkdirSync(abs, { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const info = await describePublicKey(publicKey, 'keygen');
  const pkcs8 = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
  // 'wx': fail rather than follow a file (or link) that appeared since the check above.
  writeFileSync(paths.privateKey, pkcs8, { mode: 0o600, flag: 'wx' });
  chmodSync(paths.privateKey, 0o600); // whatever the umask said
  writeFileSync(paths.publicKey, publicKey.export({ format: 'pem', type: 'spki' }) as string, { flag: 'wx' });
  const jwks = { keys: [{ ...info.jwk, kid: info.kid, alg: info.alg, use: 'sig' }] };
  writeFileSync(paths.jwks, `${JSON.stringify(jwks, null, 2)}\n`, { flag: 'wx' });
  return { ...paths, kid: info.kid, alg: info.alg };
}

function readKeyFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${what} ${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? 'cannot be read')}`);
  }
}

/** Reads the signing key: a PKCS#8 (or PKCS#1/SEC1) PEM private key. Errors never quote the file. */
export async function loadSigningKey(path: string): Promise<SigningKey> {
  const text = readKeyFile(path, '--key');
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: text, format: 'pem' });
  } catch {
    throw new UsageError(`--key ${path}: not a PEM private key (port-conformance keygen makes one)`);
  }
  const info = await describePublicKey(createPublicKey(privateKey), `--key ${path}`);
  return { ...info, privateKey };
}

/**
 * Reads the public key(s) a certificate may be verified with: an SPKI PEM, a JWK or a JWKS. A private key
 * given by mistake is refused (never echoed).
 */
export async function loadPublicKeys(path: string): Promise<PublicKeyInfo[]> {
  const text = readKeyFile(path, '--key');
  const where = `--key ${path}`;
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text))
    throw new UsageError(`${where}: this is a private key; verify needs the public key (SPKI PEM or JWKS)`);
  if (text.includes('-----BEGIN')) {
    try {
      return [await describePublicKey(createPublicKey({ key: text, format: 'pem' }), where)];
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError(`${where}: not a PEM public key`);
    }
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError(`${where}: neither a PEM public key nor a JWK or JWKS (JSON)`);
  }
  const jwks = (data as { keys?: unknown }).keys;
  const list = Array.isArray(jwks) ? (jwks as unknown[]) : [data];
  const keys: PublicKeyInfo[] = [];
  for (const entry of list) {
    if (entry === null || typeof entry !== 'object') continue;
    if ('d' in entry) throw new UsageError(`${where}: holds a private JWK; verify needs public keys only`);
    try {
      keys.push(await describePublicKey(createPublicKey({ key: entry as NodeJwk, format: 'jwk' }), where));
    } catch {
      // not a key, or of a kind that cannot sign certificates (RSA, X25519...): skipped
    }
  }
  if (keys.length === 0) throw new UsageError(`${where}: no Ed25519 or P-256 public key in it`);
  return keys;
}
