// edifact-segment-structure: passes on the reference, fails on each of its seeded defects (the finding's id and EDIFACT place), not applicable
// to a member without the edifact capability.
import { describe, expect, it } from 'vitest';
import edifactSegmentStructure from '../../../suites/contract/edifact-segment-structure.ts';
import { exchangesFrom, judge, NOT_CAPABLE, whereOf } from './edifact-harness.ts';

describe('edifact-segment-structure', () => {
  it('passes on the reference', async () => {
    const p = await judge(edifactSegmentStructure, await exchangesFrom('reference'));
    expect([p.outcome, p.findings ?? []]).toEqual(['pass', []]);
  });

  it.each([
    [
      'edifact-berman-sg4-optional',
      {
        id: 'not-refused',
        probe: 'structure:BERMAN:LOC',
        edifact: { message: 'BERMAN', segment: 'LOC', position: 7 },
      },
    ],
    [
      'edifact-iftdgn-dgs-optional',
      {
        id: 'not-refused',
        probe: 'structure:IFTDGN:DGS',
        edifact: { message: 'IFTDGN', segment: 'DGS', position: 11 },
      },
    ],
    [
      'edifact-contrl-missing-position-off',
      {
        id: 'wrong-position',
        probe: 'structure:BERMAN:LOC',
        edifact: { message: 'BERMAN', segment: 'LOC', position: 7 },
      },
    ],
    [
      'edifact-contrl-missing-position-off',
      {
        id: 'wrong-position',
        probe: 'structure:WASDIS:DGS',
        edifact: { message: 'WASDIS', segment: 'DGS', position: 8 },
      },
    ],
  ])('fails on %s, at %j', async (defect, where) => {
    const p = await judge(edifactSegmentStructure, await exchangesFrom('flawed', [defect]));
    expect(p.outcome).toBe('fail');
    expect(p.findings?.map(whereOf)).toContainEqual(where);
  });

  it('is not applicable without the edifact capability', async () => {
    expect((await judge(edifactSegmentStructure, NOT_CAPABLE)).outcome).toBe('not-applicable');
  });
});
