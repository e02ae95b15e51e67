// The load charts as SVG: structure, data attributes and geometry (parsed as XML), never prose.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  LatencyPercentilePoint,
  LoadScenarioChartData,
  LoadThresholdLine,
  RateSecond,
} from '../../engine/types.ts';
import {
  PLOT,
  latencyDistributionSvg,
  latencyThresholdMarks,
  loadChartsSection,
  percentileDecades,
  rateOverTimeSvg,
} from '../../reports/charts.ts';
import { renderHtml } from '../../reports/html.ts';
import { validateResults } from '../../reports/schema.ts';
import { parseXml, type XNode } from './xml-parser.ts';
import { sampleResults } from './sample-results.ts';
import { HAS_CHROMIUM, launchChromium } from '../helpers/chromium.ts';

/** Where the screenshot is kept as a test artefact. */
const SCREENSHOTS = join(process.cwd(), 'test-artifacts', 'screenshots');

function all(node: XNode, pred: (n: XNode) => boolean, out: XNode[] = []): XNode[] {
  if (pred(node)) out.push(node);
  for (const c of node.children) all(c, pred, out);
  return out;
}
const byAttr = (root: XNode, attr: string, value?: string): XNode[] =>
  all(root, (n) => attr in n.attrs && (value === undefined || n.attrs[attr] === value));
const coords = (polyline: XNode): Array<[number, number]> =>
  polyline.attrs.points!.split(' ').map((p) => p.split(',').map(Number) as [number, number]);

/** A ladder like the engine's: 0 %, then 1 - p halving every two steps, up to `last`, then 100 %. */
function ladder(steps: number, ms: (p: number) => number): LatencyPercentilePoint[] {
  const out = Array.from({ length: steps }, (_, k) => 100 * (1 - 2 ** (-k / 2))).map((percentile) => ({
    percentile,
    valueMs: ms(percentile),
  }));
  return [...out, { percentile: 100, valueMs: ms(100) + 5 }];
}

const kinds = (points: LatencyPercentilePoint[]) => [
  ...points,
  { percentile: 90, valueMs: 40 },
  { percentile: 99, valueMs: 60 },
  { percentile: 99.9, valueMs: 90 },
];

