import { describe, expect, it } from 'vitest';
import check from '../../../suites/contract/stale-etag-rejected.ts';
import { LIFECYCLE_STEPS as L } from '../../../suites/contract/collectors/port-call-lifecycle.ts';
import { API, PC1, findingsOf, lifecycle, lifecycleStep, problem, receipt, runCheck } from './builders.ts';

const location = { operationId: 'updatePortCall', method: 'PUT', url: `${API}/port-calls/${PC1}`, header: 'If-Match' };

describe('stale-etag-rejected', () => {
  it('passes when the stale and the weak updates answer 412', async () => {
    const product = await runCheck(check, { PortCallLifecycle: lifecycle() });
    expect(product.outcome).toBe('pass');
    expect(product.evidence).toEqual(['ev-update', 'ev-readAfterUpdate', 'ev-updateStale', 'ev-updateWeakEtag']);
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
