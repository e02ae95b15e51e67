// The consortium dashboard: one self-contained HTML file (no request leaves it: a CSP admits only its own
// stylesheet and print script, by hash), a pure function of the summary, the history store's runs and
// `now`. Reading order: totals, the consortium's KPIs, members × areas, KPIs per member, the
// requirements most members fail, each member's trends, and the members × requirements matrix (collapsed).
import { TOOL } from '../session/tool.ts';
import { Anchors, e } from '../reports/html-common.ts';
import type { StoredRun } from '../history/store.ts';
import { dashboardKpis } from './kpis.ts';
import {
  consortiumKpiSection,
  headerTotals,
  matrixSection,
  memberKpiSection,
  mostFailedSection,
  requirementMatrixSection,
  trendsSection,
} from './dashboard-sections.ts';
import { CSP, SCRIPT, STYLE } from './dashboard-style.ts';
import type { ConsortiumSummary } from './types.ts';

const SOURCE_LABEL: Record<ConsortiumSummary['source'], string> = {
  run: 'a consortium run',
  ingest: "members' own results (ingested)",
};

/**
 * `history`: every recorded run of the members (any order; each member's are picked by id), for the
 * trends, new/fixed and days open; without it each member's trend is its one run in the summary.
 * `now`: what "still open" and certificate validity are judged against (defaults to the clock).
 */
export function renderDashboard(
  summary: ConsortiumSummary,
  history: readonly StoredRun[] = [],
  now: Date = new Date(),
): string {
  const kpis = dashboardKpis(summary, history, now);
  const anchors = new Anchors();
  const parts: Array<[id: string, label: string, html: string]> = [
    ['consortium-kpis', 'Consortium KPIs', consortiumKpiSection(kpis.consortium)],
    ['matrix', 'Members × areas', matrixSection(summary, anchors)],
    ['kpis', 'KPIs per member', memberKpiSection(kpis, anchors)],
    ['most-failed', 'Most failed requirements', mostFailedSection(kpis.consortium, summary.members.length)],
    ['trends', 'Trends', trendsSection(kpis, summary, anchors)],
    ['requirements', 'Members × requirements', requirementMatrixSection(summary)],
  ];
  const nav = parts.map(([id, label]) => `<li><a href="#${id}">${e(label)}</a></li>`).join('');
  const t = summary.totals;
  const title = `Consortium dashboard: ${t.conformant} of ${t.members} members conformant`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${e(CSP)}">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="${e(`${TOOL.name} ${TOOL.version}`)}">
<title>${e(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header data-source="${e(summary.source)}" data-generated-at="${e(summary.generatedAt)}">
<p class="muted">${e(TOOL.name)} ${e(TOOL.version)} · consortium dashboard · from ${e(SOURCE_LABEL[summary.source])} · summary generated <time datetime="${e(summary.generatedAt)}">${e(summary.generatedAt)}</time> · figures as of <time datetime="${e(now.toISOString())}" data-now="">${e(now.toISOString())}</time></p>
<h1>Consortium dashboard</h1>
${headerTotals(summary)}
</header>
<nav aria-label="Dashboard sections"><ul>${nav}</ul></nav>
<main>
${parts.map(([, , html]) => html).join('\n')}
</main>
<footer><p>Rendered from consortium summary schema ${e(summary.schemaVersion)} and ${history.length} recorded run${history.length === 1 ? '' : 's'}; nothing on this page is loaded from elsewhere.</p></footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
