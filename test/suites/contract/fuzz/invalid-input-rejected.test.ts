import { describe, expect, it } from 'vitest';
import check from '../../../../suites/contract/fuzz/invalid-input-rejected.ts';
import type {
  InvalidInputOperation,
  InvalidInputProbe,
  InvalidInputProbes,
} from '../../../../suites/contract/fuzz/collectors/invalid-input-probes.ts';
import { findingIds, judge } from '../coverage/synthetic.ts';

const URL_ = 'https://member.example/api/v1/port-calls';
const errorsAt = (...pointers: string[]) => ({
  status: 400,
  errors: pointers.map((pointer) => ({ code: 'SCHEMA_TYPE', pointer, detail: 'x' })),
});

function probe(p: Partial<InvalidInputProbe> & Pick<InvalidInputProbe, 'pointer' | 'status'>): InvalidInputProbe {
  return {
    operationId: 'createPortCall',
    method: 'POST',
    url: URL_,
    in: 'body',
    kind: 'type',
    value: '42',
    verdict: 'pass',
    seed: 123,
    shrinks: 0,
    evidenceId: `http-${p.pointer.length}`,
    ...p,
  };
}

const OP: InvalidInputOperation = {
  operationId: 'createPortCall',
  method: 'POST',
  path: '/api/v1/port-calls',
  status: 'probed',
  targets: 3,
  probes: 1,
};

function artifact(probes: InvalidInputProbe[], operations: InvalidInputOperation[] = [OP]): InvalidInputProbes {
  return {
    seed: 9,
    budget: 150,
    timeLimitMs: 90_000,
    requests: probes.length + 1,
    fieldLocation: 'required',
    operations,
    probes,
  };
}

const rows: Array<{
  name: string;
  probes: InvalidInputProbe[];
  options?: Record<string, unknown>;
  outcome: string;
  ids: string[];
  pointers: string[];
}> = [
  {
    name: 'refused at the field',
    probes: [probe({ pointer: '/ship/name', status: 400, body: errorsAt('/ship/name') })],
    outcome: 'pass',
    ids: [],
    pointers: [],
  },
  {
    name: 'a path parameter refused with 404',
    probes: [probe({ in: 'path', pointer: '/portCallId', status: 404, body: 'Not Found' })],
    outcome: 'pass',
    ids: [],
    pointers: [],
  },
  {
    name: 'accepted',
    probes: [probe({ pointer: '/callPurpose', kind: 'enum', status: 201, body: {} })],
    outcome: 'fail',
    ids: ['accepted'],
    pointers: ['/callPurpose'],
  },
  {
    name: 'a 5xx and a refusal pointing elsewhere',
    probes: [
      probe({ pointer: '/personsOnBoard', kind: 'below-minimum', status: 500, path: '0:0', shrinks: 1 }),
      probe({ pointer: '/eta', status: 400, body: errorsAt('/etd') }),
    ],
    outcome: 'fail',
    ids: ['server-error', 'field-not-located'],
    pointers: ['/personsOnBoard', '/eta'],
  },
  {
    name: 'a refusal without errors, when locations are only judged if reported',
    probes: [probe({ pointer: '/eta', status: 400, body: { title: 'bad' } })],
    options: { fieldLocation: 'when-reported' },
    outcome: 'pass',
    ids: [],
    pointers: [],
  },
  {
    name: 'a redirect',
    probes: [probe({ in: 'query', pointer: '/limit', status: 303 })],
    outcome: 'fail',
    ids: ['unexpected-status'],
    pointers: ['/limit'],
  },
];

