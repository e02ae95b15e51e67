// A member's settings file: where its single window is, what the harness may contact, which CA to
// trust, and the NAMES of the environment variables holding its credentials (never the secrets).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { closestMatch, describeYamlError } from './messages.ts';
import { redactUrl } from './redact.ts';
import type { ClientRole } from './context.ts';
import { UsageError } from './errors.ts';
import { hostPort, isLoopbackHost, type ClientCredentials, type Target } from './target.ts';
import { AREAS, type Area } from './types.ts';

export interface MemberConfig {
  name?: string;
  /** The member's id: waivers naming another member do not apply (README, "Waivers"). */
  member?: string;
  /** A waivers file, relative to this config file (`run --waivers` overrides it). */
  waivers?: string;
  /** ZAP rules in ZAP's own format (rule-id TAB level TAB name), relative to this file (`--zap-rules` overrides it). */
  zapRules?: string;
  api: string;
  tokenEndpoint?: string;
  jwks?: string;
  portal?: string;
  allowedHosts?: string[];
  ca?: string | string[];
  audience?: string;
  credentials?: Partial<Record<ClientRole, { clientIdEnv: string; clientSecretEnv: string }>>;
  portalUser?: { usernameEnv: string; passwordEnv: string };
  profile?: string;
  suites?: Area[];
  /**
   * Optional capabilities of profile v1 the member declares (README "Member config"): absent says nothing
   * (the discovery document alone decides), `[]` declares none. Compared with the discovery document.
   */
  capabilities?: Capability[];
  /** The EDIFACT channel's URL (needs `capabilities: [edifact]`); default: the discovery document's. */
  edifactEndpoint?: string;
}

/** The optional capabilities of profile v1 (contracts/profile-v1/README.md). */
export const CAPABILITIES = ['edifact'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const DEFAULT_CREDENTIAL_ENV: Record<ClientRole, { clientIdEnv: string; clientSecretEnv: string }> = {
  agentA: { clientIdEnv: 'PSW_AGENT_A_CLIENT_ID', clientSecretEnv: 'PSW_AGENT_A_CLIENT_SECRET' },
  agentB: { clientIdEnv: 'PSW_AGENT_B_CLIENT_ID', clientSecretEnv: 'PSW_AGENT_B_CLIENT_SECRET' },
  authority: { clientIdEnv: 'PSW_AUTHORITY_CLIENT_ID', clientSecretEnv: 'PSW_AUTHORITY_CLIENT_SECRET' },
};
export const DEFAULT_PORTAL_ENV = { usernameEnv: 'PSW_PORTAL_USERNAME', passwordEnv: 'PSW_PORTAL_PASSWORD' };

const KNOWN_KEYS = new Set([
  'name',
  'member',
  'waivers',
  'zapRules',
  'api',
  'tokenEndpoint',
  'jwks',
  'portal',
  'allowedHosts',
  'ca',
  'audience',
  'credentials',
  'portalUser',
  'profile',
  'suites',
  'capabilities',
  'edifactEndpoint',
]);
const SECRET_LIKE = /secret|password|token(?!Endpoint)|apikey/i;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A target URL as the harness accepts it: valid, https (plain http on loopback only), no user:password@.
 * `subject` names where the URL came from, once: `--target`, or a config file's setting.
 */
export function httpsUrl(value: unknown, subject: string): string {
  if (typeof value !== 'string') throw new UsageError(`${subject} must be a URL string`);
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new UsageError(`${subject} is not a valid URL: ${redactUrl(value)}`);
  }
  refuseUserinfo(u, subject);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopbackHost(u.hostname))) {
    throw new UsageError(`${subject} must use https (plain http is only accepted on loopback)`);
  }
  return u.toString();
}

/**
 * A URL with a user name or password in it (https://user:pass@host) is refused: it would be sent,
 * and written in results, reports and the certificate. The message does not repeat them.
 */
function refuseUserinfo(u: URL, subject: string): void {
  if (u.username || u.password)
    throw new UsageError(
      `${subject} must not hold a user name or password (user:password@); credentials come from environment variables`,
    );
}

