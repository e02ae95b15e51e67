/* eslint-disable @typescript-eslint/no-explicit-any -- tests mutate parsed JSON freely */
import { describe, expect, it } from 'vitest';
import { SARIF_LEVEL, SECURITY_SEVERITY, renderSarif } from '../../reports/sarif.ts';
import type { CheckResult, Results, Severity } from '../../engine/types.ts';
import { emptyResults, sampleResults, unreachableResults } from './sample-results.ts';

type J = Record<string, any>;

/**
 * The SARIF 2.1.0 rules a consumer enforces on what we emit (required members, enums, index
 * integrity, §3.27.9 level/kind). Returns the problems found.
 */
function sarifProblems(log: J): string[] {
  const p: string[] = [];
  const need = (cond: unknown, msg: string): void => void (cond || p.push(msg));
  need(log.version === '2.1.0', 'version');
  need(typeof log.$schema === 'string', '$schema');
  need(Array.isArray(log.runs), 'runs');
  for (const [ri, run] of (log.runs as J[]).entries()) {
    const driver = run.tool?.driver;
    need(typeof driver?.name === 'string' && driver.name, `runs/${ri}: driver.name`);
    const rules: J[] = driver?.rules ?? [];
    need(new Set(rules.map((r) => r.id)).size === rules.length, 'rule ids unique');
    const taxonomies: J[] = run.taxonomies ?? [];
    for (const [i, rule] of rules.entries()) {
      need(typeof rule.id === 'string', `rule ${i} id`);
      need(typeof rule.shortDescription?.text === 'string', `rule ${i} shortDescription.text`);
      for (const rel of rule.relationships ?? []) {
        const tax = taxonomies[rel.target.toolComponent.index];
        need(tax?.name === rel.target.toolComponent.name, `rule ${i} taxonomy reference`);
        need(tax?.taxa?.[rel.target.index]?.id === rel.target.id, `rule ${i} taxon index`);
      }
    }
    for (const [i, s] of (driver?.supportedTaxonomies ?? []).entries())
      need(taxonomies[s.index]?.name === s.name, `supportedTaxonomies ${i}`);
    need(Array.isArray(run.results), `runs/${ri}: results array`);
    for (const [i, r] of (run.results as J[]).entries()) {
      need(typeof r.message?.text === 'string' && r.message.text.length > 0, `result ${i} message.text`);
      need(['none', 'note', 'warning', 'error'].includes(r.level), `result ${i} level`);
      need(['notApplicable', 'pass', 'fail', 'review', 'open', 'informational'].includes(r.kind), `result ${i} kind`);
      need(r.kind === 'fail' || r.level === 'none', `result ${i}: kind ${r.kind} requires level none`);
      need(rules[r.ruleIndex]?.id === r.ruleId, `result ${i}: ruleIndex ${r.ruleIndex} is not ${r.ruleId}`);
      for (const loc of r.locations ?? []) {
        const uri = loc.physicalLocation?.artifactLocation?.uri;
        need(
          uri !== undefined || loc.logicalLocations?.length,
          `result ${i}: location without uri or logical location`,
        );
        const baseId = loc.physicalLocation?.artifactLocation?.uriBaseId;
        const base = baseId === undefined ? undefined : run.originalUriBaseIds?.[baseId];
        need(baseId === undefined || base !== undefined, `result ${i}: uriBaseId ${baseId} not in originalUriBaseIds`);
        if (uri !== undefined && base?.uri) need(URL.canParse(uri, base.uri), `result ${i}: uri ${uri}`);
        else if (uri !== undefined && baseId === undefined) need(URL.canParse(uri), `result ${i}: uri ${uri}`);
        const line = loc.physicalLocation?.region?.startLine;
        if (line !== undefined) need(Number.isInteger(line) && line >= 1, `result ${i}: startLine ${line}`);
      }
      for (const side of ['webRequest', 'webResponse'] as const) {
        const ref = r[side];
        const store = side === 'webRequest' ? run.webRequests : run.webResponses;
        if (ref) need(store?.[ref.index]?.index === ref.index, `result ${i}: ${side} index ${ref.index}`);
      }
      for (const s of r.suppressions ?? [])
        need(['inSource', 'external'].includes(s.kind), `result ${i} suppression kind`);
    }
    for (const inv of run.invocations ?? []) {
      need(typeof inv.executionSuccessful === 'boolean', 'invocation.executionSuccessful');
      for (const n of inv.toolExecutionNotifications ?? [])
        need(typeof n.message?.text === 'string', 'notification message');
    }
  }
  return p;
}

