// The dashboard's trend charts: one member's runs along x, a value per run along y. Inline SVG built with
// report.html's own chart pieces (reports/charts.ts: frame, axis, legend, scale, colours): no charting
// library to ship or trust, no script, nothing fetched, the same input always gives the same bytes, and
// it prints as crisply as the text. Every chart is role="img" with a <title> and <desc>, every point has
// its own <title>, and a table of the same numbers follows it (the text equivalent).
import { CHART_COLORS, PLOT, frame, legend, niceScale, round, yAxis } from '../reports/charts.ts';
import { escapeHtml as e } from '../reports/escape.ts';
import { SEVERITIES, type Severity } from '../engine/types.ts';
import type { MemberKpis, RunPoint } from './kpis.ts';

export interface TrendSeries {
  name: string;
  color: string;
  dash?: string;
  /** One value per run (undefined: that run did not measure it; the line breaks there). */
  values: Array<number | undefined>;
}

export interface TrendChart {
  /** data-chart: conformance-rate, open-findings, load-p95. */
  chart: string;
  title: string;
  unit: string;
  runs: Array<Pick<RunPoint, 'runId' | 'startedAt'>>;
  series: TrendSeries[];
  /** A fixed top of the y axis (100 for a percentage); otherwise from the data. */
  yMax?: number;
  /** Digits shown for a value. */
  digits: number;
}

// Each colour has ≥ 4.5:1 contrast on white, and each series its own dash pattern too (never colour alone).
export const SEVERITY_SERIES: Record<Severity, { color: string; dash?: string }> = {
  critical: { color: '#8b0f12' },
  high: { color: '#a84300', dash: '8 4' },
  medium: { color: '#6a4a00', dash: '2 3' },
  low: { color: '#1d4e89', dash: '12 4 2 4' },
  info: { color: '#4a525c', dash: '4 4' },
};
const SCENARIO_SERIES: ReadonlyArray<{ color: string; dash?: string }> = [
  { color: CHART_COLORS.latency },
  { color: CHART_COLORS.failed, dash: '8 4' },
  { color: CHART_COLORS.thresholdHeld, dash: '2 3' },
  { color: CHART_COLORS.target, dash: '12 4 2 4' },
  { color: '#6a4a00', dash: '4 4' },
  { color: CHART_COLORS.axis, dash: '1 3' },
];

const day = (iso: string): string => iso.slice(0, 10);

/** The three trends of one member: conformance rate, open findings by severity, load p95 per scenario. */
export function memberTrendCharts(kpis: Pick<MemberKpis, 'trend'>): TrendChart[] {
  const runs = kpis.trend.map(({ runId, startedAt }) => ({ runId, startedAt }));
  const charts: TrendChart[] = [
    {
      chart: 'conformance-rate',
      title: 'Conformance rate over runs',
      unit: 'Required checks passed (%)',
      runs,
      series: [
        {
          name: 'conformance rate',
          color: CHART_COLORS.latency,
          values: kpis.trend.map((p) => (p.conformanceRate === undefined ? undefined : p.conformanceRate * 100)),
        },
      ],
      yMax: 100,
      digits: 1,
    },
  ];
  // Only the severities that had an open finding in some run; all zero is one flat line.
  const severities = SEVERITIES.filter((s) => kpis.trend.some((p) => p.openFindings[s] > 0));
  charts.push({
    chart: 'open-findings',
    title: 'Open findings by severity over runs',
    unit: 'Open findings',
    runs,
    series: severities.length
      ? severities.map((s) => ({
          name: s,
          ...SEVERITY_SERIES[s],
          values: kpis.trend.map((p) => p.openFindings[s]),
        }))
      : [{ name: 'all severities', color: CHART_COLORS.axis, values: kpis.trend.map(() => 0) }],
    digits: 0,
  });
  const scenarios = [...new Set(kpis.trend.flatMap((p) => Object.keys(p.loadP95Ms)))].sort();
  if (scenarios.length)
    charts.push({
      chart: 'load-p95',
      title: 'Load p95 per scenario over runs',
      unit: 'p95 latency (ms)',
      runs,
      series: scenarios.map((scenario, i) => ({
        name: scenario,
        ...SCENARIO_SERIES[i % SCENARIO_SERIES.length]!,
        values: kpis.trend.map((p) => p.loadP95Ms[scenario]),
      })),
      digits: 0,
    });
  return charts;
}

const fmt = (v: number, digits: number): string => v.toFixed(digits);

