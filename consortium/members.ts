// The members file: every member of a consortium run, each entry a member config with an id (or, for
// demos, tests and the bench, a fixture the consortium command serves on loopback). Validated whole
// before anything is sent: a bad entry is a UsageError naming the file, the member and the setting.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { MEMBER_ID, missingCredentialVariables, validateMemberSettings, type MemberConfig } from '../engine/config.ts';
import { UsageError } from '../engine/errors.ts';
import { closestMatch, describeYamlError } from '../engine/messages.ts';
import { loadProfile, type Profile } from '../engine/profile.ts';
import { isLoopbackHost } from '../engine/target.ts';
import { AREAS, type Area } from '../engine/types.ts';
import { DEFECT_IDS } from '../fixtures/defects.ts';

export const FIXTURE_KINDS = ['reference', 'flawed'] as const;
export type FixtureKind = (typeof FIXTURE_KINDS)[number];

/** One member of a consortium run, ready for its run session. */
export interface MemberEntry {
  id: string;
  name?: string;
  /**
   * The entry as a member config: `member` is its id, paths (ca, waivers, zapRules) are absolute; `api` is absent
   * for a fixture member until the fixture is started.
   */
  config: Omit<MemberConfig, 'api'> & { api?: string; member: string; baseDir: string };
  /** The member's profile, loaded (a path is relative to the members file). */
  profile: Profile;
  suites?: Area[];
  /** Only these check ids (a narrow selection: demos, tests, the bench). */
  checks?: string[];
  /** Served by the consortium command on loopback instead of an `api`. */
  fixture?: { kind: FixtureKind; defects?: string[] };
}

export interface MembersFile {
  /** Absolute path of the file. */
  path: string;
  members: MemberEntry[];
}

/** What `defaults:` may set, merged under every entry. */
const DEFAULT_KEYS = ['profile', 'suites', 'checks'] as const;
const TOP_KEYS = ['members', 'defaults'];
const ENTRY_KEYS = ['id', 'fixture', 'defects', 'checks'];
/** A fixture member is served on loopback by the command: where it is and whom to trust are known. */
const NOT_FOR_FIXTURES = [
  'api',
  'tokenEndpoint',
  'jwks',
  'portal',
  'allowedHosts',
  'ca',
  'audience',
  'credentials',
  'portalUser',
  'edifactEndpoint',
];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringList(value: unknown, where: string, field: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string' || !v))
    throw new UsageError(`${where}: "${field}" must be a non-empty list of strings`);
  return value as string[];
}

function checkDefaults(raw: unknown, where: string): Record<string, unknown> {
  if (raw === undefined) return {};
  if (!isObject(raw)) throw new UsageError(`${where}: "defaults" must be a mapping (${DEFAULT_KEYS.join(', ')})`);
  for (const k of Object.keys(raw)) {
    if (!(DEFAULT_KEYS as readonly string[]).includes(k)) {
      const suggestion = closestMatch(k, DEFAULT_KEYS);
      throw new UsageError(
        `${where}: defaults: unknown setting "${k}"${suggestion ? `; did you mean "${suggestion}"?` : ''} (known: ${DEFAULT_KEYS.join(', ')})`,
      );
    }
  }
  return raw;
}

/** A path as the entry wrote it, made absolute against the members file's folder; it must exist. */
function existingFile(path: string, baseDir: string, where: string, field: string): string {
  const abs = isAbsolute(path) ? path : resolve(baseDir, path);
  if (!existsSync(abs)) throw new UsageError(`${where}: "${field}" file not found: ${abs}`);
  return abs;
}

function memberProfile(name: string, baseDir: string, where: string, cache: Map<string, Profile>): Profile {
  const isPath = /[/\\]|\.ya?ml$|\.json$/.test(name);
  const key = isPath ? existingFile(name, baseDir, where, 'profile') : name;
  let profile = cache.get(key);
  if (!profile) {
    try {
      profile = loadProfile(key);
    } catch (err) {
      if (err instanceof UsageError) throw new UsageError(`${where}: "profile": ${err.message}`);
      throw err;
    }
    cache.set(key, profile);
  }
  return profile;
}

