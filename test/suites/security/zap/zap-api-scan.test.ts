// zap-api-scan on synthetic ZapScan artifacts: skipped says why, the rules' levels decide, one finding per
// instance at WARN or FAIL with its location, severity, confidence, CWE, WASC and OWASP entry.
import { describe, expect, it } from 'vitest';
import type { ZapAlert, ZapInstance } from '../../../../security/zap/report.ts';
import { parseZapRules } from '../../../../security/zap/rules.ts';
import zapApiScan from '../../../../suites/security/zap-api-scan.ts';
import type { ZapScan } from '../../../../suites/security/collectors/zap-scan.ts';
import { runCheck } from '../api/builders.ts';

const API = 'https://psw.example:8443/api/v1';

function instance(over: Partial<ZapInstance> = {}): ZapInstance {
  return {
    method: 'GET',
    uri: `${API}/port-calls`,
    param: '',
    attack: '',
    evidence: '',
    otherInfo: '',
    evidenceId: 'text-1',
    ...over,
  };
}

function alert(pluginId: string, over: Partial<ZapAlert> = {}): ZapAlert {
  return {
    pluginId,
    alertRef: pluginId,
    name: `rule ${pluginId}`,
    risk: 1,
    confidence: 2,
    description: '',
    solution: '',
    reference: '',
    otherInfo: '',
    instances: [instance()],
    ...over,
  };
}

function scanned(alerts: ZapAlert[], rules?: string): ZapScan {
  return {
    status: 'scanned',
    way: 'script',
    engine: 'docker ghcr.io/zaproxy/zaproxy:stable zap-api-scan.py',
    zapVersion: '2.16.1',
    report: { format: 'traditional-json', version: '2.16.1', sites: ['https://psw.example:8443'], alerts },
    ...(rules ? { rules: parseZapRules(rules, 'zap-rules.tsv') } : {}),
    exitCode: 2,
    reportEvidence: 'file-1',
    notes: [],
    offAllowList: 0,
    instancesNotKept: 0,
  };
}

const check = (scan: ZapScan) => runCheck(zapApiScan, { ZapScan: scan });

describe('zap-api-scan', () => {
  it('is skipped, with the reason, when no ZAP ran', async () => {
    const p = await check({ status: 'skipped', reason: 'ZAP not found: no docker' });
    expect(p).toMatchObject({ outcome: 'skipped', summary: 'ZAP not found: no docker' });
  });

  it('passes when nothing counts: informational alerts and rules set to INFO or IGNORE', async () => {
    const p = await check(
      scanned([alert('10049', { risk: 0 }), alert('10021'), alert('10037')], '10021\tINFO\t(x)\n10037\tIGNORE\t(y)\n'),
    );
    expect(p.outcome).toBe('pass');
    expect(p.evidence).toEqual(['file-1']);
    expect(p.metrics).toMatchObject({ alerts: 3, fail: 0, warn: 0, info: 2, ignored: 1, instances: 0 });
  });

  it('fails with one finding per instance at WARN or FAIL, id zap-<alertRef>', async () => {
    const p = await check(
      scanned(
        [
          alert('10021', { instances: [instance(), instance({ method: 'POST' })] }),
          alert('10055', { alertRef: '10055-4', risk: 2, confidence: 3 }),
          alert('40018', {
            risk: 3,
            cweId: 89,
            wascId: 19,
            instances: [instance({ uri: `${API}/port-calls?limit=1'`, param: 'limit' })],
          }),
        ],
        '40018\tFAIL\t(SQL Injection)\tFix first\n',
      ),
    );
    expect(p.outcome).toBe('fail');
    expect(p.findings!.map((f) => [f.id, f.data?.level, f.data?.severity])).toEqual([
      ['zap-10021', 'WARN', 'low'],
      ['zap-10021', 'WARN', 'low'],
      ['zap-10055-4', 'WARN', 'medium'],
      ['zap-40018', 'FAIL', 'high'],
    ]);
    expect(p.findings![3]).toMatchObject({
      location: { method: 'GET', url: `${API}/port-calls?limit=1%27` },
      data: { cwe: 89, wasc: 19, owasp: null, confidence: 'Medium', memberMessage: 'Fix first', param: 'limit' },
      evidence: ['text-1'],
    });
    expect(p.metrics).toMatchObject({ fail: 1, warn: 2, instances: 4 });
  });

  it.each([
    [
      'a header rule points at its header',
      '10021',
      instance({ param: 'X-Content-Type-Options' }),
      { header: 'x-content-type-options' },
    ],
    ['a header rule without param still names its header', '10037', instance(), { header: 'x-powered-by' }],
    [
      'a query parameter keeps only itself in the URL',
      '40018',
      instance({ uri: `${API}/port-calls?a=1&limit=x`, param: 'limit' }),
      { url: `${API}/port-calls?limit=x` },
    ],
    [
      'a body parameter is a pointer into the request',
      '40018',
      instance({ method: 'POST', param: 'ship/imo' }),
      { jsonPointer: '/ship~1imo', in: 'request' },
    ],
  ])('location: %s', async (_what, pluginId, inst, loc) => {
    const p = await check(scanned([alert(pluginId, { instances: [inst] })]));
    expect(p.findings![0]!.location).toMatchObject({ method: inst.method, ...loc });
  });

  it("adds the counted alerts' CWE ids and OWASP entries to the result", async () => {
    const p = await check(
      scanned([
        alert('10021', { cweId: 693 }),
        alert('90034', { cweId: 918 }),
        alert('10049', { risk: 0, cweId: 524 }),
      ]),
    );
    expect(p).toMatchObject({ cwe: [693, 918], owasp: ['API7:2023', 'API8:2023'] });
  });

  it('reports an alert without instances once', async () => {
    const p = await check(scanned([alert('10098', { instances: [] })]));
    expect(p.findings!.map((f) => [f.id, f.location])).toEqual([['zap-10098', undefined]]);
  });

  it('says what else the scan reported in its summary', async () => {
    const scan = { ...scanned([alert('10021')]), instancesNotKept: 4, offAllowList: 1 } as ZapScan;
    if (scan.status === 'scanned') scan.notes.push('the token was renewed 2 time(s) during the scan');
    const p = await check(scan);
    expect(p.summary).toBe(
      'ZAP 2.16.1 via docker ghcr.io/zaproxy/zaproxy:stable zap-api-scan.py: 1 alert: 0 FAIL, 1 WARN, 0 INFO, 0 ignored; 4 more instance(s) counted, not listed; 1 instance(s) on hosts off the allow-list left out; the token was renewed 2 time(s) during the scan',
    );
    expect(p.metrics).toMatchObject({ instancesNotKept: 4, offAllowList: 1 });
  });
});
