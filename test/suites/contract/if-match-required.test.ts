import { describe, expect, it } from 'vitest';
import check from '../../../suites/contract/if-match-required.ts';
import { LIFECYCLE_STEPS as L } from '../../../suites/contract/collectors/port-call-lifecycle.ts';
import { API, PC1, findingsOf, lifecycle, lifecycleStep, problem, receipt, runCheck } from './builders.ts';

const location = { operationId: 'updatePortCall', method: 'PUT', url: `${API}/port-calls/${PC1}`, header: 'If-Match' };

describe('if-match-required', () => {
  it('passes when the update without If-Match answers 428', async () => {
    const product = await runCheck(check, { PortCallLifecycle: lifecycle() });
    expect(product.outcome).toBe('pass');
    expect(product.evidence).toEqual(['ev-updateWithoutIfMatch']);
  });

  it.each([
    ['applied (200)', 200, receipt('accepted'), 'accepted'],
    ['applied (204)', 204, undefined, 'accepted'],
    ['answered 412', 412, problem(412), 'wrong-status'],
    ['answered 400', 400, problem(400), 'wrong-status'],
    ['answered 500', 500, problem(500), 'wrong-status'],
  ])('fails when the update without If-Match is %s', async (_name, status, body, id) => {
    const lc = lifecycle({ [L.updateWithoutIfMatch]: lifecycleStep(L.updateWithoutIfMatch, { status, body }) });
    const product = await runCheck(check, { PortCallLifecycle: lc });
    expect(product.outcome).toBe('fail');
    expect(findingsOf(product)).toEqual([{ id, location, evidence: ['ev-updateWithoutIfMatch'] }]);
  });

  it('errors, with the reason, when the step was not taken', async () => {
    const lc = lifecycle(
      { [L.updateWithoutIfMatch]: undefined },
      { [L.updateWithoutIfMatch]: 'createPortCall answered HTTP 500' },
    );
    await expect(runCheck(check, { PortCallLifecycle: lc })).rejects.toThrow(/HTTP 500/);
  });
});
