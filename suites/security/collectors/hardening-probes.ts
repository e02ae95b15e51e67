// HardeningProbes: what a misconfigured API gives away (OWASP API8, API4). Error-provoking requests
// (bodies to scan for stack traces and banners), and, at every place the probe plan derives from the
// document: CORS preflights and requests from a foreign and a `null` origin on every authenticated
// operation, every method a path does not document (on port calls of our own, and on the identity
// endpoints), and a body over the limit to every operation that takes one.
//
// In a run of any other OpenAPI document (`run --openapi`) there are no port calls of our own: the
// port-call error requests and the read-back of what the method probes changed are left out, paths are
// instantiated from the document's examples and schemas (a place the document gives no value for is
// reported not probed, never guessed), and credentials are used only when the run has them. A request to
// an operation whose security the run cannot satisfy is sent anonymously and marked `anonymous`: the
// checks never count its 401 as a proof of what they judge (see NEEDS_CREDENTIALS).
import { matchOperation, type OpenApiModel, type OperationModel } from '../../../contracts/openapi.ts';
import { CORS_ORIGINS, parseCorsVariant, type CorsMode } from '../../../contracts/plan/cors.ts';
import { undocumentedInstance } from '../../../contracts/plan/operations.ts';
import { defineCollector, type ArtifactMap } from '../../../engine/check.ts';
import type { CollectContext, HttpRequestOptions } from '../../../engine/context.ts';
import { errorMessage } from '../../../engine/errors.ts';
import type { NotProbedReason, Place } from '../../../engine/types.ts';
import { samplePortCall } from '../../../contracts/samples.ts';
import { outOfTime, placesToProbe, type Unprobed } from './plan-places.ts';
import {
  createPortCall,
  documentPathValues,
  followsProfileV1,
  hasCredentials,
  isObject,
  noPathValue,
  openApiOf,
  operationUrl,
  readPortCall,
  schemaExample,
  validBody,
  type OwnPortCall,
} from './requests.ts';

export const CORS_REQUIREMENT = 'PSW-SEC-HDR-003';
export const METHOD_REQUIREMENT = 'PSW-SEC-HDR-004';
export const BODY_SIZE_REQUIREMENT = 'PSW-SEC-RES-001';

export interface HardeningExchange {
  /** What the request was for, e.g. "malformed JSON". */
  purpose: string;
  operationId?: string;
  method: string;
  url: string;
  status?: number;
  error?: string;
  /** Response headers (lower-case names). */
  headers: Record<string, string>;
  /** Response body (at most MAX_KEPT_BODY characters). */
  body: string;
  evidenceId?: string;
  /**
   * Sent without the credentials the operation requires, because the run has none (a run of another
   * OpenAPI document without a token endpoint): a 401 or 403 to it proves nothing about what is judged.
   */
  anonymous?: boolean;
}

export interface CorsProbe extends HardeningExchange {
  /** The planned places this exchange probes. */
  placeIds: string[];
  kind: CorsMode;
  /** The Origin header sent. */
  origin: string;
}

export interface MethodProbe extends HardeningExchange {
  placeIds: string[];
  /** The documented path the URL instantiates. */
  pathTemplate: string;
  /** Methods the document defines on that URL. */
  documented: string[];
}

export interface BodySizeProbe extends HardeningExchange {
  placeId: string;
}

/** Our port call and its formalities as read before the method probes and after them. */
export interface MethodEffects {
  url: string;
  beforeStatus?: number;
  afterStatus?: number;
  /** Top-level members (or formality types) that differ. */
  changed: string[];
  afterEvidenceId?: string;
}

