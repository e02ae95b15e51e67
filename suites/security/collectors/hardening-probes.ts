// HardeningProbes: what a misconfigured API gives away (OWASP API8, API4). Error-provoking requests
// (bodies to scan for stack traces and banners), CORS requests from a foreign origin, methods the
// document does not define on a port call of our own, and an oversized body.
import { matchOperation, type OpenApiModel } from '../../../contracts/openapi.ts';
import { defineCollector, type ArtifactMap } from '../../../engine/check.ts';
import type { CollectContext, HttpRequestOptions } from '../../../engine/context.ts';
import { errorMessage } from '../../../engine/errors.ts';
import { samplePortCall } from '../../../contracts/samples.ts';
import { createPortCall, openApiOf, operationUrl, underDocumentServer, type OwnPortCall } from './requests.ts';

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
  kind: 'preflight' | 'simple';
}

export interface MethodProbe extends HardeningExchange {
  /** The documented path the URL instantiates. */
  pathTemplate: string;
  /** Methods the document defines on that URL. */
  documented: string[];
}

export interface HardeningProbes {
  /** The API base the probes were sent under (checks use it to pick API responses). */
  apiBaseUrl: string;
  /** Requests built to make the API fail: malformed JSON, wrong types, bad parameters. */
  errorProbes: HardeningExchange[];
  cors: { origin: string; probes: CorsProbe[] };
  methods: MethodProbe[];
  bodySize: { bytes: number; limitBytes: number; probe: HardeningExchange };
}

declare module '../../../engine/check.ts' {
  interface ArtifactMap {
    HardeningProbes: HardeningProbes;
  }
}

export const FOREIGN_ORIGIN = 'https://evil.example';
/** The profile's body limit and the size sent: twice the limit. */
export const BODY_LIMIT_BYTES = 1024 * 1024;
export const OVERSIZED_BODY_BYTES = 2 * BODY_LIMIT_BYTES;
const MAX_KEPT_BODY = 64 * 1024;
/** Methods tried where the document lacks them; TRACE and CONNECT are never sent. */
export const UNDOCUMENTED_METHOD_CANDIDATES = ['PUT', 'PATCH', 'DELETE'] as const;
/** Bound on method probes (the profile needs about 30). */
const MAX_METHOD_PROBES = 120;

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
  description: 'Error-provoking requests, foreign-origin CORS requests, undocumented methods and an oversized body',
  dependsOn: ['OpenApi'],
  timeoutMs: 120_000,
  async collect(ctx: CollectContext, deps: Partial<ArtifactMap>): Promise<HardeningProbes> {
    const model = await openApiOf(ctx, deps);
    const own = await createPortCall(ctx, 'agentA', 'hardening: port call of our own');
    const errorProbes = await provokeErrors(ctx, own);
    const cors = await corsProbes(ctx, own);
    const methods = await methodProbes(ctx, model, own);
    const probe = await exchange(ctx, `body of ${OVERSIZED_BODY_BYTES} bytes`, {
      method: 'POST',
      url: '/port-calls',
      as: 'agentA',
      headers: { 'content-type': 'application/json' },
      body: oversizedJson(OVERSIZED_BODY_BYTES),
      timeoutMs: 30_000,
    });
    return {
      apiBaseUrl: ctx.target.apiBaseUrl,
      errorProbes,
      cors: { origin: FOREIGN_ORIGIN, probes: cors },
      methods,
      bodySize: { bytes: OVERSIZED_BODY_BYTES, limitBytes: BODY_LIMIT_BYTES, probe },
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

async function corsProbes(ctx: CollectContext, own: OwnPortCall): Promise<CorsProbe[]> {
  const item = `/port-calls/${encodeURIComponent(own.portCallId)}`;
  const preflight = await exchange(ctx, 'CORS preflight from a foreign origin', {
    method: 'OPTIONS',
    url: item,
    headers: {
      origin: FOREIGN_ORIGIN,
      'access-control-request-method': 'PUT',
      'access-control-request-headers': 'authorization, content-type, if-match',
    },
  });
  const simple = await exchange(ctx, 'CORS request from a foreign origin', {
    method: 'GET',
    url: item,
    as: 'agentA',
    headers: { origin: FOREIGN_ORIGIN },
  });
  return [
    { ...preflight, kind: 'preflight' },
    { ...simple, kind: 'simple' },
  ];
}

/**
 * PUT, PATCH and DELETE on every documented URL of our own port call where the document does not
 * define them. Deeper paths first and DELETE last, so a DELETE that works cannot hide the rest.
 */
export function undocumentedMethodTargets(
  model: OpenApiModel,
  apiBaseUrl: string,
  portCallId: string,
): { method: string; url: string; pathTemplate: string; documented: string[] }[] {
  const urls = new Map<string, string>();
  for (const op of model.operations) {
    // Only what lies under the API base and names our own port call.
    if (!op.security || !op.pathTemplate.includes('{portCallId}') || !underDocumentServer(model, op)) continue;
    const url = operationUrl(model, op, apiBaseUrl, { portCallId, formalityType: 'general-declaration' }).split(
      '?',
    )[0]!;
    if (!urls.has(url)) urls.set(url, op.pathTemplate);
  }
  const targets: { method: string; url: string; pathTemplate: string; documented: string[] }[] = [];
  const allMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
  const basePath = new URL(apiBaseUrl).pathname;
  for (const [url, pathTemplate] of urls) {
    // The member's API base path stands in for the document's server path.
    const documented = allMethods.filter((m) => matchOperation(model, m, url, basePath) !== undefined);
    for (const method of UNDOCUMENTED_METHOD_CANDIDATES) {
      if (!documented.includes(method)) targets.push({ method, url, pathTemplate, documented });
    }
  }
  const depth = (u: string) => u.split('/').length;
  const methodRank = (m: string) =>
    UNDOCUMENTED_METHOD_CANDIDATES.indexOf(m as (typeof UNDOCUMENTED_METHOD_CANDIDATES)[number]);
  return targets
    .sort((a, b) => depth(b.url) - depth(a.url) || methodRank(a.method) - methodRank(b.method))
    .slice(0, MAX_METHOD_PROBES);
}

async function methodProbes(ctx: CollectContext, model: OpenApiModel, own: OwnPortCall): Promise<MethodProbe[]> {
  const out: MethodProbe[] = [];
  for (const t of undocumentedMethodTargets(model, ctx.target.apiBaseUrl, own.portCallId)) {
    const body = t.method === 'DELETE' ? undefined : {};
    const ex = await exchange(ctx, `undocumented ${t.method}`, { method: t.method, url: t.url, as: 'agentA', body });
    out.push({ ...ex, pathTemplate: t.pathTemplate, documented: t.documented });
  }
  return out;
}
