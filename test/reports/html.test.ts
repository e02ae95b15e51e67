/* eslint-disable no-control-regex -- these tests look for raw control characters */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import axe from 'axe-core';
import type { Browser } from 'playwright-core';
import { renderHtml } from '../../reports/html.ts';
import { SCRIPT } from '../../reports/html-script.ts';
import type { Results } from '../../engine/types.ts';
import { HOSTILE_BODY, emptyResults, engineResults, sampleResults, unreachableResults } from './sample-results.ts';
import { HAS_CHROMIUM, launchChromium } from '../helpers/chromium.ts';

function hostileResults(): Results {
  const r = sampleResults();
  r.checks[0]!.findings[0]!.message = '<img src=x onerror=alert(1)> "q" \'s\'';
  r.checks[0]!.title = '</title><script>alert(2)</script>';
  r.target.name = '<iframe src="https://evil.example"></iframe>';
  r.evidence['ev-0005'] = {
    ...(r.evidence['ev-0005'] as Extract<Results['evidence'][string], { kind: 'file' }>),
    path: 'javascript:alert(3)',
  };
  r.requirements[0]!.source.url = 'javascript:alert(4)';
  r.run.options.note = '<style>body{display:none}</style>';
  return r;
}

describe('renderHtml (static)', () => {
  const results = sampleResults();
  const html = renderHtml(results);

  it('shows the places of a requirement: how many were probed, and those not probed with why', () => {
    expect(html).toContain('1 of 2 probed');
    expect(html).toMatch(/<code>updatePortCall \/ship\/imoNumber<\/code>: budget \(150-request budget\)/);
  });

  it('names every check and requirement, and every not-tested reason', () => {
    for (const c of results.checks) expect(html).toContain(`<code>${c.id}</code>`);
    for (const q of results.requirements) expect(html).toContain(q.id);
    for (const q of results.requirements.filter((x) => x.notTestedReason)) expect(html).toContain(q.notTestedReason);
  });

  it('escapes hostile evidence bodies and data', () => {
    const page = renderHtml(hostileResults()).replace(`<script>${SCRIPT}</script>`, '');
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<img/i);
    expect(page).not.toMatch(/<iframe/i);
    expect(page.match(/<style/gi)).toHaveLength(1);
    expect(page).toContain('&lt;script&gt;alert(document.cookie)&lt;/script&gt;');
    expect(page).not.toMatch(/href="javascript:/i);
    // Control characters and bidi overrides from the target never reach the page raw.
    expect(page).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\u202E]/);
    expect(page).toContain('\\u202E');
  });

  it('is self-contained: only its own script, no event handlers, no external resources', () => {
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain(`<script>${SCRIPT}</script>`);
    expect(html).not.toMatch(/<(link|iframe|object|embed|base)\b/i);
    // Images only from evidence/ beside the report (the sample's screenshot).
    for (const [, src] of html.matchAll(/<img [^>]*src="([^"]*)"/g)) expect(src).toMatch(/^evidence\//);
    // Inside real tags (text has its '<' escaped): no event handlers, nothing loaded.
    expect(html).not.toMatch(/<[^>]*\s(on[a-z]+|srcset|background)=/i);
    expect(html).not.toMatch(/<(?!img )[^>]*\ssrc=/i);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;/);
    expect(html).toMatch(/script-src &#39;sha256-[A-Za-z0-9+/=]+&#39;;/);
    for (const [, href] of html.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^(#|https:\/\/|evidence\/)/);
  });

  it('renders the empty and unreachable runs', () => {
    const empty = renderHtml(emptyResults());
    expect(empty).toContain('id="verdict"');
    const down = renderHtml(unreachableResults());
    expect(down).toContain('UNREACHABLE');
    expect(down).toContain('ECONNREFUSED');
  });
});

