// PortalSession: one scripted visit of the member's web portal in Chromium. It creates a port call
// through the API (agentA), signs in with the configured portal user, finds that port call in the
// portal, sends its FAL1 form once with an invalid IMO number (the form must come back with errors),
// then submits a FAL1 general declaration whose every field differs from what the form showed, and
// reads it back through the API; it replays the session cookies at every signed-in page before and
// after signing out, and tries each kind of wrong credentials (wrong password, empty password,
// unknown user) in a fresh browser session. Every kind of page the profile names is visited once and
// scanned with axe-core; every Set-Cookie of every page is kept. Screenshots at each step become evidence.
import { randomBytes } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { defineCollector } from '../../../engine/check.ts';
import { DEFAULT_PORTAL_ENV } from '../../../engine/config.ts';
import type { CollectContext } from '../../../engine/context.ts';
import { portCallIdFrom } from '../../../load/seed.ts';
import type {
  CookieSetting,
  LoginRecord,
  LogoutRecord,
  LogoutReplay,
  PortalSession,
  PortalStep,
  ReplayRecord,
  WrongCredentialsRecord,
} from '../artifact.ts';
import { launchPortalBrowser } from '../browser.ts';
import { parseSetCookies } from '../cookies.ts';
import { chooseTyped, fal1Candidates, wrongCheckDigit } from '../fal1.ts';
import { carriesSecret, pageUrl, scrubCredentials } from '../page-url.ts';
import {
  LAYOUT,
  MAX_LIST_PAGES,
  portalPortCall,
  WCAG21_AA_TAGS,
  WRONG_CREDENTIALS,
  type PageKind,
  type WrongCredentials,
} from '../layout.ts';
import { scanPage } from './axe.ts';
import {
  browserVersion,
  clickAndLoad,
  DocumentRecorder,
  goto,
  headerLines,
  screenshot,
  visitOf,
  type DocResponse,
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
  /** The port call's page and the page after the FAL1 was sent, as reached (query values included): opened again; the artifact keeps pageUrl() of them (names only). */
  portCallPage?: string;
  fal1ResultPage?: string;
  /** How the FAL1 form with an invalid IMO number was answered. */
  fal1Invalid?: { status: number | null; refused: boolean };
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

/** Removes the portal user's name and password from anything kept (error messages: page URLs are cut to their path). */
function scrub(v: Pick<Visit, 'user'>, s: string): string {
  return scrubCredentials(s, v.user);
}

async function hasLogoutControl(page: Page): Promise<boolean> {
  return (await page.locator(LAYOUT.logoutControl).count()) > 0;
}

/** Opens the portal, fills the sign-in form with these credentials and submits it. */
async function submitSignIn(
  v: Visit,
  credentials: { username: string; password: string },
  before?: (page: Page) => Promise<void>,
) {
  const { page, docs } = v;
  await goto(page, v.portalUrl);
  const pw = page.locator(LAYOUT.passwordInput).first();
  if ((await pw.count()) === 0)
    throw new Error(`no password field at ${pageUrl(page.url())}: the portal URL should lead to a sign-in form`);
  if (before) await before(page);
  const form = page.locator('form').filter({ has: pw }).first();
  const formMethod = ((await form.getAttribute('method')) ?? 'get').toLowerCase();
  const formAction = await form.evaluate((f) => (f as HTMLFormElement).action);
  let filled = false;
  for (const sel of LAYOUT.usernameInputs) {
    const input = form.locator(sel).first();
    if ((await input.count()) > 0) {
      await input.fill(credentials.username);
      filled = true;
      break;
    }
  }
  if (!filled) throw new Error(`no user-name field in the sign-in form at ${pageUrl(page.url())}`);
  await pw.fill(credentials.password);
  const mark = docs.mark();
  await clickAndLoad(page, form.locator(LAYOUT.submit).first());
  const hops = docs.since(mark);
  const post = hops.find((d) => d.method === 'POST') ?? hops[0];
  const passwordInUrl = hops.some((d) => carriesSecret(d.url, credentials.password));
  return { formMethod, formAction: pageUrl(formAction), post, hops, passwordInUrl };
}

async function signIn(v: Visit): Promise<void> {
  const { ctx, art, page, docs } = v;
  docs.label = 'login';
  const r = await submitSignIn(v, v.user, async (p) => {
    const shot = await screenshot(p, ctx.evidence, 'sign-in page');
    art.pages.push(await visitOf(p, 'login', docs.last(), shot));
    art.accessibility.push(await scanPage(p, 'login', WCAG21_AA_TAGS, shot));
  });
  const shot = await screenshot(page, ctx.evidence, 'after signing in');
  const login: LoginRecord = {
    pageUrl: art.pages.find((p) => p.name === 'login')?.url ?? v.portalUrl,
    formMethod: r.formMethod,
    formAction: r.formAction,
    responseUrl: r.post ? pageUrl(r.post.url) : null,
    responseStatus: r.post?.status ?? null,
    landingUrl: pageUrl(page.url()),
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
  docs.label = 'list';
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
    docs.label = 'port-call';
    await clickAndLoad(page, link);
    v.portCallPage = page.url();
    art.portCallPageUrl = pageUrl(v.portCallPage);
    const callShot = await screenshot(page, ctx.evidence, 'port call');
    art.pages.push(await visitOf(page, 'port-call', docs.last(), callShot));
  }
}

/** The screenshot of the port call page as the visit last recorded it. */
function portCallShot(v: Visit): string | undefined {
  return v.art.pages.findLast((p) => p.name === 'port-call')?.screenshot;
}

/** The page's FAL1 form: on the port call's page, or behind its general-declaration link. */
async function fal1Form(v: Visit): Promise<Locator> {
  const { page, docs } = v;
  let form = page.locator(LAYOUT.fal1Form).first();
  if ((await form.count()) === 0) {
    const link = page.locator(LAYOUT.fal1Link).first();
    if ((await link.count()) > 0) {
      docs.label = 'port-call';
      await clickAndLoad(page, link);
      const shot = await screenshot(page, v.ctx.evidence, 'FAL1 form');
      v.art.pages.push(await visitOf(page, 'port-call', docs.last(), shot));
    }
    form = page.locator(LAYOUT.fal1Form).first();
  }
  if ((await form.count()) === 0)
    throw new Error(`no FAL1 form (a form with a numberOfCrew field) at ${pageUrl(page.url())}`);
  return form;
}

/** What each field of the form shows now (the fields it lacks are left out). */
async function formValues(form: Locator, names: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const el = form.locator(`[name="${name}"]`).first();
    if ((await el.count()) === 0) continue;
    const kind = await el.evaluate((e) => `${e.tagName.toLowerCase()}:${(e as HTMLInputElement).type ?? ''}`);
    out[name] =
      kind === 'input:radio'
        ? ((await form.locator(`[name="${name}"]:checked`).first().getAttribute('value')) ?? '')
        : await el.inputValue();
  }
  return out;
}

