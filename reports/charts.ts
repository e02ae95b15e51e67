// The load section's charts: pure functions from results.extensions['load-latency'] (since 1.3.0)
// to inline SVG. Hand-written SVG, no charting library: the report is one self-contained file with no
// scripts and a CSP that admits nothing external, and the two charts need only lines and text.
// Each chart is role="img" with a <title> and <desc>, and comes with a table of the same numbers.
// Colours: every stroke and text colour below has ≥ 4.5:1 contrast on white (WCAG AA text, and
// above the 3:1 graphics need); series also differ by dash pattern and are named in the legend.
import { escapeHtml } from './escape.ts';
import type {
  LatencyPercentilePoint,
  LoadChartsExtension,
  LoadScenarioChartData,
  LoadThresholdLine,
  RateSecond,
  Results,
  TargetRatePoint,
} from '../engine/types.ts';

const e = escapeHtml;

export const CHART_COLORS = {
  text: '#1b1f24', // 16:1
  axis: '#4a525c', // 7.6:1
  grid: '#c9d0d8', // decoration only, not information
  latency: '#1d4e89', // 8.6:1
  completed: '#1d4e89',
  failed: '#a4161a', // 7.4:1
  target: '#5a3e8e', // 7.6:1
  thresholdHeld: '#1b6b3a', // 6.3:1
  thresholdFailed: '#a4161a',
} as const;

// Plot geometry in viewBox units; the SVG scales to the width of its container.
export const WIDTH = 720;
export const HEIGHT = 280;
export const PLOT = { left: 64, right: 690, top: 16, bottom: 212 } as const;

/** Percentile ticks of the log axis, as "1/(1-p)" decades: 0 %, 90 %, 99 %, 99.9 %, … */
const DECADE_LABELS = ['0%', '90%', '99%', '99.9%', '99.99%', '99.999%', '99.9999%'];

export const round = (n: number): string => String(Math.round(n * 100) / 100);

/** log10(1/(1-p)) for p in percent: 0 at 0 %, 1 at 90 %, 2 at 99 %, 3 at 99.9 %. */
export function percentileDecades(percentile: number): number {
  return Math.log10(100 / (100 - Math.min(percentile, 99.9999999)));
}

/** A round axis maximum at or above `max` (1, 2 or 5 times a power of ten) and its tick step. */
export function niceScale(max: number, ticks = 5): { max: number; step: number } {
  if (!(max > 0)) return { max: 1, step: 0.2 };
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s * ticks >= max) ?? 10 * power;
  return { max: step * ticks, step };
}

/** The SVG around a chart: role=img, labelled by its <title> and <desc>, white background. */
export function frame(id: string, title: string, desc: string, chart: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${id}-title ${id}-desc" data-chart="${chart}" font-family="system-ui, sans-serif" font-size="12">
<title id="${id}-title">${e(title)}</title>
<desc id="${id}-desc">${e(desc)}</desc>
<rect x="0" y="0" width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>
${body}
</svg>`;
}

/** Horizontal grid lines with their values, the unit along the left edge, and both axes. */
export function yAxis(scale: { max: number; step: number }, y: (v: number) => number, unit: string): string {
  const out: string[] = [];
  for (let v = 0; v <= scale.max + scale.step / 2; v += scale.step) {
    const at = round(y(v));
    out.push(
      `<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${at}" y2="${at}" stroke="${CHART_COLORS.grid}" stroke-width="1"/>`,
      `<text x="${PLOT.left - 6}" y="${at}" dy="4" text-anchor="end" fill="${CHART_COLORS.text}" data-y-tick="${round(v)}">${e(round(v))}</text>`,
    );
  }
  out.push(
    `<text x="14" y="${(PLOT.top + PLOT.bottom) / 2}" transform="rotate(-90 14 ${(PLOT.top + PLOT.bottom) / 2})" text-anchor="middle" fill="${CHART_COLORS.text}">${e(unit)}</text>`,
    `<line x1="${PLOT.left}" x2="${PLOT.left}" y1="${PLOT.top}" y2="${PLOT.bottom}" stroke="${CHART_COLORS.axis}"/>`,
    `<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${PLOT.bottom}" y2="${PLOT.bottom}" stroke="${CHART_COLORS.axis}"/>`,
  );
  return out.join('\n');
}