describe.skipIf(!HAS_CHROMIUM)('renderHtml in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  async function open(html: string, javaScriptEnabled: boolean) {
    // bypassCSP only so axe can be injected; the report itself runs nothing.
    const context = await browser.newContext({ javaScriptEnabled, bypassCSP: javaScriptEnabled });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.setContent(html, { waitUntil: 'load' });
    return { context, page, requests };
  }

  it('works with JavaScript disabled: landmarks, tables, hostile body shown as text', async () => {
    const { context, page, requests } = await open(renderHtml(hostileResults()), false);
    try {
      expect(await page.locator('header').count()).toBe(1);
      expect(await page.locator('nav').count()).toBe(1);
      expect(await page.locator('main').count()).toBe(1);
      expect(await page.locator('footer').count()).toBe(1);
      expect(await page.locator('img, iframe').count()).toBe(0);
      expect(await page.locator('script').count()).toBe(1);
      const tables = await page.locator('table').count();
      expect(await page.locator('table thead th[scope="col"]').count()).toBeGreaterThan(tables);
      // The evidence <pre> shows exactly what the target sent (with visible escapes for controls).
      const cors = page.locator('#check-cors-policy');
      await cors.locator('summary').first().click();
      const pres = await cors.locator('pre').allTextContents();
      expect(pres[0]).toContain('OPTIONS https://psw.example-port.test/api/v1/port-calls');
      expect(pres[1]).toContain('HTTP 500');
      expect(pres[1]).toContain('<script>alert(document.cookie)</script>');
      expect(pres[1]).toContain(HOSTILE_BODY.slice(0, 60));
      expect(requests).toEqual([]);
      // The CSP is enforced here (no bypass) and still admits the stylesheet by its hash.
      expect(
        await page
          .locator('pre')
          .first()
          .evaluate((el) => getComputedStyle(el).whiteSpace),
      ).toBe('pre-wrap');
    } finally {
      await context.close();
    }
  }, 60_000);

  async function axeViolations(html: string): Promise<Array<{ id: string; nodes: string[] }>> {
    const { context, page } = await open(html, true);
    try {
      await page.evaluate(axe.source);
      return await page.evaluate(async () => {
        const run = (window as unknown as { axe: typeof axe }).axe.run;
        const res = await run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        });
        return res.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }));
      });
    } finally {
      await context.close();
    }
  }

  it.each([
    ['sample', sampleResults],
    ['engines (--tls-engine testssl)', engineResults],
    ['empty', emptyResults],
    ['unreachable', unreachableResults],
  ])(
    'has no WCAG 2.1 AA violations (axe-core) for the %s run',
    async (_, build) => {
      expect(await axeViolations(renderHtml(build()))).toEqual([]);
    },
    60_000,
  );

  it('would notice a violation (control for the axe harness)', async () => {
    const broken = renderHtml(sampleResults()).replace('<main>', '<main><input type="text">');
    expect((await axeViolations(broken)).map((v) => v.id)).toContain('label');
  }, 60_000);
});

