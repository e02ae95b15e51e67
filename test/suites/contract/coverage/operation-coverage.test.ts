import { beforeAll, describe, expect, it } from 'vitest';
import { withCapabilities, type OpenApiModel } from '../../../../contracts/openapi.ts';
import type { HttpExchange } from '../../../../engine/context.ts';
import { loadProfile } from '../../../../engine/profile.ts';
import check from '../../../../suites/contract/coverage/operation-coverage.ts';
import type { CoverageTable } from '../../../../suites/contract/coverage/table.ts';
import type { OperationTour } from '../../../../suites/contract/coverage/collectors/operation-tour.ts';
import { profileOpenApi } from '../../../../suites/contract/operations.ts';
import { API, exchange, findingIds, judge, thingsModel } from './synthetic.ts';

const TOUR: OperationTour = { calls: [], alreadyExercised: [], unavailable: [], absentReads: [] };
const ORIGIN = 'https://member.example';

const all = (): HttpExchange[] => [
  exchange('GET', `${API}/things`, 200),
  exchange('POST', `${API}/things`, 201),
  exchange('GET', `${API}/things/7`, 200),
  exchange('DELETE', `${API}/things/7`, 204),
  exchange('POST', `${ORIGIN}/token`, 200),
];

const rows: Array<{ name: string; log: HttpExchange[]; outcome: string; ids: string[]; operations: string[] }> = [
  { name: 'every operation answered', log: all(), outcome: 'pass', ids: [], operations: [] },
  {
    name: 'one operation never called',
    log: all().filter((e) => e.method !== 'DELETE'),
    outcome: 'fail',
    ids: ['never-exercised'],
    operations: ['deleteThing'],
  },
  {
    name: 'one operation only ever 404 and 405',
    log: [
      ...all().filter((e) => !(e.method === 'GET' && e.url.endsWith('/7'))),
      exchange('GET', `${API}/things/7`, 404),
      exchange('GET', `${API}/things/8`, 405),
    ],
    outcome: 'fail',
    ids: ['not-implemented'],
    operations: ['getThing'],
  },
  {
    name: 'a 404 next to a success is implemented',
    log: [...all(), exchange('GET', `${API}/things/9`, 404)],
    outcome: 'pass',
    ids: [],
    operations: [],
  },
  {
    name: 'undocumented paths and methods count for nothing',
    log: [
      ...all().filter((e) => !e.url.endsWith('/token')),
      exchange('POST', `${API}/token`, 200),
      exchange('PATCH', `${API}/things/7`, 405),
    ],
    outcome: 'fail',
    ids: ['never-exercised'],
    operations: ['issueToken'],
  },
  {
    name: 'the recorded operationId wins over matching',
    log: [
      ...all().filter((e) => e.method !== 'DELETE'),
      exchange('DELETE', `${ORIGIN}/elsewhere`, 204, { operationId: 'deleteThing' }),
    ],
    outcome: 'pass',
    ids: [],
    operations: [],
  },
];

describe('operation-coverage', () => {
  let model: OpenApiModel;
  beforeAll(async () => {
    model = await thingsModel();
  });

  it.each(rows.map((r) => [r.name, r] as const))('%s', async (_name, r) => {
    const p = await judge(check, { HttpLog: { exchanges: r.log }, OpenApi: model, OperationTour: TOUR });
    expect(p.outcome).toBe(r.outcome);
    expect(findingIds(p)).toEqual(r.ids);
    expect((p.findings ?? []).map((f) => f.location?.operationId)).toEqual(r.operations);
    const table = p.extension as CoverageTable;
    expect(table.operations.map((o) => o.operationId)).toEqual([
      'listThings',
      'createThing',
      'getThing',
      'deleteThing',
      'issueToken',
    ]);
  });

  it('publishes the coverage table: statuses per operation, never exercised, not implemented', async () => {
    const log = [
      ...all().filter((e) => e.method !== 'DELETE'),
      exchange('GET', `${API}/things`, 200),
      exchange('GET', `${API}/things`, 400),
    ];
    const p = await judge(check, { HttpLog: { exchanges: log }, OpenApi: model, OperationTour: TOUR });
    const table = p.extension as CoverageTable;
    expect(table.operations[0]).toEqual({
      operationId: 'listThings',
      method: 'GET',
      path: '/api/things',
      statuses: { '200': 2, '400': 1 },
    });
    expect(table.operations[4]).toEqual({
      operationId: 'issueToken',
      method: 'POST',
      path: '/token',
      statuses: { '200': 1 },
    });
    expect(table.neverExercised).toEqual(['deleteThing']);
    expect(table.notImplemented).toEqual([]);
    expect(p.metrics).toEqual({ operations: 5, exercised: 4, neverExercised: 1, notImplemented: 0 });
  });

  it('says why the tour could not reach an operation', async () => {
    const tour: OperationTour = { ...TOUR, unavailable: [{ operationId: 'deleteThing', reason: 'no valid body' }] };
    const p = await judge(check, {
      HttpLog: { exchanges: all().filter((e) => e.method !== 'DELETE') },
      OpenApi: model,
      OperationTour: tour,
    });
    expect(p.findings?.[0]?.data).toMatchObject({ operationId: 'deleteThing', reason: 'no valid body' });
  });

  it.each([
    ['declaring edifact', ['edifact'], 20],
    ['declaring no capability', [], 19],
  ])('on profile v1 an empty log leaves every operation of a member %s never exercised', async (_n, declared, n) => {
    const psw = withCapabilities(await profileOpenApi(loadProfile('default')), declared);
    const p = await judge(check, { HttpLog: { exchanges: [] }, OpenApi: psw, OperationTour: TOUR });
    expect(p.outcome).toBe('fail');
    const never = (p.extension as CoverageTable).neverExercised;
    expect(never).toHaveLength(n);
    expect(never.includes('submitEdifactInterchange')).toBe(declared.includes('edifact'));
    expect(new Set(findingIds(p))).toEqual(new Set(['never-exercised']));
  });
});
