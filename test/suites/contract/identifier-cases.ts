// The shared table for the five identifier checks: each judges one IdentifierProbes probe the same way.
import { describe, expect, it } from 'vitest';
import type { AnyCheck } from '../../../engine/check.ts';
import {
  findingsOf,
  identifierPointer,
  identifierProbes,
  probe,
  problem,
  receipt,
  rejection,
  runCheck,
  validationProblem,
} from './builders.ts';

export function describeIdentifierCheck(check: AnyCheck, probeName: string): void {
  const pointer = identifierPointer(probeName);
  const location = {
    operationId: 'createPortCall',
    method: 'POST',
    url: 'https://127.0.0.1:8443/api/v1/port-calls',
    jsonPointer: pointer,
    in: 'request',
  };

  describe(check.id, () => {
    it.each([
      ['refused 422 with a rule error at the field', probe(probeName, pointer, 422, rejection([['RULE', pointer]]))],
      ['refused 400 with a schema error at the field', probe(probeName, pointer, 400, validationProblem(pointer))],
      [
        'refused with several errors, one at the field',
        probe(
          probeName,
          pointer,
          422,
          rejection([
            ['OTHER', '/x'],
            ['RULE', pointer],
          ]),
        ),
      ],
    ])('passes when %s', async (_name, p) => {
      const product = await runCheck(check, { IdentifierProbes: identifierProbes({ [probeName]: p }) });
      expect(product.outcome).toBe('pass');
      expect(product.evidence).toContain(`ev-${probeName}`);
    });

    it.each([
      ['accepted 201', probe(probeName, pointer, 201, receipt('accepted')), 'accepted'],
      ['accepted 200', probe(probeName, pointer, 200, receipt('accepted')), 'accepted'],
      ['answered 500', probe(probeName, pointer, 500, problem(500)), 'server-error'],
      ['refused without errors[]', probe(probeName, pointer, 422, problem(422)), 'no-pointer'],
      [
        'refused with an error elsewhere',
        probe(probeName, pointer, 422, rejection([['RULE', '/somewhere/else']])),
        'no-pointer',
      ],
      ['refused with a non-JSON body', probe(probeName, pointer, 400, 'bad request'), 'no-pointer'],
      ['redirected', probe(probeName, pointer, 303), 'no-pointer'],
    ])('fails when the probe is %s', async (_name, p, id) => {
      const product = await runCheck(check, { IdentifierProbes: identifierProbes({ [probeName]: p }) });
      expect(product.outcome).toBe('fail');
      expect(findingsOf(product)).toEqual([{ id, location, evidence: [`ev-${probeName}`] }]);
    });

    it('ignores the other probes', async () => {
      const others = Object.fromEntries(
        ['imo-check-digit', 'mmsi-not-ship-station', 'locode-unknown', 'eta-after-etd', 'datetime-without-offset']
          .filter((n) => n !== probeName)
          .map((n) => [n, probe(n, identifierPointer(n), 201, receipt('accepted'))]),
      );
      expect((await runCheck(check, { IdentifierProbes: identifierProbes(others) })).outcome).toBe('pass');
    });

    it.each([
      ['refused', probe('control', '', 422, rejection([['RULE', '/x']]))],
      ['lost to a transport error', probe('control', '', 0)],
    ])('throws (error outcome) when the control create was %s', async (_name, control) => {
      await expect(runCheck(check, { IdentifierProbes: identifierProbes({}, control) })).rejects.toThrow(/control/);
    });

    it('throws when its probe was not recorded or got no response', async () => {
      const missing = identifierProbes();
      missing.probes = missing.probes.filter((p) => p.probe !== probeName);
      await expect(runCheck(check, { IdentifierProbes: missing })).rejects.toThrow(probeName);
      await expect(
        runCheck(check, { IdentifierProbes: identifierProbes({ [probeName]: probe(probeName, pointer, 0) }) }),
      ).rejects.toThrow(/no response/);
    });
  });
}
