// The profile's JSON Schemas (2020-12) as a validator. Every schema file is added once to one Ajv
// instance (cross-file $refs resolve by $id); each message validator is compiled on first use.
import { readdirSync, readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';

/** One message schema per file in profile-v1/schemas/ (common.json holds shared definitions only). */
export const SCHEMA_FILES = {
  PortCallInput: 'port-call-input.json',
  PortCall: 'port-call.json',
  PortCallPage: 'port-call-page.json',
  Receipt: 'receipt.json',
  RejectionReceipt: 'rejection-receipt.json',
  Problem: 'problem.json',
  GeneralDeclaration: 'general-declaration.json',
  CrewList: 'crew-list.json',
  PassengerList: 'passenger-list.json',
  DangerousGoods: 'dangerous-goods.json',
  WasteNotification: 'waste-notification.json',
  SecurityNotification: 'security-notification.json',
  FormalitySummary: 'formality-summary.json',
  FormalityList: 'formality-list.json',
  FormalityRecord: 'formality-record.json',
  CancelRequest: 'cancel-request.json',
  ArrivalRequest: 'arrival-request.json',
  DepartureRequest: 'departure-request.json',
  ClearanceRequest: 'clearance-request.json',
  TokenRequest: 'token-request.json',
  TokenResponse: 'token-response.json',
  Jwks: 'jwks.json',
  PswConfiguration: 'psw-configuration.json',
} as const;

export type SchemaName = keyof typeof SCHEMA_FILES;
export const SCHEMA_NAMES = Object.keys(SCHEMA_FILES) as SchemaName[];

/** The body schema of each formality type (the `formalityType` path parameter). */
export const FORMALITY_SCHEMAS = {
  'general-declaration': 'GeneralDeclaration',
  'crew-list': 'CrewList',
  'passenger-list': 'PassengerList',
  'dangerous-goods': 'DangerousGoods',
  waste: 'WasteNotification',
  security: 'SecurityNotification',
} as const satisfies Record<string, SchemaName>;

export const SCHEMA_BASE_URI = 'https://psw.consortium.example/schemas/v1/';
export const SCHEMA_DIR = new URL('./profile-v1/schemas/', import.meta.url);

/** The annotation that marks personal data (crew and passenger identities, ...) for the redactor. */
export const PERSONAL_DATA_KEYWORD = 'x-personal-data';

/**
 * Annotations the probe plan reads (contracts/plan/): the identifier a field carries (`imo`, `locode`,
 * `date-time`...), ordered pairs of timestamps in a message, and a count that must equal a list's length.
 */
export const PLAN_KEYWORDS = {
  identifier: 'x-psw-identifier',
  order: 'x-psw-order',
  countOf: 'x-psw-count-of',
} as const;

export type ValidationCode =
  | 'SCHEMA_REQUIRED'
  | 'SCHEMA_TYPE'
  | 'SCHEMA_FORMAT'
  | 'SCHEMA_PATTERN'
  | 'SCHEMA_ENUM'
  | 'SCHEMA_RANGE'
  | 'SCHEMA_LENGTH'
  | 'SCHEMA_ADDITIONAL_PROPERTY'
  | 'SCHEMA_CONST'
  | 'SCHEMA_INVALID';

export interface ValidationIssue {
  /** RFC 6901 pointer into the validated data; at the missing or unknown property itself. */
  pointer: string;
  code: ValidationCode;
  detail: string;
}

export interface ValidationResult {
  valid: boolean;
  errors: ValidationIssue[];
}

type JsonObject = Record<string, unknown>;
type Ajv = InstanceType<typeof Ajv2020.default>;

/**
 * Ajv 2020-12 with formats and the personal-data annotation. `strict: false` is for foreign
 * documents: unknown keywords and formats are ignored silently and schemas are not meta-validated.
 */
export function createAjv(opts: { strict: boolean }): Ajv {
  const ajv = new Ajv2020.default({
    allErrors: true,
    strict: opts.strict,
    // `type: ["string", "null"]` is how the profile spells nullable.
    allowUnionTypes: true,
    ...(opts.strict ? {} : { logger: false as const, validateSchema: false }),
  });
  addFormats.default(ajv);
  ajv.addKeyword({ keyword: PERSONAL_DATA_KEYWORD, schemaType: 'boolean' });
  ajv.addKeyword({ keyword: PLAN_KEYWORDS.identifier, schemaType: 'string' });
  ajv.addKeyword({ keyword: PLAN_KEYWORDS.order, schemaType: 'array' });
  ajv.addKeyword({ keyword: PLAN_KEYWORDS.countOf, schemaType: 'object' });
  return ajv;
}

let documents: Map<string, JsonObject> | undefined;
let profileAjv: Ajv | undefined;
const compiled = new Map<SchemaName, ValidateFunction>();

/** Every schema file of the profile, keyed by $id. */
function loadDocuments(): Map<string, JsonObject> {
  if (documents) return documents;
  const docs = new Map<string, JsonObject>();
  for (const file of readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const doc = JSON.parse(readFileSync(new URL(file, SCHEMA_DIR), 'utf8')) as JsonObject;
    const id = doc.$id;
    if (typeof id !== 'string' || id !== SCHEMA_BASE_URI + file) {
      throw new Error(`schema ${file}: $id must be ${SCHEMA_BASE_URI + file}`);
    }
    docs.set(id, doc);
  }
  documents = docs;
  return docs;
}

function ajvInstance(): Ajv {
  if (profileAjv) return profileAjv;
  const ajv = createAjv({ strict: true });
  for (const doc of loadDocuments().values()) ajv.addSchema(doc);
  profileAjv = ajv;
  return ajv;
}

function validator(name: SchemaName): ValidateFunction {
  let fn = compiled.get(name);
  if (!fn) {
    const id = SCHEMA_BASE_URI + SCHEMA_FILES[name];
    fn = ajvInstance().getSchema(id);
    if (!fn) throw new Error(`schema ${name} (${id}) is not loaded`);
    compiled.set(name, fn);
  }
  return fn;
}

export function validate(name: SchemaName, data: unknown): ValidationResult {
  const fn = validator(name);
  const valid = fn(data) as boolean;
  return { valid, errors: valid ? [] : toIssues(fn.errors ?? []) };
}

/** The schema file's document (shared with the validator: do not mutate). */
export function schemaDocument(name: SchemaName): object {
  const doc = loadDocuments().get(SCHEMA_BASE_URI + SCHEMA_FILES[name]);
  if (!doc) throw new Error(`schema ${name} is not loaded`);
  return doc;
}

// ---------------------------------------------------------------- ajv errors → issues

const CODE_BY_KEYWORD: Record<string, ValidationCode> = {
  required: 'SCHEMA_REQUIRED',
  dependentRequired: 'SCHEMA_REQUIRED',
  type: 'SCHEMA_TYPE',
  format: 'SCHEMA_FORMAT',
  pattern: 'SCHEMA_PATTERN',
  enum: 'SCHEMA_ENUM',
  const: 'SCHEMA_CONST',
  minimum: 'SCHEMA_RANGE',
  maximum: 'SCHEMA_RANGE',
  exclusiveMinimum: 'SCHEMA_RANGE',
  exclusiveMaximum: 'SCHEMA_RANGE',
  multipleOf: 'SCHEMA_RANGE',
  minLength: 'SCHEMA_LENGTH',
  maxLength: 'SCHEMA_LENGTH',
  minItems: 'SCHEMA_LENGTH',
  maxItems: 'SCHEMA_LENGTH',
  minProperties: 'SCHEMA_LENGTH',
  maxProperties: 'SCHEMA_LENGTH',
  additionalProperties: 'SCHEMA_ADDITIONAL_PROPERTY',
  unevaluatedProperties: 'SCHEMA_ADDITIONAL_PROPERTY',
};

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Ajv errors as issues. `if` errors only repeat what the `then`/`else` branch reported, so they go. */
export function toIssues(errors: readonly ErrorObject[]): ValidationIssue[] {
  const relevant = errors.some((e) => e.keyword !== 'if') ? errors.filter((e) => e.keyword !== 'if') : errors;
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  for (const e of relevant) {
    const params = e.params as Record<string, unknown>;
    let pointer = e.instancePath;
    // Point at the missing or unknown property itself, not at its parent object.
    const child = params.missingProperty ?? params.additionalProperty ?? params.unevaluatedProperty;
    if (typeof child === 'string') pointer += '/' + escapePointerToken(child);
    const issue: ValidationIssue = {
      pointer,
      code: CODE_BY_KEYWORD[e.keyword] ?? 'SCHEMA_INVALID',
      detail: describe(e),
    };
    const key = `${issue.pointer}\u0000${issue.code}\u0000${issue.detail}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

function describe(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    return `must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  if (e.keyword === 'const') return `must equal ${JSON.stringify(params.allowedValue)}`;
  if (e.keyword === 'additionalProperties' || e.keyword === 'unevaluatedProperties') {
    return 'unknown property';
  }
  if (e.keyword === 'required' || e.keyword === 'dependentRequired') return 'required property is missing';
  if (e.keyword === 'false schema') return 'not allowed here';
  return e.message ?? e.keyword;
}

// ---------------------------------------------------------------- personal data

const personalCache = new Map<SchemaName, string[]>();

/**
 * Where a message carries personal data: JSON-pointer patterns with `*` for any array item or map
 * entry, e.g. `/crew/*\/familyName`. A marked subtree is reported once, at its root.
 */
export function personalDataPointers(name: SchemaName): string[] {
  const cached = personalCache.get(name);
  if (cached) return [...cached];
  const docs = loadDocuments();
  const rootId = SCHEMA_BASE_URI + SCHEMA_FILES[name];
  const found = new Set<string>();
  walkPersonal(docs, docs.get(rootId), rootId, '', [], found);
  const list = [...found].sort();
  personalCache.set(name, list);
  return [...list];
}

const MAX_WALK_DEPTH = 64;

function walkPersonal(
  docs: Map<string, JsonObject>,
  schema: unknown,
  baseId: string,
  pointer: string,
  ancestors: unknown[],
  found: Set<string>,
): void {
  if (!isObject(schema) || ancestors.includes(schema) || ancestors.length > MAX_WALK_DEPTH) return;
  if (schema[PERSONAL_DATA_KEYWORD] === true) {
    found.add(pointer);
    return;
  }
  const path = [...ancestors, schema];
  const next = (sub: unknown, ptr: string) => walkPersonal(docs, sub, baseId, ptr, path, found);
  if (typeof schema.$ref === 'string') {
    const target = resolveRef(docs, baseId, schema.$ref);
    walkPersonal(docs, target.schema, target.baseId, pointer, path, found);
  }
  if (isObject(schema.properties)) {
    for (const [key, sub] of Object.entries(schema.properties)) next(sub, `${pointer}/${escapePointerToken(key)}`);
  }
  if (isObject(schema.additionalProperties)) next(schema.additionalProperties, `${pointer}/*`);
  if (isObject(schema.patternProperties)) {
    for (const sub of Object.values(schema.patternProperties)) next(sub, `${pointer}/*`);
  }
  if (Array.isArray(schema.prefixItems)) schema.prefixItems.forEach((sub, i) => next(sub, `${pointer}/${i}`));
  if (isObject(schema.items)) next(schema.items, `${pointer}/*`);
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = schema[k];
    if (Array.isArray(list)) for (const sub of list) next(sub, pointer);
  }
  next(schema.then, pointer);
  next(schema.else, pointer);
}

function resolveRef(docs: Map<string, JsonObject>, baseId: string, ref: string): { schema: unknown; baseId: string } {
  const [file = '', fragment = ''] = ref.split('#');
  const id = file ? new URL(file, baseId).href : baseId;
  const doc = docs.get(id);
  if (!doc) throw new Error(`unresolvable $ref ${ref} from ${baseId}`);
  let node: unknown = doc;
  for (const raw of fragment.split('/').slice(1)) {
    const token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = isObject(node) ? node[token] : undefined;
  }
  if (node === undefined) throw new Error(`unresolvable $ref ${ref} from ${baseId}`);
  return { schema: node, baseId: id };
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Property names marked as personal data anywhere in the profile's messages. */
export const PERSONAL_DATA_KEYS: ReadonlySet<string> = new Set(
  SCHEMA_NAMES.flatMap((name) => personalDataPointers(name))
    .map((p) =>
      p
        .slice(p.lastIndexOf('/') + 1)
        .replace(/~1/g, '/')
        .replace(/~0/g, '~'),
    )
    .filter((key) => key !== '*' && !/^\d+$/.test(key)),
);
