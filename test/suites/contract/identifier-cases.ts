// The shared table for the checks that judge field probes of the probe plan's places (identifier
// fields and ordered timestamps): every planned place is judged; one place broken anywhere fails it.
import { describe, expect, it } from 'vitest';
import type { AnyCheck } from '../../../engine/check.ts';
import type { Place } from '../../../engine/types.ts';
import {
  control,
  fieldProbes,
  findingsOf,
  lifecycle,
  place,
  placeProbe,
  probePlan,
  problem,
  receipt,
  rejection,
  requestAt,
  runCheck,
  validationProblem,
} from './builders.ts';

const LIFECYCLE = lifecycle();

/**
 * `places`: the requirement's places (at least two operations, or a first and a later item);
 * the table breaks the LAST one, so a check that judges only the first place fails it.
 */
export function describePlaceCheck(check: AnyCheck, requirement: string, places: Place[]): void {
  const plan = probePlan({ [requirement]: places, 'PSW-OTHER-001': [place('createPortCall', '/other')] });
  const last = places[places.length - 1]!;
  const run = (artifact = fieldProbes(places)) =>
    runCheck(check, { IdentifierProbes: artifact, ProbePlan: plan, PortCallLifecycle: LIFECYCLE });

  describe(check.id, () => {
    it('passes when every place is refused at its field, reporting every place probed', async () => {
      const product = await run();
      expect(product.outcome).toBe('pass');
      for (const p of places) expect(product.evidence).toContain(`ev-${p.id}`);
      expect(product.evidence).toContain(`ev-control-${last.operationId}`);
      expect(product.places?.[requirement]).toEqual({ probed: places.map((p) => p.id), notProbed: [] });
    });

    it.each([
      ['refused 400 with a schema error at the field', () => placeProbe(last, 400, validationProblem(last.pointer!))],
      [
        'refused with several errors, one at the field',
        () =>
          placeProbe(
            last,
            422,
            rejection([
              ['OTHER', '/x'],
              ['RULE', last.pointer!],
            ]),
          ),
      ],
    ])('passes when the last place is %s', async (_name, make) => {
      expect((await run(fieldProbes(places, { [last.id]: make() }))).outcome).toBe('pass');
    });

    it.each([
      ['accepted 201', () => placeProbe(last, 201, receipt('accepted')), 'accepted'],
      ['accepted 200', () => placeProbe(last, 200, receipt('accepted')), 'accepted'],
      ['answered 500', () => placeProbe(last, 500, problem(500)), 'server-error'],
      ['refused without errors[]', () => placeProbe(last, 422, problem(422)), 'no-pointer'],
      [
        'refused with an error elsewhere',
        () => placeProbe(last, 422, rejection([['RULE', '/somewhere/else']])),
        'no-pointer',
      ],
      ['refused with a non-JSON body', () => placeProbe(last, 400, 'bad request'), 'no-pointer'],
      ['redirected', () => placeProbe(last, 303), 'no-pointer'],
    ])('fails when only the last place is %s', async (_name, make, id) => {
      const product = await run(fieldProbes(places, { [last.id]: make() }));
      expect(product.outcome).toBe('fail');
      expect(findingsOf(product)).toEqual([{ id, location: requestAt(last), evidence: [`ev-${last.id}`] }]);
      expect(product.places?.[requirement]?.probed).toEqual(places.map((p) => p.id));
    });

    it('ignores places of other requirements', async () => {
      const other = place('createPortCall', '/other');
      const artifact = fieldProbes([...places, other], { [other.id]: placeProbe(other, 201, receipt('accepted')) });
      expect((await run(artifact)).outcome).toBe('pass');
    });

    it('passes with the places not probed for budget reported as such', async () => {
      const artifact = fieldProbes(
        places,
        { [last.id]: undefined },
        {
          notProbed: [{ place: last.id, why: 'budget', detail: 'the profile probes 1 place(s) per run' }],
        },
      );
      const product = await run(artifact);
      expect(product.outcome).toBe('pass');
      expect(product.places?.[requirement]?.notProbed).toEqual([
        { id: last.id, why: 'budget', detail: 'the profile probes 1 place(s) per run' },
      ]);
    });

    it('errors, never passes, when the valid control of an operation was refused', async () => {
      const refused = control(last.operationId!, 422);
      const artifact = fieldProbes(
        places,
        { [last.id]: undefined },
        {
          controls: { [last.operationId!]: refused },
          notProbed: [
            { place: last.id, why: 'precondition-failed', detail: 'the valid control request was answered HTTP 422' },
          ],
        },
      );
      await expect(run(artifact)).rejects.toThrow(/control/);
    });

    it('errors when a probe got no response', async () => {
      await expect(run(fieldProbes(places, { [last.id]: placeProbe(last, 0) }))).rejects.toThrow(/no response/);
    });

    it('errors when no place was probed at all', async () => {
      const artifact = fieldProbes(places, Object.fromEntries(places.map((p) => [p.id, undefined])));
      await expect(run(artifact)).rejects.toThrow(/no place/);
    });

    it('is not applicable when the document marks no such place', async () => {
      const product = await runCheck(check, {
        IdentifierProbes: fieldProbes([]),
        ProbePlan: probePlan({ [requirement]: [] }),
        PortCallLifecycle: LIFECYCLE,
      });
      expect(product.outcome).toBe('not-applicable');
    });
  });
}