describe('invalid-input-rejected', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', async (_name, r) => {
    const p = await judge(check, { InvalidInputProbes: artifact(r.probes) }, r.options);
    expect(p.outcome).toBe(r.outcome);
    expect(findingIds(p)).toEqual(r.ids);
    expect((p.findings ?? []).map((f) => f.location?.jsonPointer)).toEqual(r.pointers);
  });

  it('a finding carries the replay data (seeds, fast-check path) and the counterexample as evidence', async () => {
    const p = await judge(check, {
      InvalidInputProbes: artifact([
        probe({
          pointer: '/personsOnBoard',
          kind: 'below-minimum',
          value: '-1',
          status: 500,
          path: '0:1:0',
          shrinks: 2,
          evidenceId: 'http-0042',
        }),
      ]),
    });
    const f = p.findings![0]!;
    expect(f.data).toMatchObject({
      operationId: 'createPortCall',
      kind: 'below-minimum',
      pointer: '/personsOnBoard',
      value: '-1',
      status: 500,
      runSeed: 9,
      seed: 123,
      path: '0:1:0',
      shrinks: 2,
    });
    expect(f.location).toEqual({
      operationId: 'createPortCall',
      method: 'POST',
      url: URL_,
      jsonPointer: '/personsOnBoard',
      in: 'request',
    });
    expect(f.evidence).toEqual(['http-0042']);
  });

  it('a header mutation is located by header name', async () => {
    const p = await judge(check, {
      InvalidInputProbes: artifact([probe({ in: 'header', pointer: '/if-match', status: 200 })]),
    });
    expect(p.findings![0]!.location).toMatchObject({ header: 'if-match' });
  });

  it('not applicable when no operation takes input; an error when none could be probed', async () => {
    const none = await judge(check, { InvalidInputProbes: artifact([], [{ ...OP, status: 'no-input', probes: 0 }]) });
    expect(none.outcome).toBe('not-applicable');
    await expect(
      judge(check, {
        InvalidInputProbes: artifact(
          [],
          [{ ...OP, status: 'uncontrolled', reason: 'control answered HTTP 404', probes: 0 }],
        ),
      }),
    ).rejects.toThrow(/control answered HTTP 404/);
  });

  it('says which operations could not be probed', async () => {
    const p = await judge(check, {
      InvalidInputProbes: artifact(
        [probe({ pointer: '/a', status: 400, body: errorsAt('/a') })],
        [OP, { ...OP, operationId: 'getFormality', status: 'uncontrolled', reason: 'x' }],
      ),
    });
    expect(p.outcome).toBe('pass');
    expect(p.metrics).toMatchObject({ operationsProbed: 1, operationsUncontrolled: 1 });
  });
});

describe('invalid-input-rejected: the places of PSW-API-011', () => {
  it('each operation says whether it was probed, and why not', async () => {
    const ops: InvalidInputOperation[] = [
      OP,
      { ...OP, operationId: 'getJwks', status: 'no-input', probes: 0 },
      {
        ...OP,
        operationId: 'submitCrewList',
        status: 'uncontrolled',
        reason: 'the valid control request was answered HTTP 422',
        probes: 0,
      },
      { ...OP, operationId: 'listFormalities', status: 'not-reached', probes: 0 },
    ];
    const plan = {
      places: {
        'PSW-API-011': [...ops.map((o) => o.operationId), 'issueToken'].map((id) => ({
          id,
          kind: 'operation',
          operationId: id,
        })),
      },
    };
    const p = await judge(check, {
      InvalidInputProbes: artifact([probe({ pointer: '/eta', status: 400, body: errorsAt('/eta') })], ops),
      ProbePlan: plan,
    });
    expect(p.places?.['PSW-API-011']).toEqual({
      probed: ['createPortCall'],
      notProbed: [
        { id: 'getJwks', why: 'not-applicable', detail: 'it takes no parameter and no JSON body' },
        { id: 'submitCrewList', why: 'precondition-failed', detail: 'the valid control request was answered HTTP 422' },
        { id: 'listFormalities', why: 'budget', detail: 'the request budget (150) ran out before its probes' },
        { id: 'issueToken', why: 'not-reached' },
      ],
    });
  });
});