/** A line per series, a marked point per run (with its own <title>), dates along x. */
export function trendSvg(c: TrendChart, id: string): string {
  const n = c.runs.length;
  const inset = 24;
  const x = (i: number): number =>
    n <= 1 ? (PLOT.left + PLOT.right) / 2 : PLOT.left + inset + ((PLOT.right - PLOT.left - 2 * inset) * i) / (n - 1);
  const all = c.series.flatMap((s) => s.values.filter((v): v is number => v !== undefined));
  // Counts get whole-number ticks: at least 0 to 5.
  const top = c.yMax ?? (c.digits === 0 ? Math.max(5, Math.max(0, ...all) * 1.05) : Math.max(1, ...all) * 1.05);
  const scale = niceScale(top);
  const y = (v: number): number => PLOT.bottom - ((PLOT.bottom - PLOT.top) * v) / scale.max;

  const every = Math.max(1, Math.ceil(n / 8));
  const ticks = c.runs.map((r, i) =>
    i % every === 0 || i === n - 1
      ? `<text x="${round(x(i))}" y="${PLOT.bottom + 18}" text-anchor="middle" fill="${CHART_COLORS.text}" data-x-tick="${e(r.runId)}">${e(day(r.startedAt))}</text>`
      : '',
  );
  ticks.push(
    `<text x="${(PLOT.left + PLOT.right) / 2}" y="${PLOT.bottom + 34}" text-anchor="middle" fill="${CHART_COLORS.text}">Run (date started)</text>`,
  );

  const lines = c.series.map((s) => {
    // Consecutive measured runs are joined; a run without a value breaks the line.
    const segments: string[][] = [[]];
    s.values.forEach((v, i) => {
      if (v === undefined) segments.push([]);
      else segments.at(-1)!.push(`${round(x(i))},${round(y(v))}`);
    });
    const paths = segments
      .filter((seg) => seg.length > 1)
      .map(
        (seg) =>
          `<polyline points="${seg.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2.5"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`,
      );
    const points = s.values.map((v, i) => {
      if (v === undefined) return '';
      const r = c.runs[i]!;
      const label = `${s.name}, run ${r.runId} (${r.startedAt}): ${fmt(v, c.digits)}`;
      return `<circle data-point="" data-run="${e(r.runId)}" data-value="${round(v)}" cx="${round(x(i))}" cy="${round(y(v))}" r="4" fill="#ffffff" stroke="${s.color}" stroke-width="2"><title>${e(label)}</title></circle>`;
    });
    return `<g data-series="${e(s.name)}">${paths.join('')}${points.join('')}</g>`;
  });
  const latest = c.series
    .map((s) => {
      const v = s.values.at(-1);
      return `${s.name} ${v === undefined ? 'not measured' : fmt(v, c.digits)}`;
    })
    .join(', ');
  const desc =
    n === 0
      ? 'No runs.'
      : `${n} run${n === 1 ? '' : 's'} from ${day(c.runs[0]!.startedAt)} to ${day(c.runs[n - 1]!.startedAt)}; latest: ${latest}.`;
  const empty =
    n === 0
      ? `<text x="${(PLOT.left + PLOT.right) / 2}" y="${(PLOT.top + PLOT.bottom) / 2}" text-anchor="middle" fill="${CHART_COLORS.text}">No runs recorded</text>`
      : '';
  return frame(
    id,
    c.title,
    desc,
    c.chart,
    [
      yAxis(scale, y, c.unit),
      ticks.join('\n'),
      lines.join('\n'),
      empty,
      legend(c.series.map((s) => ({ label: s.name, color: s.color, ...(s.dash ? { dash: s.dash } : {}) }))),
    ].join('\n'),
  );
}

/** The chart's numbers as a table: a row per run, a column per series. */
export function trendTable(c: TrendChart): string {
  const head = ['Run', ...c.series.map((s) => s.name)]
    .map((h, i) => `<th scope="col"${i ? ' class="num"' : ''}>${e(h)}</th>`)
    .join('');
  const rows = c.runs.map((r, i) => {
    const cells = c.series.map((s) => {
      const v = s.values[i];
      return `<td class="num">${v === undefined ? '–' : e(fmt(v, c.digits))}</td>`;
    });
    return `<tr><th scope="row">${e(r.startedAt)} <code>${e(r.runId)}</code></th>${cells.join('')}</tr>`;
  });
  return `<div class="table-wrap"><table><caption>${e(c.title)} (${e(c.unit)})</caption><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** The chart and its table, as one figure. */
export function trendFigure(c: TrendChart, id: string, memberId: string): string {
  return `<figure class="trend" data-member="${e(memberId)}" data-trend="${e(c.chart)}" data-runs="${c.runs.length}">
${trendSvg(c, id)}
<details><summary>${e(c.title)}: table</summary>${trendTable(c)}</details>
</figure>`;
}
