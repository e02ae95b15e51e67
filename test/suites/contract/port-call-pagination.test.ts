import { describe, expect, it } from 'vitest';
import check from '../../../suites/contract/port-call-pagination.ts';
import { LIFECYCLE_STEPS as L } from '../../../suites/contract/collectors/port-call-lifecycle.ts';
import { API, PC1, PC2, PC3, findingsOf, lifecycle, lifecycleStep, problem, receipt, runCheck } from './builders.ts';

const item = (id: string, tenant = 'tenant-a') => ({ portCallId: id, tenant, status: 'notified', version: 1 });
const page = (n: number, ids: string[], nextCursor: string | null, tenant?: string) =>
  lifecycleStep(`${L.listPage}${n}`, { body: { items: ids.map((id) => item(id, tenant)), nextCursor } });
const response = (url: string, pointer: string) => ({
  operationId: 'listPortCalls',
  method: 'GET',
  url,
  jsonPointer: pointer,
  in: 'response',
});
const page1 = `${API}/port-calls?limit=2`;
const page2 = `${API}/port-calls?limit=2&cursor=c1`;

describe('port-call-pagination', () => {
  it('passes on pages within the limit, each port call once, the last without a cursor, bad limits refused', async () => {
    const product = await runCheck(check, { PortCallLifecycle: lifecycle() });
    expect(product.outcome).toBe('pass');
    expect(product.evidence).toEqual([
      'ev-listPage1',
      'ev-listPage2',
      'ev-listDefault',
      'ev-listLimitZero',
      'ev-listLimitOver',
    ]);
  });

  it.each([
    [
      'a page holds more than the limit',
      { [`${L.listPage}1`]: page(1, [PC1, PC2, 'pc-x'], 'c1') },
      'page-over-limit',
      response(page1, '/items'),
    ],
    [
      'the next page repeats a port call',
      { [`${L.listPage}2`]: page(2, [PC2, PC3], null) },
      'item-repeated',
      response(page2, '/items/0'),
    ],
    [
      'the last page gives a cursor',
      { [`${L.listPage}2`]: page(2, [PC3], 'c2') },
      'cursor-after-last-page',
      response(page2, '/nextCursor'),
    ],
    [
      'a page lists another tenant',
      { [`${L.listPage}2`]: page(2, [PC3], null, 'tenant-b') },
      'other-tenant-listed',
      response(page2, '/items'),
    ],
    [
      'a page is refused',
      { [`${L.listPage}2`]: lifecycleStep(`${L.listPage}2`, { status: 500, body: problem(500) }) },
      'page-refused',
      { operationId: 'listPortCalls', method: 'GET', url: page2 },
    ],
    [
      'the default page holds more than 20',
      {
        [L.listDefault]: lifecycleStep(L.listDefault, {
          body: { items: Array.from({ length: 21 }, (_, i) => item(`pc-${i}`)), nextCursor: null },
        }),
      },
      'default-page-over-limit',
      response(`${API}/port-calls`, '/items'),
    ],
    [
      'limit=101 is served',
      { [L.listLimitOver]: lifecycleStep(L.listLimitOver, { status: 200, body: { items: [], nextCursor: null } }) },
      'limit-accepted',
      { operationId: 'listPortCalls', method: 'GET', url: `${API}/port-calls?limit=101` },
    ],
    [
      'limit=0 crashes',
      { [L.listLimitZero]: lifecycleStep(L.listLimitZero, { status: 500, body: problem(500) }) },
      'limit-server-error',
      { operationId: 'listPortCalls', method: 'GET', url: `${API}/port-calls?limit=0` },
    ],
    [
      'limit=0 is refused without an error at /limit',
      { [L.listLimitZero]: lifecycleStep(L.listLimitZero, { body: problem(400) }) },
      'limit-no-pointer',
      { operationId: 'listPortCalls', method: 'GET', url: `${API}/port-calls?limit=0` },
    ],
  ])('fails when %s', async (_name, change, id, location) => {
    const product = await runCheck(check, { PortCallLifecycle: lifecycle(change) });
    expect(product.outcome).toBe('fail');
    expect(findingsOf(product).map((f) => ({ id: f.id, location: f.location }))).toEqual([{ id, location }]);
    for (const f of product.findings ?? []) expect(f.evidence?.length).toBe(1);
  });

  it('does not judge the tenant when its own port call was not read', async () => {
    const lc = lifecycle({
      [L.read]: lifecycleStep(L.read, { body: receipt('accepted') }),
      [`${L.listPage}2`]: page(2, [PC3], null, 'tenant-b'),
    });
    expect((await runCheck(check, { PortCallLifecycle: lc })).outcome).toBe('pass');
  });

  it('errors when no page was listed', async () => {
    const lc = lifecycle(
      { [`${L.listPage}1`]: undefined, [`${L.listPage}2`]: undefined },
      { [`${L.listPage}1`]: 'timeout' },
    );
    await expect(runCheck(check, { PortCallLifecycle: lc })).rejects.toThrow(/timeout/);
  });
});
