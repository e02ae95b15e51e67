import { describe, expect, it } from 'vitest';
import errorDisclosure, { bodyLeaks, headerLeaks } from '../../../../suites/security/error-disclosure.ts';
import { answer, artifacts, probe, profileModel } from './answer-builders.ts';
import { API, PC, idsAndLocations, runCheck } from './builders.ts';

const STACK =
  'TypeError: Cannot read properties of null\n    at createPortCall (/srv/app/src/port-calls.ts:41:17)\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)';

describe('error-disclosure', () => {
  const create = { operationId: 'createPortCall', method: 'POST', url: `${API}/port-calls`, in: 'response' };
  const clean = () => [
    answer('POST', '/port-calls', 400, { operationId: 'createPortCall' }),
    answer('GET', `/port-calls/${PC}`, 200, { operationId: 'getPortCall' }),
  ];

  it('passes on plain problem bodies without banners, citing the error probes', async () => {
    const p = await runCheck(
      errorDisclosure,
      await artifacts(clean(), [probe('listPortCalls', 'GET', '/port-calls', 401)]),
    );
    expect(p.outcome).toBe('pass');
    expect(p.evidence).toEqual(['probe-listPortCalls-401']);
  });

  it.each([
    [
      'a V8 stack escaped in a JSON detail',
      JSON.stringify({ title: 'Invalid request', status: 400, detail: STACK }),
      ['stackTrace', 'filePath'],
    ],
    [
      'a Java stack',
      'java.lang.NullPointerException\n\tat eu.psw.api.PortCallController.create(PortCallController.java:57)',
      ['stackTrace'],
    ],
    [
      'a Python traceback',
      'Traceback (most recent call last):\n  File "/usr/lib/app/views.py", line 12, in create',
      ['stackTrace', 'filePath'],
    ],
    ['a PHP warning', 'Warning: Undefined index ship in /var/www/html/api.php on line 7', ['stackTrace', 'filePath']],
    ['a Windows path', JSON.stringify({ detail: 'cannot open C:\\inetpub\\psw\\web.config' }), ['filePath']],
    ['a framework name', JSON.stringify({ detail: 'Whitelabel Error Page (Spring Boot)' }), ['frameworkName']],
  ])('fails on %s in an error body of the log', async (_name, body, ids) => {
    const p = await runCheck(
      errorDisclosure,
      await artifacts([answer('POST', '/port-calls', 400, { text: body, operationId: 'createPortCall' })]),
    );
    expect(p.outcome).toBe('fail');
    expect(idsAndLocations(p)).toEqual(ids.map((id) => ({ id, location: create })));
  });

  it('fails on a stack trace in the 500 answer to an unparsable query parameter, whoever provoked it', async () => {
    const leak = JSON.stringify({ title: 'Internal server error', status: 500, detail: STACK });
    const viaLog = await runCheck(
      errorDisclosure,
      await artifacts([...clean(), answer('GET', '/port-calls?limit=abc', 500, { text: leak })]),
    );
    const viaProbe = await runCheck(
      errorDisclosure,
      await artifacts(clean(), [
        probe('listPortCalls', 'GET', '/port-calls?limit=abc', 500, { kind: 'bad-query', body: leak }),
      ]),
    );
    for (const p of [viaLog, viaProbe]) {
      expect(p.outcome).toBe('fail');
      expect(p.findings?.map((f) => [f.id, f.location?.operationId, f.data?.status])).toEqual([
        ['stackTrace', 'listPortCalls', 500],
        ['filePath', 'listPortCalls', 500],
      ]);
    }
  });

  it.each([
    ['X-Powered-By', { 'x-powered-by': 'Express 4.17.1' }, 'poweredBy', 'x-powered-by'],
    ['a versioned Server', { server: 'nginx/1.18.0' }, 'serverVersion', 'server'],
    ['X-AspNet-Version', { 'x-aspnet-version': '4.0.30319' }, 'bannerHeader', 'x-aspnet-version'],
  ])('fails once per banner (%s), however many responses carry it', async (_name, banner, id, header) => {
    const log = clean().map((e) => ({ ...e, headers: { ...e.headers, ...banner } }));
    const p = await runCheck(
      errorDisclosure,
      await artifacts(log, [probe('listPortCalls', 'GET', '/port-calls', 401, { headers: banner })]),
    );
    expect(idsAndLocations(p)).toEqual([{ id, location: { method: 'POST', url: `${API}/port-calls`, header } }]);
    expect(p.findings?.[0]?.data?.count).toBe(3);
  });

  it('judges the banner of any answer of the run, the portal and the token endpoint included', async () => {
    const portal = answer('GET', 'https://127.0.0.1:8443/portal/', 200, {
      headers: { server: 'Apache/2.4.41 (Ubuntu)' },
    });
    const p = await runCheck(errorDisclosure, await artifacts([...clean(), portal]));
    expect(p.findings?.map((f) => [f.id, f.location?.url])).toEqual([['serverVersion', portal.url]]);
  });

  it('reports one finding per leak, operation and status', async () => {
    const leaky = (m: string, ev: string) =>
      answer(m, `/port-calls/${PC}/cancel`, 405, { text: JSON.stringify({ detail: STACK }), evidenceId: ev });
    const p = await runCheck(
      errorDisclosure,
      await artifacts([leaky('DELETE', 'a'), leaky('DELETE', 'b'), leaky('PATCH', 'c')]),
    );
    expect(p.findings?.map((f) => `${f.id} ${f.data?.operation}`)).toEqual([
      `stackTrace DELETE /api/v1/port-calls/${PC}/cancel`,
      `filePath DELETE /api/v1/port-calls/${PC}/cancel`,
      `stackTrace PATCH /api/v1/port-calls/${PC}/cancel`,
      `filePath PATCH /api/v1/port-calls/${PC}/cancel`,
    ]);
  });

  it('does not scan success bodies (they carry our own data)', async () => {
    const p = await runCheck(
      errorDisclosure,
      await artifacts([
        answer('POST', '/port-calls', 201, {
          text: JSON.stringify({ ship: { name: 'SCHELDE EXPRESS' }, detail: STACK }),
        }),
      ]),
    );
    expect(p.outcome).toBe('pass');
  });

  it('reports the operations whose answers it judged as probed', async () => {
    const { plan } = await profileModel();
    const p = await runCheck(
      errorDisclosure,
      await artifacts(clean(), [probe('listPortCalls', 'GET', '/port-calls', 401)]),
    );
    const report = p.places?.['PSW-SEC-HDR-002'];
    expect(report?.probed).toEqual(['listPortCalls', 'createPortCall', 'getPortCall']);
    expect(report?.notProbed).toHaveLength(plan.places['PSW-SEC-HDR-002']!.length - 3);
  });

  it.each([
    [
      'a problem type URL and instance path',
      JSON.stringify({
        type: 'https://psw.consortium.example/problems/validation-error',
        instance: '/api/v1/port-calls/x/formalities/crew-list',
      }),
    ],
    ['a ship called EXPRESS', JSON.stringify({ detail: 'SCHELDE EXPRESS is not a known ship' })],
    ['a JSON parse message', JSON.stringify({ detail: 'Unexpected end of JSON input at position 23' })],
  ])('finds nothing in %s', (_name, body) => {
    expect(bodyLeaks(body)).toEqual([]);
  });

  it('headerLeaks leaves an unversioned Server header alone', () => {
    expect(headerLeaks({ server: 'nginx' })).toEqual([]);
    expect(headerLeaks({ server: 'Apache/2.4.41 (Ubuntu)' })).toEqual([
      { leak: 'serverVersion', header: 'server', value: 'Apache/2.4.41 (Ubuntu)' },
    ]);
  });

  it('needs review when nothing answered', async () => {
    const p = await runCheck(
      errorDisclosure,
      await artifacts([], [probe('listPortCalls', 'GET', '/port-calls', undefined)]),
    );
    expect(p.outcome).toBe('needs-review');
  });
});
