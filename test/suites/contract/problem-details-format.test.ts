import { beforeAll, describe, expect, it } from 'vitest';
import type { OpenApiModel } from '../../../contracts/openapi.ts';
import { derivePlan } from '../../../contracts/plan/index.ts';
import { loadRequirements } from '../../../contracts/requirements.ts';
import check from '../../../suites/contract/problem-details-format.ts';
import { profileOpenApi } from '../../../suites/contract/operations.ts';
import { API, ORIGIN, PC1, exchange, findingsOf, httpLog, problem, receipt, rejection, runCheck } from './builders.ts';

const url = `${API}/port-calls/${PC1}`;
const put = (status: number, json: unknown, extra: Partial<Parameters<typeof exchange>[0]> = {}, ev = 'ev-put') =>
  exchange({ method: 'PUT', url, status, json, operationId: 'updatePortCall', ...extra }, ev);
const at = (extra: Record<string, string> = {}) => ({ operationId: 'updatePortCall', method: 'PUT', url, ...extra });

let OpenApi: OpenApiModel;
beforeAll(async () => {
  OpenApi = await profileOpenApi({});
});
const NO_PROBES = { apiBaseUrl: API, probes: [] };
const run = (...exchanges: ReturnType<typeof exchange>[]) =>
  runCheck(check, { HttpLog: httpLog(...exchanges), OpenApi, ErrorProbes: NO_PROBES, ProbePlan: { places: {} } });

describe('problem-details-format', () => {
  it('passes when every API error is problem+json with a title and the HTTP status', async () => {
    const product = await run(
      put(412, problem(412)),
      put(428, problem(428)),
      exchange({
        method: 'POST',
        url: `${API}/port-calls`,
        status: 422,
        json: rejection([['IMO_CHECK_DIGIT', '/ship/imoNumber']]),
        operationId: 'createPortCall',
      }),
      exchange({
        method: 'POST',
        url: `${ORIGIN}/oauth/token`,
        status: 401,
        json: problem(401),
        operationId: 'issueToken',
      }),
      exchange({
        method: 'POST',
        url: `${API}/port-calls`,
        status: 201,
        json: receipt('accepted'),
        operationId: 'createPortCall',
      }),
      // Outside the profile's API (e.g. the portal): not judged.
      exchange({
        method: 'GET',
        url: `${ORIGIN}/portal/missing`,
        status: 404,
        headers: { 'content-type': 'text/html' },
        text: '<h1>Not found</h1>',
      }),
    );
    expect(product.outcome).toBe('pass');
    expect(product.metrics).toMatchObject({ errorsJudged: 4, violations: 0 });
  });

  it('judges a 405 on a documented path even though no operation matches the method', async () => {
    const product = await run(
      exchange(
        { method: 'DELETE', url, status: 405, headers: { 'content-type': 'text/plain' }, text: 'Method Not Allowed' },
        'ev-del',
      ),
    );
    expect(findingsOf(product)).toEqual([
      { id: 'wrong-content-type', location: { method: 'DELETE', url, header: 'Content-Type' }, evidence: ['ev-del'] },
      { id: 'not-json', location: { method: 'DELETE', url, jsonPointer: '', in: 'response' }, evidence: ['ev-del'] },
    ]);
  });

  it.each([
    [
      'status member 400 on a 412',
      put(412, problem(400)),
      [{ id: 'status-mismatch', location: at({ jsonPointer: '/status', in: 'response' }) }],
    ],
    [
      'status member missing',
      put(409, { type: 'about:blank', title: 'Conflict' }),
      [{ id: 'status-mismatch', location: at({ jsonPointer: '/status', in: 'response' }) }],
    ],
    [
      'status member as a string',
      put(409, problem(409, { status: '409' })),
      [{ id: 'status-mismatch', location: at({ jsonPointer: '/status', in: 'response' }) }],
    ],
    [
      'no title',
      put(428, { type: 'about:blank', status: 428 }),
      [{ id: 'title-missing', location: at({ jsonPointer: '/title', in: 'response' }) }],
    ],
    [
      'plain application/json',
      put(412, problem(412), { headers: { 'content-type': 'application/json' } }),
      [{ id: 'wrong-content-type', location: at({ header: 'Content-Type' }) }],
    ],
    [
      'no content type and no body',
      put(500, undefined),
      [
        { id: 'wrong-content-type', location: at({ header: 'Content-Type' }) },
        { id: 'not-json', location: at({ jsonPointer: '', in: 'response' }) },
      ],
    ],
  ])('fails on %s', async (_name, ex, expected) => {
    const product = await run(ex);
    expect(product.outcome).toBe('fail');
    expect(findingsOf(product).map(({ id, location }) => ({ id, location }))).toEqual(expected);
    expect(product.findings?.every((f) => f.evidence?.[0] === 'ev-put')).toBe(true);
  });

  it('reports one finding per kind, operation and status, and counts every violation', async () => {
    const product = await run(
      put(412, problem(400), {}, 'ev-a'),
      put(412, problem(400), {}, 'ev-b'),
      put(428, problem(400), {}, 'ev-c'),
    );
    expect(findingsOf(product).map((f) => [f.id, f.evidence])).toEqual([
      ['status-mismatch', ['ev-a']],
      ['status-mismatch', ['ev-c']],
    ]);
    expect(product.metrics).toMatchObject({ errorsJudged: 3, violations: 3 });
    expect(product.findings?.[0]?.data).toMatchObject({ status: 412, problemStatus: 400 });
  });

  it('caps the findings', async () => {
    const statuses = [400, 404, 409, 412, 422, 428];
    const product = await runCheck(
      check,
      {
        HttpLog: httpLog(...statuses.map((s) => put(s, problem(418)))),
        OpenApi,
        ErrorProbes: NO_PROBES,
        ProbePlan: { places: {} },
      },
      { maxFindings: 4 },
    );
    expect(product.findings).toHaveLength(4);
    expect(product.metrics?.violations).toBe(6);
  });

  it('is not applicable when no API error was recorded', async () => {
    expect((await run(put(200, receipt('accepted')))).outcome).toBe('not-applicable');
  });

  it("judges the error probes' answers the log lacks, and reports places per operation", async () => {
    const plan = derivePlan(OpenApi, loadRequirements());
    const probes = {
      apiBaseUrl: API,
      probes: [
        {
          kind: 'no-token' as const,
          purpose: 'no token',
          operationId: 'listPortCalls',
          pathTemplate: '/port-calls',
          method: 'GET',
          url: `${API}/port-calls`,
          status: 401,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ error: 'invalid_token' }),
          evidenceId: 'probe-1',
        },
      ],
    };
    const product = await runCheck(check, {
      HttpLog: httpLog(put(412, problem(412))),
      OpenApi,
      ErrorProbes: probes,
      ProbePlan: plan,
    });
    expect(product.outcome).toBe('fail');
    expect(
      findingsOf(product).map((f) => [f.id, (f.location as { operationId?: string } | undefined)?.operationId]),
    ).toEqual([
      ['wrong-content-type', 'listPortCalls'],
      ['title-missing', 'listPortCalls'],
      ['status-mismatch', 'listPortCalls'],
    ]);
    const places = product.places?.['PSW-API-008'];
    expect(places?.probed).toEqual(['listPortCalls', 'updatePortCall']);
    // The discovery documents and the JWKS document no client error: nothing to provoke there.
    expect(places?.notProbed?.filter((n) => n.why === 'not-applicable').map((n) => n.id)).toEqual([
      'getJwks',
      'getPswConfiguration',
    ]);
  });
});