export interface HardeningProbes {
  /** The API base the probes were sent under (checks use it to pick API responses). */
  apiBaseUrl: string;
  /**
   * `psw-v1`: on port calls of our own, with the profile's clients; `openapi`: from the document alone
   * (`run --openapi`; no error-provoking requests, no method effects). Absent in older artifacts: psw-v1.
   */
  mode?: 'psw-v1' | 'openapi';
  /** Requests built to make the API fail: malformed JSON, wrong types, bad parameters. */
  errorProbes: HardeningExchange[];
  /**
   * `origin`: the foreign origin (each probe says what it sent). `places` and `notProbed` (the plan's
   * CORS places) are absent only in artifacts made before places existed.
   */
  cors: { origin: string; probes: CorsProbe[]; places?: Place[]; notProbed?: Unprobed[] };
  methods: MethodProbe[];
  methodPlaces?: { places: Place[]; notProbed: Unprobed[]; effects: MethodEffects[] };
  /**
   * `probes`: one per planned place (`probe`: the port-call create's, or the first, kept for
   * readers of a single probe).
   */
  bodySize: {
    bytes: number;
    limitBytes: number;
    probe: HardeningExchange;
    probes?: BodySizeProbe[];
    places?: Place[];
    notProbed?: Unprobed[];
  };
}

declare module '../../../engine/check.ts' {
  interface ArtifactMap {
    HardeningProbes: HardeningProbes;
  }
}

/** The profile's body limit (PSW-SEC-RES-001: a body larger than this is refused with 413). */
export const BODY_LIMIT_BYTES = 1024 * 1024;
/**
 * One byte over the limit: the smallest body the requirement says must be refused, so a limit set
 * anywhere above the profile's (1.5 MiB, 2 MiB) is caught too, not only a missing one.
 */
export const OVERSIZED_BODY_BYTES = BODY_LIMIT_BYTES + 1;
const MAX_KEPT_BODY = 64 * 1024;

async function exchange(ctx: CollectContext, purpose: string, opts: HttpRequestOptions): Promise<HardeningExchange> {
  try {
    const ex = await ctx.http.request({ ...opts, label: `hardening: ${purpose}` });
    return {
      purpose,
      ...(ex.operationId ? { operationId: ex.operationId } : {}),
      method: ex.method,
      url: ex.url,
      status: ex.status,
      headers: ex.headers,
      body: ex.text.slice(0, MAX_KEPT_BODY),
      ...(ex.evidenceId ? { evidenceId: ex.evidenceId } : {}),
    };
  } catch (err) {
    return {
      purpose,
      method: opts.method.toUpperCase(),
      url: opts.url,
      error: errorMessage(err),
      headers: {},
      body: '',
    };
  }
}

/** A JSON document of exactly `bytes` bytes: a port call (or `base`) with a long unknown member. */
export function oversizedJson(bytes: number, base: object = samplePortCall()): Buffer {
  const head = JSON.stringify({ ...base, padding: '' });
  const fill = bytes - Buffer.byteLength(head);
  if (fill < 0) throw new RangeError(`cannot build a ${bytes}-byte body`);
  return Buffer.from(head.replace('"padding":""', `"padding":"${'x'.repeat(fill)}"`), 'utf8');
}

