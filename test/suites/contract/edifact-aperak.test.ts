// edifact-aperak: passes on the reference, fails on each of its seeded defects (the finding's id and EDIFACT place), not applicable
// to a member without the edifact capability.
import { describe, expect, it } from 'vitest';
import edifactAperak from '../../../suites/contract/edifact-aperak.ts';
import { exchangesFrom, judge, NOT_CAPABLE, whereOf } from './edifact-harness.ts';

describe('edifact-aperak', () => {
  it('passes on the reference', async () => {
    const p = await judge(edifactAperak, await exchangesFrom('reference'));
    expect([p.outcome, p.findings ?? []]).toEqual(['pass', []]);
  });

  it.each([
    [
      'edifact-aperak-no-location',
      {
        id: 'not-located',
        probe: 'identifier:BERMAN:TDT:IMO_CHECK_DIGIT',
        edifact: { message: 'BERMAN', segment: 'TDT', position: 3, element: 8, component: 1 },
      },
    ],
    [
      'edifact-aperak-no-location',
      {
        id: 'not-located',
        probe: 'identifier:IFTDGN:RFF:CONTAINER_CHECK_DIGIT',
        edifact: { message: 'IFTDGN', segment: 'RFF', position: 14, element: 1, component: 2 },
      },
    ],
    [
      'edifact-aperak-wrong-reference',
      {
        id: 'wrong-reference',
        probe: 'control:IFTDGN',
        edifact: { message: 'IFTDGN', segment: 'UNH', position: 1, element: 1 },
      },
    ],
  ])('fails on %s, at %j', async (defect, where) => {
    const p = await judge(edifactAperak, await exchangesFrom('flawed', [defect]));
    expect(p.outcome).toBe('fail');
    expect(p.findings?.map(whereOf)).toContainEqual(where);
  });

  it('is not applicable without the edifact capability', async () => {
    expect((await judge(edifactAperak, NOT_CAPABLE)).outcome).toBe('not-applicable');
  });
});