/** One row of legend items under the plot: a line sample (with its dash pattern) and the label. */
export function legend(items: Array<{ label: string; color: string; dash?: string }>): string {
  let x = PLOT.left;
  return items
    .map((it) => {
      const item = `<g data-legend="${e(it.label)}"><line x1="${x}" x2="${x + 24}" y1="${HEIGHT - 12}" y2="${HEIGHT - 12}" stroke="${it.color}" stroke-width="2.5"${it.dash ? ` stroke-dasharray="${it.dash}"` : ''}/><text x="${x + 30}" y="${HEIGHT - 8}" fill="${CHART_COLORS.text}">${e(it.label)}</text></g>`;
      x += 40 + it.label.length * 6.5;
      return item;
    })
    .join('\n');
}

/** What a threshold on http_req_duration draws: the value in ms, and the percentile when it is p(N). */
export interface LatencyThresholdMark {
  source: string;
  ok: boolean;
  valueMs: number;
  percentile?: number;
}

// k6 threshold syntax on a trend (load/thresholds.ts has the full grammar; reports may not import it).
const TREND_THRESHOLD = /^\s*(avg|min|max|med|p\((\d+(?:\.\d+)?)\))\s*(<=|<|>=|>|===|==|!=)\s*(\d+(?:\.\d+)?)\s*$/;

/** The scenario's thresholds on http_req_duration (any tag filter) that can be drawn as a latency. */
export function latencyThresholdMarks(thresholds: readonly LoadThresholdLine[]): LatencyThresholdMark[] {
  const out: LatencyThresholdMark[] = [];
  for (const t of thresholds) {
    if (t.metric !== 'http_req_duration' && !t.metric.startsWith('http_req_duration{')) continue;
    const m = TREND_THRESHOLD.exec(t.source);
    if (!m) continue;
    const agg = m[1]!;
    const percentile = m[2] !== undefined ? Number(m[2]) : agg === 'med' ? 50 : agg === 'max' ? 100 : undefined;
    const source = t.metric === 'http_req_duration' ? t.source : `${t.metric} ${t.source}`;
    out.push({ source, ok: t.ok, valueMs: Number(m[4]), ...(percentile !== undefined ? { percentile } : {}) });
  }
  return out;
}

/**
 * Latency by percentile, HdrHistogram's plot: x is log10(1/(1-p)) so 90 %, 99 % and 99.9 % are
 * equally spaced and the tail gets the room; 100 % sits at the right edge. Thresholds are horizontal
 * lines at their limit, green when they held and red when they failed.
 */
export function latencyDistributionSvg(
  points: readonly LatencyPercentilePoint[],
  thresholds: readonly LoadThresholdLine[],
  options: { id?: string; scenario?: string } = {},
): string {
  const id = options.id ?? 'latency-chart';
  const name = options.scenario ? ` of ${options.scenario}` : '';
  const marks = latencyThresholdMarks(thresholds);
  const sorted = [...points].sort((a, b) => a.percentile - b.percentile);
  const finite = sorted.filter((p) => p.percentile < 100);
  // Whole decades up to the slowest finite percentile, and a little room after them for 100 %.
  const decades = Math.min(
    DECADE_LABELS.length - 1,
    Math.max(3, Math.ceil(Math.max(0, ...finite.map((p) => percentileDecades(p.percentile))) - 1e-9)),
  );
  const span = decades + 0.6;
  const x = (percentile: number): number =>
    percentile >= 100
      ? PLOT.right
      : PLOT.left + ((PLOT.right - PLOT.left) * Math.min(span, percentileDecades(percentile))) / span;
  const scale = niceScale(Math.max(0, ...sorted.map((p) => p.valueMs), ...marks.map((m) => m.valueMs)) * 1.05);
  const y = (v: number): number => PLOT.bottom - ((PLOT.bottom - PLOT.top) * v) / scale.max;

  const ticks: string[] = [];
  const xTick = (at: number, label: string): string[] => [
    `<line x1="${round(at)}" x2="${round(at)}" y1="${PLOT.top}" y2="${PLOT.bottom + 4}" stroke="${CHART_COLORS.grid}"/>`,
    `<text x="${round(at)}" y="${PLOT.bottom + 18}" text-anchor="middle" fill="${CHART_COLORS.text}" data-x-tick="${label}">${label}</text>`,
  ];
  for (let d = 0; d <= decades; d++)
    ticks.push(...xTick(PLOT.left + ((PLOT.right - PLOT.left) * d) / span, DECADE_LABELS[d]!));
  ticks.push(...xTick(PLOT.right, '100%'));
  ticks.push(
    `<text x="${(PLOT.left + PLOT.right) / 2}" y="${PLOT.bottom + 34}" text-anchor="middle" fill="${CHART_COLORS.text}">Percentile (log scale of 1/(1-p))</text>`,
  );

  const line = sorted.map((p) => `${round(x(p.percentile))},${round(y(p.valueMs))}`).join(' ');
  const series = sorted.length
    ? `<polyline data-series="latency" points="${line}" fill="none" stroke="${CHART_COLORS.latency}" stroke-width="2.5"/>`
    : `<text x="${(PLOT.left + PLOT.right) / 2}" y="${(PLOT.top + PLOT.bottom) / 2}" text-anchor="middle" fill="${CHART_COLORS.text}">No request completed: no latency to plot</text>`;
  const lines = marks.map((m) => {
    const color = m.ok ? CHART_COLORS.thresholdHeld : CHART_COLORS.thresholdFailed;
    const at = round(y(m.valueMs));
    const label = `${m.source} ms: ${m.ok ? 'held' : 'failed'}`;
    return `<g data-threshold="${e(m.source)}" data-threshold-ok="${m.ok}"><line x1="${PLOT.left}" x2="${PLOT.right}" y1="${at}" y2="${at}" stroke="${color}" stroke-width="1.5" stroke-dasharray="6 4"/><text x="${PLOT.right - 4}" y="${at}" dy="-4" text-anchor="end" fill="${color}">${e(label)}</text></g>`;
  });
  const held = marks.filter((m) => m.ok).length;
  const desc =
    `${sorted.length} percentiles from ${round(sorted[0]?.valueMs ?? 0)} ms (fastest) to ` +
    `${round(sorted.at(-1)?.valueMs ?? 0)} ms (slowest); ${marks.length} latency thresholds, ${held} held.`;
  return frame(
    id,
    `Latency by percentile${name}`,
    desc,
    'latency-distribution',
    [
      yAxis(scale, y, 'Latency (ms)'),
      ticks.join('\n'),
      series,
      lines.join('\n'),
      legend([
        { label: 'http_req_duration', color: CHART_COLORS.latency },
        ...(marks.length
          ? [{ label: 'threshold (green held, red failed)', color: CHART_COLORS.axis, dash: '6 4' }]
          : []),
      ]),
    ].join('\n'),
  );
}

