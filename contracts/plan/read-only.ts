// Places of the read-only-member requirement: every member a resource's schema marks `readOnly: true`
// (OpenAPI 3.1 / JSON Schema: sent in responses, never accepted in requests) × every operation whose
// request body writes that resource. Which resource a write targets follows HTTP: a PUT or PATCH
// replaces or modifies the resource at its own URL; a POST creates a subordinate one (the GET one
// segment below it, e.g. POST /port-calls creates what GET /port-calls/{portCallId} returns).
import type { AppliesTo, Place } from '../../engine/types.ts';
import type { OpenApiModel, OperationModel, SchemaObject } from '../openapi.ts';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonSchema(contentTypes: Record<string, SchemaObject | undefined> | undefined): SchemaObject | undefined {
  const types = contentTypes ?? {};
  const key = Object.keys(types).find((t) => t === 'application/json' || t.endsWith('+json'));
  return key === undefined ? undefined : types[key];
}

/** The JSON schema of what GET answers (200) on this exact path template. */
function readSchema(model: OpenApiModel, pathTemplate: string, basePath: string): SchemaObject | undefined {
  const get = model.operations.find(
    (o) => o.method === 'GET' && o.pathTemplate === pathTemplate && o.basePath === basePath,
  );
  return get ? jsonSchema(get.responses['200']?.contentTypes) : undefined;
}

/** The schema of the resource a write operation targets (undefined when the document does not say). */
export function targetResourceSchema(model: OpenApiModel, op: OperationModel): SchemaObject | undefined {
  if (op.method === 'POST') {
    const item = model.operations.find(
      (o) =>
        o.method === 'GET' &&
        o.basePath === op.basePath &&
        o.pathTemplate.startsWith(`${op.pathTemplate.replace(/\/$/, '')}/{`) &&
        o.pathTemplate.split('/').length === op.pathTemplate.split('/').length + 1 &&
        /\/\{[^}/]+\}$/.test(o.pathTemplate),
    );
    return item ? jsonSchema(item.responses['200']?.contentTypes) : undefined;
  }
  if (op.method === 'PUT' || op.method === 'PATCH') return readSchema(model, op.pathTemplate, op.basePath);
  return undefined;
}

function properties(schema: SchemaObject | undefined): Record<string, unknown> {
  return isObject(schema) && isObject(schema.properties) ? schema.properties : {};
}

/** Top-level members a schema marks readOnly. */
export function readOnlyMembers(schema: SchemaObject | undefined): string[] {
  return Object.entries(properties(schema))
    .filter(([, s]) => isObject(s) && s.readOnly === true)
    .map(([name]) => name);
}

/** `{ kind: read-only-member }`: each read-only member × each operation whose body writes its resource. */
export function readOnlyMemberPlaces(model: OpenApiModel, _applies: AppliesTo): Place[] {
  const out: Place[] = [];
  for (const op of model.operations) {
    const body = jsonSchema(op.requestBody?.contentTypes);
    if (body === undefined) continue;
    const writable = new Set(
      Object.entries(properties(body))
        .filter(([, s]) => !(isObject(s) && s.readOnly === true))
        .map(([name]) => name),
    );
    const members = [...new Set([...readOnlyMembers(targetResourceSchema(model, op)), ...readOnlyMembers(body)])];
    for (const member of members.filter((m) => !writable.has(m))) {
      out.push({
        id: `${op.operationId} /${member}`,
        kind: 'read-only-member',
        operationId: op.operationId,
        method: op.method,
        path: op.pathTemplate,
        pointer: `/${member}`,
        variant: member,
      });
    }
  }
  return out;
}
