// The summary printed at the end of a run: verdict, counts and time per area, what failed, where
// the reports went. Target-supplied text is made terminal-safe (no escape sequences), and colour
// is only added when asked for, after padding, so columns line up either way.
import { OUTCOMES, SEVERITIES, severityRank } from '../engine/types.ts';
import type { CheckResult, Outcome, Results, Severity, VerdictStatus } from '../engine/types.ts';
import { terminalSafe } from './escape.ts';
import {
  OUTCOME_LABEL,
  VERDICT_LABEL,
  areaDurationMs,
  checksIn,
  countOutcomes,
  formatDuration,
  formatLocation,
  headline,
  reportAreas,
} from './format.ts';

export interface ConsoleOptions {
  color: boolean;
  /** Where the report files were written, if they were. */
  outDir?: string;
  /** The report that lists every failure (report.html), named when the console list is cut. */
  fullReport?: string;
}

/** Lines the failure list may take: a screenful, whatever the number of failures. */
export const FAILURE_LINES = 20;

const SEVERITY_TONE: Record<Severity, Tone> = {
  critical: 'red',
  high: 'red',
  medium: 'yellow',
  low: 'gray',
  info: 'gray',
};

/** Failed checks (not waived) by the severity of the requirements they cite, most severe first. */
export function failingBySeverity(results: Results): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const c of results.checks) if (c.outcome === 'fail' && !c.waiver) counts[c.severity]++;
  return counts;
}

/** Failed and errored checks, most severe first; waived ones after the rest; otherwise in run order. */
export function failuresInOrder(results: Results): CheckResult[] {
  return results.checks
    .map((c, index) => ({ c, index }))
    .filter(({ c }) => c.outcome === 'fail' || c.outcome === 'error')
    .sort(
      (a, b) =>
        Number(Boolean(a.c.waiver)) - Number(Boolean(b.c.waiver)) ||
        severityRank(b.c.severity) - severityRank(a.c.severity) ||
        a.index - b.index,
    )
    .map(({ c }) => c);
}

type Paint = (tone: Tone, s: string) => string;

function painter(color: boolean): Paint {
  return (tone, s) => (color && s ? `\u001b[${ANSI[tone]}m${s}\u001b[0m` : s);
}

/** The verdict in one line: all `--quiet` prints. */
export function renderVerdictLine(results: Results, opts: { color: boolean }): string {
  const paint = painter(opts.color);
  const v = results.verdict;
  const verdict = `${VERDICT_MARK[v.status] ?? '?'} ${(VERDICT_LABEL[v.status] ?? v.status).toUpperCase()}`;
  return `${paint('bold', paint(VERDICT_TONE[v.status] ?? 'red', verdict))}: ${terminalSafe(v.reason)} (exit ${v.exitCode})`;
}

const ANSI = { red: 31, green: 32, yellow: 33, magenta: 35, gray: 90, bold: 1 } as const;
type Tone = keyof typeof ANSI;

const VERDICT_TONE: Record<VerdictStatus, Tone> = {
  conformant: 'green',
  'not-conformant': 'red',
  incomplete: 'yellow',
  unreachable: 'red',
  error: 'red',
};
const VERDICT_MARK: Record<VerdictStatus, string> = {
  conformant: '✔',
  'not-conformant': '✖',
  incomplete: '!',
  unreachable: '✖',
  error: '✖',
};
const OUTCOME_TONE: Partial<Record<Outcome, Tone>> = {
  pass: 'green',
  fail: 'red',
  error: 'magenta',
  'needs-review': 'yellow',
};
const SHORT: Record<Outcome, string> = {
  pass: 'Pass',
  fail: 'Fail',
  'needs-review': 'Review',
  'not-applicable': 'N/A',
  skipped: 'Skipped',
  error: 'Error',
};

