// HardeningProbes and AuthProbes in a run of another OpenAPI document (`run --openapi`, standard
// `openapi`) without credentials: places from the document alone, paths from its examples and schemas
// (never guessed), no port call of our own, nothing sent with credentials the run does not have.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOpenApi, type OpenApiModel } from '../../../../../contracts/openapi.ts';
import { derivePlan } from '../../../../../contracts/plan/index.ts';
import { loadRequirements } from '../../../../../contracts/requirements.ts';
import type { CollectContext } from '../../../../../engine/context.ts';
import type { ProbePlan } from '../../../../../engine/types.ts';
import { authProbesCollector, TOKENLESS_KINDS } from '../../../../../suites/security/collectors/auth-probes.ts';
import { hardeningProbesCollector } from '../../../../../suites/security/collectors/hardening-probes.ts';
import { NEEDS_CREDENTIALS } from '../../../../../suites/security/collectors/requests.ts';
import { fakeContext, type Reply, type Sent } from '../fake-context.ts';

const API = 'https://127.0.0.1:9443';

/** A small API at its origin root: bearer, API-key and open operations; one path parameter without a value. */
const DOC = {
  openapi: '3.1.0',
  info: { title: 'Items', version: '1.0.0' },
  security: [{ bearer: [] }],
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer' },
      key: { type: 'apiKey', in: 'header', name: 'x-api-key' },
    },
  },
  paths: {
    '/items/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' }, example: 'abc' }],
      get: { operationId: 'getItem', responses: { '200': { description: 'ok' } } },
      delete: { operationId: 'deleteItem', responses: { '204': { description: 'gone' } } },
    },
    '/things/{thingId}': {
      parameters: [{ name: 'thingId', in: 'path', required: true, schema: { type: 'string' } }],
      get: { operationId: 'getThing', responses: { '200': { description: 'ok' } } },
      put: {
        operationId: 'putThing',
        requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
        responses: { '200': { description: 'ok' } },
      },
    },
    '/keyed': { get: { operationId: 'keyed', security: [{ key: [] }], responses: { '200': { description: 'ok' } } } },
    '/open': {
      post: {
        operationId: 'openPost',
        security: [],
        requestBody: { content: { 'application/vnd.items+json': { schema: { type: 'object' } } } },
        responses: { '200': { description: 'ok' } },
      },
    },
  },
};

let dir: string;
let model: OpenApiModel;
let plan: ProbePlan;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'generic-probes-'));
  const file = join(dir, 'items.json');
  writeFileSync(file, JSON.stringify(DOC));
  model = await loadOpenApi(file);
  plan = derivePlan(model, loadRequirements());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A target requiring a bearer token everywhere but /open, answering 405 to undocumented methods first. */
function reply(req: Sent): Reply {
  const path = new URL(req.url).pathname;
  const documented: Record<string, string[]> = {
    '/items/abc': ['GET', 'DELETE'],
    '/keyed': ['GET'],
    '/open': ['POST'],
  };
  const allowed = documented[path];
  if (!allowed) return { status: 404 };
  if (!allowed.includes(req.method)) return { status: 405, headers: { allow: allowed.join(', ') } };
  if (path === '/open') return { status: req.body instanceof Buffer ? 413 : 200 };
  if (!req.headers.authorization) return { status: 401, headers: { 'www-authenticate': 'Bearer' } };
  return { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } };
}

/** The fake context as a generic run without credentials sees it. */
function genericContext(): { ctx: CollectContext; sent: Sent[] } {
  const { ctx, sent } = fakeContext({ token: 'never-sent', reply });
  return {
    ctx: {
      ...ctx,
      profile: { ...ctx.profile, standard: 'openapi' },
      target: { ...ctx.target, apiBaseUrl: API, tokenUrl: '', jwksUrl: '', credentials: {} },
    },
    sent,
  };
}

