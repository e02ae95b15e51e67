import { describe, expect, it } from 'vitest';
import corsPolicy from '../../../../suites/security/cors-policy.ts';
import { API, PC, corsProbe, corsProbes, hardeningProbes, idsAndLocations, runCheck } from './builders.ts';

const run = (cors: ReturnType<typeof corsProbes>) =>
  runCheck(corsPolicy, { HardeningProbes: hardeningProbes({ cors }) });

describe('cors-policy', () => {
  const item = `${API}/port-calls/${PC}`;
  const at = (method: string) => ({
    operationId: 'getPortCall',
    method,
    url: item,
    header: 'access-control-allow-origin',
  });

  it.each([
    ['no CORS headers at all', {}],
    ['the origin reflected without credentials', { 'access-control-allow-origin': 'https://evil.example' }],
    [
      'credentials for another origin',
      { 'access-control-allow-origin': 'https://portal.psw.example', 'access-control-allow-credentials': 'true' },
    ],
  ])('passes with %s, and reports every place probed', async (_name, headers) => {
    const p = await run(corsProbes(headers));
    expect(p.outcome).toBe('pass');
    expect(p.places?.['PSW-SEC-HDR-003']?.probed).toHaveLength(4);
  });

  it.each([
    [
      'the foreign origin reflected with credentials',
      { 'access-control-allow-origin': 'https://evil.example', 'access-control-allow-credentials': 'true' },
      'reflectsWithCredentials',
      ['GET', 'OPTIONS'],
    ],
    [
      'a wildcard with credentials',
      { 'access-control-allow-origin': '*', 'access-control-allow-credentials': 'TRUE' },
      'wildcardWithCredentials',
      ['GET', 'GET', 'OPTIONS', 'OPTIONS'],
    ],
    [
      'a wildcard without credentials on an authenticated operation',
      { 'access-control-allow-origin': '*' },
      'wildcardOnAuthenticated',
      ['GET', 'GET', 'OPTIONS', 'OPTIONS'],
    ],
  ])('fails with %s, per answer', async (_name, headers, id, methods) => {
    const p = await run(corsProbes(headers));
    expect(p.outcome).toBe('fail');
    expect(idsAndLocations(p)).toEqual(methods.map((m) => ({ id, location: at(m) })));
  });

  it('fails when Origin: null is reflected with credentials, on the preflight only', async () => {
    const cors = corsProbes();
    cors.probes = cors.probes.map((p) =>
      p.kind === 'preflight' && p.origin === 'null'
        ? corsProbe(
            'preflight',
            { 'access-control-allow-origin': 'null', 'access-control-allow-credentials': 'true' },
            204,
            'null',
          )
        : p,
    );
    const p = await run(cors);
    expect(idsAndLocations(p)).toEqual([{ id: 'reflectsWithCredentials', location: at('OPTIONS') }]);
  });

  it('needs review when no request was answered, and says those places were not probed', async () => {
    const cors = corsProbes();
    cors.probes = cors.probes.map((p) => ({ ...p, status: undefined, error: 'ECONNRESET' }));
    const p = await run(cors);
    expect(p.outcome).toBe('needs-review');
    expect(p.places?.['PSW-SEC-HDR-003']?.notProbed).toHaveLength(4);
  });
});
