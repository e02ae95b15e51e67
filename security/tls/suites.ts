// Weak TLS ≤ 1.2 cipher suites: the probe list and the classifier shared by the Node prober and the
// testssl.sh mapping. "Weak" follows Mozilla's intermediate profile (ECDHE/DHE with AEAD only) and
// testssl's categories (NULL, aNULL, EXPORT, LOW, 3DES/IDEA, obsoleted CBC).
import type { SuiteCategory } from './types.ts';

export interface WeakSuite {
  /** OpenSSL name, as passed to `ciphers`. */
  suite: string;
  iana: string;
}

/**
 * One handshake per entry, so the list is short: at least one representative per category and the
 * suites real legacy servers still offer. Names this OpenSSL build lacks (RC4, DES, 3DES, EXPORT on
 * OpenSSL 3) are reported as not-tested, not silently dropped.
 */
export const WEAK_SUITES: readonly WeakSuite[] = [
  { suite: 'NULL-SHA', iana: 'TLS_RSA_WITH_NULL_SHA' },
  { suite: 'NULL-SHA256', iana: 'TLS_RSA_WITH_NULL_SHA256' },
  { suite: 'ECDHE-RSA-NULL-SHA', iana: 'TLS_ECDHE_RSA_WITH_NULL_SHA' },
  { suite: 'ADH-AES128-SHA', iana: 'TLS_DH_anon_WITH_AES_128_CBC_SHA' },
  { suite: 'ADH-AES256-GCM-SHA384', iana: 'TLS_DH_anon_WITH_AES_256_GCM_SHA384' },
  { suite: 'AECDH-AES128-SHA', iana: 'TLS_ECDH_anon_WITH_AES_128_CBC_SHA' },
  { suite: 'EXP-RC4-MD5', iana: 'TLS_RSA_EXPORT_WITH_RC4_40_MD5' },
  { suite: 'EXP-DES-CBC-SHA', iana: 'TLS_RSA_EXPORT_WITH_DES40_CBC_SHA' },
  { suite: 'RC4-MD5', iana: 'TLS_RSA_WITH_RC4_128_MD5' },
  { suite: 'RC4-SHA', iana: 'TLS_RSA_WITH_RC4_128_SHA' },
  { suite: 'ECDHE-RSA-RC4-SHA', iana: 'TLS_ECDHE_RSA_WITH_RC4_128_SHA' },
  { suite: 'DES-CBC-SHA', iana: 'TLS_RSA_WITH_DES_CBC_SHA' },
  { suite: 'DES-CBC3-SHA', iana: 'TLS_RSA_WITH_3DES_EDE_CBC_SHA' },
  { suite: 'ECDHE-RSA-DES-CBC3-SHA', iana: 'TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA' },
  { suite: 'IDEA-CBC-SHA', iana: 'TLS_RSA_WITH_IDEA_CBC_SHA' },
  { suite: 'AES128-SHA', iana: 'TLS_RSA_WITH_AES_128_CBC_SHA' },
  { suite: 'AES256-SHA', iana: 'TLS_RSA_WITH_AES_256_CBC_SHA' },
  { suite: 'AES128-SHA256', iana: 'TLS_RSA_WITH_AES_128_CBC_SHA256' },
  { suite: 'AES256-SHA256', iana: 'TLS_RSA_WITH_AES_256_CBC_SHA256' },
  { suite: 'AES128-GCM-SHA256', iana: 'TLS_RSA_WITH_AES_128_GCM_SHA256' },
  { suite: 'AES256-GCM-SHA384', iana: 'TLS_RSA_WITH_AES_256_GCM_SHA384' },
  { suite: 'CAMELLIA128-SHA', iana: 'TLS_RSA_WITH_CAMELLIA_128_CBC_SHA' },
  { suite: 'ECDHE-RSA-AES128-SHA', iana: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA' },
  { suite: 'ECDHE-RSA-AES256-SHA', iana: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA' },
  { suite: 'ECDHE-RSA-AES128-SHA256', iana: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256' },
  { suite: 'ECDHE-RSA-AES256-SHA384', iana: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384' },
  { suite: 'ECDHE-ECDSA-AES128-SHA', iana: 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA' },
  { suite: 'ECDHE-ECDSA-AES256-SHA384', iana: 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384' },
  { suite: 'DHE-RSA-AES128-SHA', iana: 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA' },
  { suite: 'DHE-RSA-AES256-SHA256', iana: 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA256' },
];

/**
 * Category of a TLS ≤ 1.2 suite from its IANA name (TLS_<kx>_WITH_<cipher>_<mac>), or null when it
 * is strong (forward secret AEAD) or a TLS 1.3 suite. Precedence: the most serious reason wins.
 */
export function classifySuite(iana: string): SuiteCategory | null {
  const name = iana.toUpperCase();
  const m = /^(?:TLS|SSL)_(.+?)_WITH_(.+)$/.exec(name);
  if (!m) return null; // TLS 1.3 suites (TLS_AES_128_GCM_SHA256) carry no key exchange: all AEAD.
  const kx = m[1] ?? '';
  const cipher = m[2] ?? '';
  if (/^NULL(_|$)/.test(cipher) || kx === 'NULL') return 'null-encryption';
  if (/_ANON$/.test(kx)) return 'anonymous';
  if (/EXPORT/.test(kx) || /EXPORT/.test(cipher)) return 'export';
  if (/^RC4_/.test(cipher)) return 'rc4';
  if (/^DES(40)?_CBC/.test(cipher)) return 'des';
  if (/^(3DES|IDEA|RC2)_/.test(cipher)) return '64-bit-block';
  // Ephemeral key exchange is DHE or ECDHE (also DHE_PSK, ECDHE_PSK); RSA, DH_*, ECDH_*, PSK, RSA_PSK are static.
  if (!/(^|_)E?DHE(_|$)/.test(kx) && !/^ECDHE/.test(kx)) return 'no-forward-secrecy';
  if (/_CBC(_|$)/.test(cipher)) return 'cbc';
  return null;
}

/** Short, stable reason per category (finding data, evidence text). */
export const CATEGORY_REASONS: Record<SuiteCategory, string> = {
  'null-encryption': 'no encryption',
  anonymous: 'no server authentication',
  export: 'export-grade keys',
  rc4: 'RC4 stream cipher (RFC 7465)',
  des: 'single DES',
  '64-bit-block': '64-bit block cipher (SWEET32)',
  'no-forward-secrecy': 'no forward secrecy',
  cbc: 'CBC mode (obsolete, padding-oracle class)',
};