describe('renderHtml overview and findings (structure)', () => {
  const results = sampleResults();
  const html = renderHtml(results);
  const failed = results.checks.filter((c) => c.outcome === 'fail' || c.outcome === 'error');

  it.each(['critical', 'high', 'medium', 'low'] as const)(
    'counts the failed checks and findings of severity %s',
    (s) => {
      const of = failed.filter((c) => c.severity === s);
      const findings = of.reduce((n, c) => n + c.findings.length, 0);
      expect(html).toContain(`<li data-severity="${s}" data-checks="${of.length}" data-findings="${findings}">`);
    },
  );

  it('puts the overview before the findings, and the severity counts in the first sections', () => {
    const order = ['id="verdict"', 'id="severity-counts"', 'id="blocking"', 'id="areas"', 'id="findings"', 'id="load"'];
    const at = order.map((s) => html.indexOf(s));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('lists blocking checks worst severity first', () => {
    const listed = [...html.matchAll(/data-blocking-check="([^"]+)"/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual([...results.summary.blocking].sort());
    const rank = { critical: 4, high: 3, medium: 2, low: 1, info: 0 } as const;
    const ranks = [...html.matchAll(/data-blocking-check="([^"]+)"/g)].map(
      (m) => rank[results.checks.find((c) => c.id === m[1])!.severity],
    );
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
  });

  it('folds the blocking list past ten', () => {
    const many = sampleResults();
    many.summary.blocking = Array.from({ length: 14 }, (_, i) => `check-${String(i).padStart(2, '0')}`);
    const page = renderHtml(many);
    const section = page.slice(
      page.indexOf('<section id="blocking"'),
      page.indexOf('</section>', page.indexOf('<section id="blocking"')),
    );
    expect(section.match(/data-blocking-check=/g)).toHaveLength(14);
    expect(section.split('<details>')[0]!.match(/data-blocking-check=/g)).toHaveLength(10);
  });

  it('rolls findings up per OWASP API Top 10 category', () => {
    for (const id of ['API1:2023', 'API8:2023']) {
      const of = results.checks.filter((c) => c.owasp?.includes(id as 'API1:2023'));
      const bad = of.filter((c) => c.outcome === 'fail' || c.outcome === 'error');
      const n = bad.reduce((sum, c) => sum + c.findings.length, 0);
      expect(html).toContain(
        `data-owasp="${id}" data-checks="${of.length}" data-failed="${bad.length}" data-findings="${n}"`,
      );
    }
    expect(html).toContain('data-owasp="API10:2023" data-checks="0"');
  });

  it('has one card per area with its outcome counts', () => {
    for (const area of ['contract', 'security', 'load', 'portal', 'all']) expect(html).toContain(`data-area="${area}"`);
  });

  it('groups findings by severity, and marks each check for the filters', () => {
    const groups = [...html.matchAll(/data-severity-group="([^"]+)"/g)].map((m) => m[1]);
    expect(groups).toEqual(['critical', 'high', 'medium'].filter((s) => groups.includes(s)));
    const c = results.checks.find((x) => x.id === 'cors-policy')!;
    expect(html).toContain(
      `data-check="cors-policy" data-severity="${c.severity}" data-area="${c.area}" data-outcome="${c.outcome}" data-requirements="${c.requirements.join(' ')}"`,
    );
    for (const name of ['severity', 'area', 'outcome', 'requirement', 'q'])
      expect(html).toContain(`id="filter-${name}"`);
    expect(html).toMatch(/<form id="filters" class="filters" hidden/);
  });

  it('renders each piece of evidence once and links to it elsewhere', () => {
    const r = sampleResults();
    const cors = r.checks.find((c) => c.id === 'cors-policy')!;
    cors.findings.push({ ...cors.findings[0]!, id: 'again' });
    const page = renderHtml(r);
    const id = cors.findings[0]!.evidence![0]!;
    expect(page.match(new RegExp(`data-evidence="${id}"`, 'g'))).toHaveLength(1);
    expect(page).toContain(`data-evidence-ref="${id}"`);
  });

  it('cuts a body past 8 KB with a note, and indents a compact JSON body', () => {
    const r = sampleResults();
    const ev = r.evidence['ev-0006'] as Extract<Results['evidence'][string], { kind: 'http' }>;
    const page = renderHtml(r);
    expect(page).toContain('{\n  &quot;items&quot;: []\n}');
    ev.response!.body = JSON.stringify({ items: ['x'.repeat(20_000)] });
    const big = renderHtml(r);
    expect(big).toContain('KB more not shown here');
    expect(big).not.toContain('x'.repeat(9000));
  });

  it('shows a remediation hint when a check carries one', () => {
    const r = sampleResults();
    Object.assign(
      r.checks.find((c) => c.id === 'cors-policy')!,
      { remediation: 'Allow listed origins only.' },
    );
    const page = renderHtml(r);
    expect(page).toContain('data-remediation');
    expect(page).toContain('Allow listed origins only.');
    expect(html).not.toContain('data-remediation');
  });

  it('shows file evidence images inline from evidence/', () => {
    expect(html).toMatch(/<img class="shot" src="evidence\/[0-9a-f]+\.png" alt="portal: FAL1 form screenshot"/);
  });
});
