import { describe, expect, it } from 'vitest';
import check from '../../../suites/contract/cancelled-port-call-immutable.ts';
import { afterCancelStep, LIFECYCLE_STEPS as L } from '../../../suites/contract/collectors/port-call-lifecycle.ts';
import {
  API,
  CANCEL_WRITES,
  PC2,
  findingsOf,
  lifecycle,
  lifecycleStep,
  place,
  probePlan,
  problem,
  receipt,
  runCheck,
} from './builders.ts';

const OPS = ['updatePortCall', 'recordArrival', ...CANCEL_WRITES];
const PLAN = probePlan({
  'PSW-API-006': OPS.map((op) => place(op, '', { id: op, pointer: undefined }, 'resource-write')),
});
const update = { operationId: 'updatePortCall', method: 'PUT', url: `${API}/port-calls/${PC2}` };
const arrival = { operationId: 'recordArrival', method: 'POST', url: `${API}/port-calls/${PC2}/arrival` };
const formality = { operationId: 'submitCrewList', method: 'POST', url: `${API}/port-calls/${PC2}/submitCrewList` };
const run = (lc = lifecycle()) => runCheck(check, { PortCallLifecycle: lc, ProbePlan: PLAN });

describe('cancelled-port-call-immutable', () => {
  it('passes when every write to the cancelled port call answers 409, reporting each place', async () => {
    const product = await run();
    expect(product.outcome).toBe('pass');
    expect(product.evidence).toEqual(['ev-cancel', ...OPS.map((op) => `ev-${afterCancelStep(op)}`)]);
    expect(product.places?.['PSW-API-006']).toEqual({ probed: OPS, notProbed: [] });
  });

  it.each([
    [
      'the update is applied',
      { [L.updateAfterCancel]: lifecycleStep(L.updateAfterCancel, { status: 200, body: receipt('accepted') }) },
      [{ id: 'accepted', location: update }],
    ],
    [
      'the update answers 412',
      { [L.updateAfterCancel]: lifecycleStep(L.updateAfterCancel, { status: 412, body: problem(412) }) },
      [{ id: 'wrong-status', location: update }],
    ],
    [
      'the arrival is recorded',
      { [L.arrivalAfterCancel]: lifecycleStep(L.arrivalAfterCancel, { status: 200 }) },
      [{ id: 'accepted', location: arrival }],
    ],
    [
      'a crew list is accepted',
      { [afterCancelStep('submitCrewList')]: lifecycleStep(afterCancelStep('submitCrewList'), { status: 201 }) },
      [{ id: 'accepted', location: formality }],
    ],
    [
      'both update and arrival are applied',
      {
        [L.updateAfterCancel]: lifecycleStep(L.updateAfterCancel, { status: 200 }),
        [L.arrivalAfterCancel]: lifecycleStep(L.arrivalAfterCancel, { status: 200 }),
      },
      [
        { id: 'accepted', location: update },
        { id: 'accepted', location: arrival },
      ],
    ],
  ])('fails when %s', async (_name, change, expected) => {
    const product = await run(lifecycle(change));
    expect(product.outcome).toBe('fail');
    expect(findingsOf(product).map(({ id, location }) => ({ id, location }))).toEqual(expected);
  });

  it('reports a write it could not send, with the reason', async () => {
    const step = afterCancelStep('decideClearance');
    const product = await run(lifecycle({ [step]: undefined }, { [step]: 'no valid body' }));
    expect(product.outcome).toBe('pass');
    expect(product.places?.['PSW-API-006']?.notProbed).toEqual([
      { id: 'decideClearance', why: 'precondition-failed', detail: 'no valid body' },
    ]);
  });

  it('errors when the port call could not be cancelled', async () => {
    const lc = lifecycle({ [L.cancel]: lifecycleStep(L.cancel, { status: 500, body: problem(500) }) });
    await expect(run(lc)).rejects.toThrow(/cancelling/);
  });
});
