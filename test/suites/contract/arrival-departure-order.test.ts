import { describe, expect, it } from 'vitest';
import check from '../../../suites/contract/arrival-departure-order.ts';
import { LIFECYCLE_STEPS as L } from '../../../suites/contract/collectors/port-call-lifecycle.ts';
import { API, PC1, PC3, findingsOf, lifecycle, lifecycleStep, problem, runCheck } from './builders.ts';

const early = {
  operationId: 'recordDeparture',
  method: 'POST',
  url: `${API}/port-calls/${PC1}/departure`,
  jsonPointer: '/atd',
  in: 'request',
};
const departure = { operationId: 'recordDeparture', method: 'POST', url: `${API}/port-calls/${PC1}/departure` };
const orphan = { operationId: 'recordDeparture', method: 'POST', url: `${API}/port-calls/${PC3}/departure` };

describe('arrival-departure-order', () => {
  it('passes when ATD before ATA is refused at /atd, a later ATD recorded and an orphan departure answered 409', async () => {
    const product = await runCheck(check, { PortCallLifecycle: lifecycle() });
    expect(product.outcome).toBe('pass');
    expect(product.evidence).toEqual([
      'ev-arrival',
      'ev-departureBeforeArrival',
      'ev-departure',
      'ev-departureWithoutArrival',
    ]);
  });

  it('passes when ATD before ATA is refused with 400 at /atd', async () => {
    const lc = lifecycle({
      [L.departureBeforeArrival]: lifecycleStep(L.departureBeforeArrival, {
        status: 400,
        body: problem(400, { errors: [{ code: 'X', pointer: '/atd', detail: '' }] }),
      }),
    });
    expect((await runCheck(check, { PortCallLifecycle: lc })).outcome).toBe('pass');
  });

  it.each([
    [
      'ATD before ATA is recorded',
      {
        [L.departureBeforeArrival]: lifecycleStep(L.departureBeforeArrival, {
          status: 200,
          body: { status: 'departed' },
        }),
      },
      [{ id: 'accepted', location: early }],
    ],
    [
      'ATD before ATA crashes',
      { [L.departureBeforeArrival]: lifecycleStep(L.departureBeforeArrival, { status: 500, body: problem(500) }) },
      [{ id: 'server-error', location: early }],
    ],
    [
      'ATD before ATA is refused without a pointer',
      { [L.departureBeforeArrival]: lifecycleStep(L.departureBeforeArrival, { status: 422, body: problem(422) }) },
      [{ id: 'no-pointer', location: early }],
    ],
    [
      'the later departure is refused',
      { [L.departure]: lifecycleStep(L.departure, { status: 422, body: problem(422) }) },
      [{ id: 'departure-refused', location: departure }],
    ],
    [
      'a departure without arrival is recorded',
      { [L.departureWithoutArrival]: lifecycleStep(L.departureWithoutArrival, { status: 200 }) },
      [{ id: 'departure-without-arrival-accepted', location: orphan }],
    ],
    [
      'a departure without arrival answers 422',
      { [L.departureWithoutArrival]: lifecycleStep(L.departureWithoutArrival, { status: 422 }) },
      [{ id: 'departure-without-arrival-wrong-status', location: orphan }],
    ],
  ])('fails when %s', async (_name, change, expected) => {
    const product = await runCheck(check, { PortCallLifecycle: lifecycle(change) });
    expect(product.outcome).toBe('fail');
    expect(findingsOf(product).map(({ id, location }) => ({ id, location }))).toEqual(expected);
  });

  it('does not blame the later departure when the early one was already recorded (no cascade)', async () => {
    const lc = lifecycle({
      [L.departureBeforeArrival]: lifecycleStep(L.departureBeforeArrival, { status: 200 }),
      [L.departure]: lifecycleStep(L.departure, { status: 409, body: problem(409) }),
    });
    expect(findingsOf(await runCheck(check, { PortCallLifecycle: lc })).map((f) => f.id)).toEqual(['accepted']);
  });

  it('errors, with the reason, when the arrival could not be recorded', async () => {
    const why = 'recording the arrival answered HTTP 500';
    const lc = lifecycle(
      { [L.departureBeforeArrival]: undefined, [L.departure]: undefined },
      { [L.departureBeforeArrival]: why, [L.departure]: why },
    );
    await expect(runCheck(check, { PortCallLifecycle: lc })).rejects.toThrow(/HTTP 500/);
  });
});
