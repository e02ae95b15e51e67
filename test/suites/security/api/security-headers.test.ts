import { describe, expect, it } from 'vitest';
import securityHeaders, { headerProblems, underApiBase } from '../../../../suites/security/security-headers.ts';
import { answer, artifacts, probe, profileModel, SECURE } from './answer-builders.ts';
import { API, PC, idsAndLocations, runCheck } from './builders.ts';

const get = (headers: Record<string, string>, ev: string) =>
  answer('GET', `/port-calls/${PC}`, 200, { headers, evidenceId: ev, operationId: 'getPortCall' });
const list = (headers: Record<string, string>, ev: string) =>
  answer('GET', '/port-calls', 200, { headers, evidenceId: ev });

describe('security-headers', () => {
  it('passes when every API response carries nosniff and no-store', async () => {
    const p = await runCheck(
      securityHeaders,
      await artifacts([
        get(SECURE, 'e1'),
        list({ 'x-content-type-options': 'NoSniff', 'cache-control': 'private, no-store, max-age=0' }, 'e2'),
      ]),
    );
    expect(p.outcome).toBe('pass');
    expect(p.metrics).toEqual({ responses: 2, errorResponses: 0, operations: 2 });
  });

  it('judges every documented operation, the token endpoint included; not the portal', async () => {
    const token = answer('POST', 'https://127.0.0.1:8443/oauth/token', 200, { headers: {}, evidenceId: 'e-token' });
    const portal = answer('GET', 'https://127.0.0.1:8443/portal/', 200, { headers: {}, evidenceId: 'e-portal' });
    const p = await runCheck(securityHeaders, await artifacts([get(SECURE, 'e1'), token, portal]));
    expect(idsAndLocations(p)).toEqual([
      {
        id: 'nosniffMissing',
        location: { operationId: 'issueToken', method: 'POST', url: token.url, header: 'x-content-type-options' },
      },
      {
        id: 'noStoreMissing',
        location: { operationId: 'issueToken', method: 'POST', url: token.url, header: 'cache-control' },
      },
    ]);
  });

  it('reports one finding per header and operation, with up to three evidence ids', async () => {
    const p = await runCheck(
      securityHeaders,
      await artifacts([
        get({}, 'a'),
        get({}, 'b'),
        get({}, 'c'),
        get({}, 'd'),
        list({ ...SECURE, 'x-content-type-options': 'sniff' }, 'e'),
      ]),
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

  it('fails when only the error answers lack the headers (the successes carry them)', async () => {
    const bare = { 'content-type': 'application/problem+json' };
    const p = await runCheck(
      securityHeaders,
      await artifacts(
        [get(SECURE, 'ok-1'), answer('POST', '/port-calls', 201, { evidenceId: 'ok-2' })],
        [probe('createPortCall', 'POST', '/port-calls', 401, { headers: bare })],
      ),
    );
    expect(idsAndLocations(p).map((f) => [f.id, f.location?.operationId])).toEqual([
      ['nosniffMissing', 'createPortCall'],
      ['noStoreMissing', 'createPortCall'],
    ]);
    expect(p.findings?.[0]?.data).toMatchObject({ count: 1, total: 2 });
  });

  it("judges the error probes' answers with the log's, each once", async () => {
    const bare = probe('getPortCall', 'GET', `/port-calls/${PC}`, 401, { headers: {}, evidenceId: 'same' });
    const logged = answer('GET', `/port-calls/${PC}`, 401, { headers: {}, evidenceId: 'same' });
    const p = await runCheck(securityHeaders, await artifacts([logged], [bare, bare]));
    expect(p.findings?.map((f) => f.id)).toEqual(['nosniffMissing', 'noStoreMissing']);
    expect(p.findings?.[0]?.data?.count).toBe(1);
  });

  it('reports each operation with a judged answer as probed, the others as not reached', async () => {
    const { plan } = await profileModel();
    const p = await runCheck(
      securityHeaders,
      await artifacts([get(SECURE, 'a')], [probe('listPortCalls', 'GET', '/port-calls', 400)]),
    );
    const report = p.places?.['PSW-SEC-HDR-001'];
    expect(report?.probed).toEqual(['listPortCalls', 'getPortCall']);
    expect(report?.notProbed).toHaveLength(plan.places['PSW-SEC-HDR-001']!.length - 2);
    expect(new Set(report?.notProbed?.map((n) => n.why))).toEqual(new Set(['not-reached']));
  });

  it('groups undocumented exchanges by method and path, ids folded', async () => {
    const del = (id: string, ev: string) =>
      answer('DELETE', `/port-calls/${id}/cancel`, 405, { headers: {}, evidenceId: ev });
    const p = await runCheck(
      securityHeaders,
      await artifacts([
        del('0f8fad5b-d9cb-469f-a165-70867728950e', 'x1'),
        del('1f8fad5b-d9cb-469f-a165-70867728950e', 'x2'),
      ]),
    );
    expect(p.findings?.map((f) => [f.id, f.data?.operation, f.data?.count])).toEqual([
      ['nosniffMissing', 'DELETE /api/v1/port-calls/{id}/cancel', 2],
      ['noStoreMissing', 'DELETE /api/v1/port-calls/{id}/cancel', 2],
    ]);
  });

  it('is not applicable when no API response was recorded', async () => {
    expect((await runCheck(securityHeaders, await artifacts([]))).outcome).toBe('not-applicable');
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
