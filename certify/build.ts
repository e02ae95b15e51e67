// The certificate's payload from a complete run: who (member and origins), what (profile, harness), when
// (issued, valid until), the verdict overall and per area, per requirement and per check, the waivers,
// and the SHA-256 of results.json and of every file the run stored as evidence.
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { UsageError } from '../engine/errors.ts';
import { AREAS, type Area, type Results } from '../engine/types.ts';
import {
  CERTIFICATE_VERSION,
  type AreaVerdict,
  type Certificate,
  type CertificateAlgorithm,
  type CertifiedEndpoint,
  type CertifiedFile,
} from '../reports/certificate.ts';

/** A run that cannot be certified, or whose files are not what results.json says: exit 2, one line. */
export class CertifyRefused extends UsageError {
  override name = 'CertifyRefused';
  constructor(
    /** Stable cause (certify/gate.ts ProblemCode, or evidence-missing / evidence-altered). */
    readonly code: string,
    message: string,
  ) {
    // One line, whatever results.json's messages hold.
    super(`certify refused (${code}): ${message}`.replace(/[\r\n]+/g, ' '));
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** `rel` resolved inside `dir`, or undefined when it would leave it (absolute, "..", a link outwards). */
export function insideDir(dir: string, rel: string): string | undefined {
  if (isAbsolute(rel) || /^[A-Za-z]:/.test(rel) || rel.split(/[/\\]/).includes('..')) return undefined;
  const abs = resolve(dir, rel);
  const back = relative(dir, abs);
  return back === '' || back.startsWith('..') || isAbsolute(back) ? undefined : abs;
}

function readForHash(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * The files a certificate names: results.json (its bytes as read), then each file evidence of the results
 * (deduplicated by path), each checked against the SHA-256 results.json recorded for it. Evidence must be
 * inside the results' folder (a link pointing out of it is refused).
 */
export function certifiedFiles(resultsPath: string, resultsBytes: Uint8Array, results: Results): CertifiedFile[] {
  const dir = dirname(resolve(resultsPath));
  const realDir = realpathSync(dir);
  const files: CertifiedFile[] = [
    {
      path: relative(dir, resolve(resultsPath)).split(sep).join('/'),
      role: 'results',
      sha256: sha256Hex(resultsBytes),
      bytes: resultsBytes.length,
    },
  ];
  const seen = new Set<string>();
  for (const ev of Object.values(results.evidence)) {
    if (ev.kind !== 'file' || seen.has(ev.path)) continue;
    seen.add(ev.path);
    const abs = insideDir(dir, ev.path);
    if (!abs) throw new CertifyRefused('evidence-outside', `evidence ${ev.id} points outside the results folder`);
    const bytes = readForHash(abs);
    if (!bytes)
      throw new CertifyRefused('evidence-missing', `evidence file ${ev.path} (${ev.id}) is missing from ${dir}`);
    if (!insideDir(realDir, relative(realDir, realpathSync(abs))))
      throw new CertifyRefused('evidence-outside', `evidence file ${ev.path} links outside the results folder`);
    const sha256 = sha256Hex(bytes);
    if (sha256 !== ev.sha256)
      throw new CertifyRefused(
        'evidence-altered',
        `evidence file ${ev.path} (${ev.id}) does not match the SHA-256 results.json recorded for it`,
      );
    files.push({ path: ev.path, role: 'evidence', sha256, bytes: bytes.length });
  }
  return files;
}

/** `from` plus whole calendar months (UTC), the day clamped to the month's end (31 Jan + 1 → 28/29 Feb). */
export function addMonths(from: Date, months: number): Date {
  const y = from.getUTCFullYear();
  const m = from.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const out = new Date(from.getTime());
  out.setUTCFullYear(y, m, Math.min(from.getUTCDate(), lastDay));
  return out;
}

function endpoint(url: string | undefined): CertifiedEndpoint | undefined {
  if (!url) return undefined;
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    origin = url;
  }
  return { url, origin };
}

function areaVerdicts(results: Results): Certificate['verdict']['areas'] {
  const blocking = new Set(results.summary.blocking);
  const areas = {} as Certificate['verdict']['areas'];
  for (const area of AREAS) {
    const ran = results.run.suites.includes(area);
    const stops = results.checks.filter((c) => c.area === area && blocking.has(c.id)).map((c) => c.id);
    const status: AreaVerdict = !ran ? 'not-run' : stops.length ? 'not-conformant' : 'conformant';
    const counts = results.summary.byArea[area]?.counts;
    areas[area] = { status, ...(counts ? { counts } : {}), blocking: stops };
  }
  return areas;
}

export interface BuildInput {
  results: Results;
  files: CertifiedFile[];
  signer: { kid: string; alg: CertificateAlgorithm };
  profile: { validityMonths: number; unprobedPlaces: 'report' | 'incomplete' };
  issuer: { name: string; version: string };
  /** `--member NAME`; else the target's name from results.json, else its member id. */
  member?: string;
  /** When the certificate is issued (and its validity starts). */
  now: Date;
}

export function buildCertificate(i: BuildInput): Certificate {
  const r = i.results;
  const memberName = i.member?.trim() || r.target.name?.trim() || r.target.member?.trim();
  if (!memberName)
    throw new UsageError('certify: results.json does not name the member (target.name): give --member NAME');
  const status = r.verdict.status;
  if (status !== 'conformant' && status !== 'not-conformant')
    throw new CertifyRefused('verdict', `the verdict is ${status}`);
  const tokenEndpoint = endpoint(r.target.tokenUrl);
  const portal = endpoint(r.target.portalUrl);
  return {
    certificateVersion: CERTIFICATE_VERSION,
    id: randomUUID(),
    issuedAt: i.now.toISOString(),
    validFrom: i.now.toISOString(),
    validUntil: addMonths(i.now, i.profile.validityMonths).toISOString(),
    signer: { keyThumbprint: i.signer.kid, alg: i.signer.alg },
    member: { name: memberName, source: i.member?.trim() ? 'flag' : 'target' },
    target: {
      kind: r.target.kind,
      api: endpoint(r.target.apiBaseUrl)!,
      ...(tokenEndpoint ? { tokenEndpoint } : {}),
      ...(portal ? { portal } : {}),
    },
    profile: {
      id: r.run.profile.id,
      title: r.run.profile.title,
      version: r.run.profile.version,
      validityMonths: i.profile.validityMonths,
      unprobedPlaces: i.profile.unprobedPlaces,
    },
    harness: { name: r.tool.name, version: r.tool.version },
    issuer: i.issuer,
    run: {
      id: r.run.id,
      startedAt: r.run.startedAt,
      finishedAt: r.run.finishedAt,
      seed: r.run.seed,
      suites: [...r.run.suites] as Area[],
      resultsSchemaVersion: r.schemaVersion,
    },
    verdict: { status, conformant: r.verdict.conformant, reason: r.verdict.reason, areas: areaVerdicts(r) },
    requirements: r.requirements.map((q) => ({
      id: q.id,
      level: q.level,
      area: q.area,
      status: q.status,
      coveredBy: [...q.coveredBy],
      ...(q.places
        ? {
            places: {
              planned: q.places.planned.length,
              probed: q.places.probed.length,
              notProbed: q.places.notProbed.length,
            },
          }
        : {}),
    })),
    checks: r.checks.map((c) => ({ id: c.id, area: c.area, outcome: c.outcome, required: c.required })),
    waivers: r.checks
      .filter((c) => c.waiver)
      .map((c) => ({
        check: c.id,
        outcome: c.outcome,
        reason: c.waiver!.reason,
        owner: c.waiver!.owner,
        expires: c.waiver!.expires,
      })),
    files: i.files,
  };
}
