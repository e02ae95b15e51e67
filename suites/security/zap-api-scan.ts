// zap-api-scan: OWASP ZAP's API scan raises no alert the member's rules count (WARN or FAIL). One check
// for the whole scan, a finding per alert instance (id zap-<alertRef>), rather than a check per alert
// family: the registry is fixed before a run while the alerts ZAP can raise depend on its version, add-ons
// and policy, and one check keeps one outcome (skipped without ZAP) and one meaning for the rules file,
// exactly as zap-api-scan.py judges it. Each finding carries the alert's risk (as severity), confidence,
// CWE, WASC and OWASP API Top 10 entry; the run's CWE and OWASP ids join the check's for SARIF and HTML.
import { defineCheck, type CheckContext, type CheckProduct } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { classifyAlerts, counts, type ClassifiedAlert } from '../../security/zap/classify.ts';
import { instanceFacts, taxonomiesOf } from '../../security/zap/findings.ts';
import { CONFIDENCES, RISKS } from '../../security/zap/report.ts';
import { ZAP_CHECK_ID, ZAP_REQUIREMENTS } from './collectors/zap-scan.ts';

/** Values in the artifact are redacted already; findings copy them as they are. */
const asIs = (s: string) => s;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export default defineCheck({
  id: ZAP_CHECK_ID,
  title: 'ZAP API scan raises no alert at WARN or FAIL',
  failureTitle: 'ZAP API scan raises alerts at WARN or FAIL',
  description:
    "OWASP ZAP's API scan imports the profile's OpenAPI document (the member's API base as its server), sends every operation with a bearer token of agent A's tenant, active-scans them (injection, path traversal, server-side request forgery and the rest of its policy) and passively checks every answer (headers, disclosure, cookies). ZAP runs as a daemon (--zap-api) or through its packaged zap-api-scan.py (container image or local install); without ZAP the check is skipped, saying why. Each alert counts as ZAP's scripts count it: the member's rules file (rule id, IGNORE/INFO/WARN/FAIL) decides, rules it does not name are WARN, informational alerts never count. Every instance at WARN or FAIL is a finding with ZAP's risk as its severity, its confidence, CWE, WASC and OWASP API Top 10 entry.",
  remediation:
    "Fix each alert where ZAP found it (its solution is in the finding's evidence and ZAP's report), or, where the member has judged an alert acceptable, set its rule to IGNORE or INFO in the rules file (zapRules) with a reason in the fourth field.",
  area: 'security',
  requirements: ZAP_REQUIREMENTS,
  requires: ['ZapScan'],
  owasp: ['API8:2023'],
  messages: {
    alert:
      '{{name}} (ZAP rule {{alertRef}}, {{level}}; risk {{risk}}, confidence {{confidence}}) at {{method}} {{where}}.',
    alertWithoutInstance: '{{name}} (ZAP rule {{alertRef}}, {{level}}; risk {{risk}}, confidence {{confidence}}).',
  },
  defaultOptions: {},
  run({ ZapScan: scan }, ctx): CheckProduct {
    if (scan.status === 'skipped') return { outcome: 'skipped', summary: scan.reason };
    const classified = classifyAlerts(scan.report.alerts, scan.rules);
    const counted = classified.filter((c) => counts(c.level));
    const findings: Finding[] = [];
    for (const c of counted) findings.push(...findingsOf(c, ctx.finding));
    const n = (level: string) => classified.filter((c) => c.level === level).length;
    const metrics = {
      alerts: classified.length,
      fail: n('FAIL'),
      warn: n('WARN'),
      info: n('INFO'),
      ignored: n('IGNORE') + n('PASS'),
      instances: findings.length,
      instancesNotKept: scan.instancesNotKept,
      offAllowList: scan.offAllowList,
    };
    const tally =
      `${plural(classified.length, 'alert')}: ${metrics.fail} FAIL, ${metrics.warn} WARN, ${metrics.info} INFO, ` +
      `${metrics.ignored} ignored`;
    const head = `ZAP ${scan.zapVersion || '(version unknown)'} via ${scan.engine}${scan.rules ? ` with rules ${scan.rules.source}` : ''}`;
    const kept = [
      ...(scan.instancesNotKept ? [`${scan.instancesNotKept} more instance(s) counted, not listed`] : []),
      ...(scan.offAllowList ? [`${scan.offAllowList} instance(s) on hosts off the allow-list left out`] : []),
    ];
    const summary = [`${head}: ${tally}`, ...kept, ...scan.notes].join('; ');
    const extension = {
      way: scan.way,
      engine: scan.engine,
      zapVersion: scan.zapVersion,
      ...(scan.exitCode !== undefined ? { exitCode: scan.exitCode } : {}),
      ...(scan.rules ? { rules: scan.rules.source } : {}),
      alerts: classified.map((c) => ({
        alertRef: c.alert.alertRef,
        pluginId: c.alert.pluginId,
        name: c.alert.name,
        risk: RISKS[c.alert.risk],
        confidence: CONFIDENCES[c.alert.confidence],
        level: c.level,
        why: c.why,
        instances: c.alert.instances.length,
        ...(c.outOfScopeInstances ? { outOfScopeInstances: c.outOfScopeInstances } : {}),
        ...(c.alert.cweId ? { cwe: c.alert.cweId } : {}),
        ...(c.alert.wascId ? { wasc: c.alert.wascId } : {}),
      })),
    };
    const { cwe, owasp } = taxonomiesOf(counted);
    if (findings.length === 0)
      return {
        ...ctx.pass(summary, scan.reportEvidence ? [scan.reportEvidence] : undefined, metrics),
        extension,
      };
    return { ...ctx.fail(findings, summary, metrics), extension, cwe, owasp };
  },
});

/** One finding per instance of a counted alert (one for the alert when ZAP gave no instance). */
function findingsOf(c: ClassifiedAlert, finding: CheckContext<unknown>['finding']): Finding[] {
  if (c.alert.instances.length === 0) {
    const facts = instanceFacts(c, { method: '', uri: '', param: '', attack: '', evidence: '', otherInfo: '' }, asIs);
    const { method: _m, url: _u, param: _p, attack: _a, evidence: _e, ...data } = facts.data;
    return [{ ...finding('alertWithoutInstance', data), id: facts.id }];
  }
  return c.alert.instances.map((i) => {
    const facts = instanceFacts(c, i, asIs);
    const header = facts.location.header;
    const where = `${i.uri}${header ? ` (header ${header})` : i.param ? ` (parameter ${i.param})` : ''}`;
    const f = finding('alert', { ...facts.data, where }, facts.location, i.evidenceId ? [i.evidenceId] : undefined);
    return { ...f, id: facts.id };
  });
}
