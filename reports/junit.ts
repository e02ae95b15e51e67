// JUnit XML for CI: one <testsuite> per area, one <testcase> per check. Follows the de-facto schema
// that Jenkins, GitLab and the Surefire readers share, with Playwright-style testcase <properties>.
//   fail                       → <failure message type> with every finding in the body
//   error                      → <error>
//   skipped, not-applicable    → <skipped message>
//   needs-review               → passes, <system-out> says a person must review it
//   fail, waived               → <skipped message="waived by … until …: reason"> (the failure no longer
//                                blocks; properties keep the outcome "fail" and the waiver)
// With a baseline, each testcase says how many of its findings are new (property baseline.new).
// Run-level errors (target unreachable, ...) get their own "run" suite so CI shows them as errors
// instead of a green build with zero tests.
import { el, serializeXml } from './xml.ts';
import type { XmlElement } from './xml.ts';
import { areaDurationMs, checksIn, countOutcomes, describeEvidence, formatLocation, reportAreas } from './format.ts';
import type { Area, CheckResult, Finding, Results } from '../engine/types.ts';

const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

function findingText(results: Results, f: Finding, index: number): string {
  const lines = [`${index + 1}. [${f.id}] ${f.message}`];
  const where = formatLocation(f.location);
  if (where) lines.push(`   at ${where}`);
  for (const id of f.evidence ?? []) lines.push(`   evidence ${id}: ${describeEvidence(results.evidence[id])}`);
  return lines.join('\n');
}

function waiverText(check: CheckResult): string[] {
  const w = check.waiver;
  return w ? [`Waived by ${w.owner} until ${w.expires}: ${w.reason}`] : [];
}

/** A failure a waiver accepts: reported as skipped, with the waiver as the reason. */
const waivedFailure = (c: CheckResult): boolean => c.outcome === 'fail' && c.waiver !== undefined;

function properties(check: CheckResult, baseline: boolean): XmlElement {
  const props: XmlElement[] = [];
  const add = (name: string, value: string): void => void props.push(el('property', { name, value }));
  for (const id of check.requirements) add('requirement', id);
  add('severity', check.severity);
  add('required', String(check.required));
  add('outcome', check.outcome);
  for (const id of check.owasp ?? []) add('owasp', id);
  for (const n of check.cwe ?? []) add('cwe', `CWE-${n}`);
  if (check.waiver) {
    add('waiver.owner', check.waiver.owner);
    add('waiver.expires', check.waiver.expires);
    add('waiver.reason', check.waiver.reason);
    if (check.waiver.id) add('waiver.id', check.waiver.id);
    if (check.waiver.ticket) add('waiver.ticket', check.waiver.ticket);
  }
  if (baseline) {
    add('baseline.new', String(check.findings.filter((f) => f.baselineState === 'new').length));
    add('baseline.unchanged', String(check.findings.filter((f) => f.baselineState === 'unchanged').length));
  }
  return el('properties', undefined, props);
}

function outcomeElements(results: Results, check: CheckResult): XmlElement[] {
  const findings = check.findings.map((f, i) => findingText(results, f, i));
  if (waivedFailure(check)) {
    const w = check.waiver!;
    return [el('skipped', { message: `waived by ${w.owner} until ${w.expires}: ${w.reason}` })];
  }
  switch (check.outcome) {
    case 'fail': {
      const body = [check.summary ?? '', ...findings, ...waiverText(check)].filter(Boolean).join('\n');
      const message = check.summary ?? check.findings[0]?.message ?? check.title;
      return [el('failure', { message, type: check.findings[0]?.id ?? 'fail' }, body)];
    }
    case 'error': {
      const e = check.error;
      const body = [e?.cause ? `cause: ${e.cause}` : '', e?.stack ?? '', ...findings].filter(Boolean).join('\n');
      return [el('error', { message: e?.message ?? check.summary ?? 'check errored', type: 'error' }, body)];
    }
    case 'skipped':
      return [el('skipped', { message: check.summary ?? 'skipped' })];
    case 'not-applicable':
      return [el('skipped', { message: `not applicable${check.summary ? `: ${check.summary}` : ''}` })];
    case 'needs-review': {
      const body = [`Needs review by a person: ${check.summary ?? check.title}`, ...findings].join('\n');
      return [el('system-out', undefined, body)];
    }
    case 'pass':
      return waiverText(check).length ? [el('system-out', undefined, waiverText(check).join('\n'))] : [];
    default:
      // An outcome added by a newer minor version: shown, not judged.
      return [el('system-out', undefined, `outcome ${String(check.outcome)}: ${check.summary ?? check.title}`)];
  }
}

