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
        bodySize: { bytes: 2097152, limitBytes: 1048576, probe: bodySizeProbe('createPortCall', '/port-calls', 400) },
      }),
    });
    expect(idsAndLocations(p)).toEqual([{ id: 'not413', location: create }]);
  });
});
