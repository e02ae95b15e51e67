import { describe, expect, it } from 'vitest';
import check from '../../../suites/contract/port-call-creation.ts';
import { LIFECYCLE_STEPS as L } from '../../../suites/contract/collectors/port-call-lifecycle.ts';
import { API, PC1, findingsOf, lifecycle, lifecycleStep, problem, receipt, rejection, runCheck } from './builders.ts';

const create = (change: Parameters<typeof lifecycleStep>[1]) => lifecycleStep(L.create, change);
const createLoc = { operationId: 'createPortCall', method: 'POST', url: `${API}/port-calls` };
const headers = { 'content-type': 'application/json', location: `/api/v1/port-calls/${PC1}`, etag: '"1"' };

describe('port-call-creation', () => {
  it('passes on 201 with Location resolving to the port call, a strong ETag and an accepted receipt', async () => {
    const product = await runCheck(check, { PortCallLifecycle: lifecycle() });
    expect(product.outcome).toBe('pass');
    expect(product.evidence).toEqual(['ev-create', 'ev-read']);
  });

  it('passes with an absolute Location', async () => {
    const lc = lifecycle({ [L.create]: create({ headers: { ...headers, location: `${API}/port-calls/${PC1}` } }) });
    expect((await runCheck(check, { PortCallLifecycle: lc })).outcome).toBe('pass');
  });

  it.each([
    [
      '201 without Location',
      { [L.create]: create({ headers: { etag: '"1"' } }) },
      [{ id: 'location-missing', location: { ...createLoc, header: 'Location' } }],
    ],
    [
      '201 without ETag',
      { [L.create]: create({ headers: { location: headers.location } }) },
      [{ id: 'etag-missing', location: { ...createLoc, header: 'ETag' } }],
    ],
    [
      'a weak ETag',
      { [L.create]: create({ headers: { ...headers, etag: 'W/"1"' } }) },
      [{ id: 'etag-invalid', location: { ...createLoc, header: 'ETag' } }],
    ],
    [
      'an unquoted ETag',
      { [L.create]: create({ headers: { ...headers, etag: '1' } }) },
      [{ id: 'etag-invalid', location: { ...createLoc, header: 'ETag' } }],
    ],
    ['200 instead of 201', { [L.create]: create({ status: 200 }) }, [{ id: 'status', location: createLoc }]],
    [
      'an incomplete receipt',
      { [L.create]: create({ body: receipt('incomplete') }) },
      [{ id: 'receipt-not-accepted', location: { ...createLoc, jsonPointer: '/outcome', in: 'response' } }],
    ],
    [
      'a body that is no receipt',
      { [L.create]: create({ body: { portCallId: PC1 } }) },
      [{ id: 'receipt-not-accepted', location: { ...createLoc, jsonPointer: '/outcome', in: 'response' } }],
    ],
    [
      'a Location that answers 404',
      { [L.read]: lifecycleStep(L.read, { status: 404, body: problem(404) }) },
      [
        {
          id: 'location-unresolved',
          location: { operationId: 'getPortCall', method: 'GET', url: `${API}/port-calls/${PC1}`, header: 'Location' },
        },
      ],
    ],
    [
      'a Location leading to another port call',
      { [L.read]: lifecycleStep(L.read, { body: { portCallId: '7c9e6679-7425-40de-944b-e07fc1f90ae7' } }) },
      [
        {
          id: 'location-unresolved',
          location: { operationId: 'getPortCall', method: 'GET', url: `${API}/port-calls/${PC1}`, header: 'Location' },
        },
      ],
    ],
    [
      'a refused valid create (only the status is judged)',
      { [L.create]: create({ status: 422, headers: {}, body: rejection([['IMO_CHECK_DIGIT', '/ship/imoNumber']]) }) },
      [{ id: 'status', location: createLoc }],
    ],
  ])('fails on %s', async (_name, change, expected) => {
    const product = await runCheck(check, { PortCallLifecycle: lifecycle(change) });
    expect(product.outcome).toBe('fail');
    expect(findingsOf(product).map(({ id, location }) => ({ id, location }))).toEqual(expected);
    for (const f of product.findings ?? []) expect(f.evidence?.length).toBeGreaterThan(0);
  });

  it('reports every problem of one answer', async () => {
    const lc = lifecycle({ [L.create]: create({ status: 200, headers: {}, body: receipt('incomplete') }) });
    expect(findingsOf(await runCheck(check, { PortCallLifecycle: lc })).map((f) => f.id)).toEqual([
      'status',
      'location-missing',
      'etag-missing',
      'receipt-not-accepted',
    ]);
  });

  it('errors when the create step is missing', async () => {
    await expect(
      runCheck(check, { PortCallLifecycle: lifecycle({ [L.create]: undefined }, { [L.create]: 'connection reset' }) }),
    ).rejects.toThrow(/connection reset/);
  });
});
