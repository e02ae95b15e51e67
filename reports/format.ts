// Shared views of a Results object for the reporters: labels, counts, durations and locations.
// Counts are recomputed from the checks so every report agrees with the rows it renders.
import { AREAS, OUTCOMES, emptyCounts } from '../engine/types.ts';
import type {
  Area,
  CheckResult,
  EdifactLocation,
  Evidence,
  FindingLocation,
  Outcome,
  OutcomeCounts,
  Results,
  Severity,
  VerdictStatus,
} from '../engine/types.ts';

export const OUTCOME_LABEL: Record<Outcome, string> = {
  pass: 'Pass',
  fail: 'Fail',
  'needs-review': 'Needs review',
  'not-applicable': 'Not applicable',
  skipped: 'Skipped',
  error: 'Error',
};

export const VERDICT_LABEL: Record<VerdictStatus, string> = {
  conformant: 'Conformant',
  'not-conformant': 'Not conformant',
  incomplete: 'Incomplete',
  unreachable: 'Target unreachable',
  error: 'Run error',
};

export const SEVERITY_LABEL: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

/** Outcomes that say something is wrong or undecided, in the order reports list them. */
export const ATTENTION_OUTCOMES: readonly Outcome[] = ['fail', 'error', 'needs-review'];

/** The areas a report shows: those asked for, summarised or holding a check, in canonical order. */
export function reportAreas(results: Results): Area[] {
  const present = new Set<Area>(results.run.suites);
  for (const area of Object.keys(results.summary.byArea) as Area[]) present.add(area);
  for (const check of results.checks) present.add(check.area);
  return AREAS.filter((a) => present.has(a));
}

export function checksIn(results: Results, area: Area): CheckResult[] {
  return results.checks.filter((c) => c.area === area);
}

export function countOutcomes(checks: readonly CheckResult[]): OutcomeCounts {
  const counts = emptyCounts();
  for (const c of checks) if (OUTCOMES.includes(c.outcome)) counts[c.outcome] += 1;
  return counts;
}

/** The area's wall time as the runner measured it; the sum of its checks when it did not. */
export function areaDurationMs(results: Results, area: Area): number {
  const measured = results.summary.byArea[area]?.durationMs;
  if (measured !== undefined) return measured;
  return checksIn(results, area).reduce((sum, c) => sum + c.durationMs, 0);
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const totalSeconds = Math.round(ms / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  return `${minutes} min ${String(totalSeconds % 60).padStart(2, '0')} s`;
}

/** An EDIFACT place: "BERMAN LOC#6 element 2:1" (position UNH = 1; element and component 1-based). */
export function formatEdifactPlace(p: EdifactLocation): string {
  const segment = `${p.segment}${p.position !== undefined ? `#${p.position}` : ''}`;
  const element =
    p.element !== undefined ? ` element ${p.element}${p.component !== undefined ? `:${p.component}` : ''}` : '';
  return `${p.message ? `${p.message} ` : ''}${segment}${element}`;
}

/** "GET https://… (getPortCall) response /eta header Location selector … metric … edifact BERMAN LOC#6 element 2:1" */
export function formatLocation(loc: FindingLocation | undefined): string {
  if (!loc) return '';
  const parts: string[] = [];
  const request = [loc.method, loc.url].filter(Boolean).join(' ');
  if (request) parts.push(request);
  if (loc.operationId) parts.push(request ? `(${loc.operationId})` : `operation ${loc.operationId}`);
  if (loc.host && !loc.url) parts.push(`host ${loc.host}`);
  if (loc.jsonPointer !== undefined) parts.push(`${loc.in ?? 'body'} ${loc.jsonPointer || '/'}`);
  if (loc.header) parts.push(`header ${loc.header}`);
  if (loc.selector) parts.push(`selector ${loc.selector}`);
  if (loc.metric) parts.push(`metric ${loc.metric}`);
  if (loc.edifact) parts.push(`edifact ${formatEdifactPlace(loc.edifact)}`);
  return parts.join(' ');
}

/** One line naming a piece of evidence: "GET https://… → 500" or its label. */
export function describeEvidence(ev: Evidence | undefined): string {
  if (!ev) return 'not found in this results file';
  switch (ev.kind) {
    case 'http': {
      const req = [ev.request.method, ev.request.url].filter(Boolean).join(' ');
      const res = ev.response?.status !== undefined ? `→ ${ev.response.status}` : ev.error ? `→ ${ev.error}` : '';
      return [ev.label, [req, res].filter(Boolean).join(' ')].filter(Boolean).join(': ');
    }
    case 'text':
      return ev.label ? `${ev.label} (${ev.contentType})` : ev.contentType;
    case 'file':
      return ev.label ? `${ev.label} (${ev.contentType}, ${ev.path})` : `${ev.path} (${ev.contentType})`;
  }
}

/** The one line a report shows for a check that did not pass. */
export function headline(check: CheckResult): string {
  if (check.outcome === 'error' && check.error) return check.error.message;
  return check.summary ?? check.findings[0]?.message ?? check.title;
}

/** PascalCase of a kebab-case id (SARIF rule names). */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}
