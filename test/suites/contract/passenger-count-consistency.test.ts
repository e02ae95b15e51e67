import { describe, expect, it } from 'vitest';
import check from '../../../suites/contract/passenger-count-consistency.ts';
import {
  COUNT_PLAN,
  CREW_PLACES,
  PASSENGER_PLACES,
  countProbes,
  findingsOf,
  placeProbe,
  problem,
  receipt,
  requestAt,
  runCheck,
} from './builders.ts';

const run = (fp = countProbes()) => runCheck(check, { FormalityProbes: fp, ProbePlan: COUNT_PLAN });

describe('passenger-count-consistency', () => {
  it('passes when every passenger place holds, reporting the three places', async () => {
    const product = await run();
    expect(product.outcome).toBe('pass');
    expect(product.places?.['PSW-BR-003']).toEqual({
      probed: Object.values(PASSENGER_PLACES).map((p) => p.id),
      notProbed: [],
    });
  });

  it('ignores the crew places', async () => {
    const p = CREW_PLACES.fewer!;
    expect((await run(countProbes({ probes: { [p.id]: placeProbe(p, 201, receipt('accepted')) } }))).outcome).toBe(
      'pass',
    );
  });

  it.each([
    ['a longer passenger list is accepted', 'more', 201, receipt('accepted'), 'accepted'],
    ['a shorter passenger list is accepted', 'fewer', 201, receipt('accepted'), 'accepted'],
    ['a FAL1 contradicting the list on file crashes', 'declaration-after-list', 500, problem(500), 'server-error'],
  ])('fails when %s', async (_name, variant, status, body, id) => {
    const p = PASSENGER_PLACES[variant]!;
    const product = await run(countProbes({ probes: { [p.id]: placeProbe(p, status, body) } }));
    expect(product.outcome).toBe('fail');
    expect(findingsOf(product)).toEqual([{ id, location: requestAt(p), evidence: [`ev-${p.id}`] }]);
  });

  it('reports a place it could not reach', async () => {
    const p = PASSENGER_PLACES['declaration-after-list']!;
    const product = await run(
      countProbes({
        probes: { [p.id]: undefined },
        notProbed: [{ place: p.id, why: 'stopped', detail: 'run stopped' }],
      }),
    );
    expect(product.outcome).toBe('pass');
    expect(product.places?.['PSW-BR-003']?.notProbed).toEqual([{ id: p.id, why: 'stopped', detail: 'run stopped' }]);
  });
});