function testcase(results: Results, check: CheckResult): XmlElement {
  return el(
    'testcase',
    { classname: check.area, name: `${check.id}: ${check.title}`, time: seconds(check.durationMs) },
    [properties(check, results.baseline !== undefined), ...outcomeElements(results, check)],
  );
}

interface SuiteTotals {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  timeMs: number;
}

function areaSuite(results: Results, area: Area, id: number): { node: XmlElement; totals: SuiteTotals } {
  const checks = checksIn(results, area);
  const counts = countOutcomes(checks);
  const waived = checks.filter(waivedFailure).length;
  const totals: SuiteTotals = {
    tests: checks.length,
    failures: counts.fail - waived,
    errors: counts.error,
    skipped: counts.skipped + counts['not-applicable'] + waived,
    timeMs: areaDurationMs(results, area),
  };
  const node = el(
    'testsuite',
    {
      name: area,
      id,
      tests: totals.tests,
      failures: totals.failures,
      errors: totals.errors,
      skipped: totals.skipped,
      time: seconds(totals.timeMs),
      timestamp: results.run.startedAt,
    },
    [suiteProperties(results), ...checks.map((c) => testcase(results, c))],
  );
  return { node, totals };
}

function suiteProperties(results: Results): XmlElement {
  const p = (name: string, value: string): XmlElement => el('property', { name, value });
  return el('properties', undefined, [
    p('run.id', results.run.id),
    p('profile', `${results.run.profile.id} ${results.run.profile.version}`),
    p('target', results.target.apiBaseUrl),
    p('verdict', results.verdict.status),
    p('schemaVersion', results.schemaVersion),
  ]);
}

function runErrorSuite(results: Results, id: number): { node: XmlElement; totals: SuiteTotals } {
  const cases = results.errors.map((e) =>
    el('testcase', { classname: 'run', name: e.code, time: seconds(0) }, [
      el('error', { message: e.message, type: e.code }, results.verdict.reason),
    ]),
  );
  const totals: SuiteTotals = { tests: cases.length, failures: 0, errors: cases.length, skipped: 0, timeMs: 0 };
  const node = el(
    'testsuite',
    {
      name: 'run',
      id,
      tests: totals.tests,
      failures: 0,
      errors: totals.errors,
      skipped: 0,
      time: seconds(0),
      timestamp: results.run.startedAt,
    },
    [suiteProperties(results), ...cases],
  );
  return { node, totals };
}

export function renderJUnit(results: Results): string {
  const suites = reportAreas(results).map((area, i) => areaSuite(results, area, i));
  if (results.errors.length > 0) suites.push(runErrorSuite(results, suites.length));
  const sum = (k: keyof SuiteTotals): number => suites.reduce((n, s) => n + s.totals[k], 0);
  const root = el(
    'testsuites',
    {
      name: `${results.tool.name} ${results.run.profile.id} ${results.run.profile.version}`,
      tests: sum('tests'),
      failures: sum('failures'),
      errors: sum('errors'),
      skipped: sum('skipped'),
      time: seconds(results.run.durationMs),
      timestamp: results.run.startedAt,
    },
    suites.map((s) => s.node),
  );
  return serializeXml(root);
}