export const hardeningProbesCollector = defineCollector({
  name: 'HardeningProbes',
  description:
    'Error-provoking requests, CORS from foreign and null origins on every authenticated operation, every undocumented method and an oversized body to every operation that takes one',
  dependsOn: ['OpenApi', 'ProbePlan'],
  timeoutMs: 120_000,
  async collect(ctx: CollectContext, deps: Partial<ArtifactMap>): Promise<HardeningProbes> {
    const model = await openApiOf(ctx, deps);
    if (!followsProfileV1(ctx)) {
      // Any other OpenAPI document: the places the plan derives, addressed from the document alone.
      const addr = documentAddressing(ctx, model);
      const [cors, methods, bodySize] = await Promise.all([
        corsProbes(ctx, deps, model, addr),
        methodProbes(ctx, deps, model, addr),
        bodySizeProbes(ctx, deps, model, addr),
      ]);
      return {
        apiBaseUrl: ctx.target.apiBaseUrl,
        mode: 'openapi',
        errorProbes: [],
        cors,
        methods: methods.probes,
        methodPlaces: { places: methods.places, notProbed: methods.notProbed, effects: [] },
        bodySize,
      };
    }
    const own = await createPortCall(ctx, 'agentA', 'hardening: port call of our own');
    // The method probes may act on their port call (that is what they look for): one of their own.
    const forMethods = await createPortCall(ctx, 'agentA', 'hardening: port call for the method probes');
    const [errorProbes, cors, methods, bodySize] = await Promise.all([
      provokeErrors(ctx, own),
      corsProbes(ctx, deps, model, ownAddressing(ctx, model, own)),
      methodProbes(ctx, deps, model, ownAddressing(ctx, model, forMethods), forMethods),
      bodySizeProbes(ctx, deps, model, ownAddressing(ctx, model, own)),
    ]);
    return {
      apiBaseUrl: ctx.target.apiBaseUrl,
      mode: 'psw-v1',
      errorProbes,
      cors,
      methods: methods.probes,
      methodPlaces: { places: methods.places, notProbed: methods.notProbed, effects: methods.effects },
      bodySize,
    };
  },
});

/** Inputs a careless handler trips over: each must get a plain 4xx problem. */
async function provokeErrors(ctx: CollectContext, own: OwnPortCall): Promise<HardeningExchange[]> {
  const json = { 'content-type': 'application/json' };
  const item = `/port-calls/${encodeURIComponent(own.portCallId)}`;
  const ifMatch = own.etag ? { 'if-match': own.etag } : {};
  const wrongTypes = { ship: 'ESTEREL', portOfCall: 42, eta: true, etd: [], personsOnBoard: 'many' };
  const probes: [string, HttpRequestOptions][] = [
    [
      'malformed JSON (create)',
      { method: 'POST', url: '/port-calls', as: 'agentA', headers: json, body: '{"ship": {"imoNumber": ' },
    ],
    ['wrong-type body (create)', { method: 'POST', url: '/port-calls', as: 'agentA', body: wrongTypes }],
    ['JSON null body (create)', { method: 'POST', url: '/port-calls', as: 'agentA', headers: json, body: 'null' }],
    [
      'malformed JSON (update)',
      { method: 'PUT', url: item, as: 'agentA', headers: { ...json, ...ifMatch }, body: '{"ship": [' },
    ],
    [
      'wrong-type body (cancel)',
      { method: 'POST', url: `${item}/cancel`, as: 'agentA', body: { reason: { nested: [1, 2, 3] } } },
    ],
    [
      'non-JSON media type (create)',
      {
        method: 'POST',
        url: '/port-calls',
        as: 'agentA',
        headers: { 'content-type': 'application/xml' },
        body: '<portCall/>',
      },
    ],
    ['malformed path parameter', { method: 'GET', url: '/port-calls/not-a-uuid%00%27', as: 'agentA' }],
    ['malformed query parameter', { method: 'GET', url: '/port-calls?limit=abc&cursor=%ff%fe', as: 'agentA' }],
  ];
  const out: HardeningExchange[] = [];
  for (const [purpose, opts] of probes) out.push(await exchange(ctx, purpose, opts));
  return out;
}

/** URL of an operation on our own port call (enumerated parameters: their first value). */
function ownUrl(ctx: CollectContext, model: OpenApiModel, op: OperationModel, own: OwnPortCall): string {
  return operationUrl(model, op, ctx.target.apiBaseUrl, { portCallId: own.portCallId });
}

/** Who a probe is sent as: a client of the run, nobody, or nobody although the operation needs someone. */
interface Identity {
  as?: 'agentA';
  anonymous?: true;
}

/**
 * How the probes address the API: the URL of an operation (or why it cannot be addressed), the
 * identity to send, the value of a path parameter, and the If-Match of a PUT.
 */
