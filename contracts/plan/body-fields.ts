// The fields of an operation's JSON request body, read from the document's own schemas (references
// followed across files): each with its pointer, `*` standing for any array item, and the schema
// objects met on the way, so a deriver can read the profile's annotations (x-psw-identifier,
// x-psw-order, x-psw-count-of) wherever they sit: next to a `$ref` or on the definition it names.
import { escapePointerToken } from '../schemas.ts';
import { normalizeMediaType, resolveNode, schemaUri, type OpenApiModel, type OperationModel } from '../openapi.ts';

type Json = Record<string, unknown>;

export interface BodyField {
  /** RFC 6901 pointer into the body, with `*` for any item of an array, e.g. `/items/*\/unNumber`. */
  pointer: string;
  /** The maxItems of each `*` of the pointer, in order (undefined: unbounded). */
  arrays: (number | undefined)[];
  /** The schema objects of this field: reference sites first, then what they resolve to. */
  schemas: Json[];
  /** URI of the last of them (the base of any reference it holds). */
  uri: string;
}

const MAX_DEPTH = 16;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isJson(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

/** The operation's JSON request body schema, when it takes one. */
export function jsonBodySchema(op: OperationModel): Json | undefined {
  for (const [mediaType, schema] of Object.entries(op.requestBody?.contentTypes ?? {}))
    if (isJson(normalizeMediaType(mediaType)) && isObject(schema)) return schema;
  return undefined;
}

/** Where the operation's JSON body schema lives (its file and fragment), when known. */
export function bodySchemaUri(model: OpenApiModel, op: OperationModel): string | undefined {
  const schema = jsonBodySchema(op);
  return schema ? schemaUri(model, schema) : undefined;
}

/** The first value of `keyword` on the field's schemas (the reference site wins over the definition). */
export function annotation(field: Pick<BodyField, 'schemas'>, keyword: string): unknown {
  for (const s of field.schemas) if (s[keyword] !== undefined) return s[keyword];
  return undefined;
}

/** Every field of the operation's JSON request body, the root ('') first. Empty when it takes none. */
export function bodyFields(model: OpenApiModel, op: OperationModel): BodyField[] {
  const root = jsonBodySchema(op);
  const uri = root ? schemaUri(model, root) : undefined;
  if (!root || !uri) return [];
  const byPointer = new Map<string, BodyField>();
  const visit = (raw: unknown, at: string, pointer: string, arrays: (number | undefined)[], path: string[]): void => {
    if (path.length > MAX_DEPTH) return;
    const chain: { schema: Json; uri: string }[] = [];
    let node = raw;
    let here = at;
    // Follow the reference chain by hand so every site on the way is kept (annotations sit on any of them).
    for (let hops = 0; isObject(node) && typeof node.$ref === 'string' && hops < MAX_DEPTH; hops++) {
      chain.push({ schema: node, uri: here });
      const next = resolveNode(model, { $ref: node.$ref }, here);
      node = next.node;
      here = next.uri;
    }
    if (!isObject(node) || path.includes(here)) return;
    chain.push({ schema: node, uri: here });
    const field = byPointer.get(pointer) ?? { pointer, arrays, schemas: [], uri: here };
    field.schemas.push(...chain.map((c) => c.schema));
    byPointer.set(pointer, field);
    const within = [...path, here];
    for (const { schema: s, uri: sUri } of chain) {
      if (isObject(s.properties))
        for (const [name, sub] of Object.entries(s.properties)) {
          const token = escapePointerToken(name);
          visit(sub, `${sUri}/properties/${encodeURIComponent(token)}`, `${pointer}/${token}`, arrays, within);
        }
      if (isObject(s.items)) {
        const max = typeof s.maxItems === 'number' ? s.maxItems : undefined;
        visit(s.items, `${sUri}/items`, `${pointer}/*`, [...arrays, max], within);
      }
      for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
        const list = s[k];
        if (Array.isArray(list)) list.forEach((sub, i) => visit(sub, `${sUri}/${k}/${i}`, pointer, arrays, within));
      }
    }
  };
  visit(root, uri, '', [], []);
  return [...byPointer.values()];
}

/** A concrete pointer of a field: each `*` replaced by an item position. */
export interface Position {
  pointer: string;
  /** The item positions chosen, one per `*`. */
  items: number[];
}

/**
 * The positions a field is probed at: each array level at its first item and at a later one (the
 * second), unless the array holds one item at most; so a rule enforced on the first item only shows.
 */
export function positions(field: Pick<BodyField, 'pointer' | 'arrays'>): Position[] {
  let out: Position[] = [{ pointer: '', items: [] }];
  const tokens = field.pointer === '' ? [] : field.pointer.split('/').slice(1);
  let level = 0;
  for (const token of tokens) {
    if (token !== '*') {
      out = out.map((p) => ({ ...p, pointer: `${p.pointer}/${token}` }));
      continue;
    }
    const max = field.arrays[level++];
    const choices = max !== undefined && max < 2 ? [0] : [0, 1];
    out = out.flatMap((p) => choices.map((i) => ({ pointer: `${p.pointer}/${i}`, items: [...p.items, i] })));
  }
  return out;
}

/** "first item", "later item" (or per level, "first/later item") for a position; undefined without arrays. */
export function positionLabel(items: readonly number[]): string | undefined {
  if (items.length === 0) return undefined;
  return `${items.map((i) => (i === 0 ? 'first' : 'later')).join('/')} item`;
}
