// The dashboard's sections, each a pure function of the summary and the KPIs. Every cell that carries a
// status or a figure also carries it as data (data-member, data-area, data-status, data-kpi, data-value),
// so tests and scripts read the data and never the prose; every status is spelled out in text, never
// colour alone.
import { AREAS, type Area, type Severity } from '../engine/types.ts';
import type { AreaStatus } from '../history/record.ts';
import type { Anchors } from '../reports/html-common.ts';
import { SEVERITY_ORDER, e } from '../reports/html-common.ts';
import { SEVERITY_LABEL, VERDICT_LABEL } from '../reports/format.ts';
import { memberTrendCharts, trendFigure } from './dashboard-charts.ts';
import type { CertificateKpi, ConsortiumKpis, DashboardKpis, MemberKpis, ScenarioP95 } from './kpis.ts';
import type { ConsortiumSummary, MemberRow, MemberRunStatus, RequirementCell } from './types.ts';

export const AREA_LABEL: Record<Area, string> = {
  contract: 'Contract',
  security: 'Security',
  load: 'Load',
  portal: 'Portal',
};
export const AREA_STATUS_LABEL: Record<AreaStatus, string> = {
  pass: 'Pass',
  fail: 'Fail',
  incomplete: 'Incomplete',
  'not-run': 'Not run',
};
export const RUN_STATUS_LABEL: Record<MemberRunStatus, string> = {
  ran: 'Ran',
  unreachable: 'Unreachable',
  skipped: 'Skipped',
  crashed: 'Crashed',
  hung: 'Hung',
  usage: 'Refused',
};
export const REQUIREMENT_CELL_LABEL: Record<RequirementCell, string> = {
  pass: 'Pass',
  fail: 'Fail',
  'not-tested': 'Not tested',
  inconclusive: 'Inconclusive',
  'not-run': 'Not run',
};
const CERTIFICATE_LABEL: Record<CertificateKpi['state'], string> = {
  valid: 'Valid',
  expiring: 'Expiring',
  expired: 'Expired',
  'not-yet-valid': 'Not yet valid',
  none: 'None',
};
const P95_TREND_LABEL: Record<ScenarioP95['trend'], string> = {
  first: 'first measurement',
  slower: 'slower',
  faster: 'faster',
  steady: 'steady',
  'not-measured': 'not measured in the latest run',
};

const badge = (status: string, text: string): string => `<span class="badge st-${e(status)}">${e(text)}</span>`;
const percent = (rate: number | undefined): string => (rate === undefined ? '–' : `${(rate * 100).toFixed(1)} %`);
const days = (n: number | undefined): string => (n === undefined ? '–' : n.toFixed(1));
const dataValue = (v: number | undefined): string => (v === undefined ? '' : ` data-value="${e(String(v))}"`);

/**
 * A link to a file beside the summary: relative paths only (no scheme, no "//host", no absolute path),
 * each segment URL-encoded. Anything else is not linked.
 */
export function relativeHref(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const p = path.replace(/\\/g, '/');
  if (/^[a-z][a-z0-9+.-]*:/i.test(p) || p.startsWith('/')) return undefined;
  return p
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}

const memberLabel = (row: Pick<MemberRow, 'id' | 'name'>): string =>
  row.name && row.name !== row.id ? `${e(row.name)} <code>${e(row.id)}</code>` : `<code>${e(row.id)}</code>`;

export function headerTotals(summary: ConsortiumSummary): string {
  const t = summary.totals;
  const open = SEVERITY_ORDER.reduce((n, s) => n + t.openFindings[s], 0);
  const items: Array<[key: string, value: number, label: string]> = [
    ['members', t.members, 'members'],
    ['conformant', t.conformant, 'conformant'],
    ['not-conformant', t.notConformant, 'not conformant'],
    ['unreachable', t.unreachable, 'unreachable'],
    ['not-run', t.notRun, 'not run'],
    ['open-findings', open, 'open findings'],
  ];
  return `<ul class="totals" aria-label="Totals">${items
    .map(
      ([key, value, label]) =>
        `<li data-total="${key}" data-value="${value}"><span class="big">${value}</span>${e(label)}</li>`,
    )
    .join('')}</ul>`;
}