interface Addressing {
  url(op: OperationModel): { url: string } | { why: NotProbedReason; detail: string };
  identity(secured: boolean, underApi: boolean): Identity;
  /** A value for the named path parameter of `path` (the document's path with its server path). */
  pathValue(path: string, name: string): string | undefined;
  ifMatch?: string;
  /** Bodies of our own requests: profile v1's port call, or nothing of any standard. */
  jsonBase?: Record<string, unknown>;
}

/** Profile v1: on our own port call, as agentA on the member's API (the run always has its clients). */
function ownAddressing(ctx: CollectContext, model: OpenApiModel, own: OwnPortCall): Addressing {
  return {
    url: (op) => ({ url: ownUrl(ctx, model, op, own) }),
    identity: (secured, underApi) => (secured || underApi ? { as: 'agentA' } : {}),
    pathValue: (_path, name) => (name === 'portCallId' ? own.portCallId : 'x'),
    ...(own.etag ? { ifMatch: own.etag } : {}),
  };
}

/**
 * Any OpenAPI document: paths from the document's examples and schemas, credentials only when the
 * run has them (else anonymous, marked as such on a secured operation).
 */
function documentAddressing(ctx: CollectContext, model: OpenApiModel): Addressing {
  const creds = hasCredentials(ctx);
  return {
    url(op) {
      const { values, missing } = documentPathValues(op);
      if (missing.length > 0) return { why: 'precondition-failed', detail: noPathValue(missing) };
      return { url: operationUrl(model, op, ctx.target.apiBaseUrl, values) };
    },
    identity: (secured) => (!secured ? {} : creds ? { as: 'agentA' } : { anonymous: true }),
    pathValue(path, name) {
      for (const op of model.operations) {
        if (op.basePath + op.pathTemplate !== path) continue;
        const param = op.parameters.find((p) => p.in === 'path' && p.name === name);
        const value = param?.example ?? schemaExample(param?.schema);
        if (value !== undefined && value !== null && typeof value !== 'object') return String(value);
      }
      return undefined;
    },
    jsonBase: {},
  };
}

/**
 * At every CORS place: the preflight a browser sends before the operation (OPTIONS, the method and
 * headers it would use) and the request itself with the client's credentials, from each origin. A
 * write is sent with an empty JSON object: refused (400), it acts on nothing, and the answer still
 * says what the server allows that origin.
 */
async function corsProbes(
  ctx: CollectContext,
  deps: Partial<ArtifactMap>,
  model: OpenApiModel,
  addr: Addressing,
): Promise<Required<HardeningProbes['cors']>> {
  const { places, chosen, skipped } = placesToProbe(ctx, deps, model, CORS_REQUIREMENT);
  const notProbed: Unprobed[] = [...skipped];
  const probes: CorsProbe[] = [];
  for (const place of chosen) {
    const v = parseCorsVariant(place.variant);
    const op = model.operations.find((o) => o.operationId === place.operationId);
    if (!v || !op) {
      notProbed.push({ id: place.id, why: 'not-applicable', detail: 'no such operation or variant' });
      continue;
    }
    if (outOfTime(ctx)) {
      notProbed.push({ id: place.id, why: 'stopped', detail: 'the collector ran out of time' });
      continue;
    }
    const origin = CORS_ORIGINS[v.origin];
    const where = addr.url(op);
    if (!('url' in where)) {
      notProbed.push({ id: place.id, why: where.why, detail: where.detail });
      continue;
    }
    const url = where.url;
    const ifMatch: Record<string, string> = op.method === 'PUT' && addr.ifMatch ? { 'if-match': addr.ifMatch } : {};
    // A browser's request carries the user's credentials: the run's, when it has them.
    const identity = addr.identity(op.security, url.startsWith(ctx.target.apiBaseUrl));
    const purpose = `CORS ${v.mode} for ${op.operationId} from Origin ${origin}`;
    const ex =
      v.mode === 'preflight'
        ? await exchange(ctx, purpose, {
            method: 'OPTIONS',
            url,
            headers: {
              origin,
              'access-control-request-method': op.method,
              'access-control-request-headers': `authorization${op.requestBody ? ', content-type' : ''}${op.method === 'PUT' ? ', if-match' : ''}`,
            },
          })
        : {
            ...(await exchange(ctx, purpose, {
              method: op.method,
              url,
              ...(op.security && identity.as ? { as: identity.as } : {}),
              headers: { origin, ...ifMatch },
              ...(op.requestBody ? { body: {} } : {}),
            })),
            ...(op.security && identity.anonymous ? { anonymous: true } : {}),
          };
    // The operation the place names (a preflight's OPTIONS is no operation of the document).
    probes.push({ ...ex, operationId: op.operationId, placeIds: [place.id], kind: v.mode, origin });
  }
  return { origin: CORS_ORIGINS.foreign, probes, places, notProbed };
}

