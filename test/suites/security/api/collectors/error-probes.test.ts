// The ErrorProbes collector against a scripted target: every operation of the document gets at least
// one request, each on its error path where it has one.
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../../../../engine/profile.ts';
import { profileOpenApi } from '../../../../../suites/contract/operations.ts';
import {
  documentsClientError,
  errorProbesCollector,
  unparsableValue,
} from '../../../../../suites/security/collectors/error-probes.ts';
import { BASE, fakeContext, jwt } from '../fake-context.ts';

const PC = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('ErrorProbes collector', () => {
  it('sends every operation of the document at least one request, on its error path where it has one', async () => {
    const model = await profileOpenApi(loadProfile('default'));
    const { ctx, sent } = fakeContext({
      token: await jwt(),
      reply: (req) =>
        req.method === 'POST' && req.url === `${BASE}/port-calls` && req.as && typeof req.body === 'object'
          ? { status: 201, json: { portCallId: PC }, headers: { etag: '"1"' } }
          : { status: 400, json: { title: 'x' } },
    });
    const a = await errorProbesCollector.collect(ctx, { OpenApi: model });
    const byOp = new Map<string, string[]>();
    for (const p of a.probes) if (p.operationId) byOp.set(p.operationId, [...(byOp.get(p.operationId) ?? []), p.kind]);
    expect([...byOp.keys()].sort()).toEqual(model.operations.map((o) => o.operationId).sort());

    // Every protected operation without a token; no token ever on those requests.
    const protectedOps = model.operations.filter((o) => o.security).map((o) => o.operationId);
    for (const id of protectedOps) expect(byOp.get(id)).toContain('no-token');
    const noToken = a.probes.filter((p) => p.kind === 'no-token');
    for (const p of noToken) {
      const req = sent.find((s) => s.url === p.url && s.method === p.method && !s.as);
      expect(req?.headers.authorization, p.operationId).toBeUndefined();
    }
    // Each query parameter of listPortCalls, unparsable; each path parameter, malformed.
    expect(a.probes.filter((p) => p.kind === 'bad-query').map((p) => p.url.split('?')[1])).toEqual([
      'limit=abc',
      'cursor=%ff%fe',
      'status=no-such-value',
    ]);
    const getFormality = a.probes.filter((p) => p.operationId === 'getFormality' && p.kind === 'bad-path');
    expect(getFormality.map((p) => p.url.replace(BASE, ''))).toEqual([
      '/port-calls/not-a-uuid/formalities/general-declaration',
      `/port-calls/${PC}/formalities/no-such-value`,
    ]);
    // A body that is not JSON to every operation that takes one; the token endpoint gets JSON instead of a form.
    const withBody = model.operations.filter((o) => o.requestBody).map((o) => o.operationId);
    for (const id of withBody) expect(byOp.get(id)).toContain('bad-body');
    const tokenBody = sent.find((s) => s.url.endsWith('/oauth/token'));
    expect(tokenBody?.headers['content-type']).toBe('application/json');
    // The discovery document and the JWKS document no client error: one ordinary request each.
    expect(byOp.get('getJwks')).toEqual(['plain']);
    expect(byOp.get('getPswConfiguration')).toEqual(['plain']);
    // If-Match travels with the update's probes, so only the probed thing is wrong.
    const put = sent.find((s) => s.method === 'PUT' && s.headers['content-type'] === 'application/json' && s.as);
    expect(put?.headers['if-match']).toBe('"1"');
    // Every documented path, once, with a method it does not document: no operation of its own.
    const badMethod = a.probes.filter((p) => p.kind === 'bad-method');
    const paths = new Set(model.operations.map((o) => o.basePath + o.pathTemplate));
    expect(badMethod).toHaveLength(paths.size);
    for (const p of badMethod) {
      expect(p.method).toBe('PATCH');
      expect(p.operationId).toBeUndefined();
    }
    expect(a.probes.length).toBeLessThan(90);
  });

  it.each([
    [{ type: 'integer' }, 'abc'],
    [{ type: 'boolean' }, 'maybe'],
    [{ type: 'string', format: 'uuid' }, 'not-a-uuid'],
    [{ $ref: 'common.json#/$defs/PortCallStatus' }, 'no-such-value'],
    [{ type: 'string', maxLength: 512 }, '%ff%fe'],
  ])('unparsableValue(%j) = %s', (schema, value) => {
    expect(unparsableValue(schema)).toBe(value);
  });

  it('documentsClientError reads the documented statuses', () => {
    const op = (codes: string[]) =>
      ({ responses: Object.fromEntries(codes.map((c) => [c, { contentTypes: {}, headers: {} }])) }) as never;
    expect(documentsClientError(op(['200', '500']))).toBe(false);
    expect(documentsClientError(op(['200', '4XX']))).toBe(true);
    expect(documentsClientError(op(['201', '400']))).toBe(true);
  });
});
