// Places of the portal requirements (PSW-PORTAL-001..006), from the document's `x-psw-portal`
// annotation (the profile's portal conventions as data): its kinds of page, the wrong credentials its
// sign-in must refuse, and the fields of each form that mirrors an API operation (that operation's
// request body properties). A document without the annotation has no portal places.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { AppliesTo, Place } from '../../engine/types.ts';
import type { OpenApiModel } from '../openapi.ts';

export const PORTAL_ANNOTATION = 'x-psw-portal';

export interface PortalPageKind {
  kind: string;
  signedIn: boolean;
  /** POST when only a form submission produces the page (it cannot be fetched again by GET). */
  answers?: string;
}

interface PortalAnnotation {
  pages: PortalPageKind[];
  refuse: string[];
  forms: { name: string; operationId: string }[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The document's portal annotation, read leniently (a malformed entry is left out). */
export function portalAnnotation(model: Pick<OpenApiModel, 'document'>): PortalAnnotation {
  const raw = model.document[PORTAL_ANNOTATION];
  const out: PortalAnnotation = { pages: [], refuse: [], forms: [] };
  if (!isObject(raw)) return out;
  for (const p of Array.isArray(raw.pages) ? raw.pages : []) {
    if (!isObject(p) || typeof p.kind !== 'string') continue;
    out.pages.push({
      kind: p.kind,
      signedIn: p.signedIn === true,
      ...(typeof p.answers === 'string' ? { answers: p.answers.toUpperCase() } : {}),
    });
  }
  const refuse = isObject(raw.signIn) && Array.isArray(raw.signIn.refuse) ? raw.signIn.refuse : [];
  out.refuse = refuse.filter((r): r is string => typeof r === 'string');
  for (const f of Array.isArray(raw.forms) ? raw.forms : []) {
    if (isObject(f) && typeof f.name === 'string' && typeof f.operationId === 'string')
      out.forms.push({ name: f.name, operationId: f.operationId });
  }
  return out;
}

const PAGE_SELECTORS: Record<string, (p: PortalPageKind) => boolean> = {
  all: () => true,
  'signed-in': (p) => p.signedIn,
  /** Signed-in pages a GET opens again (a session replay can fetch them). */
  'signed-in-get': (p) => p.signedIn && (p.answers ?? 'GET') === 'GET',
};

/** `{ kind: portal-page, select: all | signed-in | signed-in-get }` (default all): one place per kind of page. */
export function portalPagePlaces(model: OpenApiModel, applies: AppliesTo): Place[] {
  const select = applies.select ?? 'all';
  const keep = PAGE_SELECTORS[select];
  if (!keep)
    throw new Error(`portal-page places: unknown select "${select}" (${Object.keys(PAGE_SELECTORS).join(', ')})`);
  return portalAnnotation(model)
    .pages.filter(keep)
    .map((p) => ({ id: `${p.kind} page`, kind: 'portal-page', variant: p.kind }));
}

/** `{ kind: portal-sign-in }`: signing in with valid credentials, and with each kind the portal must refuse. */
export function portalSignInPlaces(model: OpenApiModel): Place[] {
  const a = portalAnnotation(model);
  if (a.pages.length === 0 && a.refuse.length === 0) return [];
  return ['valid', ...a.refuse].map((attempt) => ({
    id: `sign-in ${attempt}`,
    kind: 'portal-sign-in',
    variant: attempt,
  }));
}

/**
 * `{ kind: portal-form-field, form: <name> }`: every top-level property of the request body of the
 * operation the form mirrors (its fields are named alike), e.g. "general-declaration form /numberOfCrew".
 */
export function portalFormFieldPlaces(model: OpenApiModel, applies: AppliesTo): Place[] {
  const out: Place[] = [];
  for (const form of portalAnnotation(model).forms) {
    if (applies.form !== undefined && applies.form !== form.name) continue;
    const op = model.operations.find((o) => o.operationId === form.operationId);
    if (!op?.requestBody) continue;
    const schema = op.requestBody.contentTypes['application/json'] ?? Object.values(op.requestBody.contentTypes)[0];
    for (const name of propertyNames(schema, model.source)) {
      out.push({
        id: `${form.name} form /${name}`,
        kind: 'portal-form-field',
        operationId: op.operationId,
        method: op.method,
        path: op.pathTemplate,
        pointer: `/${name}`,
        variant: form.name,
      });
    }
  }
  return out;
}

/** Top-level property names of a schema, following `$ref`s into local files (a few hops at most). */
function propertyNames(schema: unknown, base: string, depth = 0): string[] {
  if (!isObject(schema) || depth > 5) return [];
  if (isObject(schema.properties)) return Object.keys(schema.properties);
  if (typeof schema.$ref !== 'string') return [];
  const [file = '', fragment = ''] = schema.$ref.split('#');
  const url = new URL(file, base);
  if (url.protocol !== 'file:') return [];
  let doc: unknown;
  try {
    const text = readFileSync(fileURLToPath(url), 'utf8');
    doc = url.pathname.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch {
    return [];
  }
  for (const token of fragment.split('/').filter(Boolean))
    doc = isObject(doc) ? doc[token.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return propertyNames(doc, url.href, depth + 1);
}
