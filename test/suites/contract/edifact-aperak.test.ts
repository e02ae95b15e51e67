// edifact-aperak: passes on the reference, fails on each of its seeded defects (naming where), not applicable
// to a member without the edifact capability.
import { describe, expect, it } from 'vitest';
import edifactAperak from '../../../suites/contract/edifact-aperak.ts';
import { exchangesFrom, judge, NOT_CAPABLE } from './edifact-harness.ts';

describe('edifact-aperak', () => {
  it('passes on the reference', async () => {
    const p = await judge(edifactAperak, await exchangesFrom('reference'));
    expect([p.outcome, p.findings ?? []]).toEqual(['pass', []]);
  });

  it.each([
    ['edifact-aperak-no-location', { id: 'not-located', probe: 'identifier:BERMAN:TDT:IMO_CHECK_DIGIT' }],
    ['edifact-aperak-wrong-reference', { id: 'wrong-reference', probe: 'control:IFTDGN' }],
  ])('fails on %s, at %j', async (defect, where) => {
    const p = await judge(edifactAperak, await exchangesFrom('flawed', [defect]));
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
    expect((await judge(edifactAperak, NOT_CAPABLE)).outcome).toBe('not-applicable');
  });
});
