import { describe, expect, it } from 'vitest';
import check from '../../../suites/contract/dangerous-goods-validation.ts';
import { FORMALITY_PROBES as P } from '../../../suites/contract/collectors/formality-probes.ts';
import { API, PC1, findingsOf, formalityProbes, probe, problem, receipt, rejection, runCheck } from './builders.ts';

const url = `${API}/port-calls/${PC1}/formalities/dangerous-goods`;
const dg = (name: string, pointer: string, status: number, body?: unknown) =>
  probe(name, pointer, status, body, { operationId: 'submitDangerousGoods', url });
const at = (pointer: string) => ({
  operationId: 'submitDangerousGoods',
  method: 'POST',
  url,
  jsonPointer: pointer,
  in: 'request',
});

describe('dangerous-goods-validation', () => {
  it('passes when the four broken manifests are refused at their field', async () => {
    const product = await runCheck(check, { FormalityProbes: formalityProbes() });
    expect(product.outcome).toBe('pass');
    expect(product.evidence).toEqual([
      'ev-control',
      'ev-un-number',
      'ev-imdg-class',
      'ev-imdg-division',
      'ev-container-check-digit',
    ]);
  });

  it('passes when the IMDG class is refused by the schema (400) at the field', async () => {
    const change = {
      dgProbes: {
        [P.imdgClass]: dg(
          P.imdgClass,
          '/items/0/imdgClass',
          400,
          problem(400, { errors: [{ code: 'SCHEMA_PATTERN', pointer: '/items/0/imdgClass', detail: '' }] }),
        ),
      },
    };
    expect((await runCheck(check, { FormalityProbes: formalityProbes(change) })).outcome).toBe('pass');
  });

  it.each([
    [
      'UN 9999 accepted',
      { [P.unNumber]: dg(P.unNumber, '/items/0/unNumber', 201, receipt('accepted')) },
      [{ id: 'accepted', location: at('/items/0/unNumber') }],
    ],
    [
      'class 10 crashes',
      { [P.imdgClass]: dg(P.imdgClass, '/items/0/imdgClass', 500, problem(500)) },
      [{ id: 'server-error', location: at('/items/0/imdgClass') }],
    ],
    [
      'division 6.3 accepted',
      { [P.imdgDivision]: dg(P.imdgDivision, '/items/0/imdgClass', 201, receipt('accepted')) },
      [{ id: 'accepted', location: at('/items/0/imdgClass') }],
    ],
    [
      'the container refused at the item, not the field',
      {
        [P.containerCheckDigit]: dg(
          P.containerCheckDigit,
          '/items/0/containerNumber',
          422,
          rejection([['CONTAINER_CHECK_DIGIT', '/items/0']]),
        ),
      },
      [{ id: 'no-pointer', location: at('/items/0/containerNumber') }],
    ],
    [
      'all four accepted',
      {
        [P.unNumber]: dg(P.unNumber, '/items/0/unNumber', 201, receipt('accepted')),
        [P.imdgClass]: dg(P.imdgClass, '/items/0/imdgClass', 201, receipt('accepted')),
        [P.imdgDivision]: dg(P.imdgDivision, '/items/0/imdgClass', 201, receipt('accepted')),
        [P.containerCheckDigit]: dg(P.containerCheckDigit, '/items/0/containerNumber', 201, receipt('accepted')),
      },
      [
        { id: 'accepted', location: at('/items/0/unNumber') },
        { id: 'accepted', location: at('/items/0/imdgClass') },
        { id: 'accepted', location: at('/items/0/imdgClass') },
        { id: 'accepted', location: at('/items/0/containerNumber') },
      ],
    ],
  ])('fails when %s', async (_name, dgProbes, expected) => {
    const product = await runCheck(check, { FormalityProbes: formalityProbes({ dgProbes }) });
    expect(product.outcome).toBe('fail');
    expect(findingsOf(product).map(({ id, location }) => ({ id, location }))).toEqual(expected);
  });

  it('errors when the valid manifest (the control) was refused or missing', async () => {
    await expect(
      runCheck(check, {
        FormalityProbes: formalityProbes({
          dgControl: dg('control', '', 422, rejection([['UN_NUMBER_INVALID', '/items/0/unNumber']])),
        }),
      }),
    ).rejects.toThrow(/control/);
    await expect(runCheck(check, { FormalityProbes: formalityProbes({ dgControl: null }) })).rejects.toThrow(/control/);
  });
});
