import { describe, expect, it } from 'vitest';
import check from '../../../suites/contract/arrival-departure-order.ts';
import { LIFECYCLE_STEPS as L } from '../../../suites/contract/collectors/port-call-lifecycle.ts';
import {
  API,
  PC3,
  fieldProbes,
  findingsOf,
  lifecycle,
  lifecycleStep,
  place,
  placeProbe,
  probePlan,
  problem,
  receipt,
  requestAt,
  runCheck,
} from './builders.ts';
import { describePlaceCheck } from './identifier-cases.ts';

const order = (side: string) =>
  place(
    'recordDeparture',
    '/atd',
    { id: `recordDeparture /atd ${side} recordArrival /ata`, variant: side },
    'timestamp-order',
  );
const PLACES = [order('before'), order('equal to')];
const PLAN = probePlan({ 'PSW-BR-004': PLACES });
const orphan = { operationId: 'recordDeparture', method: 'POST', url: `${API}/port-calls/${PC3}/departure` };

// The ordered pair: the wrong side and the boundary (the table breaks the boundary).
describePlaceCheck(check, 'PSW-BR-004', PLACES);

describe('arrival-departure-order: a departure without arrival', () => {
  const run = (lc = lifecycle(), probes = fieldProbes(PLACES)) =>
    runCheck(check, { IdentifierProbes: probes, ProbePlan: PLAN, PortCallLifecycle: lc });

  it('passes with the orphan departure answered 409, its evidence kept', async () => {
    const product = await run();
    expect(product.outcome).toBe('pass');
    expect(product.evidence).toContain('ev-departureWithoutArrival');
    expect(product.evidence).toContain('ev-control-recordDeparture');
  });

  it.each([
    ['recorded', 200, 'departure-without-arrival-accepted'],
    ['answered 422', 422, 'departure-without-arrival-wrong-status'],
    ['answered 403', 403, 'departure-without-arrival-wrong-status'],
  ])('fails when it is %s', async (_name, status, id) => {
    const lc = lifecycle({
      [L.departureWithoutArrival]: lifecycleStep(L.departureWithoutArrival, { status, body: problem(status) }),
    });
    const product = await run(lc);
    expect(product.outcome).toBe('fail');
    expect(findingsOf(product)).toEqual([{ id, location: orphan, evidence: ['ev-departureWithoutArrival'] }]);
  });

  it('reports both problems together', async () => {
    const lc = lifecycle({ [L.departureWithoutArrival]: lifecycleStep(L.departureWithoutArrival, { status: 200 }) });
    const boundary = PLACES[1]!;
    const product = await run(
      lc,
      fieldProbes(PLACES, { [boundary.id]: placeProbe(boundary, 200, receipt('accepted')) }),
    );
    expect(findingsOf(product).map(({ id, location }) => ({ id, location }))).toEqual([
      { id: 'accepted', location: requestAt(boundary) },
      { id: 'departure-without-arrival-accepted', location: orphan },
    ]);
  });

  it('errors when the orphan departure was not taken', async () => {
    const lc = lifecycle({ [L.departureWithoutArrival]: undefined }, { [L.departureWithoutArrival]: 'create failed' });
    await expect(run(lc)).rejects.toThrow(/create failed/);
  });
});