describe('latencyDistributionSvg', () => {
  it.each([
    ['a short run', ladder(8, (p) => 10 + p / 10)],
    ['a long run', ladder(34, (p) => 10 + p / 5)],
    ['k6 summary percentiles', [0, 50, 90, 95, 99, 100].map((percentile) => ({ percentile, valueMs: 5 + percentile }))],
  ])('%s: an accessible SVG with one polyline vertex per point', (_name, points) => {
    const svg = parseXml(latencyDistributionSvg(points, [], { id: 'lat' }));
    expect(svg.name).toBe('svg');
    expect(svg.attrs).toMatchObject({
      role: 'img',
      'aria-labelledby': 'lat-title lat-desc',
      'data-chart': 'latency-distribution',
    });
    expect(svg.children.map((c) => c.name).slice(0, 2)).toEqual(['title', 'desc']);
    expect(svg.children[0]!.attrs.id).toBe('lat-title');
    const [line] = byAttr(svg, 'data-series', 'latency');
    expect(coords(line!)).toHaveLength(points.length);
    // 100 % is the right edge; x never goes backwards.
    const xs = coords(line!).map(([x]) => x);
    expect(xs.at(-1)).toBe(PLOT.right);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });

  it('puts the 90 %, 99 % and 99.9 % ticks one log decade apart, where those percentiles are drawn', () => {
    const points = kinds([
      { percentile: 0, valueMs: 1 },
      { percentile: 100, valueMs: 100 },
    ]).sort((a, b) => a.percentile - b.percentile);
    const svg = parseXml(latencyDistributionSvg(points, []));
    const tick = (label: string): number => Number(byAttr(svg, 'data-x-tick', label)[0]!.attrs.x);
    const [x0, x90, x99, x999] = ['0%', '90%', '99%', '99.9%'].map(tick) as [number, number, number, number];
    expect(x0).toBe(PLOT.left);
    expect(x99 - x90).toBeCloseTo(x90 - x0, 1);
    expect(x999 - x99).toBeCloseTo(x90 - x0, 1);
    const at = new Map(coords(byAttr(svg, 'data-series', 'latency')[0]!).map(([x], i) => [points[i]!.percentile, x]));
    expect(at.get(90)).toBeCloseTo(x90, 1);
    expect(at.get(99)).toBeCloseTo(x99, 1);
    expect(at.get(99.9)).toBeCloseTo(x999, 1);
    expect(percentileDecades(99.9)).toBeCloseTo(3, 9);
  });

  const thresholds: LoadThresholdLine[] = [
    { metric: 'http_req_duration', source: 'p(95)<60', ok: false },
    { metric: 'http_req_duration{expected_response:true}', source: 'p(99) < 200', ok: true },
    { metric: 'http_req_duration', source: 'avg<40', ok: true },
    { metric: 'http_req_failed', source: 'rate<0.01', ok: true },
    { metric: 'dropped_iterations', source: 'count==0', ok: true },
  ];

  it('draws the thresholds on http_req_duration (and its submetrics) only, each at its limit', () => {
    expect(latencyThresholdMarks(thresholds).map((m) => [m.source, m.valueMs, m.percentile ?? null, m.ok])).toEqual([
      ['p(95)<60', 60, 95, false],
      ['http_req_duration{expected_response:true} p(99) < 200', 200, 99, true],
      ['avg<40', 40, null, true],
    ]);
    // A point at 60 ms and the p(95)<60 line share their y.
    const points = [
      { percentile: 0, valueMs: 1 },
      { percentile: 95, valueMs: 60 },
      { percentile: 100, valueMs: 150 },
    ];
    const svg = parseXml(latencyDistributionSvg(points, thresholds));
    const groups = byAttr(svg, 'data-threshold');
    expect(groups.map((g) => [g.attrs['data-threshold'], g.attrs['data-threshold-ok']])).toEqual([
      ['p(95)<60', 'false'],
      ['http_req_duration{expected_response:true} p(99) < 200', 'true'],
      ['avg<40', 'true'],
    ]);
    const lineY = Number(groups[0]!.children.find((c) => c.name === 'line')!.attrs.y1);
    const pointY = coords(byAttr(svg, 'data-series', 'latency')[0]!)[1]![1];
    expect(lineY).toBeCloseTo(pointY, 1);
    // The y axis reaches above the highest threshold.
    const y200 = Number(groups[1]!.children.find((c) => c.name === 'line')!.attrs.y1);
    expect(y200).toBeGreaterThanOrEqual(PLOT.top);
  });

  it('says so when nothing was measured', () => {
    const svg = parseXml(latencyDistributionSvg([], thresholds));
    expect(byAttr(svg, 'data-series')).toEqual([]);
    expect(byAttr(svg, 'data-threshold')).toHaveLength(3);
  });
});

describe('rateOverTimeSvg', () => {
  const seconds = (n: number): RateSecond[] =>
    Array.from({ length: n }, (_, second) => ({ second, completed: 20, failed: second % 3 }));
  const target = [
    { second: 0, perSecond: 20 },
    { second: 30, perSecond: 20 },
  ];

  it.each([1, 30, 35])('%i seconds: completed and failed step lines, two vertices per second, and the target', (n) => {
    const svg = parseXml(rateOverTimeSvg(seconds(n), target, { id: 'rate' }));
    expect(svg.attrs).toMatchObject({ role: 'img', 'data-chart': 'rate-over-time' });
    expect(coords(byAttr(svg, 'data-series', 'completed')[0]!)).toHaveLength(2 * n);
    expect(coords(byAttr(svg, 'data-series', 'failed')[0]!)).toHaveLength(2 * n);
    // Whole seconds on the time axis.
    for (const t of byAttr(svg, 'data-x-tick')) expect(Number.isInteger(Number(t.attrs['data-x-tick']))).toBe(true);
    expect(coords(byAttr(svg, 'data-series', 'target')[0]!)).toHaveLength(2);
    expect(byAttr(svg, 'data-unavailable')).toEqual([]);
    // Completed at 20/s and the 20/s target are drawn at the same height.
    expect(coords(byAttr(svg, 'data-series', 'completed')[0]!)[0]![1]).toBeCloseTo(
      coords(byAttr(svg, 'data-series', 'target')[0]!)[0]![1],
      1,
    );
  });

  it('k6: no series, the target, and "not available from k6 summary"', () => {
    const svg = parseXml(rateOverTimeSvg(undefined, target));
    expect(byAttr(svg, 'data-series').map((n) => n.attrs['data-series'])).toEqual(['target']);
    expect(byAttr(svg, 'data-unavailable')[0]!.text).toContain('not available from k6 summary');
  });
});

