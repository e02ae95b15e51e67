// edifact-segment-structure: passes on the reference, fails on each of its seeded defects (naming where), not applicable
// to a member without the edifact capability.
import { describe, expect, it } from 'vitest';
import edifactSegmentStructure from '../../../suites/contract/edifact-segment-structure.ts';
import { exchangesFrom, judge, NOT_CAPABLE } from './edifact-harness.ts';

describe('edifact-segment-structure', () => {
  it('passes on the reference', async () => {
    const p = await judge(edifactSegmentStructure, await exchangesFrom('reference'));
    expect([p.outcome, p.findings ?? []]).toEqual(['pass', []]);
  });

  it.each([
    ['edifact-berman-sg4-optional', { id: 'not-refused', probe: 'structure:BERMAN:LOC' }],
    ['edifact-iftdgn-dgs-optional', { id: 'not-refused', probe: 'structure:IFTDGN:DGS' }],
  ])('fails on %s, at %j', async (defect, where) => {
    const p = await judge(edifactSegmentStructure, await exchangesFrom('flawed', [defect]));
    expect(p.outcome).toBe('fail');
    expect(
      p.findings?.map((f) => ({
        id: f.id,
        probe: f.data?.probe ?? f.data?.what,
        ...(f.data?.field ? { field: f.data.field } : {}),
      })),
    ).toContainEqual(where);
  });

  it('is not applicable without the edifact capability', async () => {
    expect((await judge(edifactSegmentStructure, NOT_CAPABLE)).outcome).toBe('not-applicable');
  });
});