/** "3 (1 high, 2 medium)", each severity's count also as data; "0" when nothing is open. */
function openCounts(by: Record<Severity, number>): string {
  const total = SEVERITY_ORDER.reduce((n, s) => n + by[s], 0);
  const parts = SEVERITY_ORDER.filter((s) => by[s] > 0).map(
    (s) => `<span data-severity="${s}" data-value="${by[s]}">${by[s]} ${e(SEVERITY_LABEL[s].toLowerCase())}</span>`,
  );
  return parts.length ? `${total} (${parts.join(', ')})` : '0';
}

export function consortiumKpiSection(k: ConsortiumKpis): string {
  const rows: Array<[kpi: string, value: string, label: string, html: string]> = [
    [
      'members-conformant',
      String(k.conformant),
      'Members conformant',
      `${k.conformant} of ${k.members} (${percent(k.members ? k.conformant / k.members : undefined)})`,
    ],
    [
      'mean-conformance-rate',
      k.meanConformanceRate === undefined ? '' : String(k.meanConformanceRate),
      'Mean conformance rate',
      `${percent(k.meanConformanceRate)} <span class="muted">over ${k.ratedMembers} member${k.ratedMembers === 1 ? '' : 's'} with a judged run</span>`,
    ],
    ['open-findings', String(k.openFindingsTotal), 'Open findings (latest runs)', openCounts(k.openFindings)],
  ];
  const items = rows
    .map(
      ([kpi, value, label, html]) =>
        `<dt>${e(label)}</dt><dd data-kpi="${kpi}"${value ? ` data-value="${e(value)}"` : ''}>${html}</dd>`,
    )
    .join('');
  return `<section id="consortium-kpis" aria-labelledby="consortium-kpis-h">
<h2 id="consortium-kpis-h">Consortium KPIs</h2>
<dl class="facts">${items}</dl>
</section>`;
}

function reportLinks(row: MemberRow): string {
  const links = [
    [relativeHref(row.reportPath), 'report.html', 'report'],
    [relativeHref(row.resultsPath), 'results.json', 'results'],
  ]
    .filter(([href]) => href)
    .map(([href, text, kind]) => `<a href="${e(href!)}" data-link="${kind}">${e(text!)}</a>`);
  return links.length ? links.join(' · ') : '<span class="muted">–</span>';
}

export function matrixSection(summary: ConsortiumSummary, anchors: Anchors): string {
  const head = ['Member', 'Run', 'Verdict', ...AREAS.map((a) => AREA_LABEL[a]), 'Why', 'Files']
    .map((h) => `<th scope="col">${e(h)}</th>`)
    .join('');
  const rows = summary.members.map((row) => {
    const areas = summary.areas[row.id];
    const cells = AREAS.map((area) => {
      const status: AreaStatus = areas?.[area] ?? 'not-run';
      return `<td data-member="${e(row.id)}" data-area="${area}" data-status="${status}">${badge(status, AREA_STATUS_LABEL[status])}</td>`;
    });
    const verdict = row.verdict
      ? `<td data-member="${e(row.id)}" data-verdict="${row.verdict}">${badge(row.conformant ? 'pass' : row.verdict === 'incomplete' ? 'incomplete' : 'fail', VERDICT_LABEL[row.verdict])}</td>`
      : `<td data-member="${e(row.id)}" data-verdict=""><span class="muted">none</span></td>`;
    return `<tr data-member="${e(row.id)}" data-run-status="${row.status}"><th scope="row"><a href="#${anchors.id('member', row.id)}">${memberLabel(row)}</a></th>
<td data-member="${e(row.id)}" data-run-status="${row.status}">${badge(row.status === 'ran' ? 'pass' : row.status, RUN_STATUS_LABEL[row.status])}</td>
${verdict}${cells.join('')}<td class="reason" data-member="${e(row.id)}" data-reason="">${e(row.reason)}</td><td>${reportLinks(row)}</td></tr>`;
  });
  return `<section id="matrix" aria-labelledby="matrix-h">
<h2 id="matrix-h">Members × areas</h2>
<div class="table-wrap"><table class="matrix"><caption>Each member's latest run: what became of it, its verdict and each area's status</caption><thead><tr>${head}</tr></thead><tbody>
${rows.join('\n')}
</tbody></table></div>
</section>`;
}

