// summary.md: a short GitHub-flavoured Markdown summary for CI pages (GITHUB_STEP_SUMMARY, a GitLab or
// Azure DevOps job summary, a pull-request comment). Pipe tables and code spans only, no HTML, so the
// three renderers show the same thing; short enough to read without scrolling (the flawed port's is
// under 60 lines): the verdict, counts, the most severe blocking checks, and where the full report is.
import { OUTCOMES, SEVERITIES } from '../engine/types.ts';
import type { CheckResult, FindingLocation, Outcome, Results, Severity, VerdictStatus } from '../engine/types.ts';
import {
  VERDICT_LABEL,
  areaDurationMs,
  checksIn,
  countOutcomes,
  formatDuration,
  formatEdifactPlace,
  headline,
  reportAreas,
} from './format.ts';

export interface MarkdownOptions {
  /** File names of the reports written beside summary.md, the fullest first (e.g. report.html, results.json). */
  reportFiles?: readonly string[];
  /** How many blocking checks the summary lists (the rest are counted). */
  maxBlocking?: number;
}

export const MARKDOWN_MAX_BLOCKING = 10;
const MAX_CELL = 140;

const VERDICT_MARK: Record<VerdictStatus, string> = {
  conformant: '✅',
  'not-conformant': '❌',
  incomplete: '⚠️',
  unreachable: '❌',
  error: '❌',
};

const OUTCOME_COLUMN: Record<Outcome, string> = {
  pass: 'Pass',
  fail: 'Fail',
  'needs-review': 'Review',
  'not-applicable': 'N/A',
  skipped: 'Skipped',
  error: 'Error',
};

