// PortalSession: one scripted visit of the member's web portal in Chromium. It creates a port call
// through the API (agentA), signs in with the configured portal user, finds that port call in the
// portal, submits a FAL1 general declaration through the form and reads it back through the API,
// replays the session cookie before and after signing out, tries a wrong password, and runs
// axe-core on the sign-in page, the list and the form. Screenshots at each step become evidence.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { defineCollector } from '../../../engine/check.ts';
import { DEFAULT_PORTAL_ENV } from '../../../engine/config.ts';
import type { CollectContext } from '../../../engine/context.ts';
import { portCallIdFrom } from '../../../load/seed.ts';
import type { LoginRecord, LogoutRecord, PortalSession, PortalStep, ReplayRecord } from '../artifact.ts';
import { launchPortalBrowser } from '../browser.ts';
import { parseSetCookies } from '../cookies.ts';
import { fal1Typed, LAYOUT, MAX_LIST_PAGES, portalPortCall, WCAG21_AA_TAGS } from '../layout.ts';
import { scanPage } from './axe.ts';
import {
  browserVersion,
  clickAndLoad,
  DocumentRecorder,
  goto,
  headerLines,
  screenshot,
  visitOf,
} from './page-tools.ts';

/** Everything one visit shares. */
interface Visit {
  ctx: CollectContext;
  art: PortalSession;
  page: Page;
  docs: DocumentRecorder;
  portalUrl: string;
  listUrl: string;
  portCallId: string;
  /** The PortCallInput it was created with (the FAL1 typed in repeats its ship and ports). */
  portCall: Record<string, unknown>;
  user: { username: string; password: string };
}

/** Runs a step; a throw is recorded against the step (checks that need it become errors). */
async function step(v: Visit, name: PortalStep, fn: () => Promise<void>): Promise<boolean> {
  if (v.ctx.signal.aborted) {
    v.art.errors.push({ step: name, message: 'the collector was stopped (time limit or interrupt)' });
    return false;
  }
  try {
    await fn();
    return true;
  } catch (err) {
    v.art.errors.push({ step: name, message: scrub(v, (err as Error).message.split('\n')[0] ?? String(err)) });
    return false;
  }
}

/** Removes the portal password from anything kept (URLs of a GET sign-in form, error messages). */
function scrub(v: Pick<Visit, 'user'>, s: string): string {
  const pw = v.user.password;
  if (pw.length < 3) return s;
  return s.split(pw).join('[REDACTED]').split(encodeURIComponent(pw)).join('[REDACTED]');
}

async function hasLogoutControl(page: Page): Promise<boolean> {
  return (await page.locator(LAYOUT.logoutControl).count()) > 0;
}

/** Opens the portal, fills the sign-in form and submits it. */
async function submitSignIn(v: Visit, password: string, before?: (page: Page) => Promise<void>) {
  const { page, docs } = v;
  await goto(page, v.portalUrl);
  const pw = page.locator(LAYOUT.passwordInput).first();
  if ((await pw.count()) === 0)
    throw new Error(`no password field at ${page.url()}: the portal URL should lead to a sign-in form`);
  if (before) await before(page);
  const form = page.locator('form').filter({ has: pw }).first();
  const formMethod = ((await form.getAttribute('method')) ?? 'get').toLowerCase();
  const formAction = await form.evaluate((f) => (f as HTMLFormElement).action);
  let filled = false;
  for (const sel of LAYOUT.usernameInputs) {
    const input = form.locator(sel).first();
    if ((await input.count()) > 0) {
      await input.fill(v.user.username);
      filled = true;
      break;
    }
  }
  if (!filled) throw new Error(`no user-name field in the sign-in form at ${page.url()}`);
  await pw.fill(password);
  const mark = docs.mark();
  await clickAndLoad(page, form.locator(LAYOUT.submit).first());
  const hops = docs.since(mark);
  const post = hops.find((d) => d.method === 'POST') ?? hops[0];
  const passwordInUrl = hops.some((d) => d.url.includes(password) || d.url.includes(encodeURIComponent(password)));
  return { formMethod, formAction: scrub(v, formAction), post, hops, passwordInUrl };
}

