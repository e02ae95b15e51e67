import { describe, expect, it } from 'vitest';
import check from '../../../suites/contract/dangerous-goods-validation.ts';
import {
  fieldProbes,
  findingsOf,
  lifecycle,
  place,
  placeProbe,
  probePlan,
  receipt,
  rejection,
  requestAt,
  runCheck,
} from './builders.ts';
import { describePlaceCheck } from './identifier-cases.ts';

const item = (i: number, field: string) => place('submitDangerousGoods', `/items/${i}/${field}`);
const CONTAINERS = [item(0, 'containerNumber'), item(1, 'containerNumber')];
const IDENTIFIERS = [
  item(0, 'unNumber'),
  item(1, 'unNumber'),
  item(0, 'imdgClass'),
  item(1, 'imdgClass'),
  item(0, 'packingGroup'),
  item(1, 'packingGroup'),
];

describePlaceCheck(check, 'PSW-ID-004', CONTAINERS);
describePlaceCheck(check, 'PSW-ID-005', IDENTIFIERS);

describe('dangerous-goods-validation over both requirements', () => {
  const plan = probePlan({ 'PSW-ID-004': CONTAINERS, 'PSW-ID-005': IDENTIFIERS });
  const all = [...CONTAINERS, ...IDENTIFIERS];
  const run = (replace = {}) =>
    runCheck(check, { IdentifierProbes: fieldProbes(all, replace), ProbePlan: plan, PortCallLifecycle: lifecycle() });

  it('reports the places of each requirement', async () => {
    const product = await run();
    expect(product.outcome).toBe('pass');
    expect(product.places?.['PSW-ID-004']?.probed).toEqual(CONTAINERS.map((p) => p.id));
    expect(product.places?.['PSW-ID-005']?.probed).toEqual(IDENTIFIERS.map((p) => p.id));
  });

  it('fails at the container of a later item only, and at a refusal pointing at the item', async () => {
    const later = CONTAINERS[1]!;
    const un = IDENTIFIERS[0]!;
    const product = await run({
      [later.id]: placeProbe(later, 201, receipt('accepted')),
      [un.id]: placeProbe(un, 422, rejection([['UN_NUMBER_INVALID', '/items/0']])),
    });
    expect(product.outcome).toBe('fail');
    expect(findingsOf(product).map(({ id, location }) => ({ id, location }))).toEqual([
      { id: 'accepted', location: requestAt(later) },
      { id: 'no-pointer', location: requestAt(un) },
    ]);
  });
});