function loadCell(list: ScenarioP95[]): string {
  if (!list.length) return '<span class="muted">none measured</span>';
  return `<ul class="tight">${list
    .map((s) => {
      const value = s.latestMs === undefined ? 'not in the latest run' : `${Math.round(s.latestMs)} ms`;
      const change =
        s.change !== undefined
          ? ` (${s.change >= 0 ? '+' : ''}${(s.change * 100).toFixed(0)} %, ${P95_TREND_LABEL[s.trend]})`
          : s.latestMs !== undefined
            ? ` (${P95_TREND_LABEL[s.trend]})`
            : '';
      return `<li data-kpi="load-p95" data-scenario="${e(s.scenario)}"${dataValue(s.latestMs)} data-trend="${s.trend}"><code>${e(s.scenario)}</code> ${e(value)}${e(change)}</li>`;
    })
    .join('')}</ul>`;
}

function certificateCell(c: CertificateKpi): string {
  const when =
    c.certificate === undefined
      ? ''
      : c.state === 'expired'
        ? ` since ${c.certificate.validUntil.slice(0, 10)}`
        : c.state === 'not-yet-valid'
          ? ` from ${c.certificate.validFrom.slice(0, 10)}`
          : `: ${c.daysLeft} day${c.daysLeft === 1 ? '' : 's'} left (until ${c.certificate.validUntil.slice(0, 10)})`;
  return `${badge(c.state, CERTIFICATE_LABEL[c.state])}${e(when)}`;
}

export function memberKpiSection(kpis: DashboardKpis, anchors: Anchors): string {
  const head = [
    'Member',
    'Runs',
    'Conformance rate',
    'Open findings',
    'New / fixed (last run)',
    'Days open (median / max)',
    'Requirements tested / passed',
    'Load p95',
    'Certificate',
  ]
    .map((h, i) => `<th scope="col"${[1, 2].includes(i) ? ' class="num"' : ''}>${e(h)}</th>`)
    .join('');
  const rows = kpis.members.map((m) => {
    const id = e(m.member);
    const td = (kpi: string, value: number | undefined, html: string, cls = ''): string =>
      `<td${cls ? ` class="${cls}"` : ''} data-member="${id}" data-kpi="${kpi}"${dataValue(value)}>${html}</td>`;
    const span = (kpi: string, value: number | undefined, text: string): string =>
      `<span data-kpi="${kpi}"${dataValue(value)}>${e(text)}</span>`;
    const change = m.latestChange;
    const cov = m.coverage;
    return `<tr data-member="${id}"><th scope="row"><a href="#${anchors.id('member', m.member)}">${memberLabel({ id: m.member, ...(m.name ? { name: m.name } : {}) })}</a></th>
${td('runs', m.runs, String(m.runs), 'num')}
${td('conformance-rate', m.conformanceRate, e(percent(m.conformanceRate)), 'num')}
${td('open-findings', m.runs ? m.openFindingsTotal : undefined, m.runs ? openCounts(m.openFindings) : '–')}
${td('change', undefined, change ? `${span('new', change.new, `+${change.new} new`)} / ${span('fixed', change.fixed, `−${change.fixed} fixed`)}` : '–')}
${td('days-open', undefined, m.findingAge.episodes ? `${span('days-open-median', m.findingAge.medianDays, days(m.findingAge.medianDays))} / ${span('days-open-max', m.findingAge.maxDays, days(m.findingAge.maxDays))} <span class="muted">(${m.findingAge.episodes} finding${m.findingAge.episodes === 1 ? '' : 's'}, ${m.findingAge.stillOpen} open)</span>` : '–')}
${td('coverage', undefined, cov.total ? `${span('requirements-tested', cov.tested, `${cov.tested}`)} / ${span('requirements-passed', cov.passed, `${cov.passed}`)} of ${cov.total} <span class="muted">(${percent(cov.testedRate)} tested, ${percent(cov.passedRate)} passed)</span>` : '–')}
<td data-member="${id}" data-kpi="load">${loadCell(m.loadP95)}</td>
<td data-member="${id}" data-kpi="certificate" data-status="${m.certificate.state}"${dataValue(m.certificate.daysLeft)}>${certificateCell(m.certificate)}</td></tr>`;
  });
  return `<section id="kpis" aria-labelledby="kpis-h">
<h2 id="kpis-h">KPIs per member</h2>
<div class="table-wrap"><table><caption>Each member's key figures: from its latest run, and its history for the changes and the days open</caption><thead><tr>${head}</tr></thead><tbody>
${rows.join('\n')}
</tbody></table></div>
</section>`;
}

