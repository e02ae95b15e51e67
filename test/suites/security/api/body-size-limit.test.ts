import { describe, expect, it } from 'vitest';
import bodySizeLimit from '../../../../suites/security/body-size-limit.ts';
import { API, PC, bodySize, bodySizeProbe, hardeningProbes, idsAndLocations, runCheck } from './builders.ts';

const crewPath = `/port-calls/${PC}/formalities/crew-list`;
const run = (create: number | undefined, crew: number | undefined) =>
  runCheck(bodySizeLimit, {
    HardeningProbes: hardeningProbes({
      bodySize: bodySize([
        bodySizeProbe('createPortCall', '/port-calls', create),
        bodySizeProbe('submitCrewList', crewPath, crew),
      ]),
    }),
  });

describe('body-size-limit', () => {
  const create = { operationId: 'createPortCall', method: 'POST', url: `${API}/port-calls` };
  const crew = { operationId: 'submitCrewList', method: 'POST', url: `${API}${crewPath}` };

  it('passes when every operation answers 413, and reports every place', async () => {
    const p = await run(413, 413);
    expect(p.outcome).toBe('pass');
    expect(p.places?.['PSW-SEC-RES-001']).toEqual({ probed: ['createPortCall', 'submitCrewList'], notProbed: [] });
  });

  it.each([
    [201, 413, [{ id: 'accepted', location: create }]],
    [400, 413, [{ id: 'not413', location: create }]],
    [413, 400, [{ id: 'not413', location: crew }]],
    [
      500,
      201,
      [
        { id: 'not413', location: create },
        { id: 'accepted', location: crew },
      ],
    ],
  ])('fails on %s (create) and %s (crew list)', async (a, b, expected) => {
    expect(idsAndLocations(await run(a, b))).toEqual(expected);
  });

  it('needs review when a connection dropped without an answer', async () => {
    const p = await run(413, undefined);
    expect(p.outcome).toBe('needs-review');
    expect(p.places?.['PSW-SEC-RES-001']?.notProbed).toEqual([
      { id: 'submitCrewList', why: 'precondition-failed', detail: 'no HTTP answer: ECONNRESET' },
    ]);
  });

  it('judges the one probe of an artifact without places', async () => {
    const p = await runCheck(bodySizeLimit, {
      HardeningProbes: hardeningProbes({
        bodySize: { bytes: 1048577, limitBytes: 1048576, probe: bodySizeProbe('createPortCall', '/port-calls', 400) },
      }),
    });
    expect(idsAndLocations(p)).toEqual([{ id: 'not413', location: create }]);
  });
});

describe('body-size-limit in a run without the credentials the operations need (run --openapi)', () => {
  const anonymous = (probe: ReturnType<typeof bodySizeProbe>) => ({ ...probe, anonymous: true });

  it.each([401, 403])(
    'a body refused with %s before it was read is no proof: needs review, the place not probed',
    async (status) => {
      const p = await runCheck(bodySizeLimit, {
        HardeningProbes: hardeningProbes({
          bodySize: bodySize([anonymous(bodySizeProbe('createPortCall', '/port-calls', status))]),
        }),
      });
      expect(p.outcome).toBe('needs-review');
      expect(p.summary).toMatch(/needs credentials/);
      expect(p.places?.['PSW-SEC-RES-001']).toEqual({
        probed: [],
        notProbed: [
          { id: 'createPortCall', why: 'precondition-failed', detail: expect.stringMatching(/^needs credentials/) },
        ],
      });
    },
  );

  it('passes on the bodies refused with 413, listing those refused for want of credentials as not probed', async () => {
    const p = await runCheck(bodySizeLimit, {
      HardeningProbes: hardeningProbes({
        bodySize: bodySize([
          anonymous(bodySizeProbe('createPortCall', '/port-calls', 413)),
          anonymous(bodySizeProbe('submitCrewList', `/port-calls/${PC}/formalities/crew-list`, 401)),
        ]),
      }),
    });
    expect(p.outcome).toBe('pass');
    expect(p.summary).toMatch(/1 operation\(s\) were not judged, refused for want of credentials .*submitCrewList/);
    expect(p.places?.['PSW-SEC-RES-001']?.probed).toEqual(['createPortCall']);
    expect(p.places?.['PSW-SEC-RES-001']?.notProbed?.map((n) => n.id)).toEqual(['submitCrewList']);
  });

  it('an anonymous body that is read (400) or accepted still fails', async () => {
    const p = await runCheck(bodySizeLimit, {
      HardeningProbes: hardeningProbes({
        bodySize: bodySize([anonymous(bodySizeProbe('createPortCall', '/port-calls', 400))]),
      }),
    });
    expect(p.outcome).toBe('fail');
  });

  it('needs review when no place could be addressed, saying why', async () => {
    const p = await runCheck(bodySizeLimit, {
      HardeningProbes: hardeningProbes({
        bodySize: {
          ...bodySize([]),
          probe: { purpose: 'none', method: 'POST', url: '', headers: {}, body: '', error: 'no body was sent' },
          places: [{ id: 'op', kind: 'operation', operationId: 'op' }],
          notProbed: [{ id: 'op', why: 'precondition-failed', detail: 'no value for path parameter id' }],
        },
      }),
    });
    expect(p.outcome).toBe('needs-review');
    expect(p.summary).toMatch(/no value for path parameter id/);
  });
});
