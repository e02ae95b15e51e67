// Any OpenAPI 3.0.x or 3.1.x document as an operation inventory plus validators. Schemas are not
// inlined: every loaded file is registered with Ajv under its URL, and a schema is validated through
// a `$ref` to where it lives, so recursive schemas and relative-file references just work.
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { ValidateFunction } from 'ajv';
import { createAjv, escapePointerToken, toIssues, type ValidationIssue } from './schemas.ts';

export type SchemaObject = Record<string, unknown> | boolean;

export interface ParameterModel {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema?: SchemaObject;
  /** The parameter's own example (`example`, else the first of `examples`), when the document gives one. */
  example?: unknown;
}

export interface HeaderModel {
  required: boolean;
  schema?: SchemaObject;
}

export interface ResponseModel {
  /** Media type (lowercased, no parameters) → schema, undefined when none is given. */
  contentTypes: Record<string, SchemaObject | undefined>;
  /** Lowercased header name → header. */
  headers: Record<string, HeaderModel>;
}

export interface RequestBodyModel {
  required: boolean;
  contentTypes: Record<string, SchemaObject | undefined>;
}

export interface OperationModel {
  /** The document's operationId, or `METHOD /path` when it has none. */
  operationId: string;
  /** Upper case, e.g. GET. */
  method: string;
  pathTemplate: string;
  /** Path of the server the operation is served under ('' for the origin root). */
  basePath: string;
  parameters: ParameterModel[];
  requestBody?: RequestBodyModel;
  /** Keys: status codes ('201'), ranges ('4XX') and 'default'. */
  responses: Record<string, ResponseModel>;
  /** True when every security alternative needs credentials. */
  security: boolean;
  /**
   * The security requirement in force (the operation's, else the document's): one list of scheme names
   * per alternative; absent when none is declared.
   */
  securityRequirements?: string[][];
  /**
   * `x-psw-capability`: the operation is optional, offered only by a target that declares this
   * capability (profile v1's EDIFACT channel); absent for an operation every target offers.
   */
  capability?: string;
}

export interface OpenApiModel {
  /** The `openapi` field, e.g. 3.1.0. */
  openapi: string;
  title: string;
  version: string;
  /** Path of the document's first server ('' for the origin root). */
  serverBasePath: string;
  operations: OperationModel[];
  /** The root document as loaded (3.0 documents translated to JSON Schema 2020-12). */
  document: Record<string, unknown>;
  /** URL of the root document. */
  source: string;
}

export interface BodyValidation {
  contentTypeDocumented: boolean;
  /** Undefined when no schema applies (no content documented, or none for this content type). */
  schemaValid?: boolean;
  errors: ValidationIssue[];
}

