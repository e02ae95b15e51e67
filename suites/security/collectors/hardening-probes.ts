// HardeningProbes: what a misconfigured API gives away (OWASP API8, API4). Error-provoking requests
// (bodies to scan for stack traces and banners), and, at every place the probe plan derives from the
// document: CORS preflights and requests from a foreign and a `null` origin on every authenticated
// operation, every method a path does not document (on port calls of our own, and on the identity
// endpoints), and a body over the limit to every operation that takes one.
import { matchOperation, type OpenApiModel, type OperationModel } from '../../../contracts/openapi.ts';
import { CORS_ORIGINS, parseCorsVariant, type CorsMode } from '../../../contracts/plan/cors.ts';
import { undocumentedInstance } from '../../../contracts/plan/operations.ts';
import { defineCollector, type ArtifactMap } from '../../../engine/check.ts';
import type { CollectContext, HttpRequestOptions } from '../../../engine/context.ts';
import { errorMessage } from '../../../engine/errors.ts';
import type { Place } from '../../../engine/types.ts';
import { samplePortCall } from '../../../contracts/samples.ts';
import { outOfTime, placesToProbe, type Unprobed } from './plan-places.ts';
import {
  createPortCall,
  isObject,
  openApiOf,
  operationUrl,
  readPortCall,
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

/** The profile's body limit and the size sent: twice the limit. */
export const BODY_LIMIT_BYTES = 1024 * 1024;
export const OVERSIZED_BODY_BYTES = 2 * BODY_LIMIT_BYTES;
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

/** A JSON document of exactly `bytes` bytes: a port call with a long unknown member. */
export function oversizedJson(bytes: number): Buffer {
  const head = JSON.stringify({ ...samplePortCall(), padding: '' });
  const fill = bytes - Buffer.byteLength(head);
  if (fill < 0) throw new RangeError(`cannot build a ${bytes}-byte body`);
  return Buffer.from(head.replace('"padding":""', `"padding":"${'x'.repeat(fill)}"`), 'utf8');
}

export const hardeningProbesCollector = defineCollector({
  name: 'HardeningProbes',
  description:
    'Error-provoking requests, CORS from foreign and null origins on every authenticated operation, every undocumented method and an oversized body to every operation that takes one',
  dependsOn: ['OpenApi', 'ProbePlan'],
  // It creates port calls of its own for the paths it probes: profile v1's conventions.
  standard: 'psw-v1',
  timeoutMs: 120_000,
  async collect(ctx: CollectContext, deps: Partial<ArtifactMap>): Promise<HardeningProbes> {
    const model = await openApiOf(ctx, deps);
    const own = await createPortCall(ctx, 'agentA', 'hardening: port call of our own');
    // The method probes may act on their port call (that is what they look for): one of their own.
    const forMethods = await createPortCall(ctx, 'agentA', 'hardening: port call for the method probes');
    const [errorProbes, cors, methods, bodySize] = await Promise.all([
      provokeErrors(ctx, own),
      corsProbes(ctx, deps, model, own),
      methodProbes(ctx, deps, model, forMethods),
      bodySizeProbes(ctx, deps, model, own),
    ]);
    return {
      apiBaseUrl: ctx.target.apiBaseUrl,
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
  own: OwnPortCall,
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
    const url = ownUrl(ctx, model, op, own);
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
        : await exchange(ctx, purpose, {
            method: op.method,
            url,
            ...(op.security ? { as: 'agentA' as const } : {}),
            headers: { origin, ...(op.method === 'PUT' && own.etag ? { 'if-match': own.etag } : {}) },
            ...(op.requestBody ? { body: {} } : {}),
          });
    // The operation the place names (a preflight's OPTIONS is no operation of the document).
    probes.push({ ...ex, operationId: op.operationId, placeIds: [place.id], kind: v.mode, origin });
  }
  return { origin: CORS_ORIGINS.foreign, probes, places, notProbed };
}

/** The URL of an undocumented-method place (under the member's API base when the path is). */
export function methodPlaceUrl(model: OpenApiModel, place: Place, apiBaseUrl: string, portCallId: string) {
  const path = place.path ?? '';
  const instance = undocumentedInstance(model, place.method ?? 'GET', path, (name) =>
    name === 'portCallId' ? portCallId : 'x',
  );
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
  portCallId: string,
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

async function methodProbes(
  ctx: CollectContext,
  deps: Partial<ArtifactMap>,
  model: OpenApiModel,
  own: OwnPortCall,
): Promise<{ probes: MethodProbe[]; places: Place[]; notProbed: Unprobed[]; effects: MethodEffects[] }> {
  const { places, chosen, skipped } = placesToProbe(ctx, deps, model, METHOD_REQUIREMENT);
  const notProbed: Unprobed[] = [...skipped];
  const targets = undocumentedMethodTargets(model, ctx.target.apiBaseUrl, own.portCallId, chosen);
  const targeted = new Set(targets.flatMap((t) => t.placeIds));
  for (const p of chosen)
    if (!targeted.has(p.id))
      notProbed.push({
        id: p.id,
        why: 'not-applicable',
        detail: 'the method is documented on every instance of the path',
      });

  // Something for the probes to act on: a formality of each type the probed paths name.
  const formalityPaths = new Set<string>();
  for (const t of targets) {
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
  const views = await ownViews(ctx, model, own);

  // A path the member does not serve at all (its documented GET answers 404) has no methods to
  // judge: that is the missing operation's finding, not this requirement's.
  const unserved = new Map<string, number>();
  for (const url of new Set(targets.filter((t) => t.documented.includes('GET')).map((t) => t.url))) {
    if (outOfTime(ctx)) break;
    const control = await exchange(ctx, 'the documented GET of a probed path', {
      method: 'GET',
      url,
      ...(url.startsWith(ctx.target.apiBaseUrl) ? { as: 'agentA' as const } : {}),
    });
    if (control.status === 404) unserved.set(url, control.status);
  }

  const probes: MethodProbe[] = [];
  for (const t of targets) {
    if (outOfTime(ctx)) {
      for (const id of t.placeIds) notProbed.push({ id, why: 'stopped', detail: 'the collector ran out of time' });
      continue;
    }
    if (unserved.has(t.url)) {
      for (const id of t.placeIds)
        notProbed.push({ id, why: 'not-exposed', detail: `GET ${t.url} answers 404: the path is not served` });
      continue;
    }
    const underApi = t.url.startsWith(ctx.target.apiBaseUrl);
    const ex = await exchange(ctx, `undocumented ${t.method}`, {
      method: t.method,
      url: t.url,
      ...(underApi ? { as: 'agentA' as const } : {}),
      ...(t.method === 'DELETE' ? {} : { body: {} }),
    });
    probes.push({ ...ex, placeIds: t.placeIds, pathTemplate: t.pathTemplate, documented: t.documented });
  }
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

/** A body over the limit to every operation that takes one, in the media type it documents. */
async function bodySizeProbes(
  ctx: CollectContext,
  deps: Partial<ArtifactMap>,
  model: OpenApiModel,
  own: OwnPortCall,
): Promise<Required<HardeningProbes['bodySize']>> {
  const { places, chosen, skipped } = placesToProbe(ctx, deps, model, BODY_SIZE_REQUIREMENT);
  const notProbed: Unprobed[] = [...skipped];
  const probes: BodySizeProbe[] = [];
  const json = oversizedJson(OVERSIZED_BODY_BYTES);
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
    const types = Object.keys(op.requestBody.contentTypes);
    const form =
      !types.some((t) => t === 'application/json' || t.endsWith('+json')) &&
      types.includes('application/x-www-form-urlencoded');
    const ex = await exchange(ctx, `body of ${OVERSIZED_BODY_BYTES} bytes to ${op.operationId}`, {
      method: op.method,
      url: ownUrl(ctx, model, op, own),
      ...(op.security ? { as: 'agentA' as const } : {}),
      headers: {
        'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json',
        ...(op.method === 'PUT' && own.etag ? { 'if-match': own.etag } : {}),
      },
      body: form ? oversizedForm(OVERSIZED_BODY_BYTES) : json,
      timeoutMs: 30_000,
    });
    probes.push({ ...ex, placeId: place.id });
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
