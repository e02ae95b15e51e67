// ZAP's report formats as ZAP writes them: the traditional JSON (-J) of ZAP 2.16 (Reports add-on) and of
// the 2.10 core (single items as objects, no alertRef), the traditional XML (-x), and the daemon API's
// alert list. Fixtures in test/security/zap/fixtures/ follow the add-on's templates field for field.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  htmlToText,
  parseTraditionalJson,
  parseTraditionalXml,
  parseZapReport,
  reportFromApiAlerts,
  ZapReportError,
  type ZapReport,
} from '../../../security/zap/report.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** What the tests compare: each alert's identity, codes, ids and instances' method/uri/param/evidence. */
function shape(r: ZapReport) {
  return r.alerts.map((a) => ({
    ref: a.alertRef,
    plugin: a.pluginId,
    risk: a.risk,
    confidence: a.confidence,
    cwe: a.cweId,
    wasc: a.wascId,
    instances: a.instances.map((i) => [i.method, i.uri, i.param, i.evidence]),
  }));
}

const EXPECTED_2_16 = [
  {
    ref: '90022',
    plugin: '90022',
    risk: 2,
    confidence: 2,
    cwe: 550,
    wasc: 13,
    instances: [
      [
        'GET',
        'https://psw.example:8443/api/v1/port-calls?limit=abc',
        'limit',
        'at listPortCalls (/srv/app/port-calls.js:101:11)',
      ],
    ],
  },
  {
    ref: '10021',
    plugin: '10021',
    risk: 1,
    confidence: 2,
    cwe: 693,
    wasc: 15,
    instances: [
      ['GET', 'https://psw.example:8443/api/v1/port-calls', 'x-content-type-options', ''],
      ['POST', 'https://psw.example:8443/api/v1/port-calls', 'x-content-type-options', ''],
    ],
  },
];

describe('ZAP reports', () => {
  it('reads the 2.16 traditional JSON: codes as numbers, variants by alertRef, HTML as text', () => {
    const r = parseTraditionalJson(JSON.parse(fixture('traditional-2.16.json')));
    expect(r).toMatchObject({
      format: 'traditional-json',
      programName: 'ZAP',
      version: '2.16.1',
      sites: ['https://psw.example:8443'],
    });
    expect(shape(r).slice(0, 2)).toEqual(EXPECTED_2_16);
    expect(
      shape(r)
        .slice(2)
        .map((a) => [a.ref, a.plugin, a.risk, a.confidence]),
    ).toEqual([
      ['10055-4', '10055', 2, 3],
      ['10049-3', '10049', 0, 2],
    ]);
    const xcto = r.alerts[1]!;
    expect(xcto.description).toBe("The Anti-MIME-Sniffing header X-Content-Type-Options was not set to 'nosniff'.");
    expect(r.alerts[0]!.solution).toBe('Review the source code of this page.\nImplement custom error pages.');
    expect(xcto.instances[0]!.otherInfo).toMatch(/^This issue still applies/);
  });

  it('reads the 2.16 traditional XML to the same alerts', () => {
    const xml = parseTraditionalXml(fixture('traditional-2.16.xml'));
    expect(xml).toMatchObject({
      format: 'traditional-xml',
      programName: 'ZAP',
      version: '2.16.1',
      sites: ['https://psw.example:8443'],
    });
    expect(shape(xml)).toEqual(EXPECTED_2_16);
    const json = parseTraditionalJson(JSON.parse(fixture('traditional-2.16.json')));
    for (const i of [0, 1] as const) {
      expect(xml.alerts[i]!.description).toBe(json.alerts[i]!.description);
      expect(xml.alerts[i]!.solution).toBe(json.alerts[i]!.solution);
    }
  });

  it('reads the 2.10 core JSON: one site as an object, no alertRef, missing instance fields empty', () => {
    const r = parseTraditionalJson(JSON.parse(fixture('traditional-2.10.json')));
    expect(r.version).toBe('2.10.0');
    expect(r.programName).toBeUndefined();
    expect(shape(r)).toEqual([
      {
        ref: '10037',
        plugin: '10037',
        risk: 1,
        confidence: 2,
        cwe: 200,
        wasc: 13,
        instances: [['GET', 'http://127.0.0.1:8080/api/v1/port-calls', '', 'X-Powered-By: Express']],
      },
    ]);
  });

  it.each([
    ['traditional-2.16.json', 'traditional-json'],
    ['traditional-2.16.xml', 'traditional-xml'],
  ])('parseZapReport tells %s by its content', (name, format) => {
    expect(parseZapReport(fixture(name)).format).toBe(format);
  });

  it.each([
    ['not JSON or XML', 'garbage', /neither XML nor JSON/],
    ['JSON without site', '{"@version":"2.16.1"}', /not a ZAP traditional JSON report/],
    ['XML of something else', '<report/>', /not a ZAP traditional XML report/],
    [
      'a risk code out of range',
      '{"@version":"x","site":[{"@name":"s","alerts":[{"pluginid":"1","riskcode":"7","confidence":"1"}]}]}',
      /riskcode "7" is not a code from 0 to 3/,
    ],
    ['an alert without pluginid', '{"@version":"x","site":[{"@name":"s","alerts":[{"riskcode":"1"}]}]}', /no pluginid/],
  ])('refuses %s', (_what, text, message) => {
    expect(() => parseZapReport(text)).toThrow(ZapReportError);
    expect(() => parseZapReport(text)).toThrow(message);
  });

  it('groups the daemon API alerts (one per instance) into families, names into codes', () => {
    const api = (over: Record<string, string>) => ({
      pluginId: '10021',
      alertRef: '10021',
      alert: 'X-Content-Type-Options Header Missing',
      name: 'X-Content-Type-Options Header Missing',
      risk: 'Low',
      confidence: 'Medium',
      url: 'https://psw.example:8443/api/v1/port-calls',
      method: 'GET',
      param: 'x-content-type-options',
      attack: '',
      evidence: '',
      other: '',
      cweid: '693',
      wascid: '15',
      description: 'plain text',
      solution: 'fix it',
      reference: '',
      ...over,
    });
    const r = reportFromApiAlerts(
      [
        api({}),
        api({ method: 'POST' }),
        api({
          pluginId: '40018',
          alertRef: '40018',
          name: 'SQL Injection',
          risk: 'High',
          confidence: 'Low',
          param: 'limit',
          cweid: '89',
          wascid: '19',
        }),
      ],
      '2.16.1',
    );
    expect(r).toMatchObject({ format: 'api-alerts', version: '2.16.1', sites: ['https://psw.example:8443'] });
    expect(shape(r).map((a) => [a.ref, a.risk, a.confidence, a.cwe, a.instances.length])).toEqual([
      ['10021', 1, 2, 693, 2],
      ['40018', 3, 1, 89, 1],
    ]);
    expect(() => reportFromApiAlerts([api({ risk: 'Severe' })], '2.16.1')).toThrow(/risk "Severe"/);
  });

  it.each([
    ['<p>One.</p><p>Two &amp; three.</p>', 'One.\nTwo & three.'],
    ['<p>a<br/>b</p>', 'a\nb'],
    ['no markup &#x41;&#66;', 'no markup AB'],
  ])('htmlToText(%j)', (html, text) => {
    expect(htmlToText(html)).toBe(text);
  });
});
