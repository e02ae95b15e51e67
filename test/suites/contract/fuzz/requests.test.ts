import { beforeEach, describe, expect, it } from 'vitest';
import { getOperation, loadOpenApi, type OpenApiModel } from '../../../../contracts/openapi.ts';
import type { CollectContext, HttpClient, HttpExchange, HttpRequestOptions } from '../../../../engine/context.ts';
import { RequestPlanner, type PlannedRequest } from '../../../../suites/contract/fuzz/requests.ts';
import { RawDocument } from '../../../../suites/contract/fuzz/schema-doc.ts';
import { Traffic } from '../../../../suites/contract/fuzz/traffic.ts';

const API = 'https://member.example/api';
const obj = (properties: Record<string, unknown>, required: string[]) => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties,
});
const json = (schema: unknown) => ({ required: true, content: { 'application/json': { schema } } });
const ok = { '200': { description: 'ok' }, '201': { description: 'created' }, '204': { description: 'done' } };

const DOC = {
  openapi: '3.1.0',
  info: { title: 'Planner', version: '1' },
  servers: [{ url: '/api' }],
  security: [{ bearer: [] }],
  components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  paths: {
    '/things': {
      post: {
        operationId: 'createThing',
        requestBody: json(obj({ name: { type: 'string', minLength: 1 } }, ['name'])),
        responses: ok,
      },
    },
    '/things/{thingId}': {
      parameters: [{ name: 'thingId', in: 'path', required: true, schema: { type: 'string' } }],
      get: { operationId: 'getThing', responses: ok },
      put: {
        operationId: 'updateThing',
        parameters: [{ name: 'If-Match', in: 'header', required: true, schema: { type: 'string' } }],
        requestBody: json(obj({ name: { type: 'string', minLength: 1, examples: ['Crane'] } }, ['name'])),
        responses: ok,
      },
    },
    '/things/{thingId}/archive': {
      parameters: [{ name: 'thingId', in: 'path', required: true, schema: { type: 'string' } }],
      post: {
        operationId: 'archiveThing',
        requestBody: json(obj({ reason: { type: 'string' } }, ['reason'])),
        responses: ok,
      },
    },
    '/boxes/{boxId}': {
      parameters: [{ name: 'boxId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      put: {
        operationId: 'putBox',
        security: [],
        requestBody: json(
          obj(
            {
              boxId: { type: 'string', format: 'uuid' },
              thingId: { type: 'string' },
              label: { type: 'string', enum: ['fragile', 'heavy'] },
            },
            ['boxId', 'thingId', 'label'],
          ),
        ),
        responses: ok,
      },
    },
    '/boxes/{boxId}/seal': {
      parameters: [{ name: 'boxId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      post: { operationId: 'sealBox', security: [], responses: ok },
    },
  },
};

/** A fake member: things are created by POST (id in the body, ETag "1"), boxes by PUT of a chosen id. */
class FakeApi implements HttpClient {
  readonly sent: HttpRequestOptions[] = [];
  #things = 0;
  async request(opts: HttpRequestOptions): Promise<HttpExchange> {
    this.sent.push(opts);
    const path = new URL(opts.url).pathname;
    let status = 404;
    let body: unknown;
    const headers: Record<string, string> = {};
    if (opts.method === 'POST' && path === '/api/things') {
      status = 201;
      body = { thingId: `t${++this.#things}` };
      headers.etag = '"1"';
    } else if (/^\/api\/things\/[^/]+$/.test(path)) {
      status = opts.method === 'PUT' && opts.headers?.['if-match'] !== '"1"' ? 412 : 200;
    } else if (/^\/api\/things\/[^/]+\/archive$/.test(path) || /^\/api\/boxes\/[^/]+(\/seal)?$/.test(path)) {
      status = opts.method === 'PUT' ? 204 : 200;
    }
    return {
      method: opts.method,
      url: opts.url,
      requestHeaders: {},
      status,
      headers,
      text: body === undefined ? '' : JSON.stringify(body),
      json: body,
      durationMs: 1,
    };
  }
  exchanges() {
    return [];
  }
  requestCount() {
    return this.sent.length;
  }
}

let model: OpenApiModel;
let api: FakeApi;

function planner(limit = 50): RequestPlanner {
  const ctx = {
    target: { apiBaseUrl: API },
    http: api,
    signal: new AbortController().signal,
  } as unknown as CollectContext;
  return new RequestPlanner(ctx, model, new RawDocument(model), new Traffic(ctx, limit, 60_000), {
    seed: 3,
    now: new Date('2026-11-21T00:00:00Z'),
    label: 'test',
  });
}

async function ready(p: RequestPlanner, operationId: string): Promise<PlannedRequest> {
  const req = await p.prepare(getOperation(model, operationId));
  if ('unavailable' in req) throw new Error(req.unavailable);
  return req;
}

describe('RequestPlanner', () => {
  beforeEach(async () => {
    model ??= await loadOpenApi(DOC);
    api = new FakeApi();
  });

  it('creates the resource a path names first (POST to its collection, id from the body) and reuses it', async () => {
    const p = planner();
    const get = await ready(p, 'getThing');
    expect(get.pathParams).toEqual({ thingId: 't1' });
    expect(get.as).toBe('agentA');
    expect(api.sent.map((s) => `${s.method} ${new URL(s.url).pathname}`)).toEqual(['POST /api/things']);
    expect(p.url(get)).toBe(`${API}/things/t1`);
    await ready(p, 'getThing');
    expect(api.sent).toHaveLength(1);
  });

  it('a successful change retires the resource: the next request gets a fresh one', async () => {
    const p = planner();
    const archive = await ready(p, 'archiveThing');
    expect(archive.body).toEqual({ reason: 'x' });
    expect((await p.send(archive, 'archive'))?.exchange?.status).toBe(200);
    expect((await ready(p, 'getThing')).pathParams.thingId).toBe('t2');
    // A refused or safe request keeps it.
    await p.send(await ready(p, 'getThing'), 'read');
    expect((await ready(p, 'getThing')).pathParams.thingId).toBe('t2');
  });

  it('If-Match carries the ETag the resource was created with; the body comes from the schema examples', async () => {
    const update = await ready(planner(), 'updateThing');
    expect(update.headers).toEqual({ 'if-match': '"1"' });
    expect(update.body).toEqual({ name: 'Crane' });
  });

  it('a PUT of a fresh id creates an upserted resource; bodies link resources by parameter name; security [] sends no token', async () => {
    const p = planner();
    const seal = await ready(p, 'sealBox');
    expect(seal.as).toBeUndefined();
    const put = api.sent.find((s) => s.method === 'PUT')!;
    const boxId = seal.pathParams.boxId!;
    expect(boxId).toMatch(/^[0-9a-f-]{36}$/);
    expect(new URL(put.url).pathname).toBe(`/api/boxes/${boxId}`);
    expect(put.body).toEqual({ boxId, thingId: 't1', label: 'fragile' });
    expect(put.as).toBeUndefined();
  });

  it('applies one mutation to a copy of the request', async () => {
    const p = planner();
    const update = await ready(p, 'updateThing');
    await p.send(update, 'drop If-Match', {
      in: 'header',
      param: 'if-match',
      mutation: { pointer: '/if-match', remove: true },
    });
    await p.send(update, 'bad name', { in: 'body', mutation: { pointer: '/name', value: 42 } });
    const [dropped, typed] = api.sent.slice(-2);
    expect(dropped!.headers?.['if-match']).toBeUndefined();
    expect(typed!.body).toEqual({ name: 42 });
    expect(update.body).toEqual({ name: 'Crane' });
  });

  it('within its budget: past it, a resource cannot be created and says why', async () => {
    const p = planner(1);
    await ready(p, 'getThing');
    const archive = await ready(p, 'archiveThing');
    expect(await p.send(archive, 'over budget')).toBeUndefined();
    const next = await p.prepare(getOperation(model, 'sealBox'));
    expect(next).toEqual({ unavailable: expect.stringContaining('budget') });
    expect(api.sent).toHaveLength(1);
  });
});