/**
 * The URL of an undocumented-method place (under the member's API base when the path is). `fill` gives
 * the value of a path parameter (a string: our port call's id for portCallId, `x` for the others).
 */
export function methodPlaceUrl(
  model: OpenApiModel,
  place: Place,
  apiBaseUrl: string,
  fill: string | ((name: string) => string),
) {
  const path = place.path ?? '';
  const value = typeof fill === 'string' ? (name: string) => (name === 'portCallId' ? fill : 'x') : fill;
  const instance = undocumentedInstance(model, place.method ?? 'GET', path, value);
  if (instance === undefined) return undefined;
  const docBase = model.serverBasePath;
  if (docBase && (instance === docBase || instance.startsWith(`${docBase}/`)))
    return apiBaseUrl.replace(/\/+$/, '') + instance.slice(docBase.length);
  return new URL(instance, new URL(apiBaseUrl).origin).toString();
}

/**
 * Every undocumented-method place, on our own port call (and the identity endpoints): deeper paths
 * first and DELETE last, so a DELETE that works cannot hide the rest. Before and after, the port
 * call and its formalities are read: an undocumented method must not act.
 */
export function undocumentedMethodTargets(
  model: OpenApiModel,
  apiBaseUrl: string,
  portCallId: string | ((name: string) => string),
  places: readonly Place[],
): { method: string; url: string; pathTemplate: string; documented: string[]; placeIds: string[] }[] {
  const byKey = new Map<string, { method: string; url: string; pathTemplate: string; placeIds: string[] }>();
  for (const place of places) {
    const url = methodPlaceUrl(model, place, apiBaseUrl, portCallId);
    if (!url || !place.method) continue;
    const key = `${place.method} ${url}`;
    const t = byKey.get(key) ?? { method: place.method, url, pathTemplate: place.path ?? '', placeIds: [] };
    t.placeIds.push(place.id);
    byKey.set(key, t);
  }
  const allMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
  const basePath = new URL(apiBaseUrl).pathname;
  const targets = [...byKey.values()].map((t) => ({
    ...t,
    // The member's API base path stands in for the document's server path.
    documented: allMethods.filter(
      (m) => matchOperation(model, m, t.url, t.url.startsWith(apiBaseUrl) ? basePath : '') !== undefined,
    ),
  }));
  const depth = (u: string) => new URL(u).pathname.split('/').length;
  const rank = (m: string) => (m === 'DELETE' ? 1 : 0);
  return targets.sort((a, b) => rank(a.method) - rank(b.method) || depth(b.url) - depth(a.url));
}

/** Whether any operation the document serves on `path` (with its server path) needs credentials. */
function pathSecured(model: OpenApiModel, path: string): boolean {
  return model.operations.some((o) => o.basePath + o.pathTemplate === path && o.security);
}

