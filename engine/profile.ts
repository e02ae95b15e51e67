// Profiles: which checks run, their options and thresholds, and which are required for conformance.
// They are data (contracts/profiles/*.yaml); a profile may extend another and override parts of it.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { describeYamlError } from './messages.ts';
import { UsageError } from './errors.ts';
import { AREAS, type Area, type Level } from './types.ts';

export interface CheckSettings {
  enabled?: boolean;
  /** Overrides the default (required when a cited requirement's level is in blocking.levels). */
  required?: boolean;
  options?: Record<string, unknown>;
}

export interface ProfileLimits {
  /** Collectors and checks in flight at once. */
  concurrency: number;
  requestTimeoutMs: number;
  collectorTimeoutMs: number;
  checkTimeoutMs: number;
  /** Hard cap on requests the whole run may send. */
  maxRequests: number;
  /** The run's deadline unless --max-time says otherwise: results are written by then. */
  maxTimeMs: number;
  /** Longest Retry-After waited out; a longer one makes those exchanges errors instead. */
  maxRetryAfterMs: number;
  /** Consecutive request timeouts after which the target is declared unresponsive and the run stops. */
  unresponsiveAfter: number;
}

export interface Profile {
  id: string;
  title: string;
  version: string;
  /** The standard it checks, e.g. psw-v1. */
  standard: string;
  description?: string;
  /** The standard's OpenAPI document, relative to contracts/ (or absolute). */
  openapi?: string;
  suites: Area[];
  blocking: { levels: Level[] };
  checks: Record<string, CheckSettings>;
  limits: ProfileLimits;
  /** Load scenarios (typed in load/scenario.ts). */
  load?: { scenarios: unknown[] };
  /** Contract-suite settings (fuzz budget etc.). */
  contract?: Record<string, unknown>;
  /** Security-suite settings (burst size etc.). */
  security?: Record<string, unknown>;
  /** Portal-suite settings. */
  portal?: Record<string, unknown>;
  /**
   * What places of the probe plan that a check could not probe mean: `report` (they are listed, the
   * check is judged on what it probed) or `incomplete` (a required check that passed is an error).
   */
  coverage?: { unprobedPlaces?: 'report' | 'incomplete' };
  /** What a certificate of a run under this profile says: how long it is valid (`port-conformance certify`). */
  certification?: { validityMonths?: number };
}

/** A certificate's validity when the profile does not say (certification.validityMonths). */
export const DEFAULT_VALIDITY_MONTHS = 12;

/** How many months a certificate of a run under this profile is valid (1 to 60). */
export function validityMonths(profile: Pick<Profile, 'certification'>): number {
  return profile.certification?.validityMonths ?? DEFAULT_VALIDITY_MONTHS;
}

const HERE = dirname(fileURLToPath(import.meta.url));
export const BUILTIN_PROFILES_DIR = resolve(HERE, '..', 'contracts', 'profiles');

const DEFAULT_LIMITS: ProfileLimits = {
  concurrency: 4,
  requestTimeoutMs: 10_000,
  collectorTimeoutMs: 180_000,
  checkTimeoutMs: 30_000,
  maxRequests: 20_000,
  maxTimeMs: 600_000,
  maxRetryAfterMs: 30_000,
  unresponsiveAfter: 3,
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge where arrays and scalars from `over` replace those of `base`. */
function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = isObject(v) && isObject(base[k]) ? merge(base[k] as Record<string, unknown>, v) : v;
  }
  return out;
}

function locate(nameOrPath: string, relativeTo?: string): string {
  if (/[/\\]|\.ya?ml$|\.json$/.test(nameOrPath)) {
    const p = isAbsolute(nameOrPath) ? nameOrPath : resolve(relativeTo ?? process.cwd(), nameOrPath);
    if (!existsSync(p)) throw new UsageError(`profile file not found: ${p}`);
    return p;
  }
  const p = join(BUILTIN_PROFILES_DIR, `${nameOrPath}.yaml`);
  if (!existsSync(p))
    throw new UsageError(
      `unknown profile "${nameOrPath}": use one of ${listBuiltinProfiles().join(', ')} or a path to a profile file`,
    );
  return p;
}

