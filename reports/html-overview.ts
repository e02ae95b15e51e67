// The top of the report: the verdict, failed checks and findings by severity (numbers and a bar chart),
// the OWASP API Top 10 rollup, one card per area, the blocking checks worst first and, with a baseline,
// what is new and what was fixed.
import {
  SEVERITY_ORDER,
  badge,
  bySeverity,
  checkLink,
  detailedChecks,
  e,
  failedCheck,
  severityLabel,
} from './html-common.ts';
import type { HtmlContext } from './html-common.ts';
import {
  OUTCOME_LABEL,
  VERDICT_LABEL,
  areaDurationMs,
  checksIn,
  countOutcomes,
  formatDuration,
  formatLocation,
  reportAreas,
} from './format.ts';
import type { CheckResult, FindingLocation, Outcome, OwaspApi2023, Results, Severity } from '../engine/types.ts';

/** Past this many, a list shows the first ones and folds the rest behind a disclosure. */
export const LIST_FOLD = 10;

function folded(items: string[], what: string): string {
  const head = items.slice(0, LIST_FOLD).join('');
  const rest = items.slice(LIST_FOLD);
  return `<ul class="tight">${head}</ul>${
    rest.length
      ? `<details><summary>${rest.length} more ${e(what)}</summary><ul class="tight">${rest.join('')}</ul></details>`
      : ''
  }`;
}

export function verdictSection(ctx: HtmlContext): string {
  const v = ctx.results.verdict;
  return `<section id="verdict" class="verdict v-${e(v.status)}" aria-labelledby="verdict-h" data-verdict="${e(v.status)}">
<h2 id="verdict-h">Verdict: ${e(VERDICT_LABEL[v.status] ?? v.status)}</h2>
<p>${e(v.reason)}</p>
<p class="muted">${v.conformant ? 'Conformant' : 'Not conformant'} · exit code ${e(String(v.exitCode))}</p>
</section>`;
}

interface SeverityCount {
  severity: Severity;
  checks: number;
  findings: number;
}

/** Failed (or errored) checks and their findings per severity, worst first; waived ones included. */
export function severityCounts(r: Results): SeverityCount[] {
  const failed = r.checks.filter(failedCheck);
  return SEVERITY_ORDER.map((severity) => {
    const of = failed.filter((c) => c.severity === severity);
    return { severity, checks: of.length, findings: of.reduce((n, c) => n + c.findings.length, 0) };
  });
}

const BAR_COLOUR: Record<Severity, string> = {
  critical: '#8b0f12',
  high: '#c2410c',
  medium: '#a16207',
  low: '#4a525c',
  info: '#6b7280',
};

/** A horizontal bar per severity; decorative, since the list beside it says the same in text. */
function severityChart(counts: SeverityCount[]): string {
  const max = Math.max(1, ...counts.map((c) => c.checks));
  const rowH = 22;
  const labelW = 70;
  const barW = 240;
  const bars = counts
    .map((c, i) => {
      const w = Math.round((c.checks / max) * barW);
      const y = i * rowH;
      return `<text x="0" y="${y + 15}" font-size="13" fill="#1b1f24">${e(severityLabel(c.severity))}</text><rect x="${labelW}" y="${y + 3}" width="${Math.max(w, c.checks ? 2 : 0)}" height="${rowH - 8}" fill="${BAR_COLOUR[c.severity]}"/><text x="${labelW + w + 6}" y="${y + 15}" font-size="13" fill="#1b1f24">${c.checks}</text>`;
    })
    .join('');
  const h = counts.length * rowH;
  return `<svg class="chart" aria-hidden="true" focusable="false" width="${labelW + barW + 40}" height="${h}" viewBox="0 0 ${labelW + barW + 40} ${h}">${bars}</svg>`;
}

export function severitySection(ctx: HtmlContext): string {
  const counts = severityCounts(ctx.results);
  const shown = counts.filter((c) => c.severity !== 'info' || c.checks > 0);
  const total = shown.reduce((n, c) => n + c.checks, 0);
  const findings = shown.reduce((n, c) => n + c.findings, 0);
  const items = shown
    .map(
      (c) =>
        `<li data-severity="${c.severity}" data-checks="${c.checks}" data-findings="${c.findings}"><span class="big">${c.checks}</span> ${badge(`s-${c.severity}`, severityLabel(c.severity))} <span class="muted">${c.findings} finding${c.findings === 1 ? '' : 's'}</span></li>`,
    )
    .join('');
  return `<section id="severity" aria-labelledby="severity-h" data-failed-checks="${total}" data-findings="${findings}">
<h2 id="severity-h">Failed checks by severity</h2>
<p>${total} check${total === 1 ? '' : 's'} failed or errored, with ${findings} finding${findings === 1 ? '' : 's'}.</p>
<div class="sev-row"><ul class="sev-counts" id="severity-counts">${items}</ul>${severityChart(shown)}</div>
</section>`;
}

