// Building valid requests for any operation of the profile's document: concrete URLs, a valid body
// (the contract suite's samples, else the schema's own example), and the port calls the security
// probes address. Probes then change one thing (token, tenant, field, method, size) and nothing else.
import { randomInt, randomUUID } from 'node:crypto';
import type { OpenApiModel, OperationModel, SchemaObject } from '../../../contracts/openapi.ts';
import { imoCheckDigit } from '../../../contracts/rules/index.ts';
import type { ArtifactMap } from '../../../engine/check.ts';
import type { ClientRole, CollectContext, HttpExchange } from '../../../engine/context.ts';
import { profileOpenApi } from '../../contract/operations.ts';
import {
  sampleCrewList,
  sampleDangerousGoods,
  sampleGeneralDeclaration,
  samplePassengerList,
  samplePortCall,
  sampleSecurityNotification,
  sampleWasteNotification,
  type PortCallInput,
  type Ship,
} from '../../../contracts/samples.ts';

/** The profile's OpenAPI model: the OpenApi artifact when collected first, else loaded here. */
export async function openApiOf(ctx: CollectContext, deps: Partial<ArtifactMap>): Promise<OpenApiModel> {
  return deps.OpenApi ?? profileOpenApi(ctx.profile);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The first example a schema gives (examples, example, default, const, enum). */
export function schemaExample(schema: SchemaObject | undefined): unknown {
  if (!isObject(schema)) return undefined;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return structuredClone(schema.examples[0]);
  if (schema.example !== undefined) return structuredClone(schema.example);
  if (schema.default !== undefined) return structuredClone(schema.default);
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  return undefined;
}

/** The JSON request-body schema of an operation, if it takes one. */
function jsonBodySchema(op: OperationModel): SchemaObject | undefined {
  const types = op.requestBody?.contentTypes ?? {};
  const key = Object.keys(types).find((t) => t === 'application/json' || t.endsWith('+json'));
  return key === undefined ? undefined : types[key];
}

/**
 * A ship no other run or tenant uses: its name and IMO number mark this run's port call. Every
 * optional member is filled (MMSI with France's MID 227), so the port call is a complete example.
 */
export function uniqueShip(): Ship {
  const first6 = String(randomInt(100_000, 1_000_000));
  return {
    imoNumber: `${first6}${imoCheckDigit(first6)}`,
    mmsi: `227${randomInt(100_000, 1_000_000)}`,
    name: `PSW PROBE ${randomUUID().slice(0, 8).toUpperCase()}`,
    flag: 'FR',
    callSign: 'FPRB',
  };
}

/** Valid bodies from the contract suite's samples, by operationId. */
function sampleBody(operationId: string, portCall: PortCallInput): unknown {
  switch (operationId) {
    case 'createPortCall':
    case 'updatePortCall':
      return structuredClone(portCall);
    case 'submitGeneralDeclaration':
      return sampleGeneralDeclaration(portCall, { crew: 2, passengers: 1 });
    case 'submitCrewList':
      return sampleCrewList(2);
    case 'submitPassengerList':
      return samplePassengerList(portCall, 1);
    case 'submitDangerousGoods':
      return sampleDangerousGoods();
    case 'submitWasteNotification':
      return sampleWasteNotification(portCall);
    case 'submitSecurityNotification':
      return sampleSecurityNotification(portCall);
    default:
      return undefined;
  }
}

/** A valid JSON body for the operation (undefined when it takes none). */
export function validBody(op: OperationModel, portCall: PortCallInput): unknown {
  const schema = jsonBodySchema(op);
  if (schema === undefined) return undefined;
  return sampleBody(op.operationId, portCall) ?? schemaExample(schema) ?? {};
}

/** Values for path parameters the probes know; anything else comes from the parameter's schema. */
export interface PathValues {
  portCallId: string;
  formalityType?: string;
  [name: string]: string | undefined;
}

/**
 * Whether the run follows profile v1's conventions (port calls of our own, its samples, its clients);
 * false in a run of any other OpenAPI document (`run --openapi`, standard `openapi`), where probes work
 * from the document alone.
 */
export function followsProfileV1(ctx: Pick<CollectContext, 'profile'>): boolean {
  return ctx.profile.standard === 'psw-v1';
}

/** Whether the run has an access token to send: credentials for agentA and a token endpoint. */
export function hasCredentials(ctx: Pick<CollectContext, 'target'>): boolean {
  return Boolean(ctx.target.tokenUrl && ctx.target.credentials.agentA);
}

/** The reason given for a place that needs an access token the run does not have. */
export const NEEDS_CREDENTIALS =
  'needs credentials: the run has no access token for this API (a member config naming a tokenEndpoint and client credentials gives one)';

/** Security scheme types whose credential is a bearer access token (RFC 6750). */
const BEARER_SCHEME_TYPES = new Set(['oauth2', 'openidconnect']);

/** The document's security scheme of that name, following a local $ref. */
function securityScheme(model: OpenApiModel, name: string): Record<string, unknown> | undefined {
  const components = isObject(model.document.components) ? model.document.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  let scheme = schemes[name];
  for (let i = 0; i < 5 && isObject(scheme) && typeof scheme.$ref === 'string'; i++) {
    const ref = /^#\/components\/securitySchemes\/(.+)$/.exec(scheme.$ref);
    scheme = ref ? schemes[decodeURIComponent(ref[1]!)] : undefined;
  }
  return isObject(scheme) ? scheme : undefined;
}

/** Whether a security scheme takes a bearer token: oauth2, openIdConnect, or http with scheme bearer. */
export function isBearerScheme(scheme: Record<string, unknown> | undefined): boolean {
  const type = typeof scheme?.type === 'string' ? scheme.type.toLowerCase() : '';
  if (BEARER_SCHEME_TYPES.has(type)) return true;
  return type === 'http' && typeof scheme?.scheme === 'string' && scheme.scheme.toLowerCase() === 'bearer';
}

/**
 * Whether the operation needs a bearer token: secured, and every alternative of its security
 * requirement names a bearer scheme. An operation whose requirement the model does not detail counts
 * as bearer-secured when secured.
 */
export function bearerSecured(model: OpenApiModel, op: OperationModel): boolean {
  if (!op.security) return false;
  if (!op.securityRequirements) return true;
  return op.securityRequirements.every((alt) => alt.some((name) => isBearerScheme(securityScheme(model, name))));
}

/** The scheme names an operation's security requirement uses (for saying why it is not probed). */
export function securitySchemeNames(op: OperationModel): string[] {
  return [...new Set((op.securityRequirements ?? []).flat())];
}

/**
 * Values for an operation's path parameters from the document alone: each parameter's example, else
 * its schema's (examples, example, default, const, enum). `missing` names those the document gives no
 * value for: such a place cannot be instantiated without guessing.
 */
export function documentPathValues(op: OperationModel): { values: PathValues; missing: string[] } {
  const values: PathValues = { portCallId: '' };
  const missing: string[] = [];
  for (const name of [...op.pathTemplate.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!)) {
    const param = op.parameters.find((p) => p.in === 'path' && p.name === name);
    const value = param?.example ?? schemaExample(param?.schema);
    if (value === undefined || value === null || typeof value === 'object') missing.push(name);
    else values[name] = String(value);
  }
  return { values, missing };
}

/** The reason given for a place whose path parameters the document gives no value for. */
export function noPathValue(missing: readonly string[]): string {
  return `the document gives no example or schema value for path parameter${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: the place is not probed rather than guessed`;
}

/** A body for an operation built from the document alone: its schema's example, else an empty object. */
export function documentBody(op: OperationModel): unknown {
  const schema = jsonBodySchema(op);
  if (schema === undefined) return undefined;
  return schemaExample(schema) ?? {};
}

/** Whether the operation is served under the document's server (the member's API base). */
export function underDocumentServer(model: OpenApiModel, op: OperationModel): boolean {
  return op.basePath === model.serverBasePath;
}

/**
 * The operation's absolute URL with its parameters filled: under the member's API base when the
 * operation is served under the document's server, else on the API's origin (e.g. /oauth/token).
 */
export function operationUrl(
  model: OpenApiModel,
  op: OperationModel,
  apiBaseUrl: string,
  values: PathValues,
  /** A concrete instance of the operation's template (e.g. a place's path with its enum values in). */
  pathTemplate: string = op.pathTemplate,
): string {
  const path = pathTemplate.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const known = values[name];
    const param = op.parameters.find((p) => p.in === 'path' && p.name === name);
    const value = known ?? param?.example ?? schemaExample(param?.schema) ?? 'x';
    return encodeURIComponent(String(value));
  });
  const query = op.parameters
    .filter((p) => p.in === 'query' && p.required)
    .map(
      (p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(String(p.example ?? schemaExample(p.schema) ?? '1'))}`,
    );
  const withQuery = query.length ? `${path}?${query.join('&')}` : path;
  if (underDocumentServer(model, op)) return apiBaseUrl.replace(/\/+$/, '') + withQuery;
  return new URL(op.basePath + withQuery, new URL(apiBaseUrl).origin).toString();
}

export interface ExchangeRecord {
  operationId: string;
  method: string;
  url: string;
  /** Absent when there was no HTTP answer (see error). */
  status?: number;
  error?: string;
  evidenceId?: string;
}

/** The record of one exchange of a probe (absolute URL, status, evidence). */
export function record(op: { operationId: string; method: string }, ex: HttpExchange): ExchangeRecord {
  return {
    operationId: op.operationId,
    method: op.method,
    url: ex.url,
    status: ex.status,
    ...(ex.evidenceId ? { evidenceId: ex.evidenceId } : {}),
  };
}

export interface OwnPortCall {
  portCallId: string;
  etag?: string;
  input: PortCallInput;
  /** Evidence of the create exchange. */
  evidenceId?: string;
}

export class SetupError extends Error {
  override name = 'SetupError';
}

/** The portCallId a create answered: the receipt's, else the last segment of Location. */
function createdId(ex: HttpExchange): string | undefined {
  const body = isObject(ex.json) ? ex.json : {};
  if (typeof body.portCallId === 'string' && body.portCallId) return body.portCallId;
  const location = ex.headers.location;
  return location
    ? decodeURIComponent(location.split('?')[0]!.split('/').filter(Boolean).pop() ?? '') || undefined
    : undefined;
}

/** Creates a port call for `role` (a unique ship unless one is given); throws SetupError when refused. */
export async function createPortCall(
  ctx: CollectContext,
  role: ClientRole,
  label: string,
  ship: Ship = uniqueShip(),
): Promise<OwnPortCall> {
  const input = samplePortCall({ ship });
  const ex = await ctx.http.request({ method: 'POST', url: '/port-calls', as: role, body: input, label });
  const portCallId = createdId(ex);
  if (ex.status !== 201 || !portCallId) {
    throw new SetupError(
      `${label}: createPortCall as ${role} answered ${ex.status}${portCallId ? '' : ' without a portCallId'}; the probes need a port call of their own`,
    );
  }
  return {
    portCallId,
    input,
    ...(ex.headers.etag ? { etag: ex.headers.etag } : {}),
    ...(ex.evidenceId ? { evidenceId: ex.evidenceId } : {}),
  };
}

/** Reads a port call as `role`: status, body and ETag. */
export async function readPortCall(ctx: CollectContext, role: ClientRole, portCallId: string, label: string) {
  const ex = await ctx.http.request({
    method: 'GET',
    url: `/port-calls/${encodeURIComponent(portCallId)}`,
    as: role,
    label,
  });
  return { exchange: ex, body: isObject(ex.json) ? ex.json : undefined, etag: ex.headers.etag };
}