/** The severities a summary counts: info findings never block and would only widen the table. */
export const SUMMARY_SEVERITIES = SEVERITIES.filter((s) => s !== 'info');

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** Text for a table cell or a line: one line, Markdown and table syntax neutralised, bounded length. */
export function markdownText(s: string, max = MAX_CELL): string {
  const oneLine = s.replace(/\s+/g, ' ').trim();
  const short = oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
  // Backslash escapes are CommonMark's own; `|` is GFM's table escape and works inside cells.
  return short.replace(/[\\`*_[\]<>|~#!]/g, (c) => `\\${c}`);
}

/** A code span that survives any content: a fence longer than any run of backticks inside, pipes escaped. */
export function markdownCode(s: string, max = MAX_CELL): string {
  const oneLine = s.replace(/\s+/g, ' ').trim();
  const short = oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
  const longestRun = Math.max(0, ...(short.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = short.startsWith('`') || short.endsWith('`') ? ' ' : '';
  // GFM splits cells on unescaped pipes before it parses code spans, so `\|` is right even inside one.
  return `${fence}${pad}${short.replace(/\|/g, '\\|')}${pad}${fence}`;
}

function tableRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function separator(aligns: ReadonlyArray<'left' | 'right'>): string {
  return `|${aligns.map((a) => (a === 'right' ? ' ---: ' : ' --- ')).join('|')}|`;
}

/** The location of a finding, with URLs of the target shown relative to its origin. */
export function shortLocation(results: Results, loc: FindingLocation | undefined): string {
  if (!loc) return '';
  let origin = '';
  try {
    origin = new URL(results.target.apiBaseUrl).origin;
  } catch {
    // Not a URL (an unreachable run's raw --target): show URLs whole.
  }
  const url = loc.url && origin && loc.url.startsWith(`${origin}/`) ? loc.url.slice(origin.length) : loc.url;
  const parts = [[loc.method, url].filter(Boolean).join(' ')];
  if (loc.operationId) parts.push(url ? `(${loc.operationId})` : loc.operationId);
  if (loc.host && !loc.url) parts.push(loc.host);
  if (loc.jsonPointer !== undefined) parts.push(`${loc.in ?? 'body'} ${loc.jsonPointer || '/'}`);
  if (loc.header) parts.push(`header ${loc.header}`);
  if (loc.selector) parts.push(loc.selector);
  if (loc.metric) parts.push(loc.metric);
  if (loc.edifact) parts.push(`edifact ${formatEdifactPlace(loc.edifact)}`);
  return parts.filter(Boolean).join(' ');
}

/** Required checks whose failure blocks the verdict, most severe first (ties by area order, then id). */
export function blockingChecks(results: Results): CheckResult[] {
  const blocking = new Set(results.summary.blocking);
  const areaOrder = reportAreas(results);
  return results.checks
    .filter((c) => blocking.has(c.id))
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
        areaOrder.indexOf(a.area) - areaOrder.indexOf(b.area) ||
        a.id.localeCompare(b.id),
    );
}

/** Failed checks and their findings, by severity (waived ones included: they failed as measured). */
export function severityCounts(results: Results): Record<Severity, { checks: number; findings: number }> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, { checks: 0, findings: 0 }])) as Record<
    Severity,
    { checks: number; findings: number }
  >;
  for (const c of results.checks) {
    if (c.outcome !== 'fail') continue;
    counts[c.severity].checks += 1;
    counts[c.severity].findings += Math.max(1, c.findings.length);
  }
  return counts;
}

export function renderMarkdown(results: Results, opts: MarkdownOptions = {}): string {
  const v = results.verdict;
  const lines: string[] = [];
  const label = VERDICT_LABEL[v.status] ?? v.status;
  lines.push(`## ${VERDICT_MARK[v.status] ?? '❌'} ${results.tool.name}: ${label}`, '');
  lines.push(
    `**${label}**: ${markdownText(v.reason, 300)} (exit ${v.exitCode}). ` +
      `Profile ${markdownCode(`${results.run.profile.id} ${results.run.profile.version}`)}, ` +
      `target ${markdownCode(results.target.apiBaseUrl)}, run ${markdownCode(results.run.id)}, ` +
      `${formatDuration(results.run.durationMs)}.`,
  );
  if (results.run.stop) lines.push('', `Stopped early: ${markdownText(results.run.stop.message, 300)}`);

  const areas = reportAreas(results);
  if (areas.length) {
    const shown = OUTCOMES.filter((o) => o !== 'skipped' || results.checks.some((c) => c.outcome === 'skipped'));
    lines.push('', tableRow(['Area', ...shown.map((o) => OUTCOME_COLUMN[o]), 'Time']));
    lines.push(separator(['left', ...shown.map(() => 'right' as const), 'right']));
    for (const area of areas) {
      const counts = countOutcomes(checksIn(results, area));
      lines.push(
        tableRow([area, ...shown.map((o) => String(counts[o])), formatDuration(areaDurationMs(results, area))]),
      );
    }
    const total = countOutcomes(results.checks);
    lines.push(
      tableRow(['**Total**', ...shown.map((o) => `**${total[o]}**`), `**${formatDuration(results.run.durationMs)}**`]),
    );
  }

  const bySeverity = severityCounts(results);
  if (SUMMARY_SEVERITIES.some((s) => bySeverity[s].checks > 0)) {
    lines.push('', tableRow(['Failed', ...SUMMARY_SEVERITIES.map((s) => s[0]!.toUpperCase() + s.slice(1))]));
    lines.push(separator(['left', ...SUMMARY_SEVERITIES.map(() => 'right' as const)]));
    lines.push(tableRow(['checks', ...SUMMARY_SEVERITIES.map((s) => String(bySeverity[s].checks))]));
    lines.push(tableRow(['findings', ...SUMMARY_SEVERITIES.map((s) => String(bySeverity[s].findings))]));
  }

  if (results.baseline) {
    const b = results.baseline.counts;
    lines.push(
      '',
      `Since the baseline (run ${markdownCode(results.baseline.runId)}): **${b.new} new**, ${b.unchanged} unchanged, ` +
        `${b.fixed} fixed${b.notRechecked ? `, ${b.notRechecked} not rechecked` : ''} findings.`,
    );
  }

  const blocking = blockingChecks(results);
  if (blocking.length) {
    const max = opts.maxBlocking ?? MARKDOWN_MAX_BLOCKING;
    const shown = blocking.slice(0, max);
    lines.push(
      '',
      `### Blocking: ${blocking.length} check${blocking.length === 1 ? '' : 's'}` +
        (shown.length < blocking.length ? ` (the ${shown.length} most severe)` : ''),
      '',
    );
    lines.push(tableRow(['Severity', 'Check', 'Requirement', 'Finding', 'Location']));
    lines.push(separator(['left', 'left', 'left', 'left', 'left']));
    for (const check of shown) {
      const first = check.findings[0];
      const more = check.findings.length > 1 ? ` (+${check.findings.length - 1} more)` : '';
      const where = shortLocation(results, first?.location);
      lines.push(
        tableRow([
          check.severity,
          markdownCode(check.id),
          markdownText(check.requirements.join(', ')),
          markdownText(first?.message ?? headline(check)) + more,
          where ? markdownCode(where) : '',
        ]),
      );
    }
    if (shown.length < blocking.length)
      lines.push('', `${blocking.length - shown.length} more blocking checks are listed in the full report.`);
  }

  const waived = results.summary.waived ?? [];
  if (waived.length) {
    const named = waived.slice(0, 10).map((id) => markdownCode(id));
    const rest = waived.length > named.length ? ` and ${waived.length - named.length} more` : '';
    lines.push('', `Waived, not blocking: ${named.join(', ')}${rest}.`);
  }

  const files = opts.reportFiles ?? ['results.json'];
  lines.push('', `Full report: ${files.map((f) => markdownCode(f)).join(', ')} in the results folder.`);
  return lines.join('\n') + '\n';
}
