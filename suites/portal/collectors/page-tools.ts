// Browser helpers of the portal visit: which documents the main frame loaded (with their headers),
// bounded navigation, screenshots with secrets masked, and the CSP a page is under.
import type { Locator, Page, Response } from 'playwright-core';
import type { EvidenceStore } from '../../../engine/context.ts';
import type { PageVisit } from '../artifact.ts';
import { ACTION_TIMEOUT_MS, NAVIGATION_TIMEOUT_MS } from '../browser.ts';
import { splitPolicies } from '../csp.ts';
import { LAYOUT } from '../layout.ts';
import { pageUrl } from '../page-url.ts';

export interface DocResponse {
  url: string;
  method: string;
  status: number;
  response: Response;
  /** The kind of page the visit was loading when it arrived (DocumentRecorder.label). */
  label: string;
}

/** Records every main-frame document response (redirect hops included), in order. */
export class DocumentRecorder {
  readonly #docs: DocResponse[] = [];
  /** Bounded: a redirect loop cannot grow it forever. */
  static readonly MAX = 500;
  /** The kind of page the visit is loading now; each response is recorded with it. */
  label = 'login';

  constructor(private readonly page: Page) {
    page.on('response', (r) => {
      const req = r.request();
      if (!req.isNavigationRequest() || r.frame() !== page.mainFrame()) return;
      if (this.#docs.length >= DocumentRecorder.MAX) this.#docs.shift();
      this.#docs.push({ url: r.url(), method: req.method(), status: r.status(), response: r, label: this.label });
    });
  }

  all(): readonly DocResponse[] {
    return this.#docs;
  }

  mark(): number {
    return this.#docs.length;
  }

  since(mark: number): DocResponse[] {
    return this.#docs.slice(Math.min(mark, this.#docs.length));
  }

  last(): DocResponse | undefined {
    return this.#docs[this.#docs.length - 1];
  }
}

/** Header lines of one name (Playwright may fold repeated lines into one, newline-separated). */
export async function headerLines(r: Response, name: string): Promise<string[]> {
  const all = await r.headersArray();
  return all
    .filter((h) => h.name.toLowerCase() === name)
    .flatMap((h) => h.value.split('\n'))
    .map((v) => v.trim())
    .filter(Boolean);
}

const MAX_429_ATTEMPTS = 3;
const MAX_RETRY_WAIT_MS = 2_000;

/** page.goto, waiting out a 429 (bounded) the way the HTTP client does. */
export async function goto(page: Page, url: string): Promise<Response | null> {
  for (let attempt = 1; ; attempt++) {
    const res = await page.goto(url, { waitUntil: 'load', timeout: NAVIGATION_TIMEOUT_MS });
    if (!res || res.status() !== 429 || attempt >= MAX_429_ATTEMPTS) return res;
    const after = Number(res.headers()['retry-after']);
    await page.waitForTimeout(Math.min(Number.isFinite(after) && after > 0 ? after * 1000 : 500, MAX_RETRY_WAIT_MS));
  }
}

/** Clicks something that submits or navigates, and waits for the next document to load. */
export async function clickAndLoad(page: Page, target: Locator, timeoutMs = NAVIGATION_TIMEOUT_MS): Promise<void> {
  const loaded = page.waitForEvent('load', { timeout: timeoutMs });
  await target.click({ timeout: ACTION_TIMEOUT_MS });
  await loaded;
}

/** A full-page PNG with password and personal-data fields masked, as file evidence. */
export async function screenshot(page: Page, evidence: EvidenceStore, label: string): Promise<string | undefined> {
  try {
    const png = await page.screenshot({
      fullPage: true,
      timeout: ACTION_TIMEOUT_MS,
      animations: 'disabled',
      mask: [page.locator(LAYOUT.masked)],
    });
    return evidence.addFile(`portal: ${label}`, png, 'image/png', 'png');
  } catch {
    return undefined; // a missing screenshot must not cost the step its findings
  }
}

/** The page as loaded: its final document response, enforced CSP header policies and meta policies. */
export async function visitOf(
  page: Page,
  name: string,
  doc: DocResponse | undefined,
  shot?: string,
): Promise<PageVisit> {
  const csp = doc ? (await headerLines(doc.response, 'content-security-policy')).flatMap(splitPolicies) : [];
  const cspMeta = await page
    .locator('meta[http-equiv="Content-Security-Policy" i]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('content') ?? '').filter(Boolean));
  return {
    name,
    url: pageUrl(page.url()),
    status: doc ? doc.status : null,
    csp,
    cspMeta,
    ...(shot ? { screenshot: shot } : {}),
  };
}

/** "Chromium 156.0.1.2"-style version from the user agent (a persistent context has no Browser object). */
export async function browserVersion(page: Page): Promise<string> {
  const ua = await page.evaluate(() => navigator.userAgent);
  return /(?:HeadlessChrome|Chrome|Chromium)\/([\d.]+)/.exec(ua)?.[1] ?? 'unknown';
}