/** Types `values` into the form; returns the fields it does not have. */
async function fillForm(form: Locator, values: Record<string, string | number>): Promise<string[]> {
  const missing: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    const el = form.locator(`[name="${name}"]`).first();
    if ((await el.count()) === 0) {
      missing.push(name);
      continue;
    }
    const kind = await el.evaluate((e) => `${e.tagName.toLowerCase()}:${(e as HTMLInputElement).type ?? ''}`);
    if (kind.startsWith('select')) await el.selectOption(String(value));
    else if (kind === 'input:radio') await form.locator(`[name="${name}"][value="${String(value)}"]`).check();
    else await el.fill(String(value));
  }
  return missing;
}

/** How long the invalid form gets to come back: no answer (a browser-side check) is no error page. */
const INVALID_SUBMIT_WAIT_MS = 10_000;

/**
 * The form sent back with errors: every field as it will be typed, but the IMO number with a wrong
 * check digit (a rule of the profile no browser-side check knows). The answer must be the form again.
 */
async function submitInvalid(v: Visit, form: Locator, typed: Record<string, string | number>): Promise<void> {
  const { ctx, art, page, docs } = v;
  await fillForm(form, { ...typed, imoNumber: wrongCheckDigit(String(typed.imoNumber ?? '')) });
  docs.label = 'fal1-errors';
  const mark = docs.mark();
  await clickAndLoad(page, form.locator(LAYOUT.submit).first(), INVALID_SUBMIT_WAIT_MS);
  const post = docs.since(mark).find((d) => d.method === 'POST');
  // Sent back: an error status, or the form again in a direct answer (a redirect is post/redirect/get
  // after success, even when the page it leads to shows the form again).
  const status = post?.status ?? 0;
  const formAgain = (await page.locator(LAYOUT.fal1Form).count()) > 0;
  const refused = post !== undefined && (status >= 400 || (status < 300 && formAgain));
  v.fal1Invalid = { status: post?.status ?? null, refused };
  if (refused) {
    const shot = await screenshot(page, ctx.evidence, 'FAL1 form sent back with errors');
    art.pages.push(await visitOf(page, 'fal1-errors', docs.last(), shot));
    art.accessibility.push(await scanPage(page, 'fal1-errors', WCAG21_AA_TAGS, shot));
  }
}

