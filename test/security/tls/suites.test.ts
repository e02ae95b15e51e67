import { describe, expect, it } from 'vitest';
import { classifySuite, WEAK_SUITES } from '../../../security/tls/suites.ts';

describe('classifySuite', () => {
  it.each([
    ['TLS_RSA_WITH_NULL_SHA256', 'null-encryption'],
    ['TLS_ECDHE_RSA_WITH_NULL_SHA', 'null-encryption'],
    ['TLS_DH_anon_WITH_AES_128_CBC_SHA', 'anonymous'],
    ['TLS_ECDH_anon_WITH_AES_128_CBC_SHA', 'anonymous'],
    ['TLS_RSA_EXPORT_WITH_RC4_40_MD5', 'export'],
    ['TLS_RSA_WITH_RC4_128_SHA', 'rc4'],
    ['TLS_ECDHE_RSA_WITH_RC4_128_SHA', 'rc4'],
    ['TLS_RSA_WITH_DES_CBC_SHA', 'des'],
    ['TLS_RSA_WITH_3DES_EDE_CBC_SHA', '64-bit-block'],
    ['TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA', '64-bit-block'],
    ['TLS_RSA_WITH_IDEA_CBC_SHA', '64-bit-block'],
    ['TLS_RSA_WITH_AES_128_CBC_SHA', 'no-forward-secrecy'],
    ['TLS_RSA_WITH_AES_256_GCM_SHA384', 'no-forward-secrecy'],
    ['TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256', 'no-forward-secrecy'],
    ['TLS_PSK_WITH_AES_128_GCM_SHA256', 'no-forward-secrecy'],
    ['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'cbc'],
    ['TLS_DHE_RSA_WITH_AES_256_CBC_SHA256', 'cbc'],
    ['TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384', 'cbc'],
    ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', null],
    ['TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', null],
    ['TLS_DHE_RSA_WITH_AES_256_GCM_SHA384', null],
    ['TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256', null],
    ['TLS_AES_128_GCM_SHA256', null],
    ['TLS_CHACHA20_POLY1305_SHA256', null],
  ])('%s → %s', (iana, category) => {
    expect(classifySuite(iana)).toBe(category);
  });

  it('every probe-list suite is weak, and names are unique', () => {
    for (const s of WEAK_SUITES) expect(classifySuite(s.iana), s.iana).not.toBeNull();
    expect(new Set(WEAK_SUITES.map((s) => s.suite)).size).toBe(WEAK_SUITES.length);
    expect(new Set(WEAK_SUITES.map((s) => s.iana)).size).toBe(WEAK_SUITES.length);
  });
});
