// The consortium dashboard in Chromium, rendered from real runs: the embedded reference and the flawed
// port run through the run session with three fast contract checks; the flawed member three times, its
// seeded defects fixed one after another (three, then two, then one), so its findings fall. The page is
// opened from a file with every non-file request aborted, and the test reads what it shows from its
// data-* attributes: the matrix, the trend points, the KPI cells, the most failed requirements.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDashboard } from '../../consortium/dashboard.ts';
import { summaryOfLatestRuns } from '../../consortium/history-summary.ts';
import type { ConsortiumSummary } from '../../consortium/types.ts';
import { AREAS, type Results } from '../../engine/types.ts';
import { conformanceRate, recordOf } from '../../history/record.ts';
import type { StoredRun } from '../../history/store.ts';
import { HAS_CHROMIUM, launchChromium } from '../helpers/chromium.ts';
import { runAgainst, startFixture } from '../helpers/fixture-harness.ts';

const CHECKS = ['imo-number-validation', 'mmsi-validation', 'locode-validation'];
/** The flawed member's three runs: a defect fixed before each of the later two. */
const DEFECTS_PER_RUN = [
  ['no-imo-check-digit', 'no-mmsi-validation', 'no-locode-validation'],
  ['no-imo-check-digit', 'no-mmsi-validation'],
  ['no-imo-check-digit'],
];
const FLAWED = 'flawed-port';
const REFERENCE = 'reference-port';
const UNREACHABLE = 'silent-port';
const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(2026, 2, 2);

async function runMember(kind: 'reference' | 'flawed', defects?: string[]): Promise<Results> {
  const server = await startFixture(kind, defects);
  try {
    return await runAgainst(server, { checks: CHECKS, suites: ['contract'], seed: 7, maxTimeMs: 60_000 });
  } finally {
    await server.close();
  }
}

/**
 * The member's recorded run: its id and name as a member config would have set them (each fixture listened
 * on its own port), and its start moved to `day` days after FIRST_DAY so the history spans days, as
 * recorded runs do (the runs themselves took a second each).
 */
function stored(results: Results, member: string, day: number): { run: StoredRun; results: Results } {
  const at = new Date(FIRST_DAY + day * DAY_MS).toISOString();
  const moved: Results = {
    ...results,
    target: { ...results.target, member, name: `Port ${member}` },
    run: { ...results.run, startedAt: at },
  };
  return { run: { ...recordOf(moved), recordedAt: at }, results: moved };
}

if (!HAS_CHROMIUM)
  it.skip('the consortium dashboard in Chromium: no Chromium found (PORT_CONFORMANCE_BROWSER, Playwright’s browser, the system’s)', () =>
    undefined);