function parseEntry(
  raw: unknown,
  index: number,
  file: string,
  baseDir: string,
  defaults: Record<string, unknown>,
  profiles: Map<string, Profile>,
): MemberEntry {
  if (!isObject(raw)) throw new UsageError(`${file}: members[${index}] must be a mapping with an "id"`);
  const id = raw.id;
  if (id === undefined) throw new UsageError(`${file}: members[${index}]: "id" is required`);
  if (typeof id !== 'string' || !MEMBER_ID.test(id))
    throw new UsageError(`${file}: members[${index}]: "id" must be an id (letters, digits, ".", "_", "-")`);
  const where = `${file}: member "${id}"`;
  if (raw.member !== undefined)
    throw new UsageError(`${where}: "member" is not a setting here; the entry's "id" is the member's id`);
  // `checks: ~` (null) in an entry clears a default: that member runs its profile's selection.
  const merged: Record<string, unknown> = { ...defaults, ...raw };
  for (const k of DEFAULT_KEYS) if (merged[k] === null) delete merged[k];
  const settings = validateMemberSettings(merged, { where, extraKeys: ENTRY_KEYS, apiOptional: true });
  const fixture = merged.fixture;
  if (fixture !== undefined) {
    if (!(FIXTURE_KINDS as readonly unknown[]).includes(fixture))
      throw new UsageError(`${where}: "fixture" must be one of ${FIXTURE_KINDS.join(', ')}`);
    const misplaced = NOT_FOR_FIXTURES.find((k) => merged[k] !== undefined);
    if (misplaced)
      throw new UsageError(`${where}: "${misplaced}" does not apply to a fixture member (it is served on loopback)`);
  } else if (merged.api === undefined)
    throw new UsageError(`${where}: "api" is required (or "fixture: reference|flawed" for a loopback fixture)`);
  const defects = stringList(merged.defects, where, 'defects');
  if (defects && fixture !== 'flawed') throw new UsageError(`${where}: "defects" applies to "fixture: flawed" only`);
  const unknownDefect = defects?.find((d) => !DEFECT_IDS.includes(d));
  if (unknownDefect)
    throw new UsageError(
      `${where}: "defects": unknown defect "${unknownDefect}" (port-conformance serve flawed --defects list)`,
    );
  const checks = stringList(merged.checks, where, 'checks');
  const ca = settings.ca === undefined ? undefined : Array.isArray(settings.ca) ? settings.ca : [settings.ca];
  const config: MemberEntry['config'] = {
    ...settings,
    member: id,
    baseDir,
    ...(ca ? { ca: ca.map((p) => existingFile(p, baseDir, where, 'ca')) } : {}),
    ...(settings.waivers ? { waivers: existingFile(settings.waivers, baseDir, where, 'waivers') } : {}),
    ...(settings.zapRules ? { zapRules: existingFile(settings.zapRules, baseDir, where, 'zapRules') } : {}),
  };
  for (const k of ENTRY_KEYS) delete (config as Record<string, unknown>)[k];
  return {
    id,
    ...(settings.name ? { name: settings.name } : {}),
    config,
    profile: memberProfile(settings.profile ?? 'default', baseDir, where, profiles),
    ...(settings.suites ? { suites: settings.suites } : {}),
    ...(checks ? { checks } : {}),
    ...(fixture ? { fixture: { kind: fixture as FixtureKind, ...(defects ? { defects } : {}) } } : {}),
  };
}

/** Reads and validates a members file; `path` is named as given in every message. */
export function loadMembersFile(path: string): MembersFile {
  const file = resolve(path);
  if (!existsSync(file)) throw new UsageError(`members file not found: ${file}`);
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`members file ${path} is not valid YAML or JSON: ${describeYamlError(err)}`);
  }
  if (!isObject(raw)) throw new UsageError(`${path}: must be a mapping with "members:" (a list)`);
  for (const k of Object.keys(raw)) {
    if (!TOP_KEYS.includes(k)) {
      const suggestion = closestMatch(k, TOP_KEYS);
      throw new UsageError(
        `${path}: unknown setting "${k}"${suggestion ? `; did you mean "${suggestion}"?` : ''} (known: ${TOP_KEYS.join(', ')})`,
      );
    }
  }
  const defaults = checkDefaults(raw.defaults, path);
  if (
    defaults.suites !== undefined &&
    (!Array.isArray(defaults.suites) || defaults.suites.some((s) => !AREAS.includes(s as Area)))
  )
    throw new UsageError(`${path}: defaults: "suites" must list some of ${AREAS.join(', ')}`);
  if (defaults.profile !== undefined && typeof defaults.profile !== 'string')
    throw new UsageError(`${path}: defaults: "profile" must be a string`);
  stringList(defaults.checks, `${path}: defaults`, 'checks');
  if (!Array.isArray(raw.members) || raw.members.length === 0)
    throw new UsageError(`${path}: "members" must be a non-empty list of members`);
  const baseDir = dirname(file);
  const profiles = new Map<string, Profile>();
  const members = raw.members.map((m, i) => parseEntry(m, i, path, baseDir, defaults, profiles));
  const seen = new Set<string>();
  for (const m of members) {
    if (seen.has(m.id)) throw new UsageError(`${path}: member "${m.id}" is listed twice (ids must be unique)`);
    seen.add(m.id);
  }
  return { path: file, members };
}

/** Is the member's API on loopback (or a fixture)? Then demo clients stand in for missing credentials. */
export function isLoopbackMember(entry: MemberEntry): boolean {
  if (entry.fixture) return true;
  return entry.config.api !== undefined && isLoopbackHost(new URL(entry.config.api).hostname);
}

/**
 * Why a member cannot run for lack of secrets: the credential variables its entry names (or the
 * defaults) that `env` does not set; undefined when it can run. Loopback and fixture members use the
 * demo clients instead.
 */
export function missingSecrets(entry: MemberEntry, env: NodeJS.ProcessEnv): string | undefined {
  if (isLoopbackMember(entry)) return undefined;
  const missing = missingCredentialVariables(entry.config, env).flatMap((m) => m.variables);
  return missing.length ? `credentials not set: ${missing.join(', ')}` : undefined;
}
