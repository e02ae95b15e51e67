// Security suite registry: the API security checks and their collectors, then the TLS part.
import type { AnyCheck, AnyCollector } from '../../engine/check.ts';
import authAlgNone from './auth-alg-none.ts';
import authAlgorithmConfusion from './auth-algorithm-confusion.ts';
import authExpiredToken from './auth-expired-token.ts';
import authMalformedToken from './auth-malformed-token.ts';
import authMissingToken from './auth-missing-token.ts';
import authTokenAudience from './auth-token-audience.ts';
import authTokenClaims from './auth-token-claims.ts';
import authTokenKeyId from './auth-token-key-id.ts';
import authTokenKeyUrl from './auth-token-key-url.ts';
import authTokenSignature from './auth-token-signature.ts';
import authorityOnlyClearance from './authority-only-clearance.ts';
import bodySizeLimit from './body-size-limit.ts';
import { authProbesCollector } from './collectors/auth-probes.ts';
import { authzProbesCollector } from './collectors/authz-probes.ts';
import { errorProbesCollector } from './collectors/error-probes.ts';
import { hardeningProbesCollector } from './collectors/hardening-probes.ts';
import { rateLimitBurstCollector } from './collectors/rate-limit-burst.ts';
import corsPolicy from './cors-policy.ts';
import errorDisclosure from './error-disclosure.ts';
import rateLimiting from './rate-limiting.ts';
import readOnlyFields from './read-only-fields.ts';
import securityHeaders from './security-headers.ts';
import tenantIsolation from './tenant-isolation.ts';
import { tlsChecks, tlsCollectors } from './tls-checks.ts';
import undocumentedMethods from './undocumented-methods.ts';
import { zapScanCollector } from './collectors/zap-scan.ts';
import zapApiScan from './zap-api-scan.ts';

export const apiChecks: readonly AnyCheck[] = [
  authMissingToken,
  authMalformedToken,
  authExpiredToken,
  authTokenSignature,
  authAlgNone,
  authAlgorithmConfusion,
  authTokenKeyId,
  authTokenKeyUrl,
  authTokenClaims,
  authTokenAudience,
  tenantIsolation,
  authorityOnlyClearance,
  readOnlyFields,
  securityHeaders,
  errorDisclosure,
  corsPolicy,
  undocumentedMethods,
  bodySizeLimit,
  rateLimiting,
];

export const apiCollectors: readonly AnyCollector[] = [
  authProbesCollector,
  authzProbesCollector,
  errorProbesCollector,
  hardeningProbesCollector,
  rateLimitBurstCollector,
];

/**
 * Checks whose findings come from an external engine (OWASP ZAP): skipped when the engine is absent, so
 * they are proven by stand-in engines (test/security/zap/) rather than by the flawed port's fixture pairs.
 */
export const externalEngineChecks: readonly AnyCheck[] = [zapApiScan];
export const externalEngineCollectors: readonly AnyCollector[] = [zapScanCollector];

export const checks: readonly AnyCheck[] = [...tlsChecks, ...apiChecks, ...externalEngineChecks];
export const collectors: readonly AnyCollector[] = [...tlsCollectors, ...apiCollectors, ...externalEngineCollectors];
