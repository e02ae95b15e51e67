// The requirement catalog (profile-v1/requirements.yaml), validated on load: a bad entry stops the
// run with a message naming the entry, never a half-read catalog.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
// Type-only: contracts/ carries no runtime dependency on the engine.
import type { Area, Level, Requirement, Severity } from '../engine/types.ts';

export const REQUIREMENTS_FILE = new URL('./profile-v1/requirements.yaml', import.meta.url);
export const REQUIREMENT_ID_PATTERN = /^(PSW|DCSA)-[A-Z]+(-[A-Z]+)?-\d{3}$/;
/** The DCSA Port Call 2.0.0 catalog (contracts/dcsa-port-call/), loaded beside profile v1's. */
export const DCSA_PORT_CALL_REQUIREMENTS_FILE = new URL('./dcsa-port-call/requirements.yaml', import.meta.url);

// Local copies of the engine's enumerations; the `Exact` checks below fail to compile if they drift.
const LEVELS = ['MUST', 'SHOULD', 'MAY'] as const satisfies readonly Level[];
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const satisfies readonly Severity[];
const AREAS = ['contract', 'security', 'load', 'portal'] as const satisfies readonly Area[];
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const enumsMatch: [
  Exact<(typeof LEVELS)[number], Level>,
  Exact<(typeof SEVERITIES)[number], Severity>,
  Exact<(typeof AREAS)[number], Area>,
] = [true, true, true];
void enumsMatch;

const ENTRY_KEYS = new Set(['id', 'text', 'level', 'severity', 'area', 'source', 'notTestedReason', 'appliesTo']);
const SOURCE_KEYS = new Set(['standard', 'clause', 'url']);

export class RequirementCatalogError extends Error {
  override name = 'RequirementCatalogError';
}

/** Catalogs of standards other than profile v1, by the `standard` a profile names. */
const STANDARD_CATALOGS: Record<string, URL> = { 'dcsa-port-call-v2': DCSA_PORT_CALL_REQUIREMENTS_FILE };

/** The standards that have a catalog of their own, and its file. */
export function standardCatalogs(): Readonly<Record<string, URL>> {
  return STANDARD_CATALOGS;
}

/**
 * A run's requirements: `base` (profile v1's catalog, which the generic checks cite) plus the catalog of
 * the profile's standard when it has one of its own; ids already in `base` are kept once.
 */
export function withStandardCatalog(base: readonly Requirement[], standard: string): Requirement[] {
  const file = STANDARD_CATALOGS[standard];
  if (!file) return [...base];
  const ids = new Set(base.map((r) => r.id));
  return [...base, ...loadRequirements(file).filter((r) => !ids.has(r.id))];
}

let cached: Requirement[] | undefined;

/** The profile's catalog (read once), or the catalog in `file`. Throws RequirementCatalogError. */
export function loadRequirements(file?: string | URL): Requirement[] {
  if (file === undefined && cached) return cached.map(cloneRequirement);
  const url = file ?? REQUIREMENTS_FILE;
  const label = String(url instanceof URL ? url.pathname.split('/').pop() : url);
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(url, 'utf8'));
  } catch (err) {
    throw new RequirementCatalogError(`${label}: cannot read the catalog: ${(err as Error).message}`, { cause: err });
  }
  const list = parseRequirements(doc, label);
  if (file === undefined) cached = list.map(cloneRequirement);
  return list;
}

/** Validates a parsed catalog (`{ requirements: [...] }`); `label` names it in error messages. */
export function parseRequirements(doc: unknown, label = 'requirements'): Requirement[] {
  if (!isObject(doc) || !Array.isArray(doc.requirements)) {
    throw new RequirementCatalogError(`${label}: expected a mapping with a "requirements" list`);
  }
  const seen = new Map<string, number>();
  return doc.requirements.map((entry: unknown, index: number) => {
    const where = `${label}: entry ${index + 1}${isObject(entry) && typeof entry.id === 'string' ? ` (${entry.id})` : ''}`;
    const fail = (msg: string): never => {
      throw new RequirementCatalogError(`${where}: ${msg}`);
    };
    if (!isObject(entry)) return fail('is not a mapping');
    for (const key of Object.keys(entry)) if (!ENTRY_KEYS.has(key)) fail(`unknown field "${key}"`);
    const id = entry.id;
    if (typeof id !== 'string' || !REQUIREMENT_ID_PATTERN.test(id)) {
      fail(`id ${JSON.stringify(id)} does not match ${REQUIREMENT_ID_PATTERN.source}`);
    }
    const first = seen.get(id as string);
    if (first !== undefined) fail(`id ${String(id)} is already used by entry ${first}`);
    seen.set(id as string, index + 1);
    const level = oneOf(entry.level, LEVELS, 'level', fail);
    const severity = oneOf(entry.severity, SEVERITIES, 'severity', fail);
    const area = oneOf(entry.area, AREAS, 'area', fail);
    const text = nonEmpty(entry.text, 'text', fail);
    const source = entry.source;
    if (!isObject(source)) return fail('source must be a mapping with standard and clause');
    for (const key of Object.keys(source)) if (!SOURCE_KEYS.has(key)) fail(`unknown field "source.${key}"`);
    const requirement: Requirement = {
      id: id as string,
      text,
      level,
      severity,
      area,
      source: {
        standard: nonEmpty(source.standard, 'source.standard', fail),
        clause: nonEmpty(source.clause, 'source.clause', fail),
      },
    };
    if (source.url !== undefined) {
      const href = nonEmpty(source.url, 'source.url', fail);
      if (!/^https:\/\/[^\s/]+\.[^\s]+$/.test(href)) fail(`source.url ${JSON.stringify(href)} is not an https URL`);
      requirement.source.url = href;
    }
    if (entry.appliesTo !== undefined) {
      const list = entry.appliesTo;
      if (!Array.isArray(list) || list.length === 0) fail('appliesTo must be a non-empty list of { kind, ... }');
      requirement.appliesTo = (list as unknown[]).map((a, i) => {
        if (!isObject(a) || typeof a.kind !== 'string' || !a.kind)
          return fail(`appliesTo[${i}] must be a mapping with a "kind"`);
        for (const [k, v] of Object.entries(a))
          if (typeof v !== 'string') fail(`appliesTo[${i}].${k} must be a string`);
        return { ...(a as Record<string, string>), kind: a.kind };
      });
    }
    if (entry.notTestedReason !== undefined) {
      requirement.notTestedReason = nonEmpty(entry.notTestedReason, 'notTestedReason', fail);
    }
    return requirement;
  });
}

/** Catalog entries by id. */
export function requirementsById(list: readonly Requirement[] = loadRequirements()): Map<string, Requirement> {
  return new Map(list.map((r) => [r.id, r]));
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string, fail: (m: string) => never): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  return fail(`${field} ${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
}

function nonEmpty(value: unknown, field: string, fail: (m: string) => never): string {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return fail(`${field} must be a non-empty string`);
}

function cloneRequirement(r: Requirement): Requirement {
  return {
    ...r,
    source: { ...r.source },
    ...(r.appliesTo ? { appliesTo: r.appliesTo.map((a) => ({ ...a })) } : {}),
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
