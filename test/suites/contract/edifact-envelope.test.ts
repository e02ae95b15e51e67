// edifact-envelope: passes on the reference, fails on each of its seeded defects (the finding's id and EDIFACT place), not applicable
// to a member without the edifact capability.
import { describe, expect, it } from 'vitest';
import edifactEnvelope from '../../../suites/contract/edifact-envelope.ts';
import { exchangesFrom, judge, NOT_CAPABLE, whereOf } from './edifact-harness.ts';

describe('edifact-envelope', () => {
  it('passes on the reference', async () => {
    const p = await judge(edifactEnvelope, await exchangesFrom('reference'));
    expect([p.outcome, p.findings ?? []]).toEqual(['pass', []]);
  });

  it.each([
    [
      'edifact-unt-count-unchecked',
      {
        id: 'accepted',
        probe: 'envelope:UNT_COUNT',
        edifact: { message: 'BERMAN', segment: 'UNT', position: 12, element: 1 },
      },
    ],
    [
      'edifact-unz-ref-unchecked',
      { id: 'accepted', probe: 'envelope:UNZ_REF', edifact: { segment: 'UNZ', position: 14, element: 2 } },
    ],
    [
      'edifact-answer-unz-count',
      { id: 'answer-envelope', probe: 'control:BERMAN', edifact: { segment: 'UNZ', position: 7, element: 1 } },
    ],
    [
      'edifact-answer-unz-count',
      { id: 'answer-envelope', probe: 'structure:BERMAN:TDT', edifact: { segment: 'UNZ', position: 8, element: 1 } },
    ],
  ])('fails on %s, at %j', async (defect, where) => {
    const p = await judge(edifactEnvelope, await exchangesFrom('flawed', [defect]));
    expect(p.outcome).toBe('fail');
    expect(p.findings?.map(whereOf)).toContainEqual(where);
  });

  it('is not applicable without the edifact capability', async () => {
    expect((await judge(edifactEnvelope, NOT_CAPABLE)).outcome).toBe('not-applicable');
  });
});
