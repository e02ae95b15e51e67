// edifact-envelope: passes on the reference, fails on each of its seeded defects (naming where), not applicable
// to a member without the edifact capability.
import { describe, expect, it } from 'vitest';
import edifactEnvelope from '../../../suites/contract/edifact-envelope.ts';
import { exchangesFrom, judge, NOT_CAPABLE } from './edifact-harness.ts';

describe('edifact-envelope', () => {
  it('passes on the reference', async () => {
    const p = await judge(edifactEnvelope, await exchangesFrom('reference'));
    expect([p.outcome, p.findings ?? []]).toEqual(['pass', []]);
  });

  it.each([
    ['edifact-unt-count-unchecked', { id: 'accepted', probe: 'envelope:UNT_COUNT' }],
    ['edifact-unz-ref-unchecked', { id: 'accepted', probe: 'envelope:UNZ_REF' }],
    ['edifact-answer-unz-count', { id: 'answer-envelope', probe: 'control:BERMAN' }],
  ])('fails on %s, at %j', async (defect, where) => {
    const p = await judge(edifactEnvelope, await exchangesFrom('flawed', [defect]));
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
    expect((await judge(edifactEnvelope, NOT_CAPABLE)).outcome).toBe('not-applicable');
  });
});
