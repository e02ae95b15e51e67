import { describe, expect, it } from 'vitest';
import tenantIsolation from '../../../../suites/security/tenant-isolation.ts';
import { PC, authzProbes, crossTenantLoc, idsAndLocations, runCheck } from './builders.ts';

const owner = { operationId: 'getPortCall', method: 'GET', url: `/port-calls/${PC}` };
const formalities = { operationId: 'listFormalities', method: 'GET', url: `/port-calls/${PC}/formalities` };

describe('tenant-isolation', () => {
  it('passes when every attempt is denied without data and the port call is unchanged', async () => {
    const p = await runCheck(tenantIsolation, { AuthzProbes: authzProbes() });
    expect(p.outcome).toBe('pass');
    expect(p.evidence).toContain('ev-update');
  });

  it('accepts 403 as a denial', async () => {
    const p = await runCheck(tenantIsolation, {
      AuthzProbes: authzProbes({ crossTenant: { read: { status: 403 }, cancel: { status: 403 } } }),
    });
    expect(p.outcome).toBe('pass');
  });

  it.each([
    [
      "B reads A's port call",
      { crossTenant: { read: { status: 200, leaked: ['imoNumber', 'shipName'] } } },
      [
        { id: 'dataLeaked', location: crossTenantLoc('read') },
        { id: 'served', location: crossTenantLoc('read') },
      ],
    ],
    [
      "B updates A's port call and A sees it changed",
      { crossTenant: { update: { status: 200 } }, ownerView: { changed: ['ship', 'updatedAt', 'version'] } },
      [
        { id: 'served', location: crossTenantLoc('update') },
        { id: 'ownerPortCallChanged', location: owner },
      ],
    ],
    [
      "B's cancel reveals existence with 409",
      { crossTenant: { cancel: { status: 409 } } },
      [{ id: 'notDenied', location: crossTenantLoc('cancel') }],
    ],
    [
      "B's list contains A's port call",
      { crossTenant: { list: { leaked: ['portCallId'] } } },
      [{ id: 'dataLeaked', location: crossTenantLoc('list') }],
    ],
    [
      "B's 404 body names A's ship",
      { crossTenant: { arrival: { leaked: ['shipName'] } } },
      [{ id: 'dataLeaked', location: crossTenantLoc('arrival') }],
    ],
    [
      "B's formality lands on A's port call",
      { ownerView: { formalities: { status: 200, count: 1, evidenceId: 'ev-f' } } },
      [{ id: 'formalityPlanted', location: formalities }],
    ],
    [
      'A can no longer read its port call',
      { ownerView: { afterStatus: 404, changed: [] } },
      [{ id: 'ownerPortCallGone', location: owner }],
    ],
    [
      'an attempt gets no answer',
      { crossTenant: { formality: { status: undefined, error: 'ECONNRESET' } } },
      [{ id: 'noAnswer', location: crossTenantLoc('formality') }],
    ],
  ] as const)('fails when %s', async (_name, change, expected) => {
    const p = await runCheck(tenantIsolation, { AuthzProbes: authzProbes(change as never) });
    expect(p.outcome).toBe('fail');
    expect(idsAndLocations(p)).toEqual(expected);
  });

  it("does not count B's own list (200) as a breach", async () => {
    const p = await runCheck(tenantIsolation, { AuthzProbes: authzProbes({ crossTenant: { list: { status: 200 } } }) });
    expect(p.outcome).toBe('pass');
  });

  it('needs review when an attempt was throttled', async () => {
    expect(
      (await runCheck(tenantIsolation, { AuthzProbes: authzProbes({ crossTenant: { read: { status: 429 } } }) }))
        .outcome,
    ).toBe('needs-review');
  });
});