export interface ResponseValidation extends BodyValidation {
  statusDocumented: boolean;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const MAX_REF_HOPS = 32;

type Json = Record<string, unknown>;

interface Loc {
  file: string;
  tokens: string[];
}

interface Internal {
  files: Map<string, unknown>;
  ajv: ReturnType<typeof createAjv>;
  /** Where each schema object lives, as an absolute URI with a JSON-pointer fragment. */
  locations: WeakMap<object, string>;
  compiled: WeakMap<object, ValidateFunction>;
  byId: Map<string, OperationModel>;
  /** Operations served under the document-level server (the basePath argument replaces it). */
  usesDocumentServer: WeakSet<OperationModel>;
  matchers: WeakMap<OperationModel, { regex: RegExp; literals: boolean[] }>;
}

const internals = new WeakMap<OpenApiModel, Internal>();

// ---------------------------------------------------------------- loading

/**
 * Loads an OpenAPI 3.0/3.1 document from a file (YAML or JSON) or an object, following internal
 * and relative-file `$ref`s. `baseUrl` is where relative references of an object document resolve.
 */
export async function loadOpenApi(
  fileOrObject: string | URL | object,
  opts: { baseUrl?: string | URL } = {},
): Promise<OpenApiModel> {
  const files = new Map<string, unknown>();
  let rootUrl: string;
  let root: unknown;
  if (typeof fileOrObject === 'string' || fileOrObject instanceof URL) {
    rootUrl = toFileUrl(fileOrObject);
    root = await readDocument(rootUrl);
  } else {
    rootUrl = opts.baseUrl ? new URL(opts.baseUrl).href : pathToFileURL(resolvePath('openapi.json')).href;
    root = structuredClone(fileOrObject);
  }
  if (!isObject(root) || typeof root.openapi !== 'string' || !/^3\.[01]\.\d+/.test(root.openapi)) {
    throw new Error(
      `${rootUrl}: not an OpenAPI 3.0 or 3.1 document (openapi field is ${JSON.stringify(isObject(root) ? root.openapi : undefined)})`,
    );
  }
  const openapi = root.openapi;
  const is30 = openapi.startsWith('3.0.');
  files.set(rootUrl, root);
  await loadReferencedFiles(files, root, rootUrl);
  if (is30) for (const doc of files.values()) translate30(doc);

  // Foreign documents: lenient (unknown keywords and formats are ignored, no meta-validation).
  const ajv = createAjv({ strict: false });
  for (const [url, doc] of files) if (isObject(doc) || typeof doc === 'boolean') ajv.addSchema(doc as object, url);

  const internal: Internal = {
    files,
    ajv,
    locations: new WeakMap(),
    compiled: new WeakMap(),
    byId: new Map(),
    usesDocumentServer: new WeakSet(),
    matchers: new WeakMap(),
  };
  const info = isObject(root.info) ? root.info : {};
  const model: OpenApiModel = {
    openapi,
    title: typeof info.title === 'string' ? info.title.trim() : '',
    version: info.version === undefined ? '' : String(info.version),
    serverBasePath: serverPath(root.servers) ?? '',
    operations: [],
    document: root,
    source: rootUrl,
  };
  buildOperations(model, internal);
  internals.set(model, internal);
  return model;
}

function toFileUrl(file: string | URL): string {
  if (file instanceof URL) return file.href;
  if (/^file:/i.test(file)) return new URL(file).href;
  return pathToFileURL(isAbsolute(file) ? file : resolvePath(file)).href;
}

async function readDocument(url: string): Promise<unknown> {
  if (!url.startsWith('file:')) throw new Error(`${url}: only local files can be referenced`);
  let text: string;
  try {
    text = await readFile(fileURLToPath(url), 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${fileURLToPath(url)}: ${(err as Error).message}`, { cause: err });
  }
  try {
    return url.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new Error(`cannot parse ${fileURLToPath(url)}: ${(err as Error).message}`, { cause: err });
  }
}

/** Loads every file reachable through `$ref`s (transitively), keyed by URL without fragment. */
async function loadReferencedFiles(files: Map<string, unknown>, doc: unknown, docUrl: string): Promise<void> {
  const pending: string[] = [];
  collectRefs(doc, (ref) => {
    const [file = ''] = ref.split('#');
    if (!file) return;
    const url = new URL(file, docUrl).href;
    if (!files.has(url) && !pending.includes(url)) pending.push(url);
  });
  for (const url of pending) {
    if (files.has(url)) continue;
    const loaded = await readDocument(url);
    files.set(url, loaded);
    await loadReferencedFiles(files, loaded, url);
  }
}

// Values under these keys are data (examples, defaults), never schemas or references.
const DATA_KEYS = new Set(['example', 'examples', 'default', 'enum', 'const']);

function collectRefs(node: unknown, onRef: (ref: string) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, onRef);
  } else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') onRef(value);
      else if (!DATA_KEYS.has(key)) collectRefs(value, onRef);
    }
  }
}

/**
 * OpenAPI 3.0 schemas → JSON Schema 2020-12, in place: `nullable: true` becomes a type union (or an
 * anyOf with null), boolean `exclusiveMinimum`/`exclusiveMaximum` become numeric ones. OpenAPI-only
 * keywords (example, discriminator, xml, externalDocs) stay: the lenient Ajv ignores them.
 */
function translate30(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) translate30(item);
    return;
  }
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) if (!DATA_KEYS.has(key)) translate30(value);
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof node[flag] === 'boolean') {
      if (node[flag] === true && typeof node[bound] === 'number') {
        node[flag] = node[bound];
        delete node[bound];
      } else {
        delete node[flag];
      }
    }
  }
  if (typeof node.nullable === 'boolean') {
    const nullable = node.nullable;
    delete node.nullable;
    if (!nullable) return;
    if (typeof node.type === 'string') {
      node.type = [node.type, 'null'];
      if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum = [...node.enum, null];
    } else if (!Array.isArray(node.type)) {
      const rest = { ...node };
      for (const k of Object.keys(node)) delete node[k];
      node.anyOf = [rest, { type: 'null' }];
    }
  }
}

// ---------------------------------------------------------------- the operation inventory

function buildOperations(model: OpenApiModel, internal: Internal): void {
  const root = model.document;
  const paths = isObject(root.paths) ? root.paths : {};
  const rootLoc: Loc = { file: model.source, tokens: [] };
  for (const [pathTemplate, rawItem] of Object.entries(paths)) {
    const { value: item, loc: itemLoc } = deref(internal, rawItem, at(rootLoc, 'paths', pathTemplate));
    if (!isObject(item)) continue;
    const pathParams = parameterList(internal, item.parameters, at(itemLoc, 'parameters'));
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const opLoc = at(itemLoc, method);
      const ownServers = op.servers ?? item.servers;
      const operation: OperationModel = {
        operationId: typeof op.operationId === 'string' ? op.operationId : `${method.toUpperCase()} ${pathTemplate}`,
        method: method.toUpperCase(),
        pathTemplate,
        basePath: serverPath(ownServers) ?? model.serverBasePath,
        parameters: mergeParameters(pathParams, parameterList(internal, op.parameters, at(opLoc, 'parameters'))),
        responses: {},
        security: needsAuth(op.security ?? root.security),
      };
      const requirements = securityRequirements(op.security ?? root.security);
      if (requirements) operation.securityRequirements = requirements;
      if (typeof op['x-psw-capability'] === 'string') operation.capability = op['x-psw-capability'];
      const body = deref(internal, op.requestBody, at(opLoc, 'requestBody'));
      if (isObject(body.value)) {
        operation.requestBody = {
          required: body.value.required === true,
          contentTypes: contentMap(internal, body.value.content, at(body.loc, 'content')),
        };
      }
      const responses = isObject(op.responses) ? op.responses : {};
      for (const [status, raw] of Object.entries(responses)) {
        const resp = deref(internal, raw, at(opLoc, 'responses', status));
        if (!isObject(resp.value)) continue;
        operation.responses[status.toUpperCase() === 'DEFAULT' ? 'default' : status.toUpperCase()] = {
          contentTypes: contentMap(internal, resp.value.content, at(resp.loc, 'content')),
          headers: headerMap(internal, resp.value.headers, at(resp.loc, 'headers')),
        };
      }
      if (internal.byId.has(operation.operationId)) {
        throw new Error(`${model.source}: operationId ${operation.operationId} is used twice`);
      }
      internal.byId.set(operation.operationId, operation);
      if (ownServers === undefined) internal.usesDocumentServer.add(operation);
      internal.matchers.set(operation, templateMatcher(pathTemplate));
      model.operations.push(operation);
    }
  }
}

function parameterList(internal: Internal, raw: unknown, loc: Loc): ParameterModel[] {
  if (!Array.isArray(raw)) return [];
  const out: ParameterModel[] = [];
  raw.forEach((entry, i) => {
    const { value: p, loc: pLoc } = deref(internal, entry, at(loc, String(i)));
    if (!isObject(p) || typeof p.name !== 'string' || typeof p.in !== 'string') return;
    const where = p.in as ParameterModel['in'];
    let schema = schemaAt(internal, p.schema, at(pLoc, 'schema'));
    if (schema === undefined && isObject(p.content)) {
      const [first] = Object.values(contentMap(internal, p.content, at(pLoc, 'content')));
      schema = first;
    }
    const example = parameterExample(p);
    out.push({
      name: where === 'header' ? p.name.toLowerCase() : p.name,
      in: where,
      required: where === 'path' || p.required === true,
      ...(schema === undefined ? {} : { schema }),
      ...(example === undefined ? {} : { example }),
    });
  });
  return out;
}

/** A parameter's `example`, else the value of the first of its `examples` (a Reference is skipped). */
function parameterExample(p: Record<string, unknown>): unknown {
  if (p.example !== undefined) return structuredClone(p.example);
  if (!isObject(p.examples)) return undefined;
  for (const e of Object.values(p.examples))
    if (isObject(e) && e.value !== undefined && e.$ref === undefined) return structuredClone(e.value);
  return undefined;
}

/** Operation parameters override path-item parameters with the same name and location. */
function mergeParameters(fromPath: ParameterModel[], fromOp: ParameterModel[]): ParameterModel[] {
  const key = (p: ParameterModel) => `${p.in}:${p.name}`;
  const own = new Set(fromOp.map(key));
  return [...fromPath.filter((p) => !own.has(key(p))), ...fromOp];
}

function contentMap(internal: Internal, raw: unknown, loc: Loc): Record<string, SchemaObject | undefined> {
  const out: Record<string, SchemaObject | undefined> = {};
  if (!isObject(raw)) return out;
  for (const [mediaType, media] of Object.entries(raw)) {
    out[normalizeMediaType(mediaType)] = isObject(media)
      ? schemaAt(internal, media.schema, at(loc, mediaType, 'schema'))
      : undefined;
  }
  return out;
}

function headerMap(internal: Internal, raw: unknown, loc: Loc): Record<string, HeaderModel> {
  const out: Record<string, HeaderModel> = {};
  if (!isObject(raw)) return out;
  for (const [name, entry] of Object.entries(raw)) {
    const { value: h, loc: hLoc } = deref(internal, entry, at(loc, name));
    if (!isObject(h)) continue;
    const schema = schemaAt(internal, h.schema, at(hLoc, 'schema'));
    out[name.toLowerCase()] = { required: h.required === true, ...(schema === undefined ? {} : { schema }) };
  }
  return out;
}

/** The schema at `loc` with top-level `$ref`s followed; remembers where it lives for validation. */
function schemaAt(internal: Internal, raw: unknown, loc: Loc): SchemaObject | undefined {
  if (raw === undefined) return undefined;
  const { value, loc: where } = deref(internal, raw, loc);
  if (typeof value === 'boolean') return value;
  if (!isObject(value)) return undefined;
  if (!internal.locations.has(value)) internal.locations.set(value, locationUri(where));
  return value;
}

function deref(internal: Internal, value: unknown, loc: Loc): { value: unknown; loc: Loc } {
  let current = value;
  let where = loc;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops++) {
    if (hops >= MAX_REF_HOPS) throw new Error(`$ref chain too long at ${locationUri(loc)}`);
    const [file = '', fragment = ''] = current.$ref.split('#');
    const url = file ? new URL(file, where.file).href : where.file;
    const tokens = fragment
      .split('/')
      .slice(1)
      .map((t) => decodeURIComponent(t).replace(/~1/g, '/').replace(/~0/g, '~'));
    let node = internal.files.get(url);
    for (const t of tokens) node = isObject(node) || Array.isArray(node) ? (node as Json)[t] : undefined;
    if (node === undefined) throw new Error(`unresolvable $ref ${current.$ref} at ${locationUri(where)}`);
    current = node;
    where = { file: url, tokens };
  }
  return { value: current, loc: where };
}

function at(loc: Loc, ...tokens: string[]): Loc {
  return { file: loc.file, tokens: [...loc.tokens, ...tokens] };
}

function locationUri(loc: Loc): string {
  return `${loc.file}#${loc.tokens.map((t) => '/' + encodeURIComponent(escapePointerToken(t))).join('')}`;
}

/** Path of the first server URL, variables replaced by their defaults; undefined when none is given. */
function serverPath(servers: unknown): string | undefined {
  if (!Array.isArray(servers) || servers.length === 0) return undefined;
  const first: unknown = servers[0];
  if (!isObject(first) || typeof first.url !== 'string') return undefined;
  const vars = isObject(first.variables) ? first.variables : {};
  const url = first.url.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const v = vars[name];
    return isObject(v) && v.default !== undefined ? String(v.default) : '';
  });
  const path = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? new URL(url).pathname : (url.split(/[?#]/)[0] ?? '');
  return normalizeBase(path);
}

function normalizeBase(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '' : trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

function securityRequirements(security: unknown): string[][] | undefined {
  if (!Array.isArray(security)) return undefined;
  return security.map((req) => (isObject(req) ? Object.keys(req) : []));
}

function needsAuth(security: unknown): boolean {
  return (
    Array.isArray(security) &&
    security.length > 0 &&
    security.every((req) => isObject(req) && Object.keys(req).length > 0)
  );
}

/** The capabilities some operation of the document depends on (`x-psw-capability`), sorted. */
export function optionalCapabilities(model: OpenApiModel): string[] {
  return [...new Set(model.operations.flatMap((op) => (op.capability ? [op.capability] : [])))].sort();
}

/**
 * The document as a target offering only `declared` capabilities: operations depending on another one
 * are left out of `operations` (so of matching, the plan and every check iterating them). `getOperation`
 * still knows them, for exchanges labelled before the capabilities were known. The same model when
 * nothing is left out.
 */
export function withCapabilities(model: OpenApiModel, declared: readonly string[]): OpenApiModel {
  const offered = model.operations.filter((op) => op.capability === undefined || declared.includes(op.capability));
  if (offered.length === model.operations.length) return model;
  const restricted: OpenApiModel = { ...model, operations: offered };
  internals.set(restricted, internalOf(model));
  return restricted;
}

// ---------------------------------------------------------------- matching

function templateMatcher(template: string): { regex: RegExp; literals: boolean[] } {
  const segments = template.split('/').slice(1);
  const source = segments
    .map((seg) =>
      seg
        .split(/(\{[^}]+\})/)
        .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : escapeRegex(part)))
        .join(''),
    )
    .join('/');
  return { regex: new RegExp(`^/${source}$`), literals: segments.map((seg) => !seg.includes('{')) };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The operation serving `method` on `urlOrPath` (absolute URL or path, query ignored). `basePath`
 * replaces the document's server path (e.g. the path of the member's API base URL). Among matching
 * templates, literal segments win over templated ones, leftmost first.
 */
export function matchOperation(
  model: OpenApiModel,
  method: string,
  urlOrPath: string,
  basePath?: string,
): OperationModel | undefined {
  const internal = internalOf(model);
  const path = /^[a-z][a-z0-9+.-]*:\/\//i.test(urlOrPath)
    ? new URL(urlOrPath).pathname
    : (urlOrPath.split(/[?#]/)[0] ?? '');
  const verb = method.toUpperCase();
  const docBase = basePath === undefined ? model.serverBasePath : normalizeBase(basePath);
  let best: { op: OperationModel; literals: boolean[] } | undefined;
  for (const op of model.operations) {
    if (op.method !== verb) continue;
    const base = internal.usesDocumentServer.has(op) ? docBase : op.basePath;
    if (base && path !== base && !path.startsWith(base + '/')) continue;
    const rest = path.slice(base.length) || '/';
    const matcher = internal.matchers.get(op);
    if (!matcher || !matcher.regex.test(rest)) continue;
    if (!best || moreSpecific(matcher.literals, best.literals)) best = { op, literals: matcher.literals };
  }
  return best?.op;
}

function moreSpecific(a: boolean[], b: boolean[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] === true;
  return false;
}

// ---------------------------------------------------------------- validation

export function getOperation(model: OpenApiModel, operationId: string): OperationModel {
  const op = internalOf(model).byId.get(operationId);
  if (!op) throw new Error(`${model.source}: no operation ${operationId}`);
  return op;
}

/** The documented response for a status: exact code, then its range (4XX), then default. */
export function responseFor(op: OperationModel, status: number): ResponseModel | undefined {
  const code = String(status);
  return op.responses[code] ?? op.responses[`${code[0]}XX`] ?? op.responses.default;
}

export function validateResponse(
  model: OpenApiModel,
  operationId: string,
  status: number,
  contentType: string | undefined,
  body: unknown,
): ResponseValidation {
  const response = responseFor(getOperation(model, operationId), status);
  if (!response) return { statusDocumented: false, contentTypeDocumented: false, errors: [] };
  return { statusDocumented: true, ...validateBody(model, response.contentTypes, contentType, body, false) };
}

export function validateRequestBody(
  model: OpenApiModel,
  operationId: string,
  contentType: string | undefined,
  body: unknown,
): BodyValidation {
  const op = getOperation(model, operationId);
  const requestBody = op.requestBody;
  if (!requestBody) {
    return { contentTypeDocumented: isEmpty(body), errors: [] };
  }
  return validateBody(model, requestBody.contentTypes, contentType, body, requestBody.required);
}

/** Validates data against a schema object taken from this model (compiled once per object). */
export function validateSchema(
  model: OpenApiModel,
  schema: SchemaObject,
  data: unknown,
): { valid: boolean; errors: ValidationIssue[] } {
  const fn = compile(internalOf(model), schema);
  const valid = fn(data) as boolean;
  return { valid, errors: valid ? [] : toIssues(fn.errors ?? []) };
}

function validateBody(
  model: OpenApiModel,
  contentTypes: Record<string, SchemaObject | undefined>,
  contentType: string | undefined,
  body: unknown,
  required: boolean,
): BodyValidation {
  const documented = Object.keys(contentTypes);
  if (documented.length === 0) {
    // Nothing documented: only an empty body conforms.
    return { contentTypeDocumented: isEmpty(body), errors: [] };
  }
  if (isEmpty(body) && contentType === undefined) {
    if (!required) return { contentTypeDocumented: true, errors: [] };
    return {
      contentTypeDocumented: false,
      schemaValid: false,
      errors: [{ pointer: '', code: 'SCHEMA_REQUIRED', detail: 'body is missing' }],
    };
  }
  const mediaType = contentType === undefined ? undefined : normalizeMediaType(contentType);
  const key = mediaType === undefined ? undefined : matchMediaType(documented, mediaType);
  if (key === undefined) return { contentTypeDocumented: false, errors: [] };
  const schema = contentTypes[key];
  if (schema === undefined) return { contentTypeDocumented: true, errors: [] };
  const data = decodeBody(body, mediaType ?? key);
  if (!data.ok) {
    return {
      contentTypeDocumented: true,
      schemaValid: false,
      errors: [{ pointer: '', code: 'SCHEMA_TYPE', detail: data.detail }],
    };
  }
  if (data.value === undefined) {
    return {
      contentTypeDocumented: true,
      schemaValid: false,
      errors: [{ pointer: '', code: 'SCHEMA_REQUIRED', detail: 'body is missing' }],
    };
  }
  const result = validateSchema(model, schema, data.value);
  return { contentTypeDocumented: true, schemaValid: result.valid, errors: result.errors };
}

function compile(internal: Internal, schema: SchemaObject): ValidateFunction {
  if (typeof schema === 'boolean') return internal.ajv.compile(schema);
  let fn = internal.compiled.get(schema);
  if (!fn) {
    const location = internal.locations.get(schema);
    try {
      fn = internal.ajv.compile(location ? { $ref: location } : schema);
    } catch (err) {
      throw new Error(`schema ${location ?? '(inline)'} does not compile: ${(err as Error).message}`, { cause: err });
    }
    internal.compiled.set(schema, fn);
  }
  return fn;
}

function decodeBody(body: unknown, mediaType: string): { ok: true; value: unknown } | { ok: false; detail: string } {
  const text = body instanceof Uint8Array ? new TextDecoder().decode(body) : body;
  if (typeof text !== 'string' || !isJsonMediaType(mediaType)) return { ok: true, value: text };
  if (text === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, detail: 'body is not JSON' };
  }
}

function isEmpty(body: unknown): boolean {
  return body === undefined || body === '' || (body instanceof Uint8Array && body.length === 0);
}

export function normalizeMediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

function isJsonMediaType(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

/** Exact media type first, then `type/*`, then `*\/*`. */
function matchMediaType(documented: string[], mediaType: string): string | undefined {
  if (documented.includes(mediaType)) return mediaType;
  const wildcard = `${mediaType.split('/')[0]}/*`;
  if (documented.includes(wildcard)) return wildcard;
  return documented.includes('*/*') ? '*/*' : undefined;
}

// ---------------------------------------------------------------- reading the document's schemas

/** Where a schema object of this model was loaded from: an absolute URI with a JSON-pointer fragment. */
export function schemaUri(model: OpenApiModel, schema: object): string | undefined {
  return internalOf(model).locations.get(schema);
}

/**
 * Follows the `$ref` chain of `node`, which sits at `uri` (absolute, with a JSON-pointer fragment) in
 * one of the model's files: the node it leads to and that node's own URI, the base of the references
 * inside it. Throws on a reference that does not resolve.
 */
export function resolveNode(model: OpenApiModel, node: unknown, uri: string): { node: unknown; uri: string } {
  const hash = uri.indexOf('#');
  const file = hash < 0 ? uri : uri.slice(0, hash);
  const fragment = hash < 0 ? '' : uri.slice(hash + 1);
  const tokens = fragment
    .split('/')
    .slice(1)
    .map((t) => decodeURIComponent(t).replace(/~1/g, '/').replace(/~0/g, '~'));
  const { value, loc } = deref(internalOf(model), node, { file, tokens });
  return { node: value, uri: locationUri(loc) };
}

function internalOf(model: OpenApiModel): Internal {
  const internal = internals.get(model);
  if (!internal) throw new Error('not a model returned by loadOpenApi');
  return internal;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
