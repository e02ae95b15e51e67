import { beforeAll, describe, expect, it } from 'vitest';
import type { OpenApiModel } from '../../../contracts/openapi.ts';
import check from '../../../suites/contract/receipt-format.ts';
import { profileOpenApi } from '../../../suites/contract/operations.ts';
import { API, PC1, exchange, findingsOf, httpLog, problem, receipt, rejection, runCheck } from './builders.ts';

const createUrl = `${API}/port-calls`;
const create = (status: number, json: unknown, ev = 'ev-create') =>
  exchange({ method: 'POST', url: createUrl, status, json, operationId: 'createPortCall' }, ev);
const crew = (status: number, json: unknown) =>
  exchange(
    {
      method: 'POST',
      url: `${API}/port-calls/${PC1}/formalities/crew-list`,
      status,
      json,
      operationId: 'submitCrewList',
    },
    'ev-crew',
  );
const update = (status: number, json: unknown) =>
  exchange(
    { method: 'PUT', url: `${API}/port-calls/${PC1}`, status, json, operationId: 'updatePortCall' },
    'ev-update',
  );
const at = (jsonPointer?: string) => ({
  operationId: 'createPortCall',
  method: 'POST',
  url: createUrl,
  ...(jsonPointer === undefined ? {} : { jsonPointer, in: 'response' }),
});

let OpenApi: OpenApiModel;
beforeAll(async () => {
  OpenApi = await profileOpenApi({});
});
const run = (...exchanges: ReturnType<typeof exchange>[]) =>
  runCheck(check, { HttpLog: httpLog(...exchanges), OpenApi });

describe('receipt-format', () => {
  it('passes on accepted, incomplete and rejected receipts with unique ids; other answers are ignored', async () => {
    const product = await run(
      create(201, receipt('accepted')),
      update(200, receipt('accepted', { documentType: 'port-call' })),
      crew(201, receipt('incomplete')),
      create(
        422,
        rejection([
          ['IMO_CHECK_DIGIT', '/ship/imoNumber'],
          ['LOCODE_UNKNOWN', ''],
        ]),
      ),
      update(412, problem(412)),
      create(400, problem(400)),
      exchange({
        method: 'GET',
        url: `${API}/port-calls/${PC1}`,
        status: 200,
        json: { receiptId: 'not judged' },
        operationId: 'getPortCall',
      }),
    );
    expect(product.outcome).toBe('pass');
    expect(product.metrics).toEqual({ submissionsJudged: 4, distinctReceiptIds: 4 });
  });

  it.each([
    ['a 201 without a receipt', create(201, { portCallId: PC1 }), 'not-a-receipt', at()],
    [
      'a 201 with an empty body',
      exchange({ method: 'POST', url: createUrl, status: 201, operationId: 'createPortCall' }, 'ev-create'),
      'not-a-receipt',
      at(),
    ],
    [
      'a 201 saying rejected',
      create(201, { ...receipt('accepted'), outcome: 'rejected', errors: [{ code: 'X', pointer: '/a', detail: 'd' }] }),
      'outcome-mismatch',
      at('/outcome'),
    ],
    [
      'a 422 saying accepted',
      create(422, { ...rejection([['X', '/a']]), outcome: 'accepted' }),
      'outcome-mismatch',
      at('/outcome'),
    ],
    ['a rejection without errors', create(422, rejection([])), 'rejected-without-errors', at('/errors')],
    [
      'an error without a code',
      create(422, rejection([['', '/ship/imoNumber']])),
      'error-without-code',
      at('/errors/0/code'),
    ],
    [
      'an error whose pointer is a path, not RFC 6901',
      create(422, rejection([['IMO_CHECK_DIGIT', 'ship.imoNumber']])),
      'error-bad-pointer',
      at('/errors/0/pointer'),
    ],
    [
      'an error whose pointer has a bad escape',
      create(422, rejection([['X', '/a~2b']])),
      'error-bad-pointer',
      at('/errors/0/pointer'),
    ],
    [
      'an incomplete receipt without warnings',
      create(201, receipt('incomplete', { warnings: [] })),
      'incomplete-without-warning',
      at('/warnings'),
    ],
  ])('fails on %s', async (_name, ex, id, location) => {
    const product = await run(ex);
    expect(product.outcome).toBe('fail');
    expect(findingsOf(product)).toEqual([{ id, location, evidence: ['ev-create'] }]);
  });

  it('fails when two submissions share a receiptId, pointing at the second with both as evidence', async () => {
    const a = receipt('accepted');
    const product = await run(
      create(201, a, 'ev-1'),
      crew(201, { ...receipt('accepted'), receiptId: a.receiptId }),
      create(201, receipt('accepted'), 'ev-3'),
    );
    expect(findingsOf(product)).toEqual([
      {
        id: 'receipt-id-reused',
        location: {
          operationId: 'submitCrewList',
          method: 'POST',
          url: `${API}/port-calls/${PC1}/formalities/crew-list`,
          jsonPointer: '/receiptId',
          in: 'response',
        },
        evidence: ['ev-1', 'ev-crew'],
      },
    ]);
    expect(product.findings?.[0]?.data?.count).toBe(2);
  });

  it('reports one reused id once however many receipts carry it, and caps the findings', async () => {
    const same = receipt('accepted').receiptId;
    const many = Array.from({ length: 8 }, (_, i) =>
      create(201, { ...receipt('accepted'), receiptId: same }, `ev-${i}`),
    );
    const product = await run(...many);
    expect(findingsOf(product).map((f) => [f.id, f.evidence?.length])).toEqual([['receipt-id-reused', 5]]);
    const capped = await runCheck(
      check,
      { HttpLog: httpLog(...many.map(() => create(201, { portCallId: PC1 }))), OpenApi },
      { maxFindings: 3 },
    );
    expect(capped.findings).toHaveLength(3);
  });

  it('is not applicable when no submission was answered', async () => {
    expect((await run(update(428, problem(428)))).outcome).toBe('not-applicable');
  });
});