function changesTable(m: MemberKpis): string {
  const rows = m.changes
    .map(
      (c) =>
        `<tr data-run="${e(c.runId)}"><th scope="row">${e(c.startedAt)} <code>${e(c.runId)}</code></th><td class="num" data-kpi="new" data-value="${c.new}">${c.new}</td><td class="num" data-kpi="fixed" data-value="${c.fixed}">${c.fixed}</td><td class="num" data-kpi="open" data-value="${c.open}">${c.open}</td></tr>`,
    )
    .join('');
  return `<details><summary>Findings new and fixed per run: table</summary><div class="table-wrap"><table><caption>Findings per run, against the member's previous run (by fingerprint)</caption><thead><tr><th scope="col">Run</th><th scope="col" class="num">New</th><th scope="col" class="num">Fixed</th><th scope="col" class="num">Open</th></tr></thead><tbody>${rows}</tbody></table></div></details>`;
}

export function trendsSection(kpis: DashboardKpis, summary: ConsortiumSummary, anchors: Anchors): string {
  const blocks = kpis.members.map((m, i) => {
    const row = summary.members.find((r) => r.id === m.member);
    const heading = memberLabel({ id: m.member, ...((row?.name ?? m.name) ? { name: row?.name ?? m.name } : {}) });
    const anchor = anchors.claim('member', m.member);
    if (m.runs === 0)
      return `<section class="member-trends" id="${anchor}" data-member="${e(m.member)}" data-runs="0"><h3>${heading}</h3><p>No recorded runs.</p></section>`;
    const figures = memberTrendCharts(m)
      .map((c) => trendFigure(c, `m${i + 1}-${c.chart}`, m.member))
      .join('\n');
    return `<section class="member-trends" id="${anchor}" data-member="${e(m.member)}" data-runs="${m.runs}" aria-labelledby="${anchor}-h">
<h3 id="${anchor}-h">${heading} <span class="muted">${m.runs} run${m.runs === 1 ? '' : 's'}</span></h3>
<div class="trend-grid">
${figures}
</div>
${changesTable(m)}
</section>`;
  });
  return `<section id="trends" aria-labelledby="trends-h">
<h2 id="trends-h">Trends per member</h2>
${blocks.join('\n')}
</section>`;
}

export function mostFailedSection(k: ConsortiumKpis, memberCount: number): string {
  const items = k.mostFailed.map(
    (q) =>
      `<li data-requirement="${e(q.id)}" data-failing="${q.failing}" data-members="${e(q.members.join(' '))}"><code>${e(q.id)}</code> <span class="muted">(${e(SEVERITY_LABEL[q.severity])})</span> ${e(q.text)}<br>failed by ${q.failing} of ${memberCount} member${memberCount === 1 ? '' : 's'}: ${q.members.map((m) => `<code data-member="${e(m)}">${e(m)}</code>`).join(', ')}</li>`,
  );
  return `<section id="most-failed" aria-labelledby="most-failed-h">
<h2 id="most-failed-h">Requirements most members fail</h2>
${items.length ? `<ol class="most-failed">${items.join('\n')}</ol>` : '<p data-most-failed="none">No requirement fails in any member’s latest run.</p>'}
</section>`;
}

export function requirementMatrixSection(summary: ConsortiumSummary): string {
  const members = summary.members;
  const head = ['Requirement', ...members.map((m) => m.id)].map((h) => `<th scope="col">${e(h)}</th>`).join('');
  const ordered = [...summary.requirements].sort((a, b) => b.failing - a.failing || a.id.localeCompare(b.id));
  const rows = ordered.map((q) => {
    const cells = members.map((m) => {
      const cell: RequirementCell = q.byMember[m.id] ?? 'not-run';
      return `<td data-requirement="${e(q.id)}" data-member="${e(m.id)}" data-status="${cell}">${badge(cell, REQUIREMENT_CELL_LABEL[cell])}</td>`;
    });
    return `<tr data-requirement="${e(q.id)}"><th scope="row"><code>${e(q.id)}</code> <span class="muted">${e(q.level)}, ${e(AREA_LABEL[q.area])}</span><br>${e(q.text)}</th>${cells.join('')}</tr>`;
  });
  return `<section id="requirements" aria-labelledby="requirements-h">
<h2 id="requirements-h">Members × requirements</h2>
<details data-collapsible="requirements"><summary>${summary.requirements.length} requirements × ${members.length} members (most failed first)</summary>
<div class="table-wrap"><table class="matrix"><caption>Each requirement's status in each member's latest run</caption><thead><tr>${head}</tr></thead><tbody>
${rows.join('\n')}
</tbody></table></div>
</details>
</section>`;
}
