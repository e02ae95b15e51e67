// The certificate's payload: what a signed certificate (certificate.jws) says about one complete run. Like
// results.json it is a published contract (reports/certificate.schema.json), versioned on its own; the
// signing and verifying live in certify/, the rendering in reports/certificate-html.ts.
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import type {
  Area,
  Level,
  Outcome,
  OutcomeCounts,
  RequirementStatus,
  Results,
  VerdictStatus,
} from '../engine/types.ts';

/** The version of reports/certificate.schema.json this build writes; minor adds fields, major renames. */
export const CERTIFICATE_VERSION = '1.0.0';

/** JWS `typ` (RFC 7515 §4.1.9, without the recommended-to-omit "application/"): explicit typing (RFC 8725 §3.11). */
export const CERTIFICATE_JWS_TYPE = 'vnd.port-conformance.certificate+jws';
/** JWS `cty`: the media type of the payload. */
export const CERTIFICATE_CONTENT_TYPE = 'vnd.port-conformance.certificate+json';

/** Signature algorithms a certificate may use: Ed25519 (the default key kind) or ECDSA P-256. */
export const CERTIFICATE_ALGORITHMS = ['EdDSA', 'ES256'] as const;
export type CertificateAlgorithm = (typeof CERTIFICATE_ALGORITHMS)[number];

/** A verdict for one area: its required checks all passed (after waivers), one failed, or it was not run. */
export type AreaVerdict = 'conformant' | 'not-conformant' | 'not-run';

/**
 * Why a file is in the certificate: the results file itself, or a file the run stored as evidence
 * (screenshots...). Reports rendered from the results are not: results.json re-renders them.
 */
export type CertifiedFileRole = 'results' | 'evidence';

export interface CertifiedFile {
  /** Relative to the run's output folder, "/"-separated, never absolute or with "..". */
  path: string;
  role: CertifiedFileRole;
  /** Lowercase hex SHA-256 of the file's bytes. */
  sha256: string;
  bytes: number;
}

/** One of the member's endpoints. */
export interface CertifiedEndpoint {
  url: string;
  origin: string;
}

export interface Certificate {
  certificateVersion: string;
  /** Unique id of this certificate (a UUID). */
  id: string;
  issuedAt: string;
  /** The validity period: validFrom ≤ now < validUntil. */
  validFrom: string;
  validUntil: string;
  /** The key that signed it: its RFC 7638 JWK thumbprint (SHA-256, base64url), also the JWS `kid`. */
  signer: { keyThumbprint: string; alg: CertificateAlgorithm };
  /** The port (consortium member) certified. */
  member: { name: string; source: 'target' | 'flag' };
  target: {
    kind: Results['target']['kind'];
    api: CertifiedEndpoint;
    tokenEndpoint?: CertifiedEndpoint;
    portal?: CertifiedEndpoint;
  };
  profile: {
    id: string;
    title: string;
    version: string;
    /** The profile's certification.validityMonths. */
    validityMonths: number;
    /** The profile's coverage.unprobedPlaces: what unprobed places meant for this verdict. */
    unprobedPlaces: 'report' | 'incomplete';
  };
  /** The harness that made the run (results.json's tool) and the one that issued the certificate. */
  harness: { name: string; version: string };
  issuer: { name: string; version: string };
  run: {
    id: string;
    startedAt: string;
    finishedAt: string;
    seed: number;
    suites: Area[];
    resultsSchemaVersion: string;
  };
  verdict: {
    status: Extract<VerdictStatus, 'conformant' | 'not-conformant'>;
    conformant: boolean;
    reason: string;
    areas: Record<Area, { status: AreaVerdict; counts?: OutcomeCounts; blocking: string[] }>;
  };
  requirements: Array<{
    id: string;
    level: Level;
    area: Area;
    status: RequirementStatus['status'];
    coveredBy: string[];
    /** Counts of the probe plan's places (when the requirement has one). */
    places?: { planned: number; probed: number; notProbed: number };
  }>;
  checks: Array<{ id: string; area: Area; outcome: Outcome; required: boolean }>;
  /** Checks that carry a waiver in results.json (their outcome is as measured). */
  waivers: Array<{ check: string; outcome: Outcome; reason: string; owner: string; expires: string }>;
  /** results.json first, then the evidence files, each by relative path. */
  files: CertifiedFile[];
}

export const CERTIFICATE_SCHEMA_FILE = new URL('./certificate.schema.json', import.meta.url);

let validator: ValidateFunction | undefined;

/** Validates a parsed certificate payload against reports/certificate.schema.json. */
export function validateCertificate(data: unknown): { valid: boolean; errors: string[] } {
  if (!validator) {
    const ajv = new Ajv2020.default({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats.default(ajv);
    validator = ajv.compile(JSON.parse(readFileSync(CERTIFICATE_SCHEMA_FILE, 'utf8')) as object);
  }
  if (validator(data)) return { valid: true, errors: [] };
  const errors = (validator.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}`);
  return { valid: false, errors: [...new Set(errors)] };
}
