// The rules file as ZAP's scripts read it (zap_common.load_config) and the levels they give each alert
// (print_rules, zap_get_alerts): the same file means the same here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyAlerts, expectedExitCode, ZAP_EXIT_CODES } from '../../../security/zap/classify.ts';
import { parseTraditionalJson, type ZapAlert } from '../../../security/zap/report.ts';
import { inScope, parseZapRules, ZapRulesError } from '../../../security/zap/rules.ts';

const report = parseTraditionalJson(
  JSON.parse(readFileSync(new URL('./fixtures/traditional-2.16.json', import.meta.url), 'utf8')),
);

/** A rules file like the packaged scripts' examples (docker/integration_tests/configs). */
const RULES = [
  '# zap-api-scan rule configuration file',
  '10021\tFAIL\t(X-Content-Type-Options Header Missing)',
  '10035\tINFO\t(Strict-Transport-Security Header Not Set)',
  '10049\tIGNORE\t(Storable and Cacheable Content)',
  '90022\tWARN\t(Application Error Disclosure)\tTicket SEC-12: generic errors in the next release',
  '*\tOUTOFSCOPE\t.*/robots\\.txt',
  '10020,10021\tOUTOFSCOPE\thttps://psw.example:8443/health',
  '',
].join('\n');

describe('parseZapRules', () => {
  it('reads levels, the member message and OUTOFSCOPE patterns', () => {
    const r = parseZapRules(RULES, 'rules.tsv');
    expect(Object.fromEntries(r.levels)).toEqual({
      '10021': 'FAIL',
      '10035': 'INFO',
      '10049': 'IGNORE',
      '90022': 'WARN',
    });
    expect(r.messages.get('90022')).toBe('Ticket SEC-12: generic errors in the next release');
    expect(r.messages.get('10021')).toBe('');
    expect([...r.outOfScope.keys()]).toEqual(['*', '10020', '10021']);
  });

  it.each([
    ['too few fields', '10021\tFAIL', /line 1: expected at least 3 tab-separated fields/],
    ['spaces for tabs', '10021 FAIL (X-Content-Type-Options)', /line 1: expected at least 3/],
    [
      'an unknown level',
      '# c\n10021\tERROR\t(x)',
      /line 2: level "ERROR" is not one of PASS, IGNORE, INFO, WARN, FAIL/,
    ],
    [
      'a bad OUTOFSCOPE pattern',
      '*\tOUTOFSCOPE\t(unclosed',
      /line 1: OUTOFSCOPE pattern is not a valid regular expression/,
    ],
    ['five fields', '10021\tFAIL\t(x)\tmsg\textra', /line 1: too many tab-separated fields/],
  ])('refuses %s, naming the line', (_what, text, message) => {
    expect(() => parseZapRules(text, 'rules.tsv')).toThrow(ZapRulesError);
    expect(() => parseZapRules(text, 'rules.tsv')).toThrow(message);
  });

  it.each([
    ['*', 'https://psw.example:8443/robots.txt', '10038', false],
    ['a listed rule', 'https://psw.example:8443/health', '10021', false],
    ['another rule', 'https://psw.example:8443/health', '10038', true],
    [
      'a pattern matching only inside the URL (re.match anchors at the start)',
      'x https://psw.example:8443/health',
      '10021',
      true,
    ],
  ])('OUTOFSCOPE: %s', (_what, url, pluginId, expected) => {
    expect(inScope(parseZapRules(RULES), pluginId, url)).toBe(expected);
  });
});

describe('classifyAlerts', () => {
  it('gives each alert the level ZAP would: the file, else WARN; informational never counts', () => {
    const c = classifyAlerts(report.alerts, parseZapRules(RULES));
    expect(c.map((x) => [x.alert.alertRef, x.level, x.why])).toEqual([
      ['90022', 'WARN', 'rules'],
      ['10021', 'FAIL', 'rules'],
      ['10055-4', 'WARN', 'default'],
      ['10049-3', 'INFO', 'informational'],
    ]);
    expect(c[0]!.userMessage).toBe('Ticket SEC-12: generic errors in the next release');
  });

  it("without a file every alert is WARN (INFO with the scripts' -i)", () => {
    expect(classifyAlerts(report.alerts).map((x) => x.level)).toEqual(['WARN', 'WARN', 'WARN', 'INFO']);
    expect(classifyAlerts(report.alerts, undefined, { unlisted: 'INFO' }).map((x) => x.level)).toEqual([
      'INFO',
      'INFO',
      'INFO',
      'INFO',
    ]);
  });

  it('a variant configured by its alertRef is judged apart from its rule', () => {
    const rules = parseZapRules('10055\tFAIL\t(CSP)\n10055-4\tIGNORE\t(CSP: Wildcard Directive)\n');
    expect(classifyAlerts(report.alerts, rules).find((x) => x.alert.pluginId === '10055')).toMatchObject({
      ruleId: '10055-4',
      level: 'IGNORE',
    });
  });

  it('drops out-of-scope instances, and ignores an alert left with none', () => {
    const alert = report.alerts[1]!;
    const rules = parseZapRules('10021\tOUTOFSCOPE\t.*/api/v1/port-calls$\n');
    const [c] = classifyAlerts([alert], rules);
    expect(c).toMatchObject({ level: 'IGNORE', why: 'out-of-scope', outOfScopeInstances: 2 });
    expect(c!.alert.instances).toEqual([]);
  });

  it('never counts the rules zap-api-scan.py ignores (-1, 50003, 60000, 60001)', () => {
    const example: ZapAlert = { ...report.alerts[0]!, pluginId: '60000', alertRef: '60000' };
    expect(classifyAlerts([example])[0]).toMatchObject({ level: 'IGNORE', why: 'not-counted' });
  });

  it.each([
    ['a FAIL', RULES, false, 1],
    ['WARNs only', '10021\tWARN\t(x)\n', false, 2],
    ['WARNs with -I', '10021\tWARN\t(x)\n', true, 0],
    ['everything ignored or informational', '90022\tIGNORE\t(x)\n10021\tINFO\t(x)\n10055\tIGNORE\t(x)\n', false, 0],
  ])('expectedExitCode: %s', (_what, rules, ignoreWarnings, code) => {
    expect(expectedExitCode(classifyAlerts(report.alerts, parseZapRules(rules)), ignoreWarnings)).toBe(code);
  });

  it('documents every exit code of zap-api-scan.py against the harness', () => {
    expect(Object.keys(ZAP_EXIT_CODES)).toEqual(['0', '1', '2', '3']);
  });
});
