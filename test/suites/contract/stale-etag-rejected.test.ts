import { describe, expect, it } from 'vitest';
import check from '../../../suites/contract/stale-etag-rejected.ts';
import { LIFECYCLE_STEPS as L } from '../../../suites/contract/collectors/port-call-lifecycle.ts';
import { API, PC1, findingsOf, lifecycle, lifecycleStep, problem, receipt, runCheck } from './builders.ts';

const location = { operationId: 'updatePortCall', method: 'PUT', url: `${API}/port-calls/${PC1}`, header: 'If-Match' };

describe('stale-etag-rejected', () => {
  it('passes when the stale update answers 412', async () => {
    const product = await runCheck(check, { PortCallLifecycle: lifecycle() });
    expect(product.outcome).toBe('pass');
    expect(product.evidence).toEqual(['ev-update', 'ev-readAfterUpdate', 'ev-updateStale']);
  });

  it.each([
    ['applied (200)', 200, receipt('accepted'), 'accepted'],
    ['answered 409', 409, problem(409), 'wrong-status'],
    ['answered 428', 428, problem(428), 'wrong-status'],
  ])('fails when the stale update is %s', async (_name, status, body, id) => {
    const lc = lifecycle({ [L.updateStale]: lifecycleStep(L.updateStale, { status, body }) });
    const product = await runCheck(check, { PortCallLifecycle: lc });
    expect(product.outcome).toBe('fail');
    expect(findingsOf(product)).toEqual([{ id, location, evidence: ['ev-updateStale'] }]);
    expect(product.findings?.[0]?.data?.ifMatch).toBe('"1"');
  });

  it('errors when no stale ETag could be established', async () => {
    const lc = lifecycle(
      { [L.updateStale]: undefined },
      { [L.updateStale]: 'the update did not change the ETag, so no stale ETag exists' },
    );
    await expect(runCheck(check, { PortCallLifecycle: lc })).rejects.toThrow(/did not change the ETag/);
  });
});