describe.skipIf(!HAS_CHROMIUM)('the consortium dashboard in Chromium, from real runs', () => {
  let browser: Browser;
  let page: Page;
  let summary: ConsortiumSummary;
  let flawedRuns: StoredRun[];
  let reference: StoredRun;
  let imoRequirements: string[];
  const requests: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    const ref = stored(await runMember('reference'), REFERENCE, 6);
    const flawed: Array<{ run: StoredRun; results: Results }> = [];
    for (const [i, defects] of DEFECTS_PER_RUN.entries())
      flawed.push(stored(await runMember('flawed', defects), FLAWED, i * 3));
    reference = ref.run;
    flawedRuns = flawed.map((f) => f.run);
    imoRequirements = ref.results.checks.find((c) => c.id === 'imo-number-validation')!.requirements;

    const latest = flawed.at(-1)!;
    summary = summaryOfLatestRuns([latest, ref], new Date(FIRST_DAY + 7 * DAY_MS).toISOString());
    // A member whose run found nothing listening: no record, only the reason.
    summary.members.push({
      id: UNREACHABLE,
      status: 'unreachable',
      conformant: false,
      exitCode: 3,
      reason: 'nothing answered at https://127.0.0.1:9/ (connection refused)',
    });
    summary.totals.members++;
    summary.totals.unreachable++;
    for (const q of summary.requirements) q.byMember[UNREACHABLE] = 'not-run';
    summary.members[0]!.reportPath = `members/${FLAWED}/report.html`;
    summary.members[0]!.resultsPath = `members/${FLAWED}/results.json`;

    const dir = mkdtempSync(join(tmpdir(), 'pc-dashboard-'));
    const file = join(dir, 'dashboard.html');
    writeFileSync(file, renderDashboard(summary, [...flawedRuns, reference], new Date(FIRST_DAY + 10 * DAY_MS)));

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // Nothing may leave the page: anything but the file itself is aborted (and remembered).
    await context.route('**/*', (route) =>
      route.request().url().startsWith('file:') ? route.continue() : route.abort('blockedbyclient'),
    );
    page = await context.newPage();
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(err.message));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 20_000 });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  const attr = (selector: string, name: string): Promise<string | null> =>
    page.locator(selector).first().getAttribute(name, { timeout: 5_000 });

  it('the flawed member’s findings fall over its three runs (the runs are what they should be)', () => {
    const open = flawedRuns.map((r) => r.findings.filter((f) => !f.waived).length);
    expect(open[0]).toBeGreaterThan(open[1]!);
    expect(open[1]).toBeGreaterThan(open[2]!);
    expect(open[2]).toBeGreaterThan(0);
    expect(reference.findings).toEqual([]);
  });

  it('shows each member × area status as recorded, and why a member was not run', async () => {
    const expected = [
      ...[flawedRuns.at(-1)!, reference].flatMap((r) => AREAS.map((a) => [r.member, a, r.areas[a]])),
      ...AREAS.map((a) => [UNREACHABLE, a, 'not-run']),
    ];
    const shown = await page
      .locator('#matrix td[data-area]')
      .evaluateAll((tds) =>
        tds.map((td) => [td.getAttribute('data-member'), td.getAttribute('data-area'), td.getAttribute('data-status')]),
      );
    expect(shown).toEqual(expected);
    expect(flawedRuns.at(-1)!.areas.contract).toBe('fail');
    expect(reference.areas.contract).not.toBe('fail');
    expect(await attr(`#matrix tr[data-member="${UNREACHABLE}"]`, 'data-run-status')).toBe('unreachable');
    await expect(page.locator(`#matrix td[data-member="${UNREACHABLE}"][data-reason]`).innerText()).resolves.toContain(
      'connection refused',
    );
    expect(await attr(`#matrix tr[data-member="${FLAWED}"] a[data-link="report"]`, 'href')).toBe(
      `members/${FLAWED}/report.html`,
    );
  });

  it('draws one point per run in each of the flawed member’s trend charts, each chart titled', async () => {
    for (const chart of ['conformance-rate', 'open-findings']) {
      const figure = page.locator(`figure[data-member="${FLAWED}"][data-trend="${chart}"]`);
      expect(await figure.getAttribute('data-runs')).toBe('3');
      const series = await figure.locator('g[data-series]').count();
      expect(series).toBeGreaterThan(0);
      expect(await figure.locator('circle[data-point]').count()).toBe(3 * series);
      expect(await figure.locator('svg > title').count()).toBe(1);
    }
    const runs = await page
      .locator(`figure[data-member="${FLAWED}"][data-trend="conformance-rate"] circle[data-point]`)
      .evaluateAll((cs) => cs.map((c) => c.getAttribute('data-run')));
    expect(runs).toEqual(flawedRuns.map((r) => r.runId));
  });

  it('shows the KPIs of the flawed member’s latest run and history', async () => {
    const kpi = (name: string) => attr(`#kpis [data-member="${FLAWED}"][data-kpi="${name}"]`, 'data-value');
    const inRow = (name: string) => attr(`#kpis tr[data-member="${FLAWED}"] [data-kpi="${name}"]`, 'data-value');
    const latest = flawedRuns.at(-1)!;
    const before = flawedRuns.at(-2)!;
    expect(Number(await kpi('runs'))).toBe(3);
    expect(Number(await kpi('conformance-rate'))).toBeCloseTo(conformanceRate(latest)!, 10);
    expect(Number(await kpi('conformance-rate'))).toBeLessThan(1);
    expect(Number(await kpi('open-findings'))).toBe(latest.findings.length);
    // The last fix removed the MMSI findings: none new, all of them fixed.
    expect(Number(await inRow('new'))).toBe(0);
    expect(Number(await inRow('fixed'))).toBe(before.findings.length - latest.findings.length);
    // The IMO findings were open from the first run (day 0) to now (day 10).
    expect(Number(await inRow('days-open-max'))).toBe(10);
    expect(Number(await inRow('requirements-tested'))).toBe(latest.requirements.total - latest.requirements.notTested);
    expect(await attr(`#kpis [data-member="${REFERENCE}"][data-kpi="conformance-rate"]`, 'data-value')).toBe('1');
    expect(await attr(`#kpis [data-member="${UNREACHABLE}"][data-kpi="runs"]`, 'data-value')).toBe('0');
  });

  it('lists the seeded defect’s requirement among those most members fail, with the flawed member', async () => {
    expect(imoRequirements.length).toBeGreaterThan(0);
    for (const id of imoRequirements) {
      const item = page.locator(`#most-failed li[data-requirement="${id}"]`);
      expect(await item.count()).toBe(1);
      expect((await item.getAttribute('data-members'))?.split(' ')).toEqual([FLAWED]);
    }
    const req = imoRequirements[0]!;
    expect(await attr(`#requirements td[data-requirement="${req}"][data-member="${REFERENCE}"]`, 'data-status')).toBe(
      'pass',
    );
  });

  it('sent no request beyond the file itself and logged no error; printing opens every collapsed part', async () => {
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    expect(requests).toHaveLength(1);
    expect(consoleErrors).toEqual([]);
    expect(await page.locator('details[open]').count()).toBe(0);
    await page.pdf(); // bounded by the test's timeout
    expect(await page.locator('details:not([open])').count()).toBe(0);
  });
});
