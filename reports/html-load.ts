// The load section: what each load check measured, then per scenario the latency percentile
// distribution and requests per second over time (reports/charts.ts, pure SVG renderers).
import { loadChartsSection } from './charts.ts';
import { Anchors, checkLink, detailedChecks, e, outcomeBadge, table } from './html-common.ts';
import { formatDuration } from './format.ts';
import type { Results } from '../engine/types.ts';

/** `anchors`: the report's, so links to the checks' findings resolve. */
export function renderLoadSection(r: Results, anchors: Anchors = new Anchors()): string {
  const ctx = { results: r, anchors, known: new Set(r.requirements.map((q) => q.id)) };
  const load = r.checks.filter((c) => c.area === 'load');
  // Nothing to show when the load suite was not asked for and its checks were only listed as skipped.
  if (!load.length || (!r.run.suites.includes('load') && load.every((c) => c.outcome === 'skipped'))) return '';
  const detailed = new Set(detailedChecks(r).map((c) => c.id));
  const rows = load.map((c) => [
    checkLink(c.id, ctx, detailed.has(c.id)),
    outcomeBadge(c),
    e(c.summary ?? c.title),
    c.metrics && Object.keys(c.metrics).length
      ? Object.entries(c.metrics)
          .map(([k, v]) => `<code>${e(k)}=${e(String(v))}</code>`)
          .join(' ')
      : '<span class="muted">—</span>',
    e(formatDuration(c.durationMs)),
  ]);
  return `<section id="load" aria-labelledby="load-h">
<h2 id="load-h">Load</h2>
${table('Load checks and what they measured', ['Check', 'Outcome', 'Summary', 'Metrics', 'Duration'], rows, [4], ['w15', 'w10', 'w30', 'w35', 'w10'])}
${loadChartsSection(r)}
</section>`;
}
