import { describe, expect, it } from 'vitest';
import check from '../../../suites/contract/crew-count-consistency.ts';
import { countStep, FORMALITY_STEPS as F } from '../../../suites/contract/collectors/formality-probes.ts';
import {
  COUNT_PLAN,
  CREW_PLACES,
  OPERATIONS,
  PASSENGER_PLACES,
  countProbes,
  findingsOf,
  placeProbe,
  problem,
  receipt,
  rejection,
  requestAt,
  runCheck,
  step,
} from './builders.ts';

const run = (fp = countProbes()) => runCheck(check, { FormalityProbes: fp, ProbePlan: COUNT_PLAN });
const crewList = { operationId: 'submitCrewList', pointer: '/crew' };
const gd = OPERATIONS.submitGeneralDeclaration!;

describe('crew-count-consistency', () => {
  it('passes when every crew place holds, reporting the four places', async () => {
    const product = await run();
    expect(product.outcome).toBe('pass');
    expect(product.places?.['PSW-BR-002']).toEqual({
      probed: Object.values(CREW_PLACES).map((p) => p.id),
      notProbed: [],
    });
    expect(product.evidence).toEqual(
      expect.arrayContaining([`ev-${CREW_PLACES.fewer!.id}`, 'ev-submitCrewList-matching', `ev-${F.finalDeclaration}`]),
    );
  });

  it('passes when a mismatch is refused with a 400 at the list', async () => {
    const p = CREW_PLACES.more!;
    const probe = placeProbe(
      p,
      400,
      problem(400, { errors: [{ code: 'CREW_COUNT_MISMATCH', pointer: '/crew', detail: '' }] }),
    );
    expect((await run(countProbes({ probes: { [p.id]: probe } }))).outcome).toBe('pass');
  });

  it('ignores the passenger places', async () => {
    const p = PASSENGER_PLACES.more!;
    expect((await run(countProbes({ probes: { [p.id]: placeProbe(p, 201, receipt('accepted')) } }))).outcome).toBe(
      'pass',
    );
  });

  it.each([
    ['a longer list is accepted', 'more', () => placeProbe(CREW_PLACES.more!, 201, receipt('accepted')), 'accepted'],
    [
      'a shorter list crashes the server',
      'fewer',
      () => placeProbe(CREW_PLACES.fewer!, 500, problem(500)),
      'server-error',
    ],
    [
      'a shorter list is refused at another field',
      'fewer',
      () => placeProbe(CREW_PLACES.fewer!, 422, rejection([['CREW_COUNT_MISMATCH', '/numberOfCrew']])),
      'no-pointer',
    ],
    [
      'a FAL1 contradicting the list on file is accepted',
      'declaration-after-list',
      () => placeProbe(CREW_PLACES['declaration-after-list']!, 201, receipt('accepted')),
      'accepted',
    ],
    [
      'FAL1 before the crew list is accepted outright',
      'incomplete-without-list',
      () => placeProbe(CREW_PLACES['incomplete-without-list']!, 201, receipt('accepted')),
      'pending-not-flagged',
    ],
  ])('fails when %s', async (_name, variant, make, id) => {
    const p = CREW_PLACES[variant]!;
    const product = await run(countProbes({ probes: { [p.id]: make() } }));
    expect(product.outcome).toBe('fail');
    expect(findingsOf(product)).toEqual([{ id, location: requestAt(p), evidence: [`ev-${p.id}`] }]);
  });

  it('fails when the matching list or the matching declaration is refused', async () => {
    const list = OPERATIONS.submitCrewList!;
    const product = await run(
      countProbes({
        steps: {
          [countStep(crewList, 'matching')]: step(
            {
              url: list.url,
              status: 422,
              operationId: 'submitCrewList',
              body: rejection([['CREW_COUNT_MISMATCH', '/crew']]),
            },
            'matching',
          ),
          [F.finalDeclaration]: step(
            {
              url: gd.url,
              status: 422,
              operationId: 'submitGeneralDeclaration',
              body: rejection([['CREW_COUNT_MISMATCH', '/numberOfCrew']]),
            },
            'final',
          ),
        },
      }),
    );
    expect(findingsOf(product).map((f) => f.id)).toEqual(['matching-list-refused', 'matching-declaration-refused']);
  });

  it('does not blame the crew for a final declaration refused at the passenger count', async () => {
    const product = await run(
      countProbes({
        steps: {
          [F.finalDeclaration]: step(
            {
              url: gd.url,
              status: 422,
              operationId: 'submitGeneralDeclaration',
              body: rejection([['PASSENGER_COUNT_MISMATCH', '/numberOfPassengers']]),
            },
            'final',
          ),
        },
      }),
    );
    expect(product.outcome).toBe('pass');
  });

  it('errors, never passes, when the declaration (the control) was refused', async () => {
    const ids = Object.values(CREW_PLACES).map((p) => p.id);
    const fp = countProbes({
      probes: Object.fromEntries(ids.map((id) => [id, undefined])),
      notProbed: ids.map((place) => ({
        place,
        why: 'precondition-failed' as const,
        detail: 'the valid declaration was answered HTTP 422',
      })),
    });
    await expect(run(fp)).rejects.toThrow(/valid declaration/);
  });
});
