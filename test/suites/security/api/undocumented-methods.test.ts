import { describe, expect, it } from 'vitest';
import undocumentedMethods from '../../../../suites/security/undocumented-methods.ts';
import { API, PC, hardeningProbes, idsAndLocations, methodProbe, runCheck } from './builders.ts';

describe('undocumented-methods', () => {
  const at = (method: string, path = `/port-calls/${PC}`) => ({ method, url: `${API}${path}` });

  it('passes when every probe answers 405 with Allow and nothing changed', async () => {
    const p = await runCheck(undocumentedMethods, { HardeningProbes: hardeningProbes() });
    expect(p.outcome).toBe('pass');
    expect(p.places?.['PSW-SEC-HDR-004']).toEqual({
      probed: ['PATCH /api/v1/port-calls/{portCallId}', 'DELETE /api/v1/port-calls/{portCallId}'],
      notProbed: [],
    });
  });

  it.each([
    ['DELETE deletes', 'DELETE', '/port-calls/{portCallId}', 204, {}, 'methodServed'],
    [
      'DELETE deletes a formality',
      'DELETE',
      '/port-calls/{portCallId}/formalities/{formalityType}',
      204,
      {},
      'methodServed',
    ],
    ['PATCH is routed to a 404', 'PATCH', '/port-calls/{portCallId}', 404, {}, 'not405'],
    ['PATCH answers 400', 'PATCH', '/port-calls/{portCallId}', 400, {}, 'not405'],
    ['405 comes without Allow', 'DELETE', '/port-calls/{portCallId}', 405, { headers: {} }, 'allowMissing'],
  ] as const)('fails when %s', async (_name, method, path, status, extra, id) => {
    const probe = methodProbe(method, path, status, extra);
    const p = await runCheck(undocumentedMethods, { HardeningProbes: hardeningProbes({ methods: [probe] }) });
    const where = { method, url: probe.url };
    expect(idsAndLocations(p)).toEqual([
      { id, location: id === 'allowMissing' ? { ...where, header: 'allow' } : where },
    ]);
  });

  it.each([
    ['a formality disappeared', { changed: ['crew-list'] }],
    ['the port call is gone', { afterStatus: 404 }],
  ])('fails when a 405 still acted: %s', async (_name, change) => {
    const h = hardeningProbes();
    h.methodPlaces!.effects = [{ ...h.methodPlaces!.effects[0]!, ...change }];
    const p = await runCheck(undocumentedMethods, { HardeningProbes: h });
    expect(idsAndLocations(p)).toEqual([{ id: 'methodActed', location: at('GET') }]);
  });

  it('is not applicable when there is nothing to probe', async () => {
    expect((await runCheck(undocumentedMethods, { HardeningProbes: hardeningProbes({ methods: [] }) })).outcome).toBe(
      'not-applicable',
    );
  });
});

describe('undocumented-methods in a run without the credentials the paths need (run --openapi)', () => {
  const anon = (status: number) => (m: ReturnType<typeof methodProbe>) => ({ ...m, status, anonymous: true });

  it('a method refused with 401 shows nothing of its routing: needs review, the places not probed', async () => {
    const h = hardeningProbes();
    const p = await runCheck(undocumentedMethods, {
      HardeningProbes: { ...h, methods: h.methods.map(anon(401)) },
    });
    expect(p.outcome).toBe('needs-review');
    expect(p.summary).toMatch(/needs credentials/);
    expect(p.places?.['PSW-SEC-HDR-004']?.probed).toEqual([]);
    expect(p.places?.['PSW-SEC-HDR-004']?.notProbed?.every((n) => n.why === 'precondition-failed')).toBe(true);
  });

  it('a 405 sent anonymously is judged: pass', async () => {
    const h = hardeningProbes();
    const p = await runCheck(undocumentedMethods, {
      HardeningProbes: { ...h, methods: h.methods.map(anon(405)) },
    });
    expect(p.outcome).toBe('pass');
  });

  it('a method served anonymously fails', async () => {
    const h = hardeningProbes();
    const p = await runCheck(undocumentedMethods, {
      HardeningProbes: { ...h, methods: h.methods.map(anon(204)) },
    });
    expect(p.outcome).toBe('fail');
  });

  it('needs review (not "not applicable") when no place could be addressed, saying why', async () => {
    const h = hardeningProbes();
    const p = await runCheck(undocumentedMethods, {
      HardeningProbes: {
        ...h,
        methods: [],
        methodPlaces: {
          ...h.methodPlaces!,
          notProbed: h.methodPlaces!.places.map((pl) => ({
            id: pl.id,
            why: 'precondition-failed' as const,
            detail: 'no value for path parameter portCallId',
          })),
          effects: [],
        },
      },
    });
    expect(p.outcome).toBe('needs-review');
    expect(p.summary).toMatch(/no value for path parameter portCallId/);
  });
});