/** Target arrival rate (per second) at a moment, linear between the schedule's points. */
function targetAt(target: readonly TargetRatePoint[], second: number): number {
  for (let i = 1; i < target.length; i++) {
    const a = target[i - 1]!;
    const b = target[i]!;
    if (second <= b.second)
      return b.second === a.second
        ? b.perSecond
        : a.perSecond + ((b.perSecond - a.perSecond) * (second - a.second)) / (b.second - a.second);
  }
  return target.at(-1)?.perSecond ?? 0;
}

/**
 * Requests per second over the run: completed and failed ones per second (by when they completed)
 * and the target arrival rate. `series` undefined: the engine (k6) gave no time series.
 */
export function rateOverTimeSvg(
  series: readonly RateSecond[] | undefined,
  target: readonly TargetRatePoint[],
  options: { id?: string; scenario?: string } = {},
): string {
  const id = options.id ?? 'rate-chart';
  const name = options.scenario ? ` of ${options.scenario}` : '';
  const data = series ?? [];
  const lastSecond = Math.max(1, data.length, ...target.map((t) => t.second));
  const scale = niceScale(Math.max(0, ...data.map((s) => s.completed), ...target.map((t) => t.perSecond)) * 1.05);
  const x = (second: number): number => PLOT.left + ((PLOT.right - PLOT.left) * second) / lastSecond;
  const y = (v: number): number => PLOT.bottom - ((PLOT.bottom - PLOT.top) * v) / scale.max;
  const xStep = Math.max(1, niceScale(lastSecond, 6).step);
  const ticks: string[] = [];
  for (let s = 0; s <= lastSecond; s += xStep) {
    const at = round(x(s));
    ticks.push(
      `<line x1="${at}" x2="${at}" y1="${PLOT.bottom}" y2="${PLOT.bottom + 4}" stroke="${CHART_COLORS.axis}"/>`,
      `<text x="${at}" y="${PLOT.bottom + 18}" text-anchor="middle" fill="${CHART_COLORS.text}" data-x-tick="${round(s)}">${round(s)} s</text>`,
    );
  }
  ticks.push(
    `<text x="${(PLOT.left + PLOT.right) / 2}" y="${PLOT.bottom + 34}" text-anchor="middle" fill="${CHART_COLORS.text}">Time since the start (s)</text>`,
  );
  // A step line: each second's count is level across its second (two vertices per second).
  const path = (value: (s: RateSecond) => number): string =>
    data
      .map((s) => `${round(x(s.second))},${round(y(value(s)))} ${round(x(s.second + 1))},${round(y(value(s)))}`)
      .join(' ');
  const targetLine = target.map((t) => `${round(x(t.second))},${round(y(t.perSecond))}`).join(' ');
  const parts = [yAxis(scale, y, 'Requests per second'), ticks.join('\n')];
  if (target.length)
    parts.push(
      `<polyline data-series="target" points="${targetLine}" fill="none" stroke="${CHART_COLORS.target}" stroke-width="2" stroke-dasharray="8 4"/>`,
    );
  if (series) {
    if (data.length) {
      parts.push(
        `<polyline data-series="completed" points="${path((s) => s.completed)}" fill="none" stroke="${CHART_COLORS.completed}" stroke-width="2.5"/>`,
        `<polyline data-series="failed" points="${path((s) => s.failed)}" fill="none" stroke="${CHART_COLORS.failed}" stroke-width="2" stroke-dasharray="2 3"/>`,
      );
    }
  } else {
    parts.push(
      `<text data-unavailable="" x="${(PLOT.left + PLOT.right) / 2}" y="${(PLOT.top + PLOT.bottom) / 2}" text-anchor="middle" fill="${CHART_COLORS.text}">Requests per second: not available from k6 summary</text>`,
    );
  }
  parts.push(
    legend([
      ...(series
        ? [
            { label: 'completed/s', color: CHART_COLORS.completed },
            { label: 'failed/s', color: CHART_COLORS.failed, dash: '2 3' },
          ]
        : []),
      { label: 'target arrival rate', color: CHART_COLORS.target, dash: '8 4' },
    ]),
  );
  const total = data.reduce((n, s) => n + s.completed, 0);
  const failed = data.reduce((n, s) => n + s.failed, 0);
  const desc = series
    ? `${total} requests completed over ${data.length} s, ${failed} failed; target ${round(targetAt(target, 0))} to ${round(target.at(-1)?.perSecond ?? 0)} requests per second.`
    : `Requests per second: not available from k6 summary; target ${round(targetAt(target, 0))} to ${round(target.at(-1)?.perSecond ?? 0)} requests per second.`;
  return frame(id, `Requests per second over time${name}`, desc, 'rate-over-time', parts.join('\n'));
}

