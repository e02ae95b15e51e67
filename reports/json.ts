// results.json itself: pretty-printed, keys in the order the Results type declares them (taken from
// the published schema, which the tests hold to the type), so files diff cleanly between runs.
// Keys the schema does not know (a newer minor version, open maps) follow in their own order.
import { RESULTS_SCHEMA } from './schema.ts';
import type { JsonSchema } from './schema.ts';
import type { Results } from '../engine/types.ts';

type Node = JsonSchema | undefined;

function resolve(schema: Node): Node {
  const ref = schema?.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.replace(/^#\/\$defs\//, '');
  return resolve((RESULTS_SCHEMA.$defs as Record<string, JsonSchema>)[name]);
}

/** For a discriminated union written as allOf/if/then: the branch whose `if` consts match. */
function branch(schema: Node, value: Record<string, unknown>): Node {
  const allOf = schema?.allOf;
  if (!Array.isArray(allOf)) return schema;
  for (const entry of allOf as JsonSchema[]) {
    const props = (entry.if as JsonSchema | undefined)?.properties as Record<string, JsonSchema> | undefined;
    if (!props) continue;
    const matches = Object.entries(props).every(([k, s]) => !('const' in s) || value[k] === s.const);
    if (matches) return resolve(entry.then as JsonSchema);
  }
  return schema;
}

function order(value: unknown, schemaIn: Node): unknown {
  const schema = resolve(schemaIn);
  if (Array.isArray(value)) return value.map((v) => order(v, schema?.items as Node));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const s = branch(schema, obj);
  const props = (s?.properties ?? {}) as Record<string, JsonSchema>;
  const extra = typeof s?.additionalProperties === 'object' ? (s.additionalProperties as JsonSchema) : undefined;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(props)) if (obj[key] !== undefined) out[key] = order(obj[key], props[key]);
  for (const key of Object.keys(obj)) if (!(key in props) && obj[key] !== undefined) out[key] = order(obj[key], extra);
  return out;
}

/** A copy of the results with keys in contract order. */
export function canonicalResults(results: Results): Results {
  return order(results, RESULTS_SCHEMA) as Results;
}

export function renderJson(results: Results): string {
  return JSON.stringify(canonicalResults(results), null, 2) + '\n';
}