function chartData(name: string, engine: 'builtin' | 'k6'): LoadScenarioChartData {
  return {
    name,
    engine,
    operation: { method: 'GET', path: '/port-calls' },
    thresholds: [
      { metric: 'http_req_duration', source: 'p(95)<300', ok: false },
      { metric: 'http_req_duration', source: 'p(99)<800', ok: true },
    ],
    latencyPercentiles: ladder(20, (p) => 5 + (p / 100) ** 8 * 600),
    ...(engine === 'builtin'
      ? {
          ratePerSecond: Array.from({ length: 12 }, (_, second) => ({
            second,
            completed: second < 10 ? 18 + (second % 3) : 4,
            failed: second % 4 === 3 ? 2 : 0,
          })),
        }
      : {}),
    targetRate: [
      { second: 0, perSecond: 20 },
      { second: 10, perSecond: 20 },
    ],
  };
}

describe('the HTML report', () => {
  const withCharts = () => {
    const r = sampleResults();
    r.extensions = {
      ...r.extensions,
      'load-latency': { scenarios: [chartData('list', 'builtin'), chartData('read', 'k6')] },
    };
    return r;
  };

  it('results with load chart data validate against the schema', () => {
    expect(validateResults(withCharts())).toEqual({ valid: true, errors: [] });
    const bad = withCharts();
    (bad.extensions!['load-latency'] as { scenarios: unknown[] }).scenarios.push({ name: 'x' });
    expect(validateResults(bad).valid).toBe(false);
  });

  it('renders one figure per scenario with both charts and unique ids, none without the data', () => {
    expect(loadChartsSection(sampleResults())).toBe('');
    const html = renderHtml(withCharts());
    expect(
      [...html.matchAll(/<figure data-load-scenario="([^"]+)" data-engine="([^"]+)"/g)].map((m) => [m[1], m[2]]),
    ).toEqual([
      ['list', 'builtin'],
      ['read', 'k6'],
    ]);
    expect([...html.matchAll(/data-chart="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'latency-distribution',
      'rate-over-time',
      'latency-distribution',
      'rate-over-time',
    ]);
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(html).toContain('id="load-charts"');
    // Each section parses as XML on its own (every SVG well formed).
    for (const svg of html.match(/<svg[\s\S]*?<\/svg>/g) ?? []) expect(() => parseXml(svg)).not.toThrow();
  });

  it("shows a check's remediation in its details", () => {
    const r = sampleResults();
    const failed = r.checks.find((c) => c.outcome === 'fail')!;
    failed.remediation = "Authorise every read against the caller's tenant.";
    const html = renderHtml(r);
    const block = html.match(/<p[^>]*data-remediation[^>]*>([\s\S]*?)<\/p>/);
    expect(block?.[1]).toContain('Authorise every read against the caller&#39;s tenant.');
    expect(validateResults(r).valid).toBe(true);
  });
});

describe.skipIf(!HAS_CHROMIUM)('the load charts in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('have no WCAG 2.1 AA violation (axe-core), fit 1280 px, and keep a screenshot', async () => {
    const r = sampleResults();
    r.extensions = { 'load-latency': { scenarios: [chartData('list', 'builtin'), chartData('read', 'k6')] } };
    // bypassCSP only so axe can be injected; the report itself runs nothing.
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await page.setContent(renderHtml(r), { waitUntil: 'load' });
      const section = page.locator('#load-charts');
      expect(await section.locator('svg[role="img"]').count()).toBe(4);
      const box = await section.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(1280);
      for (const svg of await section.locator('svg').all()) {
        const b = await svg.boundingBox();
        expect(b!.width).toBeGreaterThan(300);
      }
      mkdirSync(SCREENSHOTS, { recursive: true });
      await section.screenshot({ path: join(SCREENSHOTS, 'load-charts.png') });
      await page.evaluate(axe.source);
      const violations = await page.evaluate(async () => {
        const run = (window as unknown as { axe: typeof axe }).axe.run;
        const res = await run('#load-charts', {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        });
        return res.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }));
      });
      expect(violations).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});
