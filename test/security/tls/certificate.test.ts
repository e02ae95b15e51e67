import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { issueCertificate, loadOrCreateTestCa } from '../../../fixtures/tls/ca.ts';
import { CertificateParseError, derToPem, parseCertificate, splitPem } from '../../../security/tls/certificate.ts';

const ca = loadOrCreateTestCa();
const der = (pem: string) => new X509Certificate(pem).raw;

describe('parseCertificate', () => {
  const validFrom = new Date('2026-01-01T00:00:00Z');
  const validTo = new Date('2026-04-01T00:00:00Z');

  it.each([
    {
      name: 'RSA 2048',
      opts: { keyType: 'rsa' as const, keyBits: 2048 },
      keyType: 'RSA',
      bits: 2048,
      curve: null,
      sig: 'sha256WithRSAEncryption',
    },
    {
      name: 'RSA 1024',
      opts: { keyType: 'rsa' as const, keyBits: 1024 },
      keyType: 'RSA',
      bits: 1024,
      curve: null,
      sig: 'sha256WithRSAEncryption',
    },
    {
      name: 'EC P-256',
      opts: { keyType: 'ec' as const },
      keyType: 'EC',
      bits: 256,
      curve: 'prime256v1',
      sig: 'sha256WithRSAEncryption',
    },
    {
      name: 'EC P-384',
      opts: { keyType: 'ec' as const, curve: 'secp384r1' },
      keyType: 'EC',
      bits: 384,
      curve: 'secp384r1',
      sig: 'sha256WithRSAEncryption',
    },
  ])('$name leaf issued by the test CA', (row) => {
    const leaf = issueCertificate(ca, { hosts: ['psw.test', '127.0.0.1', '::1'], validFrom, validTo, ...row.opts });
    const info = parseCertificate(der(leaf.certPem));
    expect(info).toMatchObject({
      subject: 'CN=psw.test',
      keyType: row.keyType,
      keyBits: row.bits,
      curve: row.curve,
      signatureAlgorithm: row.sig,
      notBefore: validFrom.toISOString(),
      notAfter: validTo.toISOString(),
      lifetimeDays: 90,
      selfIssued: false,
      isCa: false,
      subjectAltNames: { dns: ['psw.test'], ip: ['127.0.0.1', '0:0:0:0:0:0:0:1'] },
    });
    expect(info.issuer).toMatch(/^CN=port-conformance local test CA.*, O=port-conformance$/);
    expect(info.fingerprint256).toBe(new X509Certificate(leaf.certPem).fingerprint256);
  });

  it('self-signed EC certificate: ECDSA signature, self-issued', () => {
    const leaf = issueCertificate(null, { hosts: ['self.test'], keyType: 'ec' });
    expect(parseCertificate(der(leaf.certPem))).toMatchObject({
      subject: 'CN=self.test',
      issuer: 'CN=self.test',
      selfIssued: true,
      signatureAlgorithm: 'ecdsa-with-SHA256',
      signatureAlgorithmOid: '1.2.840.10045.4.3.2',
    });
  });

  it('the CA: basicConstraints cA, self-issued', () => {
    expect(parseCertificate(der(ca.certPem))).toMatchObject({
      isCa: true,
      selfIssued: true,
      keyType: 'RSA',
      keyBits: 2048,
    });
  });

  it.each([
    ['empty', new Uint8Array()],
    ['not DER', new Uint8Array([1, 2, 3, 4])],
    ['a DER INTEGER', new Uint8Array([2, 1, 5])],
  ])('rejects %s', (_name, bytes) => {
    expect(() => parseCertificate(bytes)).toThrow(CertificateParseError);
  });

  it('PEM round trip and bundle splitting', () => {
    const raw = der(ca.certPem);
    const pem = derToPem(raw);
    expect(new X509Certificate(pem).raw.equals(raw)).toBe(true);
    expect(splitPem(pem + '\n' + pem)).toHaveLength(2);
    expect(splitPem('junk')).toEqual([]);
  });
});