function dataTable(caption: string, head: string[], rows: string[][]): string {
  const th = head.map((h) => `<th scope="col">${e(h)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${e(c)}</th>` : `<td class="num">${e(c)}</td>`)).join('')}</tr>`,
    )
    .join('\n');
  return `<table><caption>${e(caption)}</caption><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** The charts of one scenario, each followed by its numbers as a table (the text equivalent). */
export function scenarioCharts(s: LoadScenarioChartData, id: string): string {
  const latency = dataTable(
    `Latency by percentile, ${s.name}`,
    ['Percentile', 'Latency (ms)'],
    s.latencyPercentiles.map((p) => [`${Number(p.percentile.toFixed(4))}%`, round(p.valueMs)]),
  );
  const rate = s.ratePerSecond
    ? dataTable(
        `Requests per second, ${s.name}`,
        ['Second', 'Completed', 'Failed'],
        s.ratePerSecond.map((r) => [String(r.second), String(r.completed), String(r.failed)]),
      )
    : '<p>Requests per second over time: not available from k6 summary.</p>';
  return `<figure data-load-scenario="${e(s.name)}" data-engine="${e(s.engine)}">
<figcaption><code>${e(s.name)}</code>: ${e(s.operation.method)} <code>${e(s.operation.path)}</code> (${e(s.engine)} engine)</figcaption>
${latencyDistributionSvg(s.latencyPercentiles, s.thresholds, { id: `${id}-latency`, scenario: s.name })}
<details><summary>Latency table</summary>${latency}</details>
${rateOverTimeSvg(s.ratePerSecond, s.targetRate, { id: `${id}-rate`, scenario: s.name })}
<details><summary>Requests per second table</summary>${rate}</details>
</figure>`;
}

/** The load charts of a run, or '' when it has none (no load scenarios, or results before 1.3.0). */
export function loadChartsSection(r: Results): string {
  const ext = r.extensions?.['load-latency'] as LoadChartsExtension | undefined;
  const scenarios = Array.isArray(ext?.scenarios) ? ext.scenarios : [];
  if (scenarios.length === 0) return '';
  const figures = scenarios.map((s, i) => scenarioCharts(s, `load-${i + 1}`)).join('\n');
  return `<section id="load-charts" aria-labelledby="load-charts-h">
<h3 id="load-charts-h">Latency and throughput per scenario</h3>
${figures}
</section>`;
}
