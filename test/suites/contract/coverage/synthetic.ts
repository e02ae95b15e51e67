// Synthetic artifacts for the coverage and fuzz checks: a small OpenAPI document, exchanges, and a
// runner for one check with its default options (overridable).
import { loadOpenApi, type OpenApiModel } from '../../../../contracts/openapi.ts';
import { makeCheckContext, type AnyCheck, type CheckProduct } from '../../../../engine/check.ts';
import type { HttpExchange } from '../../../../engine/context.ts';

export async function judge(
  check: AnyCheck,
  artifacts: Record<string, unknown>,
  options: Record<string, unknown> = {},
): Promise<CheckProduct> {
  const ctx = makeCheckContext(check, { ...(check.defaultOptions as object), ...options });
  return check.run(artifacts as never, ctx);
}

export function findingIds(p: CheckProduct): string[] {
  return (p.findings ?? []).map((f) => f.id);
}

let n = 0;
export function exchange(
  method: string,
  url: string,
  status: number,
  opts: { headers?: Record<string, string>; text?: string; operationId?: string } = {},
): HttpExchange {
  n += 1;
  return {
    evidenceId: `http-${String(n).padStart(4, '0')}`,
    method,
    url,
    requestHeaders: {},
    status,
    headers: opts.headers ?? {},
    text: opts.text ?? '',
    durationMs: 1,
    ...(opts.operationId ? { operationId: opts.operationId } : {}),
  };
}

export const JSON_HEADERS = { 'content-type': 'application/json' };
export const PROBLEM_HEADERS = { 'content-type': 'application/problem+json' };

/** A small "things" API: a collection, an item with ETag, a token endpoint at the origin, a 204. */
export const THINGS_DOC = {
  openapi: '3.1.0',
  info: { title: 'Things', version: '1.0.0' },
  servers: [{ url: '/api' }],
  security: [{ bearer: [] }],
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    headers: {
      ETag: { required: true, schema: { type: 'string', pattern: '^"[0-9]+"$' } },
      Location: { required: true, schema: { type: 'string' } },
      Limit: { required: true, schema: { type: 'integer', minimum: 0 } },
    },
    responses: {
      Problem: { description: 'error', content: { 'application/problem+json': { schema: { type: 'object' } } } },
    },
  },
  paths: {
    '/things': {
      get: {
        operationId: 'listThings',
        responses: {
          '200': {
            description: 'ok',
            headers: { 'RateLimit-Limit': { $ref: '#/components/headers/Limit' } },
            content: { 'application/json': { schema: { type: 'array' } } },
          },
          '4XX': { $ref: '#/components/responses/Problem' },
        },
      },
      post: {
        operationId: 'createThing',
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
        responses: {
          '201': {
            description: 'created',
            headers: {
              Location: { $ref: '#/components/headers/Location' },
              ETag: { $ref: '#/components/headers/ETag' },
              'X-Optional': { schema: { type: 'string' } },
            },
            content: { 'application/json': { schema: { type: 'object' } } },
          },
          '400': { $ref: '#/components/responses/Problem' },
        },
      },
    },
    '/things/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      get: {
        operationId: 'getThing',
        responses: {
          '200': { description: 'ok', content: { 'text/*': { schema: { type: 'string' } } } },
          '404': { $ref: '#/components/responses/Problem' },
        },
      },
      delete: { operationId: 'deleteThing', responses: { '204': { description: 'gone' } } },
    },
    '/token': {
      servers: [{ url: '/' }],
      post: {
        operationId: 'issueToken',
        security: [],
        responses: { default: { description: 'any', content: { 'application/json': {} } } },
      },
    },
  },
};

export function thingsModel(): Promise<OpenApiModel> {
  return loadOpenApi(THINGS_DOC);
}

export const API = 'https://member.example/api';
