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

describe('cors-policy in a run without the credentials the operations need (run --openapi)', () => {
  const at = (method: string) => ({
    operationId: 'getPortCall',
    method,
    url: `${API}/port-calls/${PC}`,
    header: 'access-control-allow-origin',
  });
  /** The requests sent anonymously and refused `status`; preflights answered as usual. */
  const anonymous = (status: number, headers: Record<string, string> = {}) => {
    const cors = corsProbes();
    cors.probes = cors.probes.map((p) =>
      p.kind === 'request' ? { ...p, status, anonymous: true, headers: { ...p.headers, ...headers } } : p,
    );
    return cors;
  };

  it.each([401, 403])(
    'a request refused with %s is no proof: its place is not probed (needs credentials), the preflights pass',
    async (status) => {
      const p = await run(anonymous(status));
      expect(p.outcome).toBe('pass');
      expect(p.summary).toMatch(/2 request\(s\) to operations that need credentials were not judged/);
      const places = p.places?.['PSW-SEC-HDR-003'];
      expect(places?.probed.every((id) => id.includes(' preflight '))).toBe(true);
      expect(places?.notProbed?.map((n) => [n.why, /^needs credentials/.test(n.detail ?? '')])).toEqual([
        ['precondition-failed', true],
        ['precondition-failed', true],
      ]);
    },
  );

  it('needs review when no answer could be judged', async () => {
    const cors = anonymous(401);
    cors.probes = cors.probes.filter((p) => p.kind === 'request');
    const p = await run(cors);
    expect(p.outcome).toBe('needs-review');
    expect(p.summary).toMatch(/needs credentials/);
  });

  it('a refused anonymous request that grants the origin access still fails', async () => {
    const p = await run(
      anonymous(401, {
        'access-control-allow-origin': 'https://evil.example',
        'access-control-allow-credentials': 'true',
      }),
    );
    expect(p.outcome).toBe('fail');
    expect(idsAndLocations(p)).toEqual([{ id: 'reflectsWithCredentials', location: at('GET') }]);
  });

  it('a request served anonymously is judged like any other', async () => {
    const p = await run(anonymous(200));
    expect(p.outcome).toBe('pass');
    expect(p.places?.['PSW-SEC-HDR-003']?.probed).toHaveLength(4);
  });

  it('is not applicable when the document declares no authenticated operation', async () => {
    const p = await run({ origin: 'https://evil.example', probes: [], places: [], notProbed: [] });
    expect(p.outcome).toBe('not-applicable');
    expect(p.summary).toMatch(/no authenticated operation/);
  });

  it('needs review when no place could be addressed, saying why', async () => {
    const cors = corsProbes();
    const p = await run({
      ...cors,
      probes: [],
      notProbed: cors.places!.map((pl) => ({
        id: pl.id,
        why: 'precondition-failed' as const,
        detail: 'no value for x',
      })),
    });
    expect(p.outcome).toBe('needs-review');
    expect(p.summary).toMatch(/no value for x/);
  });
});