async function signIn(v: Visit): Promise<void> {
  const { ctx, art, page, docs } = v;
  const r = await submitSignIn(v, v.user.password, async (p) => {
    const shot = await screenshot(p, ctx.evidence, 'sign-in page');
    art.pages.push(await visitOf(p, 'login', docs.last(), shot));
    art.accessibility.push(await scanPage(p, 'login', WCAG21_AA_TAGS, shot));
  });
  const shot = await screenshot(page, ctx.evidence, 'after signing in');
  const login: LoginRecord = {
    pageUrl: art.pages.find((p) => p.name === 'login')?.url ?? v.portalUrl,
    formMethod: r.formMethod,
    formAction: r.formAction,
    responseUrl: r.post ? scrub(v, r.post.url) : null,
    responseStatus: r.post?.status ?? null,
    landingUrl: scrub(v, page.url()),
    succeeded: await hasLogoutControl(page),
    passwordInUrl: r.passwordInUrl,
    ...(shot ? { screenshot: shot } : {}),
  };
  art.login = login;
  const setCookies = (await Promise.all(r.hops.map((h) => headerLines(h.response, 'set-cookie')))).flat();
  art.session = {
    responseUrl: login.responseUrl ?? login.landingUrl,
    cookies: parseSetCookies(setCookies).filter((c) => !c.clears),
    ...(shot ? { screenshot: shot } : {}),
  };
}

async function findInList(v: Visit): Promise<void> {
  const { ctx, art, page, docs } = v;
  await goto(page, v.listUrl);
  const shot = await screenshot(page, ctx.evidence, 'port call list');
  art.pages.push(await visitOf(page, 'list', docs.last(), shot));
  art.accessibility.push(await scanPage(page, 'list', WCAG21_AA_TAGS, shot));
  const link = page.locator(`a[href*="${v.portCallId}"]`).first();
  let pages = 1;
  while ((await link.count()) === 0 && pages < MAX_LIST_PAGES) {
    const next = page.locator(LAYOUT.nextPage).first();
    if ((await next.count()) === 0) break;
    await clickAndLoad(page, next);
    pages++;
  }
  const found = (await link.count()) > 0;
  art.listing = { url: v.listUrl, found, pagesSearched: pages, ...(shot ? { screenshot: shot } : {}) };
  if (found) {
    await clickAndLoad(page, link);
    art.portCallPageUrl = page.url();
    art.pages.push(await visitOf(page, 'port-call', docs.last()));
  }
}

async function submitFal1(v: Visit): Promise<void> {
  const { ctx, art, page, docs } = v;
  let form = page.locator(LAYOUT.fal1Form).first();
  if ((await form.count()) === 0) {
    const link = page.locator(LAYOUT.fal1Link).first();
    if ((await link.count()) > 0) await clickAndLoad(page, link);
    form = page.locator(LAYOUT.fal1Form).first();
  }
  if ((await form.count()) === 0) throw new Error(`no FAL1 form (a form with a numberOfCrew field) at ${page.url()}`);
  const formUrl = page.url();
  art.accessibility.push(
    await scanPage(page, 'form', WCAG21_AA_TAGS, await screenshot(page, ctx.evidence, 'FAL1 form')),
  );

  const typed = fal1Typed(v.portCall, ctx.seed);
  const missingFields: string[] = [];
  for (const [name, value] of Object.entries(typed)) {
    const el = form.locator(`[name="${name}"]`).first();
    if ((await el.count()) === 0) {
      missingFields.push(name);
      continue;
    }
    const kind = await el.evaluate((e) => `${e.tagName.toLowerCase()}:${(e as HTMLInputElement).type ?? ''}`);
    if (kind.startsWith('select')) await el.selectOption(String(value));
    else if (kind === 'input:radio') await form.locator(`[name="${name}"][value="${String(value)}"]`).check();
    else await el.fill(String(value));
  }
  const filledShot = await screenshot(page, ctx.evidence, 'FAL1 form filled in');
  const mark = docs.mark();
  await clickAndLoad(page, form.locator(LAYOUT.submit).first());
  const post = docs.since(mark).find((d) => d.method === 'POST');
  const resultShot = await screenshot(page, ctx.evidence, 'after submitting FAL1');
  art.pages.push(await visitOf(page, 'fal1-result', docs.last(), resultShot));
  art.fal1 = {
    formUrl,
    typed,
    missingFields,
    submitUrl: post?.url ?? null,
    submitStatus: post?.status ?? null,
    resultUrl: page.url(),
    ...(filledShot ? { screenshot: filledShot } : {}),
    ...(resultShot ? { resultScreenshot: resultShot } : {}),
  };
}

