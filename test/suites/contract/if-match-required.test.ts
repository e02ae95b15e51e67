import { describe, expect, it } from 'vitest';
import check from '../../../suites/contract/if-match-required.ts';
import { LIFECYCLE_STEPS as L } from '../../../suites/contract/collectors/port-call-lifecycle.ts';
import { API, PC1, PC3, findingsOf, lifecycle, lifecycleStep, problem, receipt, runCheck } from './builders.ts';

const at = (id: string) => ({
  operationId: 'updatePortCall',
  method: 'PUT',
  url: `${API}/port-calls/${id}`,
  header: 'If-Match',
});

describe('if-match-required', () => {
  it('passes when updates without If-Match answer 428, before and after a first update', async () => {
    const product = await runCheck(check, { PortCallLifecycle: lifecycle() });
    expect(product.outcome).toBe('pass');
    expect(product.evidence).toEqual(['ev-updateWithoutIfMatch', 'ev-updateWithoutIfMatchFresh']);
  });

  it.each([
    ['applied (200)', 200, receipt('accepted'), 'accepted'],
    ['applied (204)', 204, undefined, 'accepted'],
    ['answered 412', 412, problem(412), 'wrong-status'],
    ['answered 400', 400, problem(400), 'wrong-status'],
    ['answered 500', 500, problem(500), 'wrong-status'],
  ])('fails when the update without If-Match is %s', async (_name, status, body, id) => {
    for (const [step, pc] of [
      [L.updateWithoutIfMatch, PC1],
      [L.updateWithoutIfMatchFresh, PC3],
    ] as const) {
      const lc = lifecycle({ [step]: lifecycleStep(step, { status, body }) });
      const product = await runCheck(check, { PortCallLifecycle: lc });
      expect(product.outcome).toBe('fail');
      expect(findingsOf(product)).toEqual([{ id, location: at(pc), evidence: [`ev-${step}`] }]);
    }
  });

  it('names which port call went unguarded', async () => {
    const lc = lifecycle({
      [L.updateWithoutIfMatchFresh]: lifecycleStep(L.updateWithoutIfMatchFresh, { status: 200 }),
    });
    const product = await runCheck(check, { PortCallLifecycle: lc });
    expect(product.findings?.[0]?.data?.which).toBe('a port call never updated');
  });

  it('errors, with the reason, when a step was not taken', async () => {
    const lc = lifecycle(
      { [L.updateWithoutIfMatch]: undefined },
      { [L.updateWithoutIfMatch]: 'createPortCall answered HTTP 500' },
    );
    await expect(runCheck(check, { PortCallLifecycle: lc })).rejects.toThrow(/HTTP 500/);
  });
});
