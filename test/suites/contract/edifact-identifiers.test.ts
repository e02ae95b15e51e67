// edifact-identifiers: passes on the reference, fails on each of its seeded defects (the finding's id and EDIFACT place), not applicable
// to a member without the edifact capability.
import { describe, expect, it } from 'vitest';
import edifactIdentifiers from '../../../suites/contract/edifact-identifiers.ts';
import { exchangesFrom, judge, NOT_CAPABLE, whereOf } from './edifact-harness.ts';

describe('edifact-identifiers', () => {
  it('passes on the reference', async () => {
    const p = await judge(edifactIdentifiers, await exchangesFrom('reference'));
    expect([p.outcome, p.findings ?? []]).toEqual(['pass', []]);
  });

  it.each([
    [
      'edifact-tdt-imo-unchecked',
      {
        id: 'accepted',
        probe: 'identifier:BERMAN:TDT:IMO_CHECK_DIGIT',
        edifact: { message: 'BERMAN', segment: 'TDT', position: 3, element: 8, component: 1 },
      },
    ],
    [
      'edifact-dgs-un-number-unchecked',
      {
        id: 'accepted',
        probe: 'identifier:IFTDGN:DGS:UN_NUMBER',
        edifact: { message: 'IFTDGN', segment: 'DGS', position: 10, element: 3, component: 1 },
      },
    ],
  ])('fails on %s, at %j', async (defect, where) => {
    const p = await judge(edifactIdentifiers, await exchangesFrom('flawed', [defect]));
    expect(p.outcome).toBe('fail');
    expect(p.findings?.map(whereOf)).toContainEqual(where);
  });

  it('is not applicable without the edifact capability', async () => {
    expect((await judge(edifactIdentifiers, NOT_CAPABLE)).outcome).toBe('not-applicable');
  });
});