export function listBuiltinProfiles(): string[] {
  return ['default', 'certification', 'dcsa-port-call'].filter((n) =>
    existsSync(join(BUILTIN_PROFILES_DIR, `${n}.yaml`)),
  );
}

function readRaw(path: string, seen: Set<string>): Record<string, unknown> {
  if (seen.has(path)) throw new UsageError(`profile ${path} extends itself in a cycle`);
  seen.add(path);
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`profile ${path} is not valid YAML: ${describeYamlError(err)}`);
  }
  if (!isObject(raw)) throw new UsageError(`profile ${path} must be a mapping`);
  if (typeof raw.extends === 'string') {
    const parent = readRaw(locate(raw.extends, dirname(path)), seen);
    const { extends: _drop, ...rest } = raw;
    return merge(parent, rest);
  }
  return raw;
}

export function loadProfile(nameOrPath = 'default'): Profile {
  const path = locate(nameOrPath);
  const raw = readRaw(path, new Set());
  const where = `profile ${nameOrPath}`;
  for (const key of ['id', 'title', 'version', 'standard'] as const) {
    if (typeof raw[key] !== 'string' || !raw[key])
      throw new UsageError(`${where}: "${key}" must be a non-empty string`);
  }
  const suites = (raw.suites ?? [...AREAS]) as unknown;
  if (!Array.isArray(suites) || suites.some((s) => !AREAS.includes(s as Area))) {
    throw new UsageError(`${where}: "suites" must list some of ${AREAS.join(', ')}`);
  }
  const checks = (raw.checks ?? {}) as unknown;
  if (!isObject(checks)) throw new UsageError(`${where}: "checks" must be a mapping of check id to settings`);
  for (const [id, s] of Object.entries(checks)) {
    if (!isObject(s)) throw new UsageError(`${where}: checks.${id} must be a mapping`);
    for (const k of Object.keys(s)) {
      if (!['enabled', 'required', 'options'].includes(k))
        throw new UsageError(`${where}: checks.${id}.${k} is not a setting (enabled, required, options)`);
    }
  }
  const limits = { ...DEFAULT_LIMITS, ...(isObject(raw.limits) ? raw.limits : {}) } as ProfileLimits;
  for (const [k, v] of Object.entries(limits)) {
    if (typeof v !== 'number' || !(v > 0)) throw new UsageError(`${where}: limits.${k} must be a positive number`);
  }
  const coverage = raw.coverage;
  if (
    coverage !== undefined &&
    (!isObject(coverage) ||
      (coverage.unprobedPlaces !== undefined && !['report', 'incomplete'].includes(coverage.unprobedPlaces as string)))
  )
    throw new UsageError(`${where}: coverage.unprobedPlaces must be report or incomplete`);
  const certification = raw.certification;
  if (
    certification !== undefined &&
    (!isObject(certification) ||
      Object.keys(certification).some((k) => k !== 'validityMonths') ||
      (certification.validityMonths !== undefined &&
        !(
          Number.isInteger(certification.validityMonths) &&
          (certification.validityMonths as number) >= 1 &&
          (certification.validityMonths as number) <= 60
        )))
  )
    throw new UsageError(`${where}: certification.validityMonths must be a whole number of months from 1 to 60`);
  const levels = (isObject(raw.blocking) ? raw.blocking.levels : undefined) ?? ['MUST'];
  if (!Array.isArray(levels) || levels.some((l) => !['MUST', 'SHOULD', 'MAY'].includes(l as string))) {
    throw new UsageError(`${where}: blocking.levels must list MUST, SHOULD or MAY`);
  }
  return {
    ...(raw as object),
    id: raw.id as string,
    title: raw.title as string,
    version: raw.version as string,
    standard: raw.standard as string,
    suites: suites as Area[],
    blocking: { levels: levels as Level[] },
    checks: checks as Record<string, CheckSettings>,
    limits,
  } as Profile;
}

export function checkSettings(profile: Profile, checkId: string): CheckSettings {
  return profile.checks[checkId] ?? {};
}
