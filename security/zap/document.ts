// The OpenAPI document ZAP imports: the profile's own, with the member's API base as its server (and any
// path or operation server made absolute against it), copied into ZAP's work folder together with the
// files its $refs name. A server or reference outside the allow-list refuses the scan: ZAP would send
// requests there, or fetch the reference.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { ScopeError } from '../../engine/errors.ts';
import type { Target } from '../../engine/target.ts';
import { assertAllowed } from './scope.ts';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** A server URL with its variables at their defaults, resolved against the API base. */
function serverUrl(server: unknown, apiBaseUrl: string): string | undefined {
  if (!isObject(server) || typeof server.url !== 'string') return undefined;
  const vars = isObject(server.variables) ? server.variables : {};
  const url = server.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const v = vars[name];
    return isObject(v) && v.default !== undefined ? String(v.default) : whole;
  });
  return new URL(url, apiBaseUrl.endsWith('/') ? apiBaseUrl : `${apiBaseUrl}/`).toString();
}

/**
 * The document with `servers: [{url: apiBaseUrl}]`, and each path's or operation's own servers made
 * absolute against the API base; every server URL it now names, for the scope check. Pure.
 */
export function withMemberServers(doc: Json, apiBaseUrl: string): { document: Json; servers: string[] } {
  const document = structuredClone(doc);
  const servers = [apiBaseUrl];
  document.servers = [{ url: apiBaseUrl, description: "The member's API base (port-conformance)" }];
  const rewrite = (holder: Json) => {
    if (!Array.isArray(holder.servers)) return;
    holder.servers = holder.servers.map((s: unknown) => {
      const url = serverUrl(s, apiBaseUrl);
      if (url === undefined) return s;
      servers.push(url);
      return { ...(isObject(s) ? s : {}), url, variables: undefined };
    });
  };
  if (isObject(document.paths))
    for (const item of Object.values(document.paths)) {
      if (!isObject(item)) continue;
      rewrite(item);
      for (const m of METHODS) if (isObject(item[m])) rewrite(item[m] as Json);
    }
  return { document: JSON.parse(JSON.stringify(document)) as Json, servers };
}

/** Every `$ref` value in a document. */
export function refsOf(doc: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, depth: number) => {
    if (depth > 200) return;
    if (Array.isArray(v)) for (const x of v) walk(x, depth + 1);
    else if (isObject(v))
      for (const [k, x] of Object.entries(v)) {
        if (k === '$ref' && typeof x === 'string') out.push(x);
        else walk(x, depth + 1);
      }
  };
  walk(doc, 0);
  return out;
}

/** A reference to another document that is not a local file: ZAP would fetch it. */
export function isRemoteRef(ref: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(ref) && !/^file:/i.test(ref);
}

function readDoc(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  return /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
}

export interface StagedDocument {
  /** Absolute path of the document ZAP imports, inside the work folder. */
  file: string;
  /** The same, relative to the work folder (zap-api-scan.py's -t). */
  relative: string;
  /** Every server URL it names (all on the allow-list). */
  servers: string[];
  /** Files copied (the root and what its references name). */
  files: number;
}

/**
 * Writes the document for ZAP into `workDir`: the root (as JSON, servers rewritten) and every file it
 * references, at the same relative places. Refuses a server or a remote reference outside the scope.
 */
export function stageOpenApi(
  source: { file?: string; document?: Json },
  apiBaseUrl: string,
  target: Pick<Target, 'allowedHosts'>,
  workDir: string,
): StagedDocument {
  const rootFile = source.file
    ? source.file.startsWith('file:')
      ? fileURLToPath(source.file)
      : source.file
    : undefined;
  const root = rootFile ? readDoc(rootFile) : source.document;
  if (!isObject(root)) throw new Error('the OpenAPI document is not an object');
  const { document, servers } = withMemberServers(root, apiBaseUrl);
  for (const s of servers) assertAllowed('OpenAPI server', s, target);

  // The files the root references, transitively, with their absolute paths.
  const files = new Map<string, unknown>();
  const pending = rootFile ? [{ doc: document as unknown, file: resolve(rootFile) }] : [{ doc: document, file: '' }];
  while (pending.length) {
    const { doc, file } = pending.pop()!;
    for (const ref of refsOf(doc)) {
      const [path = ''] = ref.split('#');
      if (!path) continue;
      if (isRemoteRef(path))
        throw new ScopeError(`ZAP: the OpenAPI document refers to ${path}, which ZAP would fetch; scan refused`);
      if (!file) throw new Error(`the OpenAPI document refers to a file (${path}) but was not loaded from one`);
      const abs = isAbsolute(path) ? path : resolve(dirname(file), decodeURIComponent(path));
      if (files.has(abs) || abs === resolve(file)) continue;
      const loaded = readDoc(abs);
      files.set(abs, loaded);
      pending.push({ doc: loaded, file: abs });
    }
  }

  // Laid out below the folder all of them share, so relative references still resolve.
  const rootAbs = rootFile ? resolve(rootFile) : join(workDir, 'openapi.json');
  const common = [rootAbs, ...files.keys()].map(dirname).reduce((a, b) => {
    while (a !== b && !(b + sep).startsWith(a.endsWith(sep) ? a : a + sep) && dirname(a) !== a) a = dirname(a);
    return a;
  });
  const place = (abs: string) => join(workDir, 'openapi', relative(common, abs));
  const rootOut = place(rootAbs).replace(/\.(ya?ml|json)$/i, '') + '.zap.json';
  mkdirSync(dirname(rootOut), { recursive: true });
  writeFileSync(rootOut, JSON.stringify(document, null, 2));
  for (const [abs, doc] of files) {
    const out = place(abs);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, /\.json$/i.test(abs) ? JSON.stringify(doc, null, 2) : readFileSync(abs, 'utf8'));
  }
  return { file: rootOut, relative: relative(workDir, rootOut), servers, files: files.size + 1 };
}
