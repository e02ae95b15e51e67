import { describe, expect, it } from 'vitest';
import { findingFingerprint } from '../../../engine/fingerprint.ts';
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

/** Each non-matching update: its If-Match, the reads of the port call before and after it, its finding's header. */
const UPDATES = [
  [L.updateStale, '"1"', 'stale', L.readAfterUpdate, L.readAfterUpdateStale, 'If-Match: <stale ETag>'],
  [L.updateWeakEtag, 'W/"2"', 'weak', L.readAfterUpdateStale, L.readAfterUpdateWeakEtag, 'If-Match: W/<current ETag>'],
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
    for (const [step, ifMatch, which, before, after, header] of UPDATES) {
      // The weak update's port call is read before it too: the change shows only after the update.
      const lc = lifecycle({ [after]: readBack(after, change(step)) });
      if (step === L.updateStale)
        lc.steps[L.readAfterUpdateWeakEtag] = readBack(L.readAfterUpdateWeakEtag, change(step));
      const product = await runCheck(check, { PortCallLifecycle: lc });
      expect(product.outcome).toBe('fail');
      expect(findingsOf(product)).toEqual([
        {
          id: 'changed-despite-refusal',
          location: { ...location, header, jsonPointer: pointer, in: 'response' },
          evidence: [`ev-${step}`, `ev-${before}`, `ev-${after}`],
        },
      ]);
      expect(product.findings?.[0]?.data).toMatchObject({
        step,
        ifMatch,
        which,
        status: 412,
        field: pointer.slice(1),
        applied,
      });
    }
  });

  it('passes when a read-back differs only in a member outside the schema or in key order', async () => {
    const lc = lifecycle({
      [L.readAfterUpdate]: readBack(L.readAfterUpdate, {
        ship: { imoNumber: '9074729', name: 'ESTEREL' },
        readAt: 't1',
      }),
      [L.readAfterUpdateStale]: readBack(L.readAfterUpdateStale, {
        ship: { name: 'ESTEREL', imoNumber: '9074729' },
        readAt: 't2',
      }),
      [L.readAfterUpdateWeakEtag]: readBack(L.readAfterUpdateWeakEtag, {
        ship: { imoNumber: '9074729', name: 'ESTEREL' },
        links: { self: '/port-calls?sig=abc' },
      }),
    });
    const product = await runCheck(check, { PortCallLifecycle: lc });
    expect(product.outcome).toBe('pass');
  });

  it('judges by the ETag when the reads carry no version', async () => {
    const bare = (name: string, etag: string) =>
      lifecycleStep(name, { headers: { etag }, body: { portCallId: PC1, tenant: 'tenant-a', status: 'notified' } });
    const lc = lifecycle({
      [L.readAfterUpdate]: bare(L.readAfterUpdate, '"2"'),
      [L.readAfterUpdateStale]: bare(L.readAfterUpdateStale, '"3"'),
      [L.readAfterUpdateWeakEtag]: bare(L.readAfterUpdateWeakEtag, '"3"'),
    });
    const product = await runCheck(check, { PortCallLifecycle: lc });
    expect(findingsOf(product)).toEqual([
      {
        id: 'changed-despite-refusal',
        location: { ...location, header: 'If-Match: <stale ETag>' },
        evidence: ['ev-updateStale', 'ev-readAfterUpdate', 'ev-readAfterUpdateStale'],
      },
    ]);
    expect(product.findings?.[0]?.data).toMatchObject({ field: 'ETag', applied: false });
  });

  it('gives the findings of the stale and the weak update fingerprints of their own', async () => {
    const applied = (name: string, step: string) => readBack(name, { personsOnBoard: SENT_PERSONS_ON_BOARD[step] });
    const lc = lifecycle({
      [L.readAfterUpdateStale]: applied(L.readAfterUpdateStale, L.updateStale),
      [L.readAfterUpdateWeakEtag]: applied(L.readAfterUpdateWeakEtag, L.updateWeakEtag),
    });
    const product = await runCheck(check, { PortCallLifecycle: lc });
    const findings = product.findings ?? [];
    expect(findings.map((f) => [f.id, f.location?.jsonPointer])).toEqual([
      ['changed-despite-refusal', '/personsOnBoard'],
      ['changed-despite-refusal', '/personsOnBoard'],
    ]);
    const prints = findings.map((f) => findingFingerprint(check.id, f, { apiBaseUrl: API }));
    expect(new Set(prints).size).toBe(2);
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
