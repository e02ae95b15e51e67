import { describe, expect, it } from 'vitest';
import undocumentedMethods from '../../../../suites/security/undocumented-methods.ts';
import { API, PC, hardeningProbes, idsAndLocations, methodProbe, runCheck } from './builders.ts';

describe('undocumented-methods', () => {
  const at = (method: string) => ({ method, url: `${API}/port-calls/${PC}` });

  it('passes when every probe answers 405 with Allow', async () => {
    expect((await runCheck(undocumentedMethods, { HardeningProbes: hardeningProbes() })).outcome).toBe('pass');
  });

  it.each([
    ['DELETE deletes', 'DELETE', 204, {}, 'methodServed'],
    ['PATCH is routed to a 404', 'PATCH', 404, {}, 'not405'],
    ['PATCH answers 400', 'PATCH', 400, {}, 'not405'],
    ['405 comes without Allow', 'DELETE', 405, { headers: {} }, 'allowMissing'],
  ] as const)('fails when %s', async (_name, method, status, extra, id) => {
    const p = await runCheck(undocumentedMethods, {
      HardeningProbes: hardeningProbes({ methods: [methodProbe(method, '/port-calls/{portCallId}', status, extra)] }),
    });
    expect(idsAndLocations(p)).toEqual([
      { id, location: id === 'allowMissing' ? { ...at(method), header: 'allow' } : at(method) },
    ]);
  });

  it('is not applicable when there is nothing to probe', async () => {
    expect((await runCheck(undocumentedMethods, { HardeningProbes: hardeningProbes({ methods: [] }) })).outcome).toBe(
      'not-applicable',
    );
  });
});
