import { describe, expect, it } from 'vitest';
import corsPolicy from '../../../../suites/security/cors-policy.ts';
import { API, PC, corsProbe, hardeningProbes, idsAndLocations, runCheck } from './builders.ts';

describe('cors-policy', () => {
  const item = `${API}/port-calls/${PC}`;

  it.each([
    ['no CORS headers at all', {}],
    ['the origin reflected without credentials', { 'access-control-allow-origin': 'https://evil.example' }],
    ['a wildcard without credentials', { 'access-control-allow-origin': '*' }],
    [
      'credentials for another origin',
      { 'access-control-allow-origin': 'https://portal.psw.example', 'access-control-allow-credentials': 'true' },
    ],
  ])('passes with %s', async (_name, headers) => {
    const p = await runCheck(corsPolicy, {
      HardeningProbes: hardeningProbes({
        cors: {
          origin: 'https://evil.example',
          probes: [corsProbe('preflight', headers), corsProbe('simple', headers)],
        },
      }),
    });
    expect(p.outcome).toBe('pass');
  });

  it.each([
    [
      'the origin reflected with credentials',
      { 'access-control-allow-origin': 'https://evil.example', 'access-control-allow-credentials': 'true' },
      'reflectsWithCredentials',
    ],
    [
      'a wildcard with credentials',
      { 'access-control-allow-origin': '*', 'access-control-allow-credentials': 'TRUE' },
      'wildcardWithCredentials',
    ],
  ])('fails with %s, per request', async (_name, headers, id) => {
    const p = await runCheck(corsPolicy, {
      HardeningProbes: hardeningProbes({
        cors: {
          origin: 'https://evil.example',
          probes: [corsProbe('preflight', headers), corsProbe('simple', headers)],
        },
      }),
    });
    expect(p.outcome).toBe('fail');
    expect(idsAndLocations(p)).toEqual([
      { id, location: { method: 'OPTIONS', url: item, header: 'access-control-allow-origin' } },
      { id, location: { method: 'GET', url: item, header: 'access-control-allow-origin' } },
    ]);
  });

  it('needs review when neither request was answered', async () => {
    const p = await runCheck(corsPolicy, {
      HardeningProbes: hardeningProbes({
        cors: { origin: 'https://evil.example', probes: [corsProbe('preflight', {}, null)] },
      }),
    });
    expect(p.outcome).toBe('needs-review');
  });
});
