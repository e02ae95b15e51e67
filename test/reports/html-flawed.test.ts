// The HTML report of the flawed port in Chromium at 1280×800, as a reader opens it: the verdict and the
// failures by severity above the fold, no sideways scrolling, a finding opening to its request and
// response, filters and search that narrow the list, every finding readable with JavaScript off, and no
// WCAG 2.1 AA violation. Screenshots are kept in test-artifacts/html-report/ (gitignored).
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axe from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import type { Io } from '../../cli/run.ts';
import type { Results } from '../../engine/types.ts';
import { startFlawedServer, type FixtureServer } from '../../fixtures/index.ts';
import { renderHtml } from '../../reports/html.ts';
import { HAS_CHROMIUM, launchChromium } from '../helpers/chromium.ts';

const VIEWPORT = { width: 1280, height: 800 };
const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'html-report');
const quiet: Io = { out: () => undefined, err: () => undefined, env: {}, isTty: false };

describe.skipIf(!HAS_CHROMIUM)('the flawed port’s HTML report in Chromium at 1280×800', () => {
  let server: FixtureServer;
  let browser: Browser;
  let results: Results;
  let html: string;

  beforeAll(async () => {
    // Short-lived tokens: the expired-token probe waits 15 s instead of 35 (the report is what is tested).
    server = await startFlawedServer({ host: '127.0.0.1', port: 0, tokenTtlSeconds: 10, clockLeewaySeconds: 5 });
    const dir = mkdtempSync(join(tmpdir(), 'pc-html-'));
    await main(
      [
        'run',
        '--target',
        server.origin,
        '--suites',
        'contract,security,load',
        '--out',
        dir,
        '--seed',
        '4242',
        '--format',
        'html',
      ],
      quiet,
    );
    results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Results;
    html = renderHtml(results);
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
  }, 400_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(options: { javaScriptEnabled: boolean; bypassCSP?: boolean }): Promise<{
    context: BrowserContext;
    page: Page;
  }> {
    const context = await browser.newContext({ viewport: VIEWPORT, ...options });
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return { context, page };
  }

  const visible = (page: Page, selector: string): Promise<number> =>
    page.locator(selector).evaluateAll((els) => els.filter((el) => (el as HTMLElement).offsetParent !== null).length);

  it('has failures of several severities to show', () => {
    const severities = new Set(results.checks.filter((c) => c.outcome === 'fail').map((c) => c.severity));
    expect(severities.has('critical') && severities.has('high') && severities.has('medium')).toBe(true);
  });

  it('shows the verdict and the counts by severity above the fold, without sideways scrolling', async () => {
    const { context, page } = await open({ javaScriptEnabled: true });
    try {
      await page.screenshot({ path: join(ARTIFACTS, 'flawed-above-the-fold.png') });
      for (const selector of ['#verdict', '#severity-counts']) {
        const box = await page.locator(selector).boundingBox();
        expect(box, selector).not.toBeNull();
        expect(box!.y + box!.height, selector).toBeLessThanOrEqual(VIEWPORT.height);
      }
      expect(await page.locator('#verdict').getAttribute('data-verdict')).toBe(results.verdict.status);
      // The counts shown are the failed checks per severity of results.json.
      const shown = await page
        .locator('#severity-counts [data-severity]')
        .evaluateAll((els) =>
          els.map((el) => [el.getAttribute('data-severity'), Number(el.getAttribute('data-checks'))]),
        );
      for (const [severity, n] of shown)
        expect(n, String(severity)).toBe(
          results.checks.filter((c) => c.severity === severity && (c.outcome === 'fail' || c.outcome === 'error'))
            .length,
        );
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(VIEWPORT.width);
      // Still none with every disclosure open (long URLs, bodies and tables wrap or scroll in place).
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(VIEWPORT.width);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('draws the load section with its charts (latency distribution and rate per scenario)', async () => {
    const { context, page } = await open({ javaScriptEnabled: true });
    try {
      const charts = page.locator('#load #load-charts');
      await charts.scrollIntoViewIfNeeded();
      expect(await charts.isVisible()).toBe(true);
      const kinds = await charts
        .locator('svg[data-chart]')
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-chart')));
      const ext = results.extensions?.['load-latency'] as { scenarios?: unknown[] } | undefined;
      const scenarios = ext?.scenarios?.length ?? 0;
      expect(scenarios).toBeGreaterThan(0);
      expect(kinds.filter((k) => k === 'latency-distribution').length).toBe(scenarios);
      expect(kinds.filter((k) => k === 'rate-over-time').length).toBe(scenarios);
      await page.screenshot({ path: join(ARTIFACTS, 'flawed-load-charts.png') });
    } finally {
      await context.close();
    }
  }, 120_000);

  it('opens a finding to its redacted request and response', async () => {
    const { context, page } = await open({ javaScriptEnabled: true });
    try {
      const finding = page.locator('#findings li[data-finding]:has([data-http="response"])').first();
      await expect.poll(() => finding.locator('[data-http="request"]').isVisible(), { timeout: 15_000 }).toBe(false);
      await finding.locator('summary').first().click();
      expect(await finding.locator('[data-http="request"]').isVisible()).toBe(true);
      expect(await finding.locator('[data-http="response"]').isVisible()).toBe(true);
      expect(await finding.locator('[data-http="response"]').textContent()).toMatch(/^HTTP \d{3}/);
      await finding.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(ARTIFACTS, 'flawed-finding-open.png') });
    } finally {
      await context.close();
    }
  }, 120_000);

  it('filters by severity and narrows by search', async () => {
    const { context, page } = await open({ javaScriptEnabled: true });
    try {
      expect(await page.locator('#filters').isVisible()).toBe(true);
      const all = await visible(page, '#findings article.check');
      await page.selectOption('#filter-severity', 'critical');
      const severities = await page
        .locator('#findings article.check')
        .evaluateAll((els) =>
          els.filter((el) => (el as HTMLElement).offsetParent !== null).map((el) => el.getAttribute('data-severity')),
        );
      expect(severities.length).toBeGreaterThan(0);
      expect(severities.length).toBeLessThan(all);
      expect(new Set(severities)).toEqual(new Set(['critical']));
      await page.locator('#filters').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(ARTIFACTS, 'flawed-filter-critical.png') });

      await page.selectOption('#filter-severity', '');
      expect(await visible(page, '#findings article.check')).toBe(all);
      const findingsBefore = await visible(page, '#findings li[data-finding]');
      // Search for one check's id: only it (and any finding naming it) stays.
      const target = results.checks.find((c) => c.outcome === 'fail' && c.findings.length > 0)!;
      await page.fill('#filter-q', target.id);
      const checks = await page
        .locator('#findings article.check')
        .evaluateAll((els) =>
          els.filter((el) => (el as HTMLElement).offsetParent !== null).map((el) => el.getAttribute('data-check')),
        );
      expect(checks).toContain(target.id);
      expect(checks.length).toBeLessThan(all);
      const findingsAfter = await visible(page, '#findings li[data-finding]');
      expect(findingsAfter).toBeGreaterThan(0);
      expect(findingsAfter).toBeLessThan(findingsBefore);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('lists every finding with JavaScript disabled, filters hidden', async () => {
    const { context, page } = await open({ javaScriptEnabled: false });
    try {
      const total = results.checks
        .filter((c) => ['fail', 'error', 'needs-review'].includes(c.outcome))
        .reduce((n, c) => n + c.findings.length, 0);
      expect(await page.locator('#findings li[data-finding]').count()).toBe(total);
      expect(await visible(page, '#findings li[data-finding]')).toBe(total);
      expect(await page.locator('#filters').isVisible()).toBe(false);
      await page.screenshot({ path: join(ARTIFACTS, 'flawed-no-javascript.png') });
    } finally {
      await context.close();
    }
  }, 120_000);

  it('prints without the filters', async () => {
    const { context, page } = await open({ javaScriptEnabled: true });
    try {
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('#filters').isVisible()).toBe(false);
      expect(await page.locator('nav').isVisible()).toBe(false);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('has no WCAG 2.1 AA violations (axe-core)', async () => {
    // bypassCSP only so axe can be injected.
    const { context, page } = await open({ javaScriptEnabled: true, bypassCSP: true });
    try {
      await page.evaluate(axe.source);
      const violations = await page.evaluate(async () => {
        const run = (window as unknown as { axe: typeof axe }).axe.run;
        const res = await run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        });
        return res.violations.map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
      });
      expect(violations).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);
});