const configSetting = (file: string, field: string) => `${file}: "${field}"`;

/** A member's id (member config `member`, a members file entry's `id`): also a folder name. */
export const MEMBER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Rejects literal secrets anywhere in the settings, with the fix in the message. */
function rejectLiteralSecrets(value: unknown, path: string, file: string): void {
  if (!isObject(value)) return;
  for (const [k, v] of Object.entries(value)) {
    const here = path ? `${path}.${k}` : k;
    if (SECRET_LIKE.test(k) && !k.endsWith('Env') && typeof v === 'string') {
      throw new UsageError(
        `${file}: "${here}" holds a secret; secrets come from environment variables (use "${k}Env: VARIABLE_NAME")`,
      );
    }
    rejectLiteralSecrets(v, here, file);
  }
}

export interface MemberSettingsLabels {
  /** Prefixes what is wrong with the settings as a whole (`config member.yaml`, `members.yaml: member "x"`). */
  where: string;
  /** Prefixes what is wrong with one setting's value (URLs, literal secrets); default `where`. */
  setting?: string;
  /** Settings the caller handles itself (a members file entry's `id`, `fixture`...), accepted here. */
  extraKeys?: readonly string[];
  /** `api` may be absent (a members file entry served by a fixture). */
  apiOptional?: boolean;
}

/**
 * Validates one member's settings, wherever they come from (a config file, a members file entry);
 * every message starts with the labels. Returns them typed; paths stay as written.
 */
export function validateMemberSettings(raw: unknown, labels: MemberSettingsLabels): MemberConfig {
  const where = labels.where;
  const file = labels.setting ?? where;
  if (!isObject(raw)) throw new UsageError(`${where} must be a mapping`);
  rejectLiteralSecrets(raw, '', file);
  const known = new Set([...KNOWN_KEYS, ...(labels.extraKeys ?? [])]);
  for (const k of Object.keys(raw)) {
    if (!known.has(k)) {
      const suggestion = closestMatch(k, known);
      throw new UsageError(
        `${where}: unknown setting "${k}"${suggestion ? `; did you mean "${suggestion}"?` : ''} (known: ${[...known].join(', ')})`,
      );
    }
  }
  if (!(labels.apiOptional && raw.api === undefined)) httpsUrl(raw.api, configSetting(file, 'api'));
  if (raw.member !== undefined && (typeof raw.member !== 'string' || !MEMBER_ID.test(raw.member)))
    throw new UsageError(`${where}: "member" must be an id (letters, digits, ".", "_", "-")`);
  if (raw.waivers !== undefined && typeof raw.waivers !== 'string')
    throw new UsageError(`${where}: "waivers" must be the path of a waivers file`);
  if (raw.zapRules !== undefined && typeof raw.zapRules !== 'string')
    throw new UsageError(`${where}: "zapRules" must be the path of a ZAP rules file`);
  for (const f of ['tokenEndpoint', 'jwks', 'portal'] as const)
    if (raw[f] !== undefined) httpsUrl(raw[f], configSetting(file, f));
  for (const f of ['name', 'profile', 'audience'] as const)
    if (raw[f] !== undefined && typeof raw[f] !== 'string') throw new UsageError(`${where}: "${f}" must be a string`);
  if (raw.suites !== undefined && (!Array.isArray(raw.suites) || raw.suites.some((s) => !AREAS.includes(s as Area)))) {
    throw new UsageError(`${where}: "suites" must list some of ${AREAS.join(', ')}`);
  }
  if (raw.capabilities !== undefined) {
    if (!Array.isArray(raw.capabilities) || raw.capabilities.some((c) => typeof c !== 'string'))
      throw new UsageError(`${where}: "capabilities" must be a list of capability names (${CAPABILITIES.join(', ')})`);
    const unknown = raw.capabilities.find((c) => !(CAPABILITIES as readonly unknown[]).includes(c));
    if (unknown !== undefined)
      throw new UsageError(
        `${where}: "capabilities": unknown capability "${String(unknown)}" (known: ${CAPABILITIES.join(', ')})`,
      );
  }
  if (raw.edifactEndpoint !== undefined) {
    httpsUrl(raw.edifactEndpoint, configSetting(file, 'edifactEndpoint'));
    if (!(Array.isArray(raw.capabilities) && raw.capabilities.includes('edifact')))
      throw new UsageError(`${where}: "edifactEndpoint" needs "capabilities: [edifact]"`);
  }
  if (
    raw.allowedHosts !== undefined &&
    (!Array.isArray(raw.allowedHosts) || raw.allowedHosts.some((h) => typeof h !== 'string'))
  ) {
    throw new UsageError(`${where}: "allowedHosts" must be a list of host or host:port strings`);
  }
  if (
    raw.ca !== undefined &&
    typeof raw.ca !== 'string' &&
    (!Array.isArray(raw.ca) || raw.ca.some((c) => typeof c !== 'string'))
  )
    throw new UsageError(`${where}: "ca" must be the path of a PEM file, or a list of them`);
  if (raw.credentials !== undefined) {
    if (!isObject(raw.credentials))
      throw new UsageError(`${where}: "credentials" must be a mapping of agentA/agentB/authority`);
    for (const [role, c] of Object.entries(raw.credentials)) {
      if (!(role in DEFAULT_CREDENTIAL_ENV))
        throw new UsageError(`${where}: credentials.${role} is not a role (agentA, agentB, authority)`);
      if (!isObject(c) || typeof c.clientIdEnv !== 'string' || typeof c.clientSecretEnv !== 'string') {
        throw new UsageError(
          `${where}: credentials.${role} needs clientIdEnv and clientSecretEnv (names of environment variables)`,
        );
      }
    }
  }
  if (
    raw.portalUser !== undefined &&
    (!isObject(raw.portalUser) ||
      typeof raw.portalUser.usernameEnv !== 'string' ||
      typeof raw.portalUser.passwordEnv !== 'string')
  )
    throw new UsageError(`${where}: "portalUser" needs usernameEnv and passwordEnv (names of environment variables)`);
  return raw as unknown as MemberConfig;
}