async function readBack(v: Visit): Promise<void> {
  const ex = await v.ctx.http.request({
    as: 'agentA',
    method: 'GET',
    url: `/port-calls/${encodeURIComponent(v.portCallId)}/formalities/general-declaration`,
    label: 'portal: FAL1 from the portal, read back through the API',
  });
  const doc = (ex.json as { document?: unknown } | undefined)?.document;
  v.art.apiReadback = {
    url: ex.url,
    status: ex.status,
    ...(doc && typeof doc === 'object' && !Array.isArray(doc) ? { document: doc as Record<string, unknown> } : {}),
    ...(ex.evidenceId ? { evidenceId: ex.evidenceId } : {}),
  };
}

/**
 * A portal page fetched by the harness's own client. Recorded as evidence by hand: an HTML body is
 * not redacted field by field (form values hold personal data and CSRF tokens), so the evidence
 * keeps the status, the (redacted) headers and a summary of the page instead of the page itself.
 */
async function fetchPortalPage(v: Visit, url: string, headers: Record<string, string>, label: string) {
  const startedAt = new Date().toISOString();
  const ex = await v.ctx.http.request({
    method: 'GET',
    url,
    headers: { accept: 'text/html', ...headers },
    label,
    record: false,
  });
  const shows = ex.text.includes(v.portCallId);
  const title = /<title[^>]*>([^<]{0,200})/i.exec(ex.text)?.[1]?.trim();
  const summary = `[page not kept: ${Buffer.byteLength(ex.text)} bytes${title ? `, title "${title}"` : ''}; shows the test port call: ${shows ? 'yes' : 'no'}]`;
  const evidenceId = v.ctx.evidence.addHttp({
    label,
    startedAt,
    durationMs: ex.durationMs,
    request: { method: 'GET', url: ex.url, headers: ex.requestHeaders },
    response: { status: ex.status, headers: ex.headers, body: summary },
  });
  return { ex, shows, evidenceId };
}

/** The old cookies, sent by the harness's own client: does the portal still serve the signed-in page? */
async function replay(v: Visit, url: string, cookie: string, when: string): Promise<ReplayRecord> {
  const { ex, shows, evidenceId } = await fetchPortalPage(
    v,
    url,
    { cookie },
    `portal: session cookie replayed ${when} signing out`,
  );
  // Only the signed-in tenant can see the test port call: its id on the page proves the session.
  return { url: ex.url, status: ex.status, authenticated: ex.status >= 200 && ex.status < 300 && shows, evidenceId };
}

async function signOut(v: Visit): Promise<void> {
  const { ctx, art, page, docs } = v;
  const context = page.context();
  const jar = await context.cookies(v.portalUrl);
  const cookie = jar.map((c) => `${c.name}=${c.value}`).join('; ');
  const replayUrl = art.portCallPageUrl ?? v.listUrl;
  const record: LogoutRecord = {
    performed: false,
    responseStatus: null,
    clearedCookie: false,
    before: null,
    after: null,
  };
  art.logout = record;
  record.before = await replay(v, replayUrl, cookie, 'before');

  const control = page.locator(LAYOUT.logoutControl).first();
  if ((await control.count()) === 0) return;
  const mark = docs.mark();
  await clickAndLoad(page, control);
  record.performed = true;
  record.responseStatus = docs.since(mark)[0]?.status ?? null;
  // Compared by value: the sign-in page after sign-out may well start a fresh pre-login session.
  const sessionNames = new Set((art.session?.cookies ?? []).map((c) => c.name));
  const old = new Set(jar.filter((c) => sessionNames.has(c.name)).map((c) => `${c.name}=${c.value}`));
  const after = await context.cookies(v.portalUrl);
  record.clearedCookie = old.size > 0 && !after.some((c) => old.has(`${c.name}=${c.value}`));
  const shot = await screenshot(page, ctx.evidence, 'after signing out');
  if (shot) record.screenshot = shot;
  art.pages.push(await visitOf(page, 'signed-out', docs.last(), shot));
  record.after = await replay(v, replayUrl, cookie, 'after');
}

