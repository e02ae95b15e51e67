// Certificates of complete runs: `certify` (results.json + signing key → certificate.jws and
// certificate.html), `verify` (signature, validity, and every certified file's SHA-256). The clock is a
// parameter, so tests certify in the past instead of waiting.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError, errorMessage } from '../engine/errors.ts';
import {
  BUILTIN_PROFILES_DIR,
  listBuiltinProfiles,
  loadProfile,
  validityMonths,
  type Profile,
} from '../engine/profile.ts';
import type { Results } from '../engine/types.ts';
import type { Certificate } from '../reports/certificate.ts';
import { renderCertificateHtml } from '../reports/certificate-html.ts';
import { renderHtml } from '../reports/html.ts';
import { parseResults } from '../reports/load.ts';
import { CertifyRefused, buildCertificate, certifiedFiles } from './build.ts';
import { signCertificate, verifyCertificate, type VerifyOutcome } from './envelope.ts';
import { certificationProblems } from './gate.ts';
import { loadPublicKeys, loadSigningKey } from './keys.ts';

export { CertifyRefused } from './build.ts';
export { DEFAULT_KEY_DIR, KEY_FILES, generateKeyPairFiles } from './keys.ts';
export type { VerifyOutcome, VerifyFailure } from './envelope.ts';

export const CERTIFICATE_FILES = { jws: 'certificate.jws', html: 'certificate.html' } as const;

/**
 * The profile a run used, found by its id among the built-in profiles (or the file given), and checked
 * against the id and version results.json recorded.
 */
export function profileOfRun(results: Results, given?: string): Profile {
  const want = results.run.profile;
  let profile: Profile | undefined;
  if (given) profile = loadProfile(given);
  else
    profile = listBuiltinProfiles()
      .map((name) => loadProfile(name))
      .find((p) => p.id === want.id);
  if (!profile)
    throw new UsageError(
      `certify: profile ${want.id} is not one of the built-in profiles (${BUILTIN_PROFILES_DIR}): give --profile FILE`,
    );
  if (profile.id !== want.id || profile.version !== want.version)
    throw new UsageError(
      `certify: the run used profile ${want.id} ${want.version}, --profile is ${profile.id} ${profile.version}`,
    );
  return profile;
}

export interface CertifyRequest {
  /** results.json of the run. */
  from: string;
  /** The signing key: PKCS#8 PEM. */
  key: string;
  /** Where certificate.jws and certificate.html go (default: beside results.json). */
  outDir?: string;
  /** The member's name when results.json does not say it (or to override it). */
  member?: string;
  /** The run's profile, when it is not a built-in one. */
  profile?: string;
  /** The harness issuing the certificate. */
  issuer: { name: string; version: string };
  /** When the certificate is issued; its validity starts then. */
  now?: Date;
}

export interface CertifyOutcome {
  certificate: Certificate;
  jwsPath: string;
  htmlPath: string;
}

function readResultsBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`certify --from ${path}: ${code === 'ENOENT' ? 'no such file' : errorMessage(err)}`);
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text, 'utf8');
  renameSync(tmp, path);
}

export async function certify(req: CertifyRequest): Promise<CertifyOutcome> {
  const from = resolve(req.from);
  const bytes = readResultsBytes(from);
  let results: Results;
  try {
    results = parseResults(bytes.toString('utf8'), basename(from));
  } catch (err) {
    throw new CertifyRefused('invalid-results', errorMessage(err));
  }
  const profile = profileOfRun(results, req.profile);
  const unprobedPlaces = profile.coverage?.unprobedPlaces ?? 'report';
  const problems = certificationProblems(results, { profileSuites: profile.suites, unprobedPlaces });
  const first = problems[0];
  if (first) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : '';
    throw new CertifyRefused(first.code, `the run cannot be certified: ${first.message}${more}`);
  }
  const now = req.now ?? new Date();
  if (now.getTime() < Date.parse(results.run.finishedAt))
    throw new CertifyRefused(
      'clock',
      `the run finished at ${results.run.finishedAt}, after this certificate's issue time ${now.toISOString()}: check the clock`,
    );
  const key = await loadSigningKey(req.key);
  const files = certifiedFiles(from, bytes, results);
  const certificate = buildCertificate({
    results,
    files,
    signer: { kid: key.kid, alg: key.alg },
    profile: { validityMonths: validityMonths(profile), unprobedPlaces },
    issuer: req.issuer,
    member: req.member,
    now,
  });
  const jws = await signCertificate(certificate, key);
  const outDir = resolve(req.outDir ?? dirname(from));
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (err) {
    throw new UsageError(`certify --out ${outDir}: ${errorMessage(err)}`);
  }
  const jwsPath = join(outDir, CERTIFICATE_FILES.jws);
  const htmlPath = join(outDir, CERTIFICATE_FILES.html);
  writeAtomically(jwsPath, `${jws}\n`);
  writeAtomically(htmlPath, renderCertificateHtml(certificate));
  // The run's report.html gains the certificate page (reports are not certified: they are re-rendered
  // from results.json, so rewriting one changes no hash).
  const reportPath = join(dirname(from), 'report.html');
  if (existsSync(reportPath)) writeAtomically(reportPath, renderHtml(results, { certificate }));
  return { certificate, jwsPath, htmlPath };
}

export interface VerifyRequest {
  /** The certificate file (compact JWS). */
  certificate: string;
  /** Public key(s): SPKI PEM, JWK or JWKS. Without, the key the certificate carries. */
  key?: string;
  /** The run's output folder: every certified file is hashed. */
  evidence?: string;
  now?: Date;
}

export async function verify(req: VerifyRequest): Promise<VerifyOutcome> {
  const path = resolve(req.certificate);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`verify ${req.certificate}: ${code === 'ENOENT' ? 'no such file' : errorMessage(err)}`);
  }
  if (req.evidence !== undefined && !isDirectory(resolve(req.evidence)))
    throw new UsageError(`verify --evidence ${req.evidence}: not a folder`);
  const keys = req.key ? await loadPublicKeys(resolve(req.key)) : undefined;
  return verifyCertificate(text, {
    name: basename(path),
    ...(keys ? { keys } : {}),
    ...(req.evidence !== undefined ? { evidenceDir: resolve(req.evidence) } : {}),
    now: req.now ?? new Date(),
  });
}
