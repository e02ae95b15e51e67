// Trust set handling and a date-blind chain walk. OpenSSL reports one verify error only: for an
// expired leaf it says CERT_HAS_EXPIRED and nothing about the issuer. Walking the signatures again
// with dates ignored tells "expired but otherwise trusted" (an expiry finding) from "expired and
// untrusted" (a trust finding as well).
import { X509Certificate } from 'node:crypto';

/** OpenSSL verify errors that are about dates only. */
export const DATE_ERRORS = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

/** Self-signed certificates: the leaf itself, or a root the server sent that is not trusted. */
export const SELF_SIGNED_ERRORS = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN']);

function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/**
 * True when every certificate in `chainDer` (leaf first) is signed by the next and the last one is,
 * or is signed by, a trust anchor. Dates are not looked at. Bounded by the chain and anchor counts.
 */
export function chainReachesAnchorIgnoringDates(
  chainDer: readonly Uint8Array[],
  anchorPems: readonly string[],
): boolean {
  if (chainDer.length === 0) return false;
  let chain: X509Certificate[];
  try {
    chain = chainDer.map((der) => new X509Certificate(der));
  } catch {
    return false;
  }
  const anchors: X509Certificate[] = [];
  for (const pem of anchorPems) {
    try {
      anchors.push(new X509Certificate(pem));
    } catch {
      // An unparsable anchor trusts nothing.
    }
  }
  const anchorPrints = new Set(anchors.map((a) => a.fingerprint256));
  for (let i = 0; i < chain.length; i++) {
    const cert = chain[i]!;
    if (anchorPrints.has(cert.fingerprint256)) return true;
    if (anchors.some((a) => issuedBy(cert, a))) return true;
    const next = chain[i + 1];
    if (!next || !issuedBy(cert, next)) return false;
  }
  return false;
}
