import { describe, expect, it } from 'vitest';
import securityHeaders, { headerProblems, underApiBase } from '../../../../suites/security/security-headers.ts';
import { API, PC, exchange, hardeningProbes, idsAndLocations, runCheck } from './builders.ts';

const GOOD = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };

describe('security-headers', () => {
  const log = (...exchanges: ReturnType<typeof exchange>[]) => ({
    HttpLog: { exchanges },
    HardeningProbes: hardeningProbes({ errorProbes: [] }),
  });
  const get = (headers: Record<string, string>, ev: string) =>
    exchange('getPortCall', 'GET', `${API}/port-calls/${PC}`, headers, ev);
  const list = (headers: Record<string, string>, ev: string) =>
    exchange('listPortCalls', 'GET', `${API}/port-calls`, headers, ev);

  it('passes when every API response carries nosniff and no-store', async () => {
    const p = await runCheck(
      securityHeaders,
      log(
        get(GOOD, 'e1'),
        list({ 'x-content-type-options': 'NoSniff', 'cache-control': 'private, no-store, max-age=0' }, 'e2'),
      ),
    );
    expect(p.outcome).toBe('pass');
    expect(p.metrics).toEqual({ responses: 2, operations: 2 });
  });

  it('judges only responses under the API base (not the token endpoint)', async () => {
    const token = exchange('issueToken', 'POST', 'https://127.0.0.1:8443/oauth/token', {}, 'e-token');
    expect((await runCheck(securityHeaders, log(get(GOOD, 'e1'), token))).outcome).toBe('pass');
  });

  it('reports one finding per header and operation, with up to three evidence ids', async () => {
    const p = await runCheck(
      securityHeaders,
      log(
        get({}, 'a'),
        get({}, 'b'),
        get({}, 'c'),
        get({}, 'd'),
        list({ ...GOOD, 'x-content-type-options': 'sniff' }, 'e'),
      ),
    );
    expect(p.outcome).toBe('fail');
    expect(idsAndLocations(p)).toEqual([
      {
        id: 'nosniffMissing',
        location: {
          operationId: 'getPortCall',
          method: 'GET',
          url: `${API}/port-calls/${PC}`,
          header: 'x-content-type-options',
        },
      },
      {
        id: 'noStoreMissing',
        location: {
          operationId: 'getPortCall',
          method: 'GET',
          url: `${API}/port-calls/${PC}`,
          header: 'cache-control',
        },
      },
      {
        id: 'nosniffInvalid',
        location: {
          operationId: 'listPortCalls',
          method: 'GET',
          url: `${API}/port-calls`,
          header: 'x-content-type-options',
        },
      },
    ]);
    expect(p.findings?.[0]?.evidence).toEqual(['a', 'b', 'c']);
    expect(p.findings?.[0]?.data).toMatchObject({ count: 4, total: 4 });
  });

  it("also judges the hardening probes' own answers, once each", async () => {
    const h = hardeningProbes();
    const bare = { ...h.errorProbes[0]!, headers: {} };
    const p = await runCheck(securityHeaders, {
      HttpLog: { exchanges: [] },
      HardeningProbes: { ...h, errorProbes: [bare, bare] },
    });
    expect(p.findings?.map((f) => f.id)).toEqual(['nosniffMissing', 'noStoreMissing']);
    expect(p.findings?.[0]?.data?.count).toBe(1);
  });

  it('groups undocumented exchanges by method and path, ids folded', async () => {
    const del = (id: string, ev: string) => exchange(undefined, 'DELETE', `${API}/port-calls/${id}/cancel`, {}, ev);
    const p = await runCheck(
      securityHeaders,
      log(del('0f8fad5b-d9cb-469f-a165-70867728950e', 'x1'), del('1f8fad5b-d9cb-469f-a165-70867728950e', 'x2')),
    );
    expect(p.findings?.map((f) => [f.id, f.data?.operation, f.data?.count])).toEqual([
      ['nosniffMissing', 'DELETE /api/v1/port-calls/{id}/cancel', 2],
      ['noStoreMissing', 'DELETE /api/v1/port-calls/{id}/cancel', 2],
    ]);
  });

  it('is not applicable when no API response was recorded', async () => {
    expect((await runCheck(securityHeaders, log())).outcome).toBe('not-applicable');
  });

  it.each([
    [{ 'cache-control': 'no-cache' }, ['nosniffMissing', 'noStoreMissing']],
    [{ 'x-content-type-options': 'nosniff', 'cache-control': 'no-store=1' }, []],
    [{ 'x-content-type-options': 'nosniff, nosniff', 'cache-control': 'no-store' }, ['nosniffInvalid']],
  ])('headerProblems(%j)', (headers, problems) => {
    expect(headerProblems(headers).map((p) => p.problem)).toEqual(problems);
  });

  it.each([
    [`${API}/port-calls`, true],
    [API, true],
    ['https://127.0.0.1:8443/api/v10/port-calls', false],
    ['https://127.0.0.1:9999/api/v1/port-calls', false],
    ['not a url', false],
  ])('underApiBase(%s) = %s', (url, expected) => {
    expect(underApiBase(url, API)).toBe(expected);
  });
});
