// edifact-channel-agreement: passes on the reference, fails on each of its seeded defects (naming where), not applicable
// to a member without the edifact capability.
import { describe, expect, it } from 'vitest';
import edifactChannelAgreement from '../../../suites/contract/edifact-channel-agreement.ts';
import { exchangesFrom, judge, NOT_CAPABLE } from './edifact-harness.ts';

describe('edifact-channel-agreement', () => {
  it('passes on the reference', async () => {
    const p = await judge(edifactChannelAgreement, await exchangesFrom('reference'));
    expect([p.outcome, p.findings ?? []]).toEqual(['pass', []]);
  });

  it.each([
    ['edifact-berman-eta-shifted', { id: 'differs', probe: 'port-call', field: 'eta' }],
    ['edifact-iftdgn-items-lost', { id: 'differs', probe: 'dangerous-goods', field: 'items/length' }],
    ['edifact-release-char-kept', { id: 'differs', probe: 'port-call', field: 'ship/name' }],
  ])('fails on %s, at %j', async (defect, where) => {
    const p = await judge(edifactChannelAgreement, await exchangesFrom('flawed', [defect]));
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
    expect((await judge(edifactChannelAgreement, NOT_CAPABLE)).outcome).toBe('not-applicable');
  });
});