const OWASP_2023: Array<[OwaspApi2023, string, string]> = [
  ['API1:2023', 'Broken Object Level Authorization', '0xa1-broken-object-level-authorization'],
  ['API2:2023', 'Broken Authentication', '0xa2-broken-authentication'],
  ['API3:2023', 'Broken Object Property Level Authorization', '0xa3-broken-object-property-level-authorization'],
  ['API4:2023', 'Unrestricted Resource Consumption', '0xa4-unrestricted-resource-consumption'],
  ['API5:2023', 'Broken Function Level Authorization', '0xa5-broken-function-level-authorization'],
  [
    'API6:2023',
    'Unrestricted Access to Sensitive Business Flows',
    '0xa6-unrestricted-access-to-sensitive-business-flows',
  ],
  ['API7:2023', 'Server Side Request Forgery', '0xa7-server-side-request-forgery'],
  ['API8:2023', 'Security Misconfiguration', '0xa8-security-misconfiguration'],
  ['API9:2023', 'Improper Inventory Management', '0xa9-improper-inventory-management'],
  ['API10:2023', 'Unsafe Consumption of APIs', '0xaa-unsafe-consumption-of-apis'],
];

export function owaspLink(id: string): string {
  const known = OWASP_2023.find(([k]) => k === id);
  return known
    ? `<a href="https://owasp.org/API-Security/editions/2023/en/${known[2]}/" rel="noreferrer">${e(id)}</a>`
    : `<code>${e(id)}</code>`;
}

export function owaspSection(ctx: HtmlContext): string {
  const checks = ctx.results.checks.filter((c) => c.owasp?.length);
  if (!checks.length) return '';
  const ids = new Set(checks.flatMap((c) => c.owasp ?? []));
  // The ten categories in order, then any a newer tool version names.
  const rows = [
    ...OWASP_2023.map(([id]) => id),
    ...[...ids].filter((id) => !OWASP_2023.some(([k]) => k === id)).sort(),
  ];
  const items = rows.map((id) => {
    const of = checks.filter((c) => c.owasp?.includes(id as OwaspApi2023));
    const failed = of.filter(failedCheck);
    const findings = failed.reduce((n, c) => n + c.findings.length, 0);
    const name = OWASP_2023.find(([k]) => k === id)?.[1] ?? '';
    const state = !of.length
      ? 'not checked'
      : failed.length
        ? `${failed.length} of ${of.length} checks failed, ${findings} findings`
        : `${of.length} checks passed`;
    return `<li data-owasp="${e(id)}" data-checks="${of.length}" data-failed="${failed.length}" data-findings="${findings}" class="${failed.length ? 'bad' : ''}">${owaspLink(id)} ${e(name)}: <span class="${failed.length ? '' : 'muted'}">${e(state)}</span></li>`;
  });
  return `<section id="owasp" aria-labelledby="owasp-h">
<h2 id="owasp-h">OWASP API Security Top 10 (2023)</h2>
<ul class="owasp">${items.join('')}</ul>
</section>`;
}

const CARD_OUTCOMES: readonly Outcome[] = ['pass', 'fail', 'error', 'needs-review', 'not-applicable', 'skipped'];

export function areasSection(ctx: HtmlContext): string {
  const r = ctx.results;
  const card = (label: string, area: string, checks: CheckResult[], ms: number): string => {
    const counts = countOutcomes(checks);
    const lines = CARD_OUTCOMES.filter((o) => counts[o] > 0 || o === 'pass' || o === 'fail' || o === 'error')
      .map((o) => `<dt>${e(OUTCOME_LABEL[o])}</dt><dd data-outcome="${o}">${counts[o]}</dd>`)
      .join('');
    const bad = counts.fail + counts.error > 0;
    return `<li class="card${bad ? ' bad' : ''}" data-area="${e(area)}"><h3>${e(label)}</h3><dl class="counts">${lines}<dt>Time</dt><dd data-duration-ms="${Math.round(ms)}">${e(formatDuration(ms))}</dd></dl><p class="muted">${checks.length} checks</p></li>`;
  };
  const areas = reportAreas(r).map((a) =>
    card(a[0]!.toUpperCase() + a.slice(1), a, checksIn(r, a), areaDurationMs(r, a)),
  );
  return `<section id="areas" aria-labelledby="areas-h">
<h2 id="areas-h">Areas</h2>
<ul class="cards">${areas.join('')}${card('All areas', 'all', r.checks, r.run.durationMs)}</ul>
</section>`;
}

