// The raw side of an OpenAPI document, for generating requests: each operation's parameters and
// request body with their examples, and schemas seen as flat "views" ($ref chains followed across
// files and $id bases, allOf merged). contracts/openapi.ts validates; this module only reads.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { OpenApiModel, OperationModel, ParameterModel, SchemaObject } from '../../../contracts/openapi.ts';
import { normalizeMediaType } from '../../../contracts/openapi.ts';

export type Json = Record<string, unknown>;

/** Where a schema node lives: `base` resolves relative references ($id-aware), `file` is the file it came from. */
export interface Scope {
  base: string;
  file: string;
}

export interface Sub {
  node: unknown;
  scope: Scope;
}

/** A schema reduced to what request generation needs (after $ref, allOf and the chosen anyOf/oneOf branch). */
export interface SchemaView {
  types?: string[];
  nullable: boolean;
  properties: Map<string, Sub>;
  required: Set<string>;
  /** additionalProperties or unevaluatedProperties is false. */
  closed: boolean;
  items?: Sub;
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  const?: { value: unknown };
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  readOnly: boolean;
  /** example, examples[], then default: valid values the document offers. */
  examples: unknown[];
  /** anyOf/oneOf alternatives (only their first matching one is merged in by viewFor). */
  branches: Sub[];
}

export interface RawParameter {
  name: string;
  in: ParameterModel['in'];
  required: boolean;
  schema?: Sub;
  /** The model's schema object (validates through contracts/openapi.ts). */
  modelSchema?: SchemaObject;
  examples: unknown[];
}

export interface RawBody {
  mediaType: string;
  required: boolean;
  schema?: Sub;
  modelSchema?: SchemaObject;
  examples: unknown[];
}

export interface OperationInputs {
  parameters: RawParameter[];
  body?: RawBody;
}

