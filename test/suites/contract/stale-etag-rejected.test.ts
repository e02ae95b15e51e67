import { describe, expect, it } from 'vitest';
import check from '../../../suites/contract/stale-etag-rejected.ts';
import { LIFECYCLE_STEPS as L } from '../../../suites/contract/collectors/port-call-lifecycle.ts';
import {
  API,
  PC1,
  SENT_PERSONS_ON_BOARD,
  findingsOf,
  lifecycle,
  lifecycleStep,
  problem,
  receipt,
  runCheck,
} from './builders.ts';

const location = { operationId: 'updatePortCall', method: 'PUT', url: `${API}/port-calls/${PC1}`, header: 'If-Match' };

/** Each non-matching update: its If-Match, and the reads of the port call before and after it. */
const UPDATES = [
  [L.updateStale, '"1"', 'stale', L.readAfterUpdate, L.readAfterUpdateStale],
  [L.updateWeakEtag, 'W/"2"', 'weak', L.readAfterUpdateStale, L.readAfterUpdateWeakEtag],
] as const;

/** The read-back `after` of PC1 (at version 2 before the update) showing `change`. */
const readBack = (after: string, change: Record<string, unknown>) =>
  lifecycleStep(after, { body: { portCallId: PC1, tenant: 'tenant-a', status: 'notified', version: 2, ...change } });

describe('stale-etag-rejected', () => {
  it('passes when the stale and the weak updates answer 412 and change nothing', async () => {
    const product = await runCheck(check, { PortCallLifecycle: lifecycle() });
    expect(product.outcome).toBe('pass');
    expect(product.evidence).toEqual([
      'ev-update',
      'ev-readAfterUpdate',
      'ev-updateStale',
      'ev-readAfterUpdateStale',
      'ev-updateWeakEtag',
      'ev-readAfterUpdateWeakEtag',
    ]);
  });

  it.each([
    [
      'applied: its personsOnBoard and a new version',
      (step: string) => ({ personsOnBoard: SENT_PERSONS_ON_BOARD[step], version: 3 }),
      '/personsOnBoard',
      true,
    ],
    ['a new version only', () => ({ version: 3 }), '/version', false],
  ])('fails when the port call read back after a 412 changed (%s)', async (_name, change, pointer, applied) => {
    for (const [step, ifMatch, which, before, after] of UPDATES) {
      // The weak update's port call is read before it too: the change shows only after the update.
      const lc = lifecycle({ [after]: readBack(after, change(step)) });
      if (step === L.updateStale)
        lc.steps[L.readAfterUpdateWeakEtag] = readBack(L.readAfterUpdateWeakEtag, change(step));
      const product = await runCheck(check, { PortCallLifecycle: lc });
      expect(product.outcome).toBe('fail');
      expect(findingsOf(product)).toEqual([
        {
          id: 'changed-despite-refusal',
          location: { ...location, jsonPointer: pointer, in: 'response' },
          evidence: [`ev-${step}`, `ev-${before}`, `ev-${after}`],
        },
      ]);
      expect(product.findings?.[0]?.data).toMatchObject({ step, ifMatch, which, status: 412, field: pointer.slice(1) });
      expect(String(product.findings?.[0]?.data?.applied)).toBe(
        applied ? ' (the personsOnBoard this update sent: it was applied)' : '',
      );
    }
  });

  it('needs review when the port call could not be read back after a 412', async () => {
    for (const [, , , , after] of UPDATES) {
      const lc = lifecycle({ [after]: lifecycleStep(after, { status: 503, body: problem(503) }) });
      const product = await runCheck(check, { PortCallLifecycle: lc });
      expect(product.outcome).toBe('needs-review');
      expect(product.summary).toContain('HTTP 503');
    }
  });

  it.each([
    ['applied (200)', 200, receipt('accepted'), 'accepted'],
    ['answered 409', 409, problem(409), 'wrong-status'],
    ['answered 428', 428, problem(428), 'wrong-status'],
  ])('fails when an update with a non-matching ETag is %s', async (_name, status, body, id) => {
    for (const [step, ifMatch, which] of [
      [L.updateStale, '"1"', 'stale'],
      [L.updateWeakEtag, 'W/"2"', 'weak'],
    ] as const) {
      const lc = lifecycle({ [step]: lifecycleStep(step, { status, body }) });
      const product = await runCheck(check, { PortCallLifecycle: lc });
      expect(product.outcome).toBe('fail');
      expect(findingsOf(product)).toEqual([{ id, location, evidence: [`ev-${step}`] }]);
      expect(product.findings?.[0]?.data).toMatchObject({ ifMatch, which });
    }
  });

  it('errors when no stale ETag could be established', async () => {
    const lc = lifecycle(
      { [L.updateStale]: undefined },
      { [L.updateStale]: 'the update did not change the ETag, so no stale ETag exists' },
    );
    await expect(runCheck(check, { PortCallLifecycle: lc })).rejects.toThrow(/did not change the ETag/);
  });
});
