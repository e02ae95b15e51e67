// The TLS part of the security area: checks and the collectors they need (merged into
// suites/security/index.ts by the lead). hsts-header judges its own probe of each origin and HttpLog.
import type { AnyCheck, AnyCollector } from '../../engine/check.ts';
import { hstsProbesCollector } from './collectors/hsts-probes.ts';
import { tlsScanCollector } from './collectors/tls-scan.ts';
import hstsHeader from './hsts-header.ts';
import tlsCertificateExpiry from './tls-certificate-expiry.ts';
import tlsCertificateLifetime from './tls-certificate-lifetime.ts';
import tlsCertificateSignature from './tls-certificate-signature.ts';
import tlsCertificateTrust from './tls-certificate-trust.ts';
import tlsCipherSuites from './tls-cipher-suites.ts';
import tlsKeyStrength from './tls-key-strength.ts';
import tlsKnownVulnerabilities from './tls-known-vulnerabilities.ts';
import tlsProtocolVersions from './tls-protocol-versions.ts';

export const tlsChecks: readonly AnyCheck[] = [
  tlsProtocolVersions,
  tlsCipherSuites,
  tlsCertificateTrust,
  tlsCertificateExpiry,
  tlsKeyStrength,
  tlsCertificateLifetime,
  tlsCertificateSignature,
  tlsKnownVulnerabilities,
  hstsHeader,
];

export const tlsCollectors: readonly AnyCollector[] = [tlsScanCollector, hstsProbesCollector];