const MAX_REF_HOPS = 32;
const MAX_VIEW_DEPTH = 16;
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isJsonMediaType(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

export class RawDocument {
  /** File URL → parsed document. */
  readonly #files = new Map<string, unknown>();
  /** Absolute $id → the node carrying it and the file it is in. */
  readonly #ids = new Map<string, { node: Json; file: string }>();
  readonly #inputs = new Map<OperationModel, OperationInputs>();

  constructor(readonly model: OpenApiModel) {
    this.#register(model.source, model.document);
  }

  #register(file: string, doc: unknown): void {
    this.#files.set(file, doc);
    // Only schema-bearing documents carry $id; a bounded walk registers every one.
    const walk = (node: unknown, base: string, depth: number): void => {
      if (depth > 64) return;
      if (Array.isArray(node)) {
        for (const item of node) walk(item, base, depth + 1);
        return;
      }
      if (!isObject(node)) return;
      let here = base;
      if (typeof node.$id === 'string') {
        try {
          here = new URL(node.$id, base).href.replace(/#$/, '');
          this.#ids.set(here, { node, file });
        } catch {
          // A malformed $id is the document's problem; the validator reports it.
        }
      }
      for (const [key, value] of Object.entries(node)) {
        if (key === 'example' || key === 'examples' || key === 'default' || key === 'enum' || key === 'const') continue;
        walk(value, here, depth + 1);
      }
    };
    walk(doc, file, 0);
  }

  #load(fileUrl: string): unknown {
    if (this.#files.has(fileUrl)) return this.#files.get(fileUrl);
    if (!fileUrl.startsWith('file:')) return undefined;
    let doc: unknown;
    try {
      const text = readFileSync(fileURLToPath(fileUrl), 'utf8');
      doc = fileUrl.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    } catch {
      return undefined;
    }
    this.#register(fileUrl, doc);
    return doc;
  }

  /** Follows `$ref` chains from `sub` (bounded), tracking the scope; a node with $id rebases. */
  deref(sub: Sub): Sub {
    let { node, scope } = sub;
    for (let hops = 0; isObject(node) && typeof node.$ref === 'string'; hops++) {
      if (hops >= MAX_REF_HOPS) throw new Error(`$ref chain too long at ${scope.base}`);
      const next = this.#resolve(node.$ref, scope);
      if (!next) throw new Error(`unresolvable $ref ${node.$ref} from ${scope.base}`);
      ({ node, scope } = next);
    }
    return { node, scope: rebase(node, scope) };
  }

  #resolve(ref: string, scope: Scope): Sub | undefined {
    const hash = ref.indexOf('#');
    const uriPart = hash < 0 ? ref : ref.slice(0, hash);
    const fragment = hash < 0 ? '' : ref.slice(hash + 1);
    const root = uriPart === '' ? this.#resource(scope.base, scope.file) : this.#external(uriPart, scope);
    if (!root) return undefined;
    let node: unknown = root.node;
    for (const raw of fragment.split('/').slice(1)) {
      const token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      node = isObject(node) || Array.isArray(node) ? (node as Json)[token] : undefined;
      if (node === undefined) return undefined;
    }
    return { node, scope: root.scope };
  }

  /** The resource a base URI names: a node with that $id, else the file itself. */
  #resource(base: string, file: string): Sub | undefined {
    const byId = this.#ids.get(base);
    if (byId) return { node: byId.node, scope: { base, file: byId.file } };
    const doc = this.#load(base.startsWith('file:') ? base : file);
    return doc === undefined ? undefined : { node: doc, scope: rebase(doc, { base, file }) };
  }

  /** A referenced document: known by $id, else a file (an $id-relative name is looked up next to our file). */
  #external(uriPart: string, scope: Scope): Sub | undefined {
    const abs = new URL(uriPart, scope.base).href;
    if (this.#ids.has(abs)) return this.#resource(abs, scope.file);
    const fileUrl = abs.startsWith('file:') ? abs : new URL(uriPart, scope.file).href;
    const doc = this.#load(fileUrl);
    if (this.#ids.has(abs)) return this.#resource(abs, fileUrl);
    return doc === undefined ? undefined : { node: doc, scope: rebase(doc, { base: fileUrl, file: fileUrl }) };
  }

  /** The flat view of a schema; anyOf/oneOf merge the first branch that fits `value` (when given). */
  view(sub: Sub, value?: unknown, depth = 0): SchemaView {
    const out: SchemaView = {
      nullable: false,
      properties: new Map(),
      required: new Set(),
      closed: false,
      readOnly: false,
      examples: [],
      branches: [],
    };
    this.#mergeInto(out, sub, value, depth);
    return out;
  }

  #mergeInto(out: SchemaView, sub: Sub, value: unknown, depth: number): void {
    if (depth > MAX_VIEW_DEPTH) return;
    const { node, scope } = this.deref(sub);
    if (node === false) {
      out.types = [];
      return;
    }
    if (!isObject(node)) return;
    const s = node;
    if (typeof s.type === 'string') out.types ??= [s.type];
    else if (Array.isArray(s.type)) out.types ??= s.type.filter((t): t is string => typeof t === 'string');
    if (out.types?.includes('null') || s.nullable === true) out.nullable = true;
    if (isObject(s.properties)) {
      for (const [k, v] of Object.entries(s.properties))
        if (!out.properties.has(k)) out.properties.set(k, { node: v, scope });
    }
    if (Array.isArray(s.required)) for (const r of s.required) if (typeof r === 'string') out.required.add(r);
    if (s.additionalProperties === false || s.unevaluatedProperties === false) out.closed = true;
    if (s.items !== undefined && !Array.isArray(s.items) && out.items === undefined)
      out.items = { node: s.items, scope };
    const num = (k: string) => (typeof s[k] === 'number' ? (s[k] as number) : undefined);
    out.minItems ??= num('minItems');
    out.maxItems ??= num('maxItems');
    out.minLength ??= num('minLength');
    out.maxLength ??= num('maxLength');
    out.minimum ??= num('minimum');
    out.maximum ??= num('maximum');
    out.exclusiveMinimum ??= num('exclusiveMinimum');
    out.exclusiveMaximum ??= num('exclusiveMaximum');
    if (Array.isArray(s.enum)) out.enum ??= s.enum;
    if ('const' in s) out.const ??= { value: s.const };
    if (typeof s.format === 'string') out.format ??= s.format;
    if (typeof s.pattern === 'string') out.pattern ??= s.pattern;
    if (s.readOnly === true) out.readOnly = true;
    if ('example' in s) out.examples.push(s.example);
    if (Array.isArray(s.examples)) out.examples.push(...s.examples);
    if ('default' in s) out.examples.push(s.default);
    if (Array.isArray(s.allOf))
      for (const part of s.allOf) this.#mergeInto(out, { node: part, scope }, value, depth + 1);
    for (const key of ['oneOf', 'anyOf'] as const) {
      const list = s[key];
      if (!Array.isArray(list) || list.length === 0) continue;
      const branches = list.map((b) => ({ node: b, scope }));
      out.branches.push(...branches);
      const chosen = branches.find((b) => this.#fits(b, value, depth + 1)) ?? branches[0]!;
      this.#mergeInto(out, chosen, value, depth + 1);
    }
  }

  /** Rough fit of a value to a branch: its type and, for objects, its required properties present. */
  #fits(sub: Sub, value: unknown, depth: number): boolean {
    if (value === undefined) return true;
    const v = this.view(sub, undefined, depth);
    if (
      v.types &&
      v.types.length > 0 &&
      !v.types.includes(jsonType(value)) &&
      !(jsonType(value) === 'integer' && v.types.includes('number'))
    )
      return false;
    if (isObject(value)) for (const r of v.required) if (!(r in value)) return false;
    return true;
  }

  /** The parameters and JSON (or other) request body of an operation, read from the document. */
  inputs(op: OperationModel): OperationInputs {
    const hit = this.#inputs.get(op);
    if (hit) return hit;
    const rootScope: Scope = { base: this.model.source, file: this.model.source };
    const paths = isObject(this.model.document.paths) ? this.model.document.paths : {};
    const item = this.deref({ node: paths[op.pathTemplate], scope: rootScope });
    const opNode =
      isObject(item.node) && METHODS.has(op.method.toLowerCase()) ? item.node[op.method.toLowerCase()] : undefined;
    const raw = new Map<string, RawParameter>();
    const addParams = (list: unknown, scope: Scope) => {
      if (!Array.isArray(list)) return;
      for (const entry of list) {
        const p = this.deref({ node: entry, scope });
        if (!isObject(p.node) || typeof p.node.name !== 'string' || typeof p.node.in !== 'string') continue;
        const where = p.node.in as ParameterModel['in'];
        const name = where === 'header' ? p.node.name.toLowerCase() : p.node.name;
        const model = op.parameters.find((m) => m.in === where && m.name === name);
        const schemaNode = p.node.schema ?? firstContentSchema(p.node.content);
        raw.set(`${where}:${name}`, {
          name,
          in: where,
          required: where === 'path' || p.node.required === true,
          ...(schemaNode === undefined ? {} : { schema: { node: schemaNode, scope: p.scope } }),
          ...(model?.schema === undefined ? {} : { modelSchema: model.schema }),
          examples: examplesOf(p.node, (n) => this.deref({ node: n, scope: p.scope }).node),
        });
      }
    };
    addParams(isObject(item.node) ? item.node.parameters : undefined, item.scope);
    addParams(isObject(opNode) ? opNode.parameters : undefined, item.scope);
    const inputs: OperationInputs = { parameters: [...raw.values()] };
    const rb = isObject(opNode) ? this.deref({ node: opNode.requestBody, scope: item.scope }) : undefined;
    if (rb && isObject(rb.node) && isObject(rb.node.content)) {
      const types = Object.keys(rb.node.content);
      // A JSON body is what we can generate and mutate; otherwise the first documented type.
      const key = types.find((t) => isJsonMediaType(normalizeMediaType(t))) ?? types[0];
      if (key !== undefined) {
        const media = rb.node.content[key];
        const mediaType = normalizeMediaType(key);
        const schemaNode = isObject(media) ? media.schema : undefined;
        inputs.body = {
          mediaType,
          required: rb.node.required === true,
          ...(schemaNode === undefined ? {} : { schema: { node: schemaNode, scope: rb.scope } }),
          ...(op.requestBody?.contentTypes[mediaType] === undefined
            ? {}
            : { modelSchema: op.requestBody.contentTypes[mediaType] }),
          examples: isObject(media) ? examplesOf(media, (n) => this.deref({ node: n, scope: rb.scope }).node) : [],
        };
      }
    }
    this.#inputs.set(op, inputs);
    return inputs;
  }
}

function rebase(node: unknown, scope: Scope): Scope {
  if (!isObject(node) || typeof node.$id !== 'string') return scope;
  try {
    return { base: new URL(node.$id, scope.base).href.replace(/#$/, ''), file: scope.file };
  } catch {
    return scope;
  }
}

function firstContentSchema(content: unknown): unknown {
  if (!isObject(content)) return undefined;
  const first = Object.values(content)[0];
  return isObject(first) ? first.schema : undefined;
}

/** `example`, then every `examples.*.value` (Example Objects, possibly by $ref). */
function examplesOf(node: Json, deref: (n: unknown) => unknown): unknown[] {
  const out: unknown[] = [];
  if ('example' in node) out.push(node.example);
  if (isObject(node.examples)) {
    for (const ex of Object.values(node.examples)) {
      const e = deref(ex);
      if (isObject(e) && 'value' in e) out.push(e.value);
    }
  }
  return out;
}

/** JSON Schema type name of a value ('integer' for whole numbers). */
export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** True when `type` list admits a value of JSON type `t` (integers are numbers too). */
export function admits(types: readonly string[] | undefined, t: string): boolean {
  if (!types || types.length === 0) return true;
  return types.includes(t) || (t === 'integer' && types.includes('number'));
}
