import { beforeAll, describe, expect, it } from 'vitest';
import type { OpenApiModel } from '../../../../contracts/openapi.ts';
import type { HttpExchange } from '../../../../engine/context.ts';
import check from '../../../../suites/contract/coverage/required-headers.ts';
import { API, exchange, findingIds, JSON_HEADERS, judge, thingsModel } from './synthetic.ts';

const created = (headers: Record<string, string>) =>
  exchange('POST', `${API}/things`, 201, { headers: { ...JSON_HEADERS, ...headers }, text: '{}' });
const GOOD = { location: '/api/things/7', etag: '"3"' };

const rows: Array<{
  name: string;
  log: HttpExchange[];
  outcome: string;
  findings: Array<{ id: string; operationId: string; header: string; count?: number }>;
}> = [
  { name: 'all required headers, optional one absent', log: [created(GOOD)], outcome: 'pass', findings: [] },
  {
    name: 'integer header coerced from text',
    log: [
      exchange('GET', `${API}/things`, 200, { headers: { ...JSON_HEADERS, 'ratelimit-limit': '100' }, text: '[]' }),
    ],
    outcome: 'pass',
    findings: [],
  },
  {
    name: 'Location missing on two creates: one finding counting both',
    log: [created({ etag: '"1"' }), created({ etag: '"2"' })],
    outcome: 'fail',
    findings: [{ id: 'missing-header', operationId: 'createThing', header: 'location', count: 2 }],
  },
  {
    name: 'a weak ETag where the schema wants a strong one',
    log: [created({ ...GOOD, etag: 'W/"3"' })],
    outcome: 'fail',
    findings: [{ id: 'invalid-header-value', operationId: 'createThing', header: 'etag' }],
  },
  {
    name: 'RateLimit-Limit that is not a number, then missing',
    log: [
      exchange('GET', `${API}/things`, 200, { headers: { ...JSON_HEADERS, 'ratelimit-limit': 'lots' }, text: '[]' }),
      exchange('GET', `${API}/things`, 200, { headers: JSON_HEADERS, text: '[]' }),
    ],
    outcome: 'fail',
    findings: [
      { id: 'invalid-header-value', operationId: 'listThings', header: 'ratelimit-limit' },
      { id: 'missing-header', operationId: 'listThings', header: 'ratelimit-limit' },
    ],
  },
  {
    name: 'an undocumented status is not judged here',
    log: [created(GOOD), exchange('POST', `${API}/things`, 500, { headers: JSON_HEADERS, text: '{}' })],
    outcome: 'pass',
    findings: [],
  },
];

describe('required-headers', () => {
  let model: OpenApiModel;
  beforeAll(async () => {
    model = await thingsModel();
  });

  it.each(rows.map((r) => [r.name, r] as const))('%s', async (_name, r) => {
    const p = await judge(check, { HttpLog: { exchanges: r.log }, OpenApi: model });
    expect(p.outcome).toBe(r.outcome);
    expect(findingIds(p)).toEqual(r.findings.map((f) => f.id));
    r.findings.forEach((want, i) => {
      const f = p.findings![i]!;
      expect(f.location).toMatchObject({ operationId: want.operationId, header: want.header });
      if (want.count) expect(f.data?.count).toBe(want.count);
    });
  });

  it('is not applicable when no answer has required headers documented', async () => {
    const p = await judge(check, {
      HttpLog: {
        exchanges: [exchange('GET', `${API}/things/1`, 200, { headers: { 'content-type': 'text/plain' }, text: 'x' })],
      },
      OpenApi: model,
    });
    expect(p.outcome).toBe('not-applicable');
  });
});

describe('required-headers: the places of PSW-API-010', () => {
  it('probed where answers with required headers were judged; not applicable where none is required', async () => {
    const model = await thingsModel();
    const ids = ['listThings', 'issueToken', 'deleteThing'];
    const plan = { places: { 'PSW-API-010': ids.map((id) => ({ id, kind: 'operation', operationId: id })) } };
    const log = [
      exchange('GET', `${API}/things`, 200, { headers: { ...JSON_HEADERS, 'ratelimit-limit': '10' }, text: '[]' }),
      exchange('POST', 'https://member.example/token', 503, { headers: JSON_HEADERS, text: '{}' }),
    ];
    const p = await judge(check, { HttpLog: { exchanges: log }, OpenApi: model, ProbePlan: plan });
    expect(p.places?.['PSW-API-010']).toEqual({
      probed: ['listThings'],
      notProbed: [
        { id: 'issueToken', why: 'not-applicable', detail: 'the document requires no header on its answers' },
        { id: 'deleteThing', why: 'not-reached', detail: 'no answer of this operation was recorded' },
      ],
    });
  });
});
