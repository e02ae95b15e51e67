import { beforeAll, describe, expect, it } from 'vitest';
import type { OpenApiModel } from '../../../../contracts/openapi.ts';
import type { HttpExchange } from '../../../../engine/context.ts';
import check from '../../../../suites/contract/coverage/documented-responses.ts';
import { API, exchange, findingIds, JSON_HEADERS, judge, PROBLEM_HEADERS, thingsModel } from './synthetic.ts';

const ok = () => exchange('GET', `${API}/things`, 200, { headers: JSON_HEADERS, text: '[]' });

const rows: Array<{
  name: string;
  log: HttpExchange[];
  options?: Record<string, unknown>;
  outcome: string;
  findings: Array<{ id: string; operationId: string; status: number; contentType?: string; count?: number }>;
}> = [
  {
    name: 'documented status and type',
    log: [
      ok(),
      exchange('POST', `${API}/things`, 201, {
        headers: { 'content-type': 'application/json; charset=utf-8' },
        text: '{}',
      }),
    ],
    outcome: 'pass',
    findings: [],
  },
  {
    name: 'a range (4XX) covers 429',
    log: [ok(), exchange('GET', `${API}/things`, 429, { headers: PROBLEM_HEADERS, text: '{}' })],
    outcome: 'pass',
    findings: [],
  },
  {
    name: 'default covers any status',
    log: [exchange('POST', 'https://member.example/token', 503, { headers: JSON_HEADERS, text: '{}' })],
    outcome: 'pass',
    findings: [],
  },
  {
    name: 'a type wildcard (text/*)',
    log: [exchange('GET', `${API}/things/1`, 200, { headers: { 'content-type': 'text/csv' }, text: 'a,b' })],
    outcome: 'pass',
    findings: [],
  },
  {
    name: 'HEAD carries no body to judge',
    log: [
      exchange('HEAD', `${API}/things/1`, 404, { headers: { 'content-type': 'text/html' }, operationId: 'getThing' }),
    ],
    outcome: 'pass',
    findings: [],
  },
  { name: 'an empty 204', log: [exchange('DELETE', `${API}/things/1`, 204)], outcome: 'pass', findings: [] },
  {
    name: 'an undocumented status',
    log: [ok(), exchange('POST', `${API}/things`, 500, { headers: PROBLEM_HEADERS, text: '{}' })],
    outcome: 'fail',
    findings: [{ id: 'undocumented-status', operationId: 'createThing', status: 500 }],
  },
  {
    name: '404 as text/plain, twice: one finding counting both',
    log: [
      ok(),
      exchange('GET', `${API}/things/1`, 404, { headers: { 'content-type': 'text/plain' }, text: 'Not Found' }),
      exchange('GET', `${API}/things/2`, 404, { headers: { 'content-type': 'text/plain' }, text: 'Not Found' }),
    ],
    outcome: 'fail',
    findings: [
      { id: 'undocumented-content-type', operationId: 'getThing', status: 404, contentType: 'text/plain', count: 2 },
    ],
  },
  {
    name: 'a body where none is documented',
    log: [exchange('DELETE', `${API}/things/1`, 204, { headers: JSON_HEADERS, text: '{}' })],
    outcome: 'fail',
    findings: [
      { id: 'undocumented-content-type', operationId: 'deleteThing', status: 204, contentType: 'application/json' },
    ],
  },
  {
    name: 'a body without Content-Type',
    log: [exchange('GET', `${API}/things`, 200, { text: '[]' })],
    outcome: 'fail',
    findings: [{ id: 'missing-content-type', operationId: 'listThings', status: 200 }],
  },
  {
    name: 'an ignored status (profile option)',
    log: [ok(), exchange('POST', `${API}/things`, 502, { headers: { 'content-type': 'text/html' }, text: '<html>' })],
    options: { ignoreStatuses: [502] },
    outcome: 'pass',
    findings: [],
  },
];

describe('documented-responses', () => {
  let model: OpenApiModel;
  beforeAll(async () => {
    model = await thingsModel();
  });

  it.each(rows.map((r) => [r.name, r] as const))('%s', async (_name, r) => {
    const p = await judge(check, { HttpLog: { exchanges: r.log }, OpenApi: model }, r.options);
    expect(p.outcome).toBe(r.outcome);
    expect(findingIds(p)).toEqual(r.findings.map((f) => f.id));
    r.findings.forEach((want, i) => {
      const f = p.findings![i]!;
      expect(f.location?.operationId).toBe(want.operationId);
      expect(f.data).toMatchObject({
        status: want.status,
        ...(want.contentType ? { contentType: want.contentType } : {}),
        ...(want.count ? { count: want.count } : {}),
      });
      expect(f.evidence?.length).toBe(1);
    });
  });

  it('is not applicable when no answer of a documented operation was recorded', async () => {
    const p = await judge(check, {
      HttpLog: { exchanges: [exchange('GET', 'https://member.example/elsewhere', 200)] },
      OpenApi: model,
    });
    expect(p.outcome).toBe('not-applicable');
  });
});

describe('documented-responses: the places of PSW-API-002', () => {
  it('are the operations whose answers were judged; the others were not reached', async () => {
    const model = await thingsModel();
    const plan = {
      places: {
        'PSW-API-002': ['listThings', 'createThing', 'deleteThing'].map((id) => ({
          id,
          kind: 'operation',
          operationId: id,
        })),
      },
    };
    const p = await judge(check, { HttpLog: { exchanges: [ok()] }, OpenApi: model, ProbePlan: plan });
    expect(p.places?.['PSW-API-002']).toEqual({
      probed: ['listThings'],
      notProbed: [
        { id: 'createThing', why: 'not-reached', detail: 'no answer of this operation was recorded' },
        { id: 'deleteThing', why: 'not-reached', detail: 'no answer of this operation was recorded' },
      ],
    });
  });
});