export function blockingSection(ctx: HtmlContext): string {
  const r = ctx.results;
  const byId = new Map(r.checks.map((c) => [c.id, c]));
  const detailed = new Set(detailedChecks(r).map((c) => c.id));
  const item = (id: string, attr: string): string => {
    const c = byId.get(id);
    return `<li ${attr}="${e(id)}">${c ? `${badge(`s-${c.severity}`, severityLabel(c.severity))} ` : ''}${checkLink(id, ctx, detailed.has(id))}${c ? ` ${e(c.title)}` : ''}</li>`;
  };
  const sorted = (ids: string[]): string[] =>
    [...ids].sort((a, b) => {
      const ca = byId.get(a);
      const cb = byId.get(b);
      return ca && cb ? bySeverity(ca, cb) : a.localeCompare(b);
    });
  const blocking = r.summary.blocking.length
    ? `<p>${r.summary.blocking.length} blocking check${r.summary.blocking.length === 1 ? '' : 's'}, worst first:</p>${folded(
        sorted(r.summary.blocking).map((id) => item(id, 'data-blocking-check')),
        'blocking checks',
      )}`
    : '<p>No check blocks the verdict.</p>';
  const waived = r.summary.waived?.length
    ? `<p>Waived failures (not blocking):</p>${folded(
        sorted(r.summary.waived).map((id) => item(id, 'data-waived-check')),
        'waived checks',
      )}`
    : '';
  return `<section id="blocking" aria-labelledby="blocking-h">
<h2 id="blocking-h">Blocking checks</h2>
${blocking}${waived}
</section>`;
}

export function baselineSection(ctx: HtmlContext): string {
  const r = ctx.results;
  const b = r.baseline;
  if (!b) return '';
  const fresh = r.checks.flatMap((c) => c.findings.filter((f) => f.baselineState === 'new').map((f) => ({ c, f })));
  const detailed = new Set(detailedChecks(r).map((c) => c.id));
  const row = (check: string, id: string, message: string, loc: FindingLocation | undefined, attrs: string) =>
    `<li${attrs}>${checkLink(check, ctx, detailed.has(check))} <code>${e(id)}</code>: ${e(message)}${
      formatLocation(loc) ? ` <span class="muted">at ${e(formatLocation(loc))}</span>` : ''
    }</li>`;
  const newList = fresh.length
    ? folded(
        fresh.map(({ c, f }) =>
          row(
            c.id,
            f.id,
            f.message,
            f.location,
            ` data-baseline-state="new" data-fingerprint="${e(f.fingerprint ?? '')}"${f.waiver || c.waiver ? ' data-waived="true"' : ''}`,
          ),
        ),
        'new findings',
      )
    : '<p>Nothing new since the baseline.</p>';
  const fixedList = b.fixed.length
    ? `<details><summary>${b.fixed.length} fixed since the baseline</summary><ul class="tight">${b.fixed
        .map((f) =>
          row(
            f.check,
            f.id,
            f.message,
            f.location,
            ` data-baseline-state="absent" data-fingerprint="${e(f.fingerprint)}"`,
          ),
        )
        .join('\n')}</ul></details>`
    : '<p>Nothing fixed since the baseline.</p>';
  return `<section id="new" aria-labelledby="new-h" data-new="${b.counts.new}" data-unchanged="${b.counts.unchanged}" data-fixed="${b.counts.fixed}">
<h2 id="new-h">New since baseline</h2>
<p>${b.counts.new} new, ${b.counts.unchanged} unchanged, ${b.counts.fixed} fixed${
    b.counts.notRechecked ? `, ${b.counts.notRechecked} not rechecked (their check was not judged in this run)` : ''
  } · baseline <code>${e(b.from)}</code>, run <code>${e(b.runId)}</code> of ${e(b.startedAt)}</p>
${newList}
${fixedList}
</section>`;
}