const render = (r: Results): J => JSON.parse(JSON.stringify(renderSarif(r))) as J;

describe('renderSarif', () => {
  const results = sampleResults();
  const log = render(results);
  const run = log.runs[0] as J;
  const rules = run.tool.driver.rules as J[];
  const out = run.results as J[];

  it('is a valid SARIF 2.1.0 log with one run', () => {
    expect(sarifProblems(log)).toEqual([]);
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({ name: results.tool.name, version: results.tool.version });
  });

  it('has one rule per check, with ruleIndex pointing into the final rules array', () => {
    expect(rules.map((r) => r.id)).toEqual(results.checks.map((c) => c.id));
    const used = new Set(out.map((r) => r.ruleIndex));
    expect(used.size).toBeGreaterThan(3);
    for (const r of out) expect(rules[r.ruleIndex]!.id).toBe(r.ruleId);
  });

  it('describes rules with title, description, tags, security-severity and requirements', () => {
    for (const check of results.checks) {
      const rule = rules.find((r) => r.id === check.id)!;
      expect(rule.shortDescription.text).toBe(check.title);
      expect(rule.fullDescription.text).toBe(check.description);
      expect(rule.properties.tags).toEqual([
        check.area,
        ...(check.owasp ?? []),
        ...(check.cwe ?? []).map((n) => `CWE-${n}`),
      ]);
      expect(Number(rule.properties['security-severity'])).toBe(SECURITY_SEVERITY[check.severity]);
      expect(rule.properties.requirements).toEqual(check.requirements);
    }
    const cors = rules.find((r) => r.id === 'cors-policy')!;
    expect(cors.helpUri).toMatch(/^https:\/\//);
  });

  it('maps severity to level as ZAP does', () => {
    expect(SARIF_LEVEL).toEqual({ critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'none' });
    const scores: Record<Severity, number> = { critical: 9.5, high: 8.0, medium: 5.5, low: 3.0, info: 0 };
    expect(SECURITY_SEVERITY).toEqual(scores);
  });

  it('emits one result per finding of failed checks, review and open results for needs-review and error', () => {
    const expected = results.checks.flatMap((c: CheckResult) => {
      if (c.outcome === 'fail') return c.findings.map(() => [c.id, 'fail', SARIF_LEVEL[c.severity]]);
      if (c.outcome === 'needs-review') return c.findings.map(() => [c.id, 'review', 'none']);
      if (c.outcome === 'error') return [[c.id, 'open', 'none']];
      return [];
    });
    expect(out.map((r) => [r.ruleId, r.kind, r.level])).toEqual(expected);
  });

  it('locates results by URL, operationId or selector and keeps evidence ids', () => {
    const schema = out.find((r) => r.ruleId === 'response-schema')!;
    const finding = results.checks[0]!.findings[0]!;
    // Relative to the target's origin, the run-level base TARGET.
    const target = run.originalUriBaseIds.TARGET.uri as string;
    expect(target).toBe(`${new URL(results.target.apiBaseUrl).origin}/`);
    expect(schema.locations[0].physicalLocation.artifactLocation.uriBaseId).toBe('TARGET');
    expect(new URL(schema.locations[0].physicalLocation.artifactLocation.uri, target).href).toBe(finding.location!.url);
    expect(schema.locations[0].logicalLocations).toContainEqual({ name: 'getPortCall', kind: 'function' });
    expect(schema.locations[0].properties).toMatchObject({ method: 'GET', jsonPointer: '/version', in: 'response' });
    expect(schema.properties.evidence).toEqual(finding.evidence);
    const load = out.find((r) => r.ruleId === 'load-latency')!;
    expect(load.locations[0].physicalLocation).toBeUndefined();
    expect(load.locations[0].logicalLocations).toEqual([{ name: 'listPortCalls', kind: 'function' }]);
    const hsts = out.find((r) => r.ruleId === 'hsts-header')!;
    expect(new URL(hsts.locations[0].physicalLocation.artifactLocation.uri, target).href).toBe(
      results.target.apiBaseUrl,
    );
    const portal = out.find((r) => r.ruleId === 'portal-accessibility')!;
    expect(portal.locations[0].logicalLocations).toContainEqual({
      name: 'form#fal1 > input[name="imo"]',
      kind: 'element',
    });
  });

  it('attaches the redacted HTTP exchange and marks waivers as accepted suppressions', () => {
    const cors = out.find((r) => r.ruleId === 'cors-policy')!;
    expect(run.webRequests[cors.webRequest.index]).toMatchObject({
      method: 'OPTIONS',
      headers: { cookie: '[REDACTED]' },
    });
    expect(run.webResponses[cors.webResponse.index].statusCode).toBe(500);
    const errored = out.find((r) => r.ruleId === 'tenant-isolation')!;
    expect(run.webResponses[errored.webResponse.index]).toMatchObject({ noResponseReceived: true });
    const waived = out.filter((r) => r.suppressions);
    expect(waived.map((r) => r.ruleId)).toEqual(['hsts-header']);
    expect(waived[0]!.suppressions[0]).toMatchObject({ kind: 'external', status: 'accepted' });
  });

  it('declares a CWE taxonomy holding every CWE the checks cite', () => {
    const cwes = [...new Set(results.checks.flatMap((c) => c.cwe ?? []))].sort((a, b) => a - b).map(String);
    expect(run.taxonomies[0].name).toBe('CWE');
    expect(run.taxonomies[0].taxa.map((t: J) => t.id)).toEqual(cwes);
    expect(run.tool.driver.supportedTaxonomies).toEqual([{ name: 'CWE', index: 0 }]);
  });

  it('reports errored checks as tool execution notifications', () => {
    const notes = run.invocations[0].toolExecutionNotifications as J[];
    expect(notes.map((n) => n.associatedRule?.id)).toEqual(['tenant-isolation']);
    expect(rules[notes[0]!.associatedRule.index]!.id).toBe('tenant-isolation');
  });

  it('writes a complete document for an empty run (no results is still a file)', () => {
    const empty = render(emptyResults());
    expect(sarifProblems(empty)).toEqual([]);
    expect(empty.runs[0].results).toEqual([]);
    expect(empty.runs[0].tool.driver.rules).toEqual([]);
    expect(empty.runs[0].taxonomies).toBeUndefined();
  });

  it('marks an unreachable run as unsuccessful with the run error', () => {
    const log2 = render(unreachableResults());
    expect(sarifProblems(log2)).toEqual([]);
    const inv = log2.runs[0].invocations[0];
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.exitCode).toBe(3);
    expect(inv.toolExecutionNotifications[0].properties.code).toBe('UNREACHABLE');
  });

  it('keeps indexes right when a check id repeats and ignores non-http help URLs', () => {
    const r = sampleResults();
    r.checks.push({ ...r.checks[5]!, findings: [...r.checks[5]!.findings] });
    r.requirements.find((q) => q.id === 'PSW-SEC-HDR-003')!.source.url = 'javascript:alert(1)';
    const log2 = render(r);
    expect(sarifProblems(log2)).toEqual([]);
    expect(log2.runs[0].tool.driver.rules).toHaveLength(r.checks.length - 1);
    expect(log2.runs[0].tool.driver.rules.find((x: J) => x.id === 'cors-policy').helpUri).toBeUndefined();
  });
});