async function submitFal1(v: Visit): Promise<void> {
  const { ctx, art, page, docs } = v;
  let form = await fal1Form(v);
  const formUrl = page.url();
  art.accessibility.push(await scanPage(page, 'port-call', WCAG21_AA_TAGS, portCallShot(v)));

  const candidates = fal1Candidates(v.portCall, ctx.seed);
  const prefilled = await formValues(form, Object.keys(candidates));
  const typed = chooseTyped(candidates, prefilled);

  await step(v, 'fal1-errors', () => submitInvalid(v, form, typed));
  const sentBack = v.fal1Invalid;
  // Accepted, or no answer: start again from the port call's form.
  if (!sentBack?.refused) {
    docs.label = 'port-call';
    await goto(page, formUrl);
  }
  form = page.locator(LAYOUT.fal1Form).first();
  if ((await form.count()) === 0) throw new Error(`the FAL1 form is gone from ${pageUrl(page.url())}`);

  const missingFields = await fillForm(form, typed);
  const filledShot = await screenshot(page, ctx.evidence, 'FAL1 form filled in');
  docs.label = 'fal1-result';
  const mark = docs.mark();
  await clickAndLoad(page, form.locator(LAYOUT.submit).first());
  const post = docs.since(mark).find((d) => d.method === 'POST');
  const resultShot = await screenshot(page, ctx.evidence, 'after submitting FAL1');
  art.pages.push(await visitOf(page, 'fal1-result', docs.last(), resultShot));
  art.accessibility.push(await scanPage(page, 'fal1-result', WCAG21_AA_TAGS, resultShot));
  v.fal1ResultPage = page.url();
  art.fal1 = {
    formUrl: pageUrl(formUrl),
    prefilled,
    typed,
    missingFields,
    submitUrl: post ? pageUrl(post.url) : null,
    submitStatus: post?.status ?? null,
    resultUrl: pageUrl(v.fal1ResultPage),
    ...(filledShot ? { screenshot: filledShot } : {}),
    ...(resultShot ? { resultScreenshot: resultShot } : {}),
    ...(sentBack ? { invalidSubmit: sentBack } : {}),
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
    response: { status: ex.status, headers: ex.headers, repeatedHeaders: ex.repeatedHeaders, body: summary },
  });
  return { ex, shows, evidenceId };
}

