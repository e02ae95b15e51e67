// edifact-channel-agreement: passes on the reference, fails on each of its seeded defects (the finding's id and EDIFACT place), not applicable
// to a member without the edifact capability.
import { describe, expect, it } from 'vitest';
import edifactChannelAgreement from '../../../suites/contract/edifact-channel-agreement.ts';
import { exchangesFrom, judge, NOT_CAPABLE, whereOf } from './edifact-harness.ts';

describe('edifact-channel-agreement', () => {
  it('passes on the reference', async () => {
    const p = await judge(edifactChannelAgreement, await exchangesFrom('reference'));
    expect([p.outcome, p.findings ?? []]).toEqual(['pass', []]);
  });

  it.each([
    [
      'edifact-berman-eta-shifted',
      {
        id: 'differs',
        probe: 'port-call',
        field: 'eta',
        edifact: { message: 'BERMAN', segment: 'DTM', element: 1, component: 2 },
      },
    ],
    [
      'edifact-iftdgn-items-lost',
      {
        id: 'differs',
        probe: 'dangerous-goods',
        field: 'items/length',
        edifact: { message: 'IFTDGN', segment: 'DGS' },
      },
    ],
    [
      'edifact-iftdgn-items-lost',
      {
        id: 'differs',
        probe: 'dangerous-goods',
        field: 'items/1/unNumber',
        edifact: { message: 'IFTDGN', segment: 'DGS', element: 3, component: 1 },
      },
    ],
    [
      'edifact-release-char-kept',
      {
        id: 'differs',
        probe: 'port-call',
        field: 'ship/name',
        edifact: { message: 'BERMAN', segment: 'TDT', element: 8, component: 4 },
      },
    ],
  ])('fails on %s, at %j', async (defect, where) => {
    const p = await judge(edifactChannelAgreement, await exchangesFrom('flawed', [defect]));
    expect(p.outcome).toBe('fail');
    expect(p.findings?.map(whereOf)).toContainEqual(where);
  });

  it('is not applicable without the edifact capability', async () => {
    expect((await judge(edifactChannelAgreement, NOT_CAPABLE)).outcome).toBe('not-applicable');
  });
});