async function wrongPassword(v: Visit): Promise<void> {
  const { ctx, art, page, docs } = v;
  await page.context().clearCookies();
  const wrong = `${v.user.password}~wrong-${randomBytes(6).toString('hex')}`;
  const r = await submitSignIn(v, wrong);
  const shot = await screenshot(page, ctx.evidence, 'after a wrong password');
  art.pages.push(await visitOf(page, 'login-failed', docs.last(), shot));
  const landingUrl = scrub({ user: { ...v.user, password: wrong } }, page.url());
  let loggedIn = await hasLogoutControl(page);
  // Some portals land on a neutral page either way: open a signed-in-only page to be sure.
  if (!loggedIn) {
    await goto(page, art.portCallPageUrl ?? v.listUrl);
    loggedIn = await hasLogoutControl(page);
  }
  art.wrongPassword = {
    responseStatus: r.post?.status ?? null,
    landingUrl,
    loggedIn,
    ...(shot ? { screenshot: shot } : {}),
  };
}

export const portalSessionCollector = defineCollector({
  name: 'PortalSession',
  description:
    'Signs in to the web portal in Chromium, submits a FAL1 through it and reads it back through the API, ' +
    'signs out and replays the session, tries a wrong password, and runs axe-core (WCAG 2.1 A/AA).',
  timeoutMs: 180_000,
  async collect(ctx): Promise<PortalSession> {
    const t = ctx.target;
    const art: PortalSession = {
      status: 'collected',
      portalUrl: t.portalUrl ?? '',
      pages: [],
      accessibility: [],
      blockedRequests: [],
      errors: [],
    };
    if (!t.portalUrl)
      return { ...art, status: 'not-applicable', reason: 'no portal URL is configured for this target' };
    if (!t.portalUser) {
      return {
        ...art,
        status: 'not-applicable',
        reason: `no portal user: set ${DEFAULT_PORTAL_ENV.usernameEnv} and ${DEFAULT_PORTAL_ENV.passwordEnv}`,
      };
    }

    const portCall = portalPortCall(new Date());
    const created = await ctx.http.request({
      as: 'agentA',
      method: 'POST',
      url: '/port-calls',
      body: portCall,
      label: 'portal: port call for the portal visit',
    });
    const portCallId = created.status === 201 ? portCallIdFrom(created.json, created.headers.location) : undefined;
    if (!portCallId)
      throw new Error(
        `createPortCall as agentA answered ${created.status}: the portal visit needs a port call of that tenant`,
      );
    art.portCallId = portCallId;

    // The verifying client first: the portal host answers, in scope, with a certificate the configured
    // trust set accepts (the browser below may not be able to check that itself).
    const entry = await ctx.http.request({
      method: 'GET',
      url: t.portalUrl,
      headers: { accept: 'text/html' },
      label: 'portal: entry page',
      record: false,
    });
    ctx.log.debug(`portal entry ${t.portalUrl}: ${entry.status}`);

    const browser = await launchPortalBrowser(t, ctx.signal);
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage());
      const v: Visit = {
        ctx,
        art,
        page,
        docs: new DocumentRecorder(page),
        portalUrl: t.portalUrl,
        listUrl: new URL(LAYOUT.listPath, t.portalUrl).toString(),
        portCallId,
        portCall,
        user: t.portalUser,
      };
      art.browser = { executable: browser.executable, version: await browserVersion(page) };

      if ((await step(v, 'login', () => signIn(v))) && art.login?.succeeded) {
        await step(v, 'listing', () => findInList(v));
        if (art.portCallPageUrl && (await step(v, 'fal1', () => submitFal1(v)))) {
          await step(v, 'api-readback', () => readBack(v));
        }
        await step(v, 'logout', () => signOut(v));
      }
      await step(v, 'wrong-password', () => wrongPassword(v));
    } finally {
      art.blockedRequests = [...browser.blocked];
      await browser.close();
    }
    return art;
  },
});