describe('HardeningProbes from any OpenAPI document, without credentials', () => {
  it('creates nothing, sends nothing as a client, and provokes no profile v1 errors', async () => {
    const { ctx, sent } = genericContext();
    const h = await hardeningProbesCollector.collect(ctx, { OpenApi: model, ProbePlan: plan });
    expect(h.mode).toBe('openapi');
    expect(h.errorProbes).toEqual([]);
    expect(h.methodPlaces?.effects).toEqual([]);
    expect(sent.filter((s) => s.as !== undefined || s.headers.authorization)).toEqual([]);
    expect(sent.filter((s) => /port-calls/.test(s.url))).toEqual([]);
  });

  it('instantiates paths from the document; a parameter without a value leaves its places not probed', async () => {
    const { ctx } = genericContext();
    const h = await hardeningProbesCollector.collect(ctx, { OpenApi: model, ProbePlan: plan });
    const noValue = (id: string) =>
      expect.objectContaining({ id, why: 'precondition-failed', detail: expect.stringMatching(/thingId/) });
    // Undocumented methods: on /items/abc, as the example says; none on /things/{thingId}.
    expect(h.methods.map((m) => `${m.method} ${new URL(m.url).pathname}`).sort()).toEqual(
      expect.arrayContaining(['PATCH /items/abc', 'POST /items/abc', 'PUT /items/abc']),
    );
    expect(h.methods.every((m) => !m.url.includes('/things/'))).toBe(true);
    expect(h.methodPlaces?.notProbed).toEqual(expect.arrayContaining([noValue('POST /things/{thingId}')]));
    // A path that needs credentials is probed anonymously and says so.
    expect(h.methods.filter((m) => m.url.includes('/items/')).every((m) => m.anonymous && m.status === 405)).toBe(true);
    // Body size: the open operation in its own JSON type; the secured one without a path value is not probed.
    expect(h.bodySize.probes?.map((p) => [p.placeId, p.status, p.anonymous ?? false])).toEqual([
      ['openPost', 413, false],
    ]);
    expect(h.bodySize.notProbed).toEqual([noValue('putThing')]);
    // CORS: preflights anonymous as browsers send them; requests to secured operations marked anonymous.
    const requests = h.cors.probes.filter((p) => p.kind === 'request');
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((p) => p.anonymous === true)).toBe(true);
    expect(h.cors.probes.filter((p) => p.kind === 'preflight').every((p) => p.anonymous === undefined)).toBe(true);
    expect(h.cors.notProbed).toEqual(expect.arrayContaining([noValue('getThing request from Origin null')]));
  });

  it('sends the oversized body in the media type the operation documents', async () => {
    const { ctx, sent } = genericContext();
    await hardeningProbesCollector.collect(ctx, { OpenApi: model, ProbePlan: plan });
    const big = sent.filter((s) => s.body instanceof Buffer);
    expect(big.map((s) => [new URL(s.url).pathname, s.headers['content-type']])).toEqual([
      ['/open', 'application/vnd.items+json'],
    ]);
    expect(() => JSON.parse((big[0]!.body as Buffer).toString('utf8'))).not.toThrow();
  });
});

describe('AuthProbes from any OpenAPI document, without credentials', () => {
  it('sends no token and a malformed one to every bearer-secured operation it can address, and nothing else', async () => {
    const { ctx, sent } = genericContext();
    const a = await authProbesCollector.collect(ctx, { OpenApi: model });
    expect(a.operations.map((o) => [o.operationId, new URL(o.url).pathname])).toEqual([
      ['getItem', '/items/abc'],
      ['deleteItem', '/items/abc'],
    ]);
    expect(a.results.map((r) => `${r.kind} ${r.operationId} ${r.status}`).sort()).toEqual([
      'malformed deleteItem 401',
      'malformed getItem 401',
      'missing deleteItem 401',
      'missing getItem 401',
    ]);
    for (const [kind, status] of Object.entries(a.kinds))
      if (TOKENLESS_KINDS.includes(kind as never)) expect(status.sent, kind).toBe(true);
      else expect(status, kind).toEqual({ sent: false, reason: NEEDS_CREDENTIALS, why: 'precondition-failed' });
    // No token request, no port call, no JWKS: only the probes themselves.
    expect(sent).toHaveLength(4);
    expect(new Set(sent.map((s) => s.headers.authorization ?? 'none'))).toEqual(new Set(['none', 'Bearer not.a.jwt']));
  });

  it('reports the operations it left out: a path without a value, a scheme that is not a bearer token', async () => {
    const { ctx } = genericContext();
    const a = await authProbesCollector.collect(ctx, { OpenApi: model });
    expect(a.notProbed?.map((n) => [n.operationId, n.why])).toEqual(
      expect.arrayContaining([
        ['getThing', 'precondition-failed'],
        ['putThing', 'precondition-failed'],
        ['keyed', 'not-applicable'],
      ]),
    );
    expect(a.notProbed?.find((n) => n.operationId === 'keyed')?.detail).toMatch(/key .*bearer/);
  });
});
