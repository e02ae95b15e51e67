import { describe, expect, it } from 'vitest';
import check from '../../../suites/contract/cancelled-port-call-immutable.ts';
import { LIFECYCLE_STEPS as L } from '../../../suites/contract/collectors/port-call-lifecycle.ts';
import { API, PC2, findingsOf, lifecycle, lifecycleStep, problem, receipt, runCheck } from './builders.ts';

const update = { operationId: 'updatePortCall', method: 'PUT', url: `${API}/port-calls/${PC2}` };
const arrival = { operationId: 'recordArrival', method: 'POST', url: `${API}/port-calls/${PC2}/arrival` };

describe('cancelled-port-call-immutable', () => {
  it('passes when update and arrival on the cancelled port call answer 409', async () => {
    const product = await runCheck(check, { PortCallLifecycle: lifecycle() });
    expect(product.outcome).toBe('pass');
    expect(product.evidence).toEqual(['ev-cancel', 'ev-updateAfterCancel', 'ev-arrivalAfterCancel']);
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
      'the arrival answers 422',
      { [L.arrivalAfterCancel]: lifecycleStep(L.arrivalAfterCancel, { status: 422 }) },
      [{ id: 'wrong-status', location: arrival }],
    ],
    [
      'both are applied',
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
    const product = await runCheck(check, { PortCallLifecycle: lifecycle(change) });
    expect(product.outcome).toBe('fail');
    expect(findingsOf(product).map(({ id, location }) => ({ id, location }))).toEqual(expected);
  });

  it('errors when the port call could not be cancelled', async () => {
    const lc = lifecycle({ [L.cancel]: lifecycleStep(L.cancel, { status: 500, body: problem(500) }) });
    await expect(runCheck(check, { PortCallLifecycle: lc })).rejects.toThrow(/cancelling/);
  });
});
