import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { issueCertificate, loadOrCreateTestCa } from '../../../fixtures/tls/ca.ts';
import { chainReachesAnchorIgnoringDates } from '../../../security/tls/chain.ts';

const ca = loadOrCreateTestCa();
const der = (pem: string) => new X509Certificate(pem).raw;
const DAY = 86_400_000;
const expired = issueCertificate(ca, {
  hosts: ['127.0.0.1'],
  validFrom: new Date(Date.now() - 100 * DAY),
  validTo: new Date(Date.now() - 10 * DAY),
});
const selfSigned = issueCertificate(null, { hosts: ['127.0.0.1'] });
const otherSelf = issueCertificate(null, { hosts: ['other.test'] });

describe('chainReachesAnchorIgnoringDates', () => {
  it.each([
    {
      name: 'expired leaf + CA, CA trusted',
      chain: [der(expired.certPem), der(ca.certPem)],
      anchors: [ca.certPem],
      expected: true,
    },
    { name: 'expired leaf alone, CA trusted', chain: [der(expired.certPem)], anchors: [ca.certPem], expected: true },
    {
      name: 'expired leaf, CA not trusted',
      chain: [der(expired.certPem), der(ca.certPem)],
      anchors: [otherSelf.certPem],
      expected: false,
    },
    { name: 'self-signed, not trusted', chain: [der(selfSigned.certPem)], anchors: [ca.certPem], expected: false },
    {
      name: 'self-signed, itself trusted',
      chain: [der(selfSigned.certPem)],
      anchors: [selfSigned.certPem],
      expected: true,
    },
    {
      name: 'broken link: leaf not signed by the next',
      chain: [der(expired.certPem), der(otherSelf.certPem)],
      anchors: [otherSelf.certPem],
      expected: false,
    },
    { name: 'empty chain', chain: [], anchors: [ca.certPem], expected: false },
    { name: 'garbage anchor', chain: [der(expired.certPem)], anchors: ['not a pem'], expected: false },
  ])('$name → $expected', ({ chain, anchors, expected }) => {
    expect(chainReachesAnchorIgnoringDates(chain, anchors)).toBe(expected);
  });
});