export function loadMemberConfig(path: string): MemberConfig & { baseDir: string } {
  const file = resolve(path);
  if (!existsSync(file)) throw new UsageError(`config file not found: ${file}`);
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`config ${path} is not valid YAML or JSON: ${describeYamlError(err)}`);
  }
  const config = validateMemberSettings(raw, { where: `config ${path}`, setting: path });
  return { ...config, baseDir: dirname(file) };
}

/** The credential variables a member's settings name (or the defaults) that `env` does not set, per role. */
export function missingCredentialVariables(
  config: Pick<MemberConfig, 'credentials'> | undefined,
  env: NodeJS.ProcessEnv,
): { role: ClientRole; variables: string[] }[] {
  const missing: { role: ClientRole; variables: string[] }[] = [];
  for (const role of Object.keys(DEFAULT_CREDENTIAL_ENV) as ClientRole[]) {
    const names = config?.credentials?.[role] ?? DEFAULT_CREDENTIAL_ENV[role];
    const variables = [names.clientIdEnv, names.clientSecretEnv].filter((n) => !env[n]);
    if (variables.length) missing.push({ role, variables });
  }
  return missing;
}

export interface ResolveTargetInput {
  config?: MemberConfig & { baseDir: string };
  /** --target overrides config.api. */
  targetUrl?: string;
  extraCa?: string[];
  env: NodeJS.ProcessEnv;
  /**
   * Where the API lives under an origin given as the target: profile v1's `/api/v1` by default; for
   * `--openapi`, the document's own server path ('' for an API at the origin root).
   */
  apiBasePath?: string;
  /**
   * The profile's token endpoint convention (`<origin>/oauth/token`) applies; false for a foreign
   * document, whose token endpoint (if any) only the member config can name.
   */
  profileConventions?: boolean;
  /** Demo identities the harness may use for loopback targets only. */
  loopbackDefaults?: {
    credentials: Record<ClientRole, ClientCredentials>;
    portalUser?: { username: string; password: string };
    ca?: string[];
  };
}