/**
 * Every undocumented-method place. Profile v1 (`own` given): on our own port call, with a formality
 * submitted for the probes to find, read before and after (an undocumented method must not act). Any
 * other document: on the path instantiated from the document's values, nothing read back.
 */
async function methodProbes(
  ctx: CollectContext,
  deps: Partial<ArtifactMap>,
  model: OpenApiModel,
  addr: Addressing,
  own?: OwnPortCall,
): Promise<{ probes: MethodProbe[]; places: Place[]; notProbed: Unprobed[]; effects: MethodEffects[] }> {
  const { places, chosen: planned, skipped } = placesToProbe(ctx, deps, model, METHOD_REQUIREMENT);
  const notProbed: Unprobed[] = [...skipped];
  // A path parameter the document gives no value for: the place is reported, not guessed at.
  const chosen = planned.filter((p) => {
    const names = [...(p.path ?? '').matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    const missing = names.filter((n) => addr.pathValue(p.path ?? '', n) === undefined);
    if (missing.length > 0) notProbed.push({ id: p.id, why: 'precondition-failed', detail: noPathValue(missing) });
    return missing.length === 0;
  });
  const byUrl = new Map<string, string>();
  const fill = (path: string) => (name: string) => addr.pathValue(path, name) ?? 'x';
  const targets = chosen.flatMap((p) => {
    const t = undocumentedMethodTargets(model, ctx.target.apiBaseUrl, fill(p.path ?? ''), [p]);
    for (const x of t) byUrl.set(x.url, p.path ?? '');
    return t;
  });
  // One request per method and URL (places of one path instance share it).
  const merged = new Map<string, (typeof targets)[number]>();
  for (const t of targets) {
    const key = `${t.method} ${t.url}`;
    const m = merged.get(key);
    if (m) m.placeIds.push(...t.placeIds);
    else merged.set(key, { ...t, placeIds: [...t.placeIds] });
  }
  const depth = (u: string) => new URL(u).pathname.split('/').length;
  const rank = (m: string) => (m === 'DELETE' ? 1 : 0);
  const ordered = [...merged.values()].sort((a, b) => rank(a.method) - rank(b.method) || depth(b.url) - depth(a.url));
  const targeted = new Set(ordered.flatMap((t) => t.placeIds));
  for (const p of chosen)
    if (!targeted.has(p.id))
      notProbed.push({
        id: p.id,
        why: 'not-applicable',
        detail: 'the method is documented on every instance of the path',
      });
  const identityAt = (url: string): Identity =>
    addr.identity(pathSecured(model, byUrl.get(url) ?? ''), url.startsWith(ctx.target.apiBaseUrl));

  let views: Awaited<ReturnType<typeof ownViews>> = [];
  if (own) {
    // Something for the probes to act on: a formality of each type the probed paths name.
    const formalityPaths = new Set<string>();
    for (const t of ordered) {
      const m = /\/formalities\/([^/?]+)$/.exec(new URL(t.url).pathname);
      if (m) formalityPaths.add(m[1]!);
    }
    for (const type of formalityPaths) {
      const submit = model.operations.find(
        (o) => o.method === 'POST' && o.pathTemplate.endsWith(`/formalities/${decodeURIComponent(type)}`),
      );
      if (!submit) continue;
      await ctx.http.request({
        method: 'POST',
        url: ownUrl(ctx, model, submit, own),
        as: 'agentA',
        body: validBody(submit, own.input),
        label: `hardening: ${submit.operationId} for the method probes to find`,
      });
    }
    views = await ownViews(ctx, model, own);
  }

  // A path the member does not serve at all (its documented GET answers 404) has no methods to
  // judge: that is the missing operation's finding, not this requirement's. On a path instantiated
  // from the document's examples, a 404 says only that the example names nothing on the target.
  const unserved = new Map<string, string>();
  for (const url of new Set(ordered.filter((t) => t.documented.includes('GET')).map((t) => t.url))) {
    if (outOfTime(ctx)) break;
    const identity = identityAt(url);
    const control = await exchange(ctx, 'the documented GET of a probed path', {
      method: 'GET',
      url,
      ...(identity.as ? { as: identity.as } : {}),
    });
    if (control.status === 404) unserved.set(url, (byUrl.get(url) ?? '').includes('{') && !own ? 'example' : 'path');
  }

  const probes: MethodProbe[] = [];
  for (const t of ordered) {
    if (outOfTime(ctx)) {
      for (const id of t.placeIds) notProbed.push({ id, why: 'stopped', detail: 'the collector ran out of time' });
      continue;
    }
    const missingThere = unserved.get(t.url);
    if (missingThere) {
      for (const id of t.placeIds)
        notProbed.push(
          missingThere === 'path'
            ? { id, why: 'not-exposed', detail: `GET ${t.url} answers 404: the path is not served` }
            : {
                id,
                why: 'precondition-failed',
                detail: `GET ${t.url} answers 404: the document's example values name nothing on the target`,
              },
        );
      continue;
    }
    const identity = identityAt(t.url);
    const ex = await exchange(ctx, `undocumented ${t.method}`, {
      method: t.method,
      url: t.url,
      ...(identity.as ? { as: identity.as } : {}),
      ...(t.method === 'DELETE' ? {} : { body: {} }),
    });
    probes.push({
      ...ex,
      placeIds: t.placeIds,
      pathTemplate: t.pathTemplate,
      documented: t.documented,
      ...(identity.anonymous ? { anonymous: true } : {}),
    });
  }
  if (!own) return { probes, places, notProbed, effects: [] };
  const after = await ownViews(ctx, model, own);
  const effects: MethodEffects[] = views.map((b) => {
    const a = after.find((x) => x.url === b.url);
    return {
      url: b.url,
      ...(b.status !== undefined ? { beforeStatus: b.status } : {}),
      ...(a?.status !== undefined ? { afterStatus: a.status } : {}),
      changed: b.status === 200 && a?.status === 200 ? changed(b.json, a.json) : [],
      ...(a?.evidenceId ? { afterEvidenceId: a.evidenceId } : {}),
    };
  });
  return { probes, places, notProbed, effects };
}

/** Our port call and its formalities list, as read now. */
async function ownViews(ctx: CollectContext, model: OpenApiModel, own: OwnPortCall) {
  const out: { url: string; status?: number; json?: unknown; evidenceId?: string }[] = [];
  const item = await readPortCall(ctx, 'agentA', own.portCallId, 'hardening: our port call (method probes)');
  out.push({
    url: item.exchange.url,
    status: item.exchange.status,
    json: item.body,
    ...(item.exchange.evidenceId ? { evidenceId: item.exchange.evidenceId } : {}),
  });
  const list = model.operations.find((o) => o.operationId === 'listFormalities');
  if (list) {
    const ex = await ctx.http.request({
      method: 'GET',
      url: ownUrl(ctx, model, list, own),
      as: 'agentA',
      label: 'hardening: our formalities (method probes)',
    });
    const items = isObject(ex.json) && Array.isArray(ex.json.items) ? ex.json.items : undefined;
    // Keyed by type, so a deleted or replaced formality shows as that type.
    const byType = items
      ? Object.fromEntries(items.filter(isObject).map((i) => [String(i.formalityType), i.receiptId]))
      : ex.json;
    out.push({ url: ex.url, status: ex.status, json: byType, ...(ex.evidenceId ? { evidenceId: ex.evidenceId } : {}) });
  }
  return out;
}

function changed(before: unknown, after: unknown): string[] {
  if (!isObject(before) || !isObject(after)) return JSON.stringify(before) === JSON.stringify(after) ? [] : [''];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
}

/** A form body (application/x-www-form-urlencoded) of exactly `bytes` bytes. */
export function oversizedForm(bytes: number): Buffer {
  const head = 'grant_type=client_credentials&padding=';
  const fill = bytes - Buffer.byteLength(head);
  if (fill < 0) throw new RangeError(`cannot build a ${bytes}-byte body`);
  return Buffer.from(head + 'x'.repeat(fill), 'utf8');
}

/**
 * The oversized body for an operation, in the media type it documents: JSON (profile v1's own
 * operations say application/json; another document's own JSON type is kept), else a form, else its
 * first media type filled with bytes (text such as profile v1's application/EDIFACT: sent as JSON it
 * would meet the 415 before the size limit).
 */
function oversizedBody(op: OperationModel, addr: Addressing, json: Buffer): { contentType: string; bytes: Buffer } {
  const types = Object.keys(op.requestBody?.contentTypes ?? {});
  const jsonTypes = types.filter((t) => t === 'application/json' || t.endsWith('+json'));
  const anyDocument = addr.jsonBase !== undefined;
  if (jsonTypes.length > 0)
    return {
      contentType: anyDocument && !jsonTypes.includes('application/json') ? jsonTypes[0]! : 'application/json',
      bytes: json,
    };
  if (types.includes('application/x-www-form-urlencoded'))
    return { contentType: 'application/x-www-form-urlencoded', bytes: oversizedForm(OVERSIZED_BODY_BYTES) };
  if (types.length > 0) return { contentType: types[0]!, bytes: Buffer.alloc(OVERSIZED_BODY_BYTES, 'x') };
  return { contentType: 'application/json', bytes: json };
}

/** A body over the limit to every operation that takes one, in the media type it documents. */
async function bodySizeProbes(
  ctx: CollectContext,
  deps: Partial<ArtifactMap>,
  model: OpenApiModel,
  addr: Addressing,
): Promise<Required<HardeningProbes['bodySize']>> {
  const { places, chosen, skipped } = placesToProbe(ctx, deps, model, BODY_SIZE_REQUIREMENT);
  const notProbed: Unprobed[] = [...skipped];
  const probes: BodySizeProbe[] = [];
  const json = oversizedJson(OVERSIZED_BODY_BYTES, addr.jsonBase);
  for (const place of chosen) {
    const op = model.operations.find((o) => o.operationId === place.operationId);
    if (!op?.requestBody) {
      notProbed.push({ id: place.id, why: 'not-applicable', detail: 'the operation takes no body' });
      continue;
    }
    if (outOfTime(ctx, 35_000)) {
      notProbed.push({ id: place.id, why: 'stopped', detail: 'the collector ran out of time' });
      continue;
    }
    const where = addr.url(op);
    if (!('url' in where)) {
      notProbed.push({ id: place.id, why: where.why, detail: where.detail });
      continue;
    }
    const body = oversizedBody(op, addr, json);
    const identity = addr.identity(op.security, where.url.startsWith(ctx.target.apiBaseUrl));
    const ex = await exchange(ctx, `body of ${OVERSIZED_BODY_BYTES} bytes to ${op.operationId}`, {
      method: op.method,
      url: where.url,
      ...(op.security && identity.as ? { as: identity.as } : {}),
      headers: {
        'content-type': body.contentType,
        ...(op.method === 'PUT' && addr.ifMatch ? { 'if-match': addr.ifMatch } : {}),
      },
      body: body.bytes,
      timeoutMs: 30_000,
    });
    probes.push({ ...ex, placeId: place.id, ...(op.security && identity.anonymous ? { anonymous: true } : {}) });
  }
  const first = probes.find((p) => p.operationId === 'createPortCall') ?? probes[0];
  return {
    bytes: OVERSIZED_BODY_BYTES,
    limitBytes: BODY_LIMIT_BYTES,
    probe: first ?? { purpose: 'none', method: 'POST', url: '', headers: {}, body: '', error: 'no body was sent' },
    probes,
    places,
    notProbed,
  };
}
