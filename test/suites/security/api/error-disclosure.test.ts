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
    [
      'a Ruby frame',
      JSON.stringify({ detail: "undefined method\n/app/models/port_call.rb:12:in `create'" }),
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

  it('scans success bodies too: a stack trace in a 201 receipt warning fails, placed on that answer', async () => {
    const url = `${API}/port-calls/${PC}/formalities/crew-list`;
    const receipt = JSON.stringify({
      receiptId: 'r-1',
      outcome: 'accepted',
      documentType: 'crew-list',
      warnings: [{ code: 'RULE_ENGINE_FALLBACK', detail: STACK }],
    });
    const p = await runCheck(
      errorDisclosure,
      await artifacts([
        ...clean(),
        answer('POST', `/port-calls/${PC}/formalities/crew-list`, 201, {
          text: receipt,
          operationId: 'submitCrewList',
        }),
      ]),
    );
    expect(p.outcome).toBe('fail');
    const at = { operationId: 'submitCrewList', method: 'POST', url, in: 'response' };
    expect(idsAndLocations(p)).toEqual([
      { id: 'stackTrace', location: at },
      { id: 'filePath', location: at },
    ]);
    expect(p.findings?.map((f) => f.data?.status)).toEqual([201, 201]);
    expect(p.findings?.[0]?.evidence).toEqual([`ev-POST-/port-calls/${PC}/formalities/crew-list-201`]);
  });

  it('fails on a server path in a 200 list and in a 200 EDIFACT APERAK FTX text', async () => {
    const list = JSON.stringify({ items: [], nextCursor: null, source: '/etc/psw/api/store.yaml' });
    const aperak = "UNH+1+APERAK:D:21A:UN'FTX+AAO+++rules failed at /opt/psw/edi/lib/mapper.js:12:3'UNT+3+1'";
    const p = await runCheck(
      errorDisclosure,
      await artifacts([
        ...clean(),
        answer('GET', '/port-calls', 200, { text: list, operationId: 'listPortCalls' }),
        answer('POST', '/edifact', 200, { text: aperak, headers: { 'content-type': 'application/edifact' } }),
      ]),
    );
    expect(p.findings?.map((f) => [f.id, f.data?.operation, f.data?.status, f.data?.match])).toEqual([
      ['filePath', 'listPortCalls', 200, '/etc/psw/api/store.yaml'],
      ['stackTrace', 'submitEdifactInterchange', 200, 'at /opt/psw/edi/lib/mapper.js:12:3'],
      ['filePath', 'submitEdifactInterchange', 200, '/opt/psw/edi/lib/mapper.js'],
    ]);
  });

  it('passes on clean success bodies with ids, URLs, Locations and file-like document names', async () => {
    const body = JSON.stringify({
      receiptId: '7f1c2a9e-3b4d-4c5e-9f60-1a2b3c4d5e6f',
      portCallId: 'NLRTM-2026-000123',
      documentType: 'crew-list',
      self: `${API}/port-calls/${PC}/formalities/crew-list`,
      location: `/api/v1/port-calls/${PC}/formalities/crew-list`,
      attachment: 'manifest-v2.pdf',
      schema: 'https://psw.consortium.example/schemas/crew-list.json',
      ship: { name: 'SCHELDE EXPRESS', remarks: 'arrived at 12:30:00 from berth 7' },
      warnings: [{ code: 'CREW_LIST_PENDING', pointer: '/crew', detail: 'crew list (FAL 5) still pending' }],
    });
    const p = await runCheck(
      errorDisclosure,
      await artifacts([...clean(), answer('POST', `/port-calls/${PC}/formalities/crew-list`, 201, { text: body })]),
    );
    expect(p.outcome).toBe('pass');
  });

  it('does not count text the harness sent and the answer echoes as a disclosure', async () => {
    const sent = JSON.stringify({ remarks: 'see /srv/share/berth-plan.yaml' });
    const p = await runCheck(
      errorDisclosure,
      await artifacts([
        answer('POST', '/port-calls', 201, {
          requestBody: sent,
          text: JSON.stringify({ remarks: 'see /srv/share/berth-plan.yaml' }),
        }),
      ]),
    );
    expect(p.outcome).toBe('pass');
    expect(bodyLeaks('see /srv/share/berth-plan.yaml')).toEqual([
      { leak: 'filePath', match: '/srv/share/berth-plan.yaml' },
    ]);
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
    [
      'an EDIFACT APERAK without errors',
      "UNB+UNOC:3+PSW+AGENT+261207:2000+1'UNH+1+APERAK:D:21A:UN'BGM+313+1+29'UNT+3+1'UNZ+1+1'",
    ],
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
