import { beforeAll, describe, expect, it } from 'vitest';
import type { OpenApiModel } from '../../../contracts/openapi.ts';
import check from '../../../suites/contract/response-schema.ts';
import { profileOpenApi } from '../../../suites/contract/operations.ts';
import { API, PC1, PC2, exchange, findingsOf, httpLog, problem, receipt, runCheck } from './builders.ts';

const portCall = (id = PC1, change: Record<string, unknown> = {}) => ({
  portCallId: id,
  tenant: 'tenant-a',
  status: 'notified',
  ship: { imoNumber: '9074729', mmsi: '227123456', callSign: 'FABC', name: 'ESTEREL', flag: 'FR' },
  portOfCall: 'FRLEH',
  eta: '2026-12-01T08:00:00+01:00',
  etd: '2026-12-02T18:00:00Z',
  ata: null,
  atd: null,
  clearance: null,
  createdAt: '2026-11-21T10:00:00Z',
  updatedAt: '2026-11-21T10:00:00Z',
  version: 1,
  ...change,
});
const get = (json: unknown, id = PC1, ev = 'ev-get') =>
  exchange({ method: 'GET', url: `${API}/port-calls/${id}`, status: 200, json, operationId: 'getPortCall' }, ev);
const create = (json: unknown, status = 201) =>
  exchange({ method: 'POST', url: `${API}/port-calls`, status, json, operationId: 'createPortCall' }, 'ev-create');

let OpenApi: OpenApiModel;
beforeAll(async () => {
  OpenApi = await profileOpenApi({});
});
const run = (...exchanges: ReturnType<typeof exchange>[]) =>
  runCheck(check, { HttpLog: httpLog(...exchanges), OpenApi });

