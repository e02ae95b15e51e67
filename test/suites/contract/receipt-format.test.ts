import { beforeAll, describe, expect, it } from 'vitest';
import type { OpenApiModel } from '../../../contracts/openapi.ts';
import check from '../../../suites/contract/receipt-format.ts';
import { profileOpenApi } from '../../../suites/contract/operations.ts';
import { API, PC1, exchange, findingsOf, httpLog, problem, receipt, rejection, runCheck } from './builders.ts';

const createUrl = `${API}/port-calls`;
const create = (status: number, json: unknown, ev = 'ev-create') =>
  exchange({ method: 'POST', url: createUrl, status, json, operationId: 'createPortCall' }, ev);
/** The port call a rejected create submitted (no mmsi), as the client records it: JSON text. */
const SUBMITTED = {
  ship: { imoNumber: '9074728', name: 'ALPHA', flag: 'NL' },
  portOfCall: 'NLRTM',
  eta: '2026-11-21T10:00:00Z',
  etd: '2026-11-22T10:00:00Z',
  'a/b': { '~c': 1 },
};
const CREW = { crew: [{ familyName: 'A', nationality: 'NL' }, { familyName: 'B' }] };
const DANGEROUS_GOODS = { items: [{ unNumber: '1203', imdgClass: '3' }] };
const submitted = (json: unknown, requestBody: string | undefined = JSON.stringify(SUBMITTED), ev = 'ev-create') =>
  exchange({ method: 'POST', url: createUrl, status: 422, json, operationId: 'createPortCall', requestBody }, ev);
const crewSubmitted = (json: unknown) =>
  exchange(
    {
      method: 'POST',
      url: `${API}/port-calls/${PC1}/formalities/crew-list`,
      status: 422,
      json,
      operationId: 'submitCrewList',
      requestBody: JSON.stringify(CREW),
    },
    'ev-crew',
  );
/** A rejection listing errors with their own details. */
const rejecting = (...errors: [string, string, string][]) =>
  rejection([], { errors: errors.map(([code, pointer, detail]) => ({ code, pointer, detail })) });
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
      submitted(
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
    expect(product.metrics).toEqual({ submissionsJudged: 4, distinctReceiptIds: 4, rejectionsPointersNotJudged: 0 });
  });

  it.each([
    ['a member of a member', submitted(rejecting(['IMO_CHECK_DIGIT', '/ship/imoNumber', 'bad check digit']))],
    ['the whole document ("")', submitted(rejecting(['CREW_LIST_PENDING', '', 'whole document']))],
    ['escaped tokens (~1, ~0)', submitted(rejecting(['X', '/a~1b/~0c', 'escaped']))],
    ['an array item within the list', crewSubmitted(rejecting(['X', '/crew/1/familyName', 'second member']))],
    [
      "a required member missing from its object (the schema's words)",
      submitted(rejecting(['SCHEMA_REQUIRED', '/ship/mmsi', 'required property is missing'])),
    ],
    [
      "a member a rule requires, missing from its item (the reference's PACKING_GROUP_INVALID)",
      exchange(
        {
          method: 'POST',
          url: `${API}/port-calls/${PC1}/formalities/dangerous-goods`,
          status: 422,
          json: rejecting(['PACKING_GROUP_INVALID', '/items/0/packingGroup', 'class 3 requires a packing group']),
          operationId: 'submitDangerousGoods',
          requestBody: JSON.stringify(DANGEROUS_GOODS),
        },
        'ev-create',
      ),
    ],
  ])('passes when each error pointer resolves in the submitted document: %s', async (_name, ex) => {
    const product = await run(ex);
    expect(findingsOf(product)).toEqual([]);
    expect(product.outcome).toBe('pass');
    expect(product.metrics?.rejectionsPointersNotJudged).toBe(0);
  });

  it.each([
    ['a flattened path (/imoNumber for /ship/imoNumber)', submitted(rejecting(['IMO_CHECK_DIGIT', '/imoNumber', 'd']))],
    [
      'a member absent from its object, the error not saying it is required',
      submitted(rejecting(['MMSI_INVALID', '/ship/mmsi', 'not an MMSI'])),
    ],
    [
      'a required member under a parent that is not there either',
      submitted(rejecting(['SCHEMA_REQUIRED', '/vessel/imoNumber', 'required property is missing'])),
    ],
    ['a token into a string', submitted(rejecting(['X', '/ship/name/0', 'd']))],
  ])('fails when an error points where the submitted document has nothing: %s', async (_name, ex) => {
    const product = await run(ex);
    expect(product.outcome).toBe('fail');
    expect(findingsOf(product)).toEqual([
      { id: 'error-pointer-unresolved', location: at('/errors/0/pointer'), evidence: ['ev-create'] },
    ]);
  });

  it.each([
    ['an item past the end of the list', '/crew/5/nationality', 'd'],
    ['the index one past the last item', '/crew/2', 'crew member 3 is missing'],
    ['"-" (past the end by definition)', '/crew/-', 'd'],
    ['an index with a leading zero', '/crew/01', 'd'],
  ])('fails on a crew-list rejection pointing at %s', async (_name, pointer, detail) => {
    const product = await run(crewSubmitted(rejecting(['CREW_COUNT_MISMATCH', '/crew', 'count'])));
    expect(product.outcome).toBe('pass');
    const failed = await run(
      crewSubmitted(
        rejecting(
          ['CREW_COUNT_MISMATCH', '/crew', 'general declaration says 6'],
          ['CREW_COUNT_MISMATCH', pointer, detail],
        ),
      ),
    );
    expect(findingsOf(failed)).toEqual([
      {
        id: 'error-pointer-unresolved',
        location: {
          operationId: 'submitCrewList',
          method: 'POST',
          url: `${API}/port-calls/${PC1}/formalities/crew-list`,
          jsonPointer: '/errors/1/pointer',
          in: 'response',
        },
        evidence: ['ev-crew'],
      },
    ]);
    expect(failed.findings?.[0]?.data).toMatchObject({ pointer, index: 1, count: 1 });
  });

  it("reports one operation's unresolved pointers at one error index once, with each rejection as evidence", async () => {
    const product = await run(
      submitted(rejecting(['IMO_CHECK_DIGIT', '/imoNumber', 'd']), undefined, 'ev-1'),
      submitted(rejecting(['MMSI_INVALID', '/mmsi', 'd']), undefined, 'ev-2'),
    );
    expect(findingsOf(product)).toEqual([
      { id: 'error-pointer-unresolved', location: at('/errors/0/pointer'), evidence: ['ev-1', 'ev-2'] },
    ]);
    expect(product.findings?.[0]?.data).toMatchObject({ pointer: '/imoNumber', count: 2 });
  });

  it.each([
    ['not JSON', 'imoNumber=9074728'],
    ['not recorded whole (a binary body, recorded as its size)', '<2048 bytes>'],
    ['not recorded', undefined],
  ])('does not judge the pointers of a rejection whose request body is %s, and says so', async (_name, body) => {
    const ex = submitted(rejecting(['IMO_CHECK_DIGIT', '/imoNumber', 'd']));
    const product = await run({ ...ex, requestBody: body });
    expect(product.outcome).toBe('pass');
    expect(product.metrics?.rejectionsPointersNotJudged).toBe(1);
    expect(product.summary).toMatch(/pointers of 1 rejection\(s\) were not judged/);
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