/** Accepts a bare origin (https://host:port) and adds the API's base path (profile v1: /api/v1). */
export function apiBaseFromTarget(url: string, basePath = '/api/v1'): string {
  const u = new URL(url);
  if (u.pathname === '/' || u.pathname === '') u.pathname = basePath || '/';
  return u.toString().replace(/\/+$/, '');
}

export function resolveTarget(input: ResolveTargetInput): Target {
  const { config, env } = input;
  const rawApi = input.targetUrl ?? config?.api;
  if (!rawApi) throw new UsageError('no target: give --target URL or a --config file with "api"');
  const api = apiBaseFromTarget(
    httpsUrl(rawApi, input.targetUrl ? '--target' : configSetting('config', 'api')),
    input.apiBasePath,
  );
  const origin = new URL(api).origin;
  const conventions = input.profileConventions !== false;
  const tokenUrl = config?.tokenEndpoint ?? (conventions ? `${origin}/oauth/token` : '');
  const jwksUrl = config?.jwks ?? (conventions ? `${origin}/.well-known/jwks.json` : '');
  const portalUrl = config?.portal ?? (conventions && (input.targetUrl || !config) ? `${origin}/portal/` : undefined);
  const loopback = isLoopbackHost(new URL(api).hostname);
  const notes: string[] = [];

  const ca: string[] = [...(input.extraCa ?? [])];
  for (const p of config?.ca === undefined ? [] : Array.isArray(config.ca) ? config.ca : [config.ca]) {
    const file = resolve(config!.baseDir, p);
    if (!existsSync(file)) throw new UsageError(`config: CA file not found: ${file}`);
    ca.push(readFileSync(file, 'utf8'));
  }
  if (loopback && input.loopbackDefaults?.ca) {
    ca.push(...input.loopbackDefaults.ca);
    notes.push('trusting the harness test CA (loopback target)');
  }

  const credentials: Partial<Record<ClientRole, ClientCredentials>> = {};
  // Without a token endpoint there is nothing to use credentials with: checks that need tokens say so.
  for (const role of tokenUrl ? (Object.keys(DEFAULT_CREDENTIAL_ENV) as ClientRole[]) : []) {
    const names = config?.credentials?.[role] ?? DEFAULT_CREDENTIAL_ENV[role];
    const id = env[names.clientIdEnv];
    const secret = env[names.clientSecretEnv];
    if (id && secret) credentials[role] = { clientId: id, clientSecret: secret };
    else if (loopback && input.loopbackDefaults) {
      credentials[role] = input.loopbackDefaults.credentials[role];
      notes.push(
        `${role}: demo credentials (loopback target; set ${names.clientIdEnv}/${names.clientSecretEnv} to override)`,
      );
    } else {
      throw new UsageError(`no credentials for ${role}: set ${names.clientIdEnv} and ${names.clientSecretEnv}`);
    }
  }

  const pu = config?.portalUser ?? DEFAULT_PORTAL_ENV;
  let portalUser: Target['portalUser'];
  if (env[pu.usernameEnv] && env[pu.passwordEnv])
    portalUser = { username: env[pu.usernameEnv]!, password: env[pu.passwordEnv]! };
  else if (loopback && input.loopbackDefaults?.portalUser) portalUser = input.loopbackDefaults.portalUser;

  const hosts = new Set<string>(config?.allowedHosts ?? []);
  for (const u of [api, tokenUrl, jwksUrl, portalUrl, config?.edifactEndpoint]) if (u) hosts.add(hostPort(u));
  if (!tokenUrl) notes.push('no token endpoint: checks that need an access token are not applicable');

  return {
    name: config?.name ?? new URL(api).host,
    kind: 'remote',
    apiBaseUrl: api,
    tokenUrl,
    jwksUrl,
    portalUrl,
    allowedHosts: [...hosts],
    ca,
    credentials,
    portalUser,
    audience: config?.audience,
    ...(config?.capabilities ? { capabilities: [...config.capabilities] } : {}),
    ...(config?.edifactEndpoint ? { edifactEndpoint: config.edifactEndpoint } : {}),
    notes,
  };
}