describe('response-schema', () => {
  it.each([
    ['a valid port call', [get(portCall())]],
    ['a valid receipt and a valid problem', [create(receipt('accepted')), create(problem(400), 400)]],
    [
      'a valid page',
      [exchange({ status: 200, json: { items: [portCall()], nextCursor: null }, operationId: 'listPortCalls' })],
    ],
    [
      'an undocumented status (not this check’s concern)',
      [
        exchange({
          method: 'GET',
          url: `${API}/port-calls/${PC1}`,
          status: 418,
          json: { nonsense: true },
          operationId: 'getPortCall',
        }),
        get(portCall()),
      ],
    ],
    [
      'an undocumented content type',
      [
        exchange({
          method: 'GET',
          url: `${API}/port-calls/${PC1}`,
          status: 200,
          headers: { 'content-type': 'text/html' },
          text: '<p>',
          operationId: 'getPortCall',
        }),
        get(portCall()),
      ],
    ],
    [
      'an exchange matched from its URL when the client did not label it',
      [exchange({ method: 'GET', url: `${API}/port-calls/${PC1}`, status: 200, json: portCall() })],
    ],
  ])('passes on %s', async (_name, exchanges) => {
    const product = await run(...exchanges);
    expect(product.outcome).toBe('pass');
    expect(product.metrics?.responsesValidated).toBeGreaterThan(0);
  });

  it('fails with one finding per wrong value, located in the response', async () => {
    const product = await run(get(portCall(PC1, { version: '1', eta: '2026-12-01T08:00:00' })));
    expect(product.outcome).toBe('fail');
    const found = findingsOf(product);
    const loc = (jsonPointer: string) => ({
      operationId: 'getPortCall',
      method: 'GET',
      url: `${API}/port-calls/${PC1}`,
      jsonPointer,
      in: 'response',
    });
    // The naive ETA breaks both the pattern and the format: still one finding.
    expect(found.map((f) => f.location)).toHaveLength(2);
    expect(found.map((f) => f.location)).toEqual(expect.arrayContaining([loc('/version'), loc('/eta')]));
    expect(product.findings?.find((f) => f.location?.jsonPointer === '/eta')?.data?.code).toBe(
      'SCHEMA_PATTERN, SCHEMA_FORMAT',
    );
    expect(found.every((f) => f.id === 'schema-violation' && f.evidence?.[0] === 'ev-get')).toBe(true);
  });

  it.each([
    ['a receipt without receiptId', create({ ...receipt('accepted'), receiptId: undefined }), '/receiptId'],
    [
      'an accepted receipt listing errors',
      create(receipt('accepted', { errors: [{ code: 'X', pointer: '/a', detail: 'd' }] })),
      '/errors',
    ],
    ['a problem with a string status', create({ ...problem(400), status: '400' }, 400), '/status'],
    [
      'a body that is not JSON',
      exchange(
        {
          method: 'GET',
          url: `${API}/port-calls/${PC1}`,
          status: 200,
          headers: { 'content-type': 'application/json' },
          text: '{oops',
          operationId: 'getPortCall',
        },
        'ev-get',
      ),
      '',
    ],
  ])('fails on %s', async (_name, ex, pointer) => {
    const product = await run(ex);
    expect(product.outcome).toBe('fail');
    expect(findingsOf(product).map((f) => f.location)).toContainEqual(
      expect.objectContaining({ jsonPointer: pointer, in: 'response' }),
    );
  });

  it('reports a violation repeated across responses and list items once', async () => {
    const bad = portCall(PC1, { version: 'x' });
    const page = exchange(
      {
        status: 200,
        json: { items: [bad, { ...bad, portCallId: PC2 }], nextCursor: null },
        operationId: 'listPortCalls',
      },
      'ev-page',
    );
    const product = await run(get(bad, PC1, 'ev-1'), get(bad, PC2, 'ev-2'), page);
    expect(findingsOf(product).map((f) => [f.location, f.evidence])).toEqual([
      [
        {
          operationId: 'getPortCall',
          method: 'GET',
          url: `${API}/port-calls/${PC1}`,
          jsonPointer: '/version',
          in: 'response',
        },
        ['ev-1'],
      ],
      [
        {
          operationId: 'listPortCalls',
          method: 'GET',
          url: `${API}/port-calls`,
          jsonPointer: '/items/0/version',
          in: 'response',
        },
        ['ev-page'],
      ],
    ]);
    expect(product.metrics).toEqual({ responsesValidated: 3, responsesInvalid: 3, distinctViolations: 2 });
  });

  it('caps the findings and says how many there were', async () => {
    const bad = portCall(PC1, { version: 'x', status: 'lost', tenant: '', portOfCall: 'x' });
    const product = await runCheck(check, { HttpLog: httpLog(get(bad)), OpenApi }, { maxFindings: 2 });
    expect(product.findings).toHaveLength(2);
    expect(product.metrics?.distinctViolations).toBeGreaterThan(2);
  });

  it('is not applicable when no documented response was recorded', async () => {
    const product = await run(
      exchange({ method: 'GET', url: 'https://127.0.0.1:8443/elsewhere', status: 200, json: {} }),
    );
    expect(product.outcome).toBe('not-applicable');
  });
});

describe('response-schema: the places of PSW-API-001', () => {
  it('probed where a documented answer was validated; answered only off the document, not applicable', async () => {
    const ids = ['getPortCall', 'createPortCall', 'listPortCalls'];
    const ProbePlan = { places: { 'PSW-API-001': ids.map((id) => ({ id, kind: 'operation', operationId: id })) } };
    const undocumented = create(problem(418), 418);
    const p = await runCheck(check, { HttpLog: httpLog(get(portCall()), undocumented), OpenApi, ProbePlan });
    expect(p.places?.['PSW-API-001']).toEqual({
      probed: ['getPortCall'],
      notProbed: [
        {
          id: 'createPortCall',
          why: 'not-applicable',
          detail: 'no answer of it had a documented status, content type and schema',
        },
        { id: 'listPortCalls', why: 'not-reached', detail: 'no answer of this operation was recorded' },
      ],
    });
  });
});
