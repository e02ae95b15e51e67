import { describe, expect, it } from 'vitest';
import bodySizeLimit from '../../../../suites/security/body-size-limit.ts';
import { API, hardeningProbes, hx, idsAndLocations, runCheck } from './builders.ts';

describe('body-size-limit', () => {
  const loc = { operationId: 'createPortCall', method: 'POST', url: `${API}/port-calls` };

  it('passes on 413', async () => {
    expect((await runCheck(bodySizeLimit, { HardeningProbes: hardeningProbes() })).outcome).toBe('pass');
  });

  it.each([
    [201, 'accepted'],
    [400, 'not413'],
    [500, 'not413'],
  ])('fails on %s', async (status, id) => {
    const p = await runCheck(bodySizeLimit, {
      HardeningProbes: hardeningProbes({
        bodySize: { bytes: 2097152, limitBytes: 1048576, probe: hx('big', status, { operationId: 'createPortCall' }) },
      }),
    });
    expect(idsAndLocations(p)).toEqual([{ id, location: loc }]);
  });

  it('needs review when the connection dropped without an answer', async () => {
    const p = await runCheck(bodySizeLimit, {
      HardeningProbes: hardeningProbes({
        bodySize: { bytes: 2097152, limitBytes: 1048576, probe: hx('big', undefined) },
      }),
    });
    expect(p.outcome).toBe('needs-review');
  });
});