export function renderConsoleSummary(results: Results, opts: ConsoleOptions): string {
  const paint = painter(opts.color);
  const bold = (s: string): string => paint('bold', s);
  const safe = terminalSafe;
  const lines: string[] = [];

  lines.push(
    safe(
      `${results.tool.name} ${results.tool.version} · ${results.run.profile.id} ${results.run.profile.version} · ${results.target.apiBaseUrl}`,
    ),
  );
  lines.push(renderVerdictLine(results, opts));
  const bySeverity = failingBySeverity(results);
  const failing = SEVERITIES.filter((s) => bySeverity[s] > 0 || s !== 'info');
  if (SEVERITIES.some((s) => bySeverity[s] > 0))
    lines.push(
      `Failing checks by severity: ${failing.map((s) => (bySeverity[s] ? paint(SEVERITY_TONE[s], `${bySeverity[s]} ${s}`) : `0 ${s}`)).join(', ')}`,
    );

  // What is new leads: a member's CI cares first about what this change broke.
  if (results.baseline) lines.push(...baselineLines(results, paint));

  // Counts per area; colour is applied to already padded cells.
  const areas = reportAreas(results);
  if (areas.length > 0) {
    const header = ['Area', ...OUTCOMES.map((o) => SHORT[o]), 'Total', 'Time'];
    const rows: Array<{ label: string; checks: CheckResult[]; ms: number }> = areas.map((a) => ({
      label: a,
      checks: checksIn(results, a),
      ms: areaDurationMs(results, a),
    }));
    rows.push({ label: 'all', checks: results.checks, ms: results.run.durationMs });
    const cells = rows.map((row) => {
      const counts = countOutcomes(row.checks);
      return [row.label, ...OUTCOMES.map((o) => String(counts[o])), String(row.checks.length), formatDuration(row.ms)];
    });
    const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
    const fmt = (c: string[], tone: (i: number, cell: string) => string): string =>
      '  ' + c.map((cell, i) => tone(i, i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
    lines.push('');
    lines.push(fmt(header, (_, cell) => paint('gray', cell)));
    for (const c of cells) {
      lines.push(
        fmt(c, (i, cell) => {
          const outcome = OUTCOMES[i - 1];
          const tone = outcome ? OUTCOME_TONE[outcome] : undefined;
          return tone && cell.trim() !== '0' ? paint(tone, cell) : cell;
        }),
      );
    }
    // Areas run side by side: each one's time is a span, not a share of the run's.
    lines.push(
      paint('gray', "  Time: an area's own collectors, first start to last end, plus judging; areas overlap."),
    );
  }

  const bad = failuresInOrder(results);
  if (bad.length > 0) {
    lines.push('', bold('Failed and errored checks, most severe first:'));
    const outcomeWidth = Math.max(...bad.map((c) => OUTCOME_LABEL[c.outcome].length));
    const sevWidth = Math.max(...bad.map((c) => c.severity.length));
    // A screenful: whole checks only, then where the rest are.
    let used = 0;
    let shown = 0;
    for (const c of bad) {
      const block = badCheck(c, outcomeWidth, sevWidth, paint);
      if (used + block.length > FAILURE_LINES) break;
      lines.push(...block);
      used += block.length;
      shown++;
    }
    if (shown < bad.length) {
      const where = opts.fullReport ?? (opts.outDir ? `${opts.outDir}/report.html` : 'report.html');
      lines.push(`  … and ${bad.length - shown} more — see ${safe(where)}`);
    }
  }

  const review = results.checks.filter((c) => c.outcome === 'needs-review');
  if (review.length > 0) {
    lines.push('', `${paint('yellow', `${review.length} need review`)}: ${review.map((c) => safe(c.id)).join(', ')}`);
  }

  if (results.waivers?.length) lines.push(...waiverLines(results));

  for (const err of results.errors) lines.push(`${paint('red', 'run error')} ${safe(err.code)}: ${safe(err.message)}`);

  if (opts.outDir !== undefined) lines.push('', `Reports written to ${safe(opts.outDir)}`);
  return lines.join('\n') + '\n';
}

function badCheck(c: CheckResult, outcomeWidth: number, sevWidth: number, paint: Paint): string[] {
  const safe = terminalSafe;
  const tone = OUTCOME_TONE[c.outcome] ?? 'red';
  const waivedFindings = c.findings.filter((f) => f.waiver).length;
  const flags = [
    c.required ? '' : 'optional',
    c.waiver ? `WAIVED by ${c.waiver.owner} until ${c.waiver.expires}` : '',
    !c.waiver && waivedFindings ? `${waivedFindings} of ${c.findings.length} findings WAIVED` : '',
  ].filter(Boolean);
  const head =
    `  ${paint(tone, OUTCOME_LABEL[c.outcome].padEnd(outcomeWidth))}  ${c.severity.padEnd(sevWidth)}  ${safe(c.id)}` +
    (flags.length ? ` (${safe(flags.join(', '))})` : '');
  const indent = ' '.repeat(2 + outcomeWidth + 2 + sevWidth + 2);
  const first = c.findings[0];
  const message = c.outcome === 'error' ? headline(c) : (first?.message ?? headline(c));
  // Two lines a check, so a screenful shows ten of them.
  const where = c.outcome !== 'error' ? formatLocation(first?.location) : undefined;
  const more = c.findings.length > 1 ? ` (+${c.findings.length - 1} more)` : '';
  const out = [head, `${indent}${safe(message)}${where ? ` — at ${safe(where)}` : ''}${more}`];
  return out;
}

/** Stable markers: "NEW" before each new finding, "FIXED" before each fixed one. */
function baselineLines(results: Results, paint: (tone: Tone, s: string) => string): string[] {
  const b = results.baseline!;
  const safe = terminalSafe;
  const fresh = results.checks.flatMap((c) =>
    c.findings.filter((f) => f.baselineState === 'new').map((f) => ({ c, f })),
  );
  const out = [
    '',
    paint(
      'bold',
      `New since baseline: ${b.counts.new} new, ${b.counts.unchanged} unchanged, ${b.counts.fixed} fixed` +
        (b.counts.notRechecked ? `, ${b.counts.notRechecked} not rechecked` : ''),
    ) + safe(` (baseline ${b.from}, run ${b.runId})`),
  ];
  const shown = 20;
  for (const { c, f } of fresh.slice(0, shown)) {
    const where = formatLocation(f.location);
    const waived = f.waiver || c.waiver ? ' (WAIVED)' : '';
    out.push(`  ${paint('red', 'NEW')}    ${safe(c.id)} ${safe(f.id)}${where ? ` at ${safe(where)}` : ''}${waived}`);
  }
  if (fresh.length > shown) out.push(`  (+${fresh.length - shown} more new)`);
  for (const f of b.fixed.slice(0, shown)) {
    const where = formatLocation(f.location);
    out.push(`  ${paint('green', 'FIXED')}  ${safe(f.check)} ${safe(f.id)}${where ? ` at ${safe(where)}` : ''}`);
  }
  if (b.fixed.length > shown) out.push(`  (+${b.fixed.length - shown} more fixed)`);
  return out;
}

/** One line per waiver that did not simply apply (expired, another member, unused, an error). */
function waiverLines(results: Results): string[] {
  const list = results.waivers ?? [];
  const counts = new Map<string, number>();
  for (const w of list) counts.set(w.status, (counts.get(w.status) ?? 0) + 1);
  const out = ['', `Waivers: ${[...counts].map(([status, n]) => `${n} ${status}`).join(', ')}`];
  for (const w of list) {
    if (w.status === 'applied') continue;
    const what = w.check ?? w.fingerprint ?? '';
    out.push(
      terminalSafe(
        `  waiver ${w.id} (${what}, ${w.owner}, expires ${w.expires}): ${w.status}${w.note ? `, ${w.note}` : ''}`,
      ),
    );
  }
  return out;
}