/** A sign-out control in a page's HTML (a form or link whose address contains "logout"). */
const SIGN_OUT_MARKUP = /\b(?:action|href)\s*=\s*["'][^"']*logout/i;

/** The old cookies, sent by the harness's own client: does the portal still serve the signed-in page? */
async function replay(v: Visit, page: string, url: string, cookie: string, when: string): Promise<ReplayRecord> {
  const { ex, shows, evidenceId } = await fetchPortalPage(
    v,
    url,
    { cookie },
    `portal: session cookie replayed at the ${page} page ${when} signing out`,
  );
  // A signed-in page: it shows the test port call (only its tenant sees it) or offers to sign out.
  const signedInPage = shows || SIGN_OUT_MARKUP.test(ex.text);
  return {
    url: pageUrl(ex.url),
    status: ex.status,
    authenticated: ex.status >= 200 && ex.status < 300 && signedInPage,
    evidenceId,
  };
}

/** The signed-in pages a GET opens again, as the visit reached them. */
function replayPages(v: Visit): [PageKind, string][] {
  const out: [PageKind, string][] = [['list', v.listUrl]];
  if (v.portCallPage) out.push(['port-call', v.portCallPage]);
  if (v.fal1ResultPage && v.fal1ResultPage !== v.portCallPage) out.push(['fal1-result', v.fal1ResultPage]);
  return out;
}

async function signOut(v: Visit): Promise<void> {
  const { ctx, art, page, docs } = v;
  const context = page.context();
  const jar = await context.cookies(v.portalUrl);
  const cookie = jar.map((c) => `${c.name}=${c.value}`).join('; ');
  const record: LogoutRecord = { performed: false, responseStatus: null, clearedCookie: false, replays: [] };
  art.logout = record;
  const pages = replayPages(v);
  for (const [kind, url] of pages)
    record.replays.push({ page: kind, before: await replay(v, kind, url, cookie, 'before'), after: null });

  const control = page.locator(LAYOUT.logoutControl).first();
  if ((await control.count()) === 0) return;
  docs.label = 'signed-out';
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
  art.accessibility.push(await scanPage(page, 'signed-out', WCAG21_AA_TAGS, shot));
  for (const r of record.replays as LogoutReplay[]) {
    const url = pages.find(([kind]) => kind === r.page)?.[1] ?? r.before.url;
    r.after = await replay(v, r.page, url, cookie, 'after');
  }
}

/** The credentials of each kind the portal must refuse. */
function wrongCredentials(user: Visit['user'], kind: WrongCredentials): { username: string; password: string } {
  const salt = randomBytes(6).toString('hex');
  if (kind === 'empty-password') return { username: user.username, password: '' };
  if (kind === 'unknown-user') return { username: `nobody-${salt}`, password: user.password };
  return { username: user.username, password: `${user.password}~wrong-${salt}` };
}

/** One sign-in with wrong credentials from an empty cookie jar: does any signed-in page open? */
async function tryWrongCredentials(v: Visit, kind: WrongCredentials): Promise<void> {
  const { ctx, art, page, docs } = v;
  await page.context().clearCookies();
  docs.label = 'login-failed';
  const credentials = wrongCredentials(v.user, kind);
  const r = await submitSignIn(v, credentials);
  const label = `after signing in with ${kind.replace('-', ' ')}`;
  const landingUrl = pageUrl(page.url());
  let loggedIn = await hasLogoutControl(page);
  // The page the attempt landed on is evidence when it signed in, and, once, as the sign-in form
  // after wrong credentials (visited and scanned).
  const first = !loggedIn && !art.pages.some((p) => p.name === 'login-failed');
  let shot = loggedIn || first ? await screenshot(page, ctx.evidence, label) : undefined;
  if (first) {
    art.pages.push(await visitOf(page, 'login-failed', docs.last(), shot));
    art.accessibility.push(await scanPage(page, 'login-failed', WCAG21_AA_TAGS, shot));
  }
  // Some portals land on a neutral page either way: open a signed-in-only page to be sure.
  if (!loggedIn) {
    await goto(page, v.portCallPage ?? v.listUrl);
    loggedIn = await hasLogoutControl(page);
    if (loggedIn) shot = await screenshot(page, ctx.evidence, `${label}, then opening a signed-in page`);
  }
  const record: WrongCredentialsRecord = {
    attempt: kind,
    responseStatus: r.post?.status ?? null,
    landingUrl,
    loggedIn,
    ...(shot ? { screenshot: shot } : {}),
  };
  art.wrongCredentials.push(record);
}

/** Every Set-Cookie of every document the visit loaded, with its kind of page (values dropped). */
async function cookiesSet(docs: readonly DocResponse[]): Promise<CookieSetting[]> {
  const out: CookieSetting[] = [];
  for (const d of docs) {
    let lines: string[];
    try {
      lines = await headerLines(d.response, 'set-cookie');
    } catch {
      continue; // a response whose headers are gone (its page closed) tells nothing more
    }
    for (const cookie of parseSetCookies(lines))
      out.push({ page: d.label, method: d.method, url: pageUrl(d.url), status: d.status, cookie });
  }
  return out;
}

export const portalSessionCollector = defineCollector({
  name: 'PortalSession',
  // One of the longest: started early (engine/schedule.ts startOrder).
  expectedMs: 12_000,
  description:
    'Signs in to the web portal in Chromium, submits a FAL1 through it (once invalid, once valid) and reads it back ' +
    'through the API, signs out and replays the session at every signed-in page, tries wrong credentials of each ' +
    'kind, and runs axe-core (WCAG 2.1 A/AA) on every kind of page.',
  // Profile v1's portal layout and FAL1 form.
  standard: 'psw-v1',
  timeoutMs: 180_000,
  async collect(ctx): Promise<PortalSession> {
    const t = ctx.target;
    const art: PortalSession = {
      status: 'collected',
      portalUrl: t.portalUrl ?? '',
      pages: [],
      wrongCredentials: [],
      cookiesSet: [],
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
      for (const kind of WRONG_CREDENTIALS) await step(v, kind, () => tryWrongCredentials(v, kind));
      art.cookiesSet = await cookiesSet(v.docs.all());
    } finally {
      art.blockedRequests = [...browser.blocked];
      await browser.close();
    }
    return art;
  },
});
