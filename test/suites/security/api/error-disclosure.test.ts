import { describe, expect, it } from 'vitest';
import errorDisclosure, { bodyLeaks, headerLeaks } from '../../../../suites/security/error-disclosure.ts';
import { API, hardeningProbes, hx, idsAndLocations, methodProbe, runCheck } from './builders.ts';

const STACK =
  'TypeError: Cannot read properties of null\n    at createPortCall (/srv/app/src/port-calls.ts:41:17)\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)';

describe('error-disclosure', () => {
  const create = { operationId: 'createPortCall', method: 'POST', url: `${API}/port-calls`, in: 'response' };

  it('passes on plain problem bodies without banners', async () => {
    const p = await runCheck(errorDisclosure, { HardeningProbes: hardeningProbes() });
    expect(p.outcome).toBe('pass');
    expect(p.evidence).toContain('ev-big');
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
  ])('fails on %s in an error body', async (_name, body, ids) => {
    const p = await runCheck(errorDisclosure, {
      HardeningProbes: hardeningProbes({
        errorProbes: [hx('malformed JSON (create)', 400, { body, operationId: 'createPortCall' })],
      }),
    });
    expect(p.outcome).toBe('fail');
    expect(idsAndLocations(p)).toEqual(ids.map((id) => ({ id, location: create })));
  });

  it.each([
    ['X-Powered-By', { 'x-powered-by': 'Express 4.17.1' }, 'poweredBy', 'x-powered-by'],
    ['a versioned Server', { server: 'nginx/1.18.0' }, 'serverVersion', 'server'],
    ['X-AspNet-Version', { 'x-aspnet-version': '4.0.30319' }, 'bannerHeader', 'x-aspnet-version'],
  ])('fails once per banner (%s), however many responses carry it', async (_name, banner, id, header) => {
    const withBanner = (e: ReturnType<typeof hx>) => ({ ...e, headers: { ...e.headers, ...banner } });
    const h = hardeningProbes();
    const p = await runCheck(errorDisclosure, {
      HardeningProbes: {
        ...h,
        errorProbes: h.errorProbes.map(withBanner),
        bodySize: { ...h.bodySize, probe: withBanner(h.bodySize.probe) },
      },
    });
    expect(idsAndLocations(p)).toEqual([{ id, location: { method: 'POST', url: `${API}/port-calls`, header } }]);
    expect(p.findings?.[0]?.data?.count).toBe(4);
  });

  it('reports one finding per leak and kind of probe', async () => {
    const leaky = (m: string) =>
      methodProbe(m, '/port-calls/{portCallId}/cancel', 405, { body: JSON.stringify({ detail: STACK }) });
    const p = await runCheck(errorDisclosure, {
      HardeningProbes: hardeningProbes({ methods: [leaky('DELETE'), leaky('DELETE'), leaky('PATCH')] }),
    });
    expect(p.findings?.map((f) => `${f.id} ${f.data?.purpose}`)).toEqual([
      'stackTrace undocumented DELETE',
      'filePath undocumented DELETE',
      'stackTrace undocumented PATCH',
      'filePath undocumented PATCH',
    ]);
  });

  it('does not scan success bodies (they carry our own data)', async () => {
    const p = await runCheck(errorDisclosure, {
      HardeningProbes: hardeningProbes({
        errorProbes: [
          hx('created', 201, { body: JSON.stringify({ ship: { name: 'SCHELDE EXPRESS' }, detail: STACK }) }),
        ],
      }),
    });
    expect(p.outcome).toBe('pass');
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
    const none = hx('x', undefined);
    const p = await runCheck(errorDisclosure, {
      HardeningProbes: hardeningProbes({
        errorProbes: [none],
        methods: [],
        cors: { origin: 'https://evil.example', probes: [] },
        bodySize: { bytes: 1, limitBytes: 1, probe: none },
      }),
    });
    expect(p.outcome).toBe('needs-review');
  });
});
