// The PortalSession collector and its browser against the reference single window (loopback only).
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollectContext } from '../../../../engine/wiring.ts';
import { DEMO_PORTAL_USERS } from '../../../../fixtures/credentials.ts';
import { launchPortalBrowser } from '../../../../suites/portal/browser.ts';
import { portalSessionCollector } from '../../../../suites/portal/collectors/portal-session.ts';
import { LAYOUT } from '../../../../suites/portal/layout.ts';
import type { PortalSession } from '../../../../suites/portal/artifact.ts';
import { contextFor, startFixture, targetFor, type FixtureServer } from '../../../helpers/fixture-harness.ts';

describe('PortalSession without a portal to visit', () => {
  it.each([
    ['no portal URL', { portalUrl: undefined }, /no portal URL/],
    ['no portal user', { portalUser: undefined }, /PSW_PORTAL_USERNAME/],
  ])('is not applicable with %s, and sends nothing', async (_name, change, reason) => {
    const base = targetFor({ origin: 'https://127.0.0.1:9', caPem: '' } as FixtureServer);
    const ctx = createCollectContext({ ...base, ...change });
    try {
      const art = await portalSessionCollector.collect(ctx, {});
      expect(art.status).toBe('not-applicable');
      expect(art.reason).toMatch(reason);
      expect(ctx.http.requestCount()).toBe(0);
    } finally {
      await ctx.close();
    }
  });
});

describe('PortalSession on the reference', () => {
  let server: FixtureServer;
  let art: PortalSession;
  beforeAll(async () => {
    server = await startFixture('reference');
    const ctx = await contextFor(server);
    try {
      art = await portalSessionCollector.collect(ctx, {});
    } finally {
      await ctx.close();
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  it('walks every step without error and inside the scope', () => {
    expect(art.errors).toEqual([]);
    expect(art.blockedRequests).toEqual([]);
    // Every kind of page the profile names, visited and scanned once.
    const kinds = ['login', 'list', 'port-call', 'fal1-errors', 'fal1-result', 'signed-out', 'login-failed'];
    expect(art.pages.map((p) => p.name)).toEqual(kinds);
    expect(art.accessibility.map((s) => [s.page, s.error ?? null])).toEqual(kinds.map((k) => [k, null]));
    expect(art.portCallPageUrl).toBe(`${server.portalUrl}port-calls/${art.portCallId}`);
  });

  it('records what each check judges', () => {
    expect(art.login).toMatchObject({ succeeded: true, formMethod: 'post', passwordInUrl: false, responseStatus: 303 });
    expect(art.wrongCredentials.map((w) => [w.attempt, w.loggedIn, w.responseStatus])).toEqual([
      ['wrong-password', false, 422],
      ['empty-password', false, 422],
      ['unknown-user', false, 422],
    ]);
    expect(art.session?.cookies.map((c) => [c.name, c.secure, c.httpOnly, c.sameSite])).toEqual([
      ['__Host-psw_session', true, true, 'Strict'],
    ]);
    // The session cookie as every page set it: pre-login, sign-in, cleared at sign-out, pre-login again.
    expect(art.cookiesSet.map((c) => [c.page, c.method, c.cookie.name, c.cookie.clears])).toEqual([
      ['login', 'GET', '__Host-psw_session', false],
      ['login', 'POST', '__Host-psw_session', false],
      ['signed-out', 'POST', '__Host-psw_session', true],
      ['signed-out', 'GET', '__Host-psw_session', false],
      ['login-failed', 'GET', '__Host-psw_session', false],
      ['login-failed', 'GET', '__Host-psw_session', false],
      ['login-failed', 'GET', '__Host-psw_session', false],
    ]);
    // Every FAL1 field typed, each with a value the form did not show, and read back unchanged.
    const fal1 = art.fal1!;
    expect(Object.keys(fal1.typed)).toHaveLength(12);
    expect(fal1.missingFields).toEqual([]);
    for (const [field, value] of Object.entries(fal1.typed)) {
      expect(String(value), field).not.toBe(fal1.prefilled[field] ?? '');
      expect(art.apiReadback?.document?.[field], field).toBe(value);
    }
    expect(fal1.invalidSubmit).toEqual({ status: 422, refused: true });
    expect(art.logout).toMatchObject({ performed: true, clearedCookie: true });
    expect(art.logout?.replays.map((r) => [r.page, r.before.authenticated, r.after?.authenticated])).toEqual([
      ['list', true, false],
      ['port-call', true, false],
      ['fal1-result', true, false],
    ]);
  });

  it('keeps no secret in the artifact', () => {
    const text = JSON.stringify(art);
    expect(text).not.toContain(DEMO_PORTAL_USERS[0]!.password);
    for (const c of art.session?.cookies ?? []) expect(c.redacted).toMatch(/=\[REDACTED\]/);
  });
});

describe('the portal browser', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixture('reference');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('aborts and lists requests outside the allowed hosts, and removes its profile on close', async () => {
    const browser = await launchPortalBrowser(targetFor(server));
    const outside = 'https://127.0.0.1:9/outside.png';
    const inside = `${server.origin}/portal/static/portal.css`;
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage());
      const failed: string[] = [];
      page.on('requestfailed', (r) => failed.push(r.url()));
      await page.setContent(`<img src="${outside}"><link rel="stylesheet" href="${inside}">`);
      expect(browser.blocked).toEqual([outside]);
      expect(failed).toEqual([outside]);
      await expect(page.goto('https://127.0.0.1:9/')).rejects.toThrow(/ERR_BLOCKED_BY_CLIENT/);
      expect(browser.blocked).toEqual([outside, 'https://127.0.0.1:9/']);
      // A fresh tab: the blocked one is still settling on Chromium's error page.
      const tab = await browser.context.newPage();
      expect((await tab.goto(`${server.portalUrl}login`))?.status()).toBe(200);
    } finally {
      await browser.close();
    }
    expect(browser.userDataDir).toEqual(expect.any(String));
    expect(existsSync(browser.userDataDir!)).toBe(false);
  });

  it("masks in screenshots the sign-in form's visible fields, the master's name and any password, not the rest", async () => {
    const browser = await launchPortalBrowser(targetFor(server));
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage());
      await page.setContent(
        '<form id="login" method="post"><input type="hidden" name="csrf" value="t"><input name="username">' +
          '<input type="email" name="login"><input type="password" name="password"><input type="checkbox" name="remember">' +
          '<input type="submit" value="Sign in"><button>Go</button></form>' +
          '<form id="fal1"><input name="numberOfCrew"><input name="masterName"><input type="submit"></form>' +
          '<input type="password" name="pin">',
      );
      const mask = page.locator(LAYOUT.masked);
      const masked = await mask.evaluateAll((els) =>
        els.map((e) => `${e.closest('form')?.id ?? 'outside'}:${e.getAttribute('name')}`),
      );
      expect(masked).toEqual([
        'login:username',
        'login:login',
        'login:password',
        'login:remember',
        'fal1:masterName',
        'outside:pin',
      ]);
      // Playwright's mask takes it as it is.
      expect((await page.screenshot({ mask: [mask], fullPage: true })).length).toBeGreaterThan(0);
    } finally {
      await browser.close();
    }
  });

  it('leaves Ctrl-C and SIGTERM to the run (no signal handler of its own that would exit first)', async () => {
    const before = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((s) => process.listenerCount(s));
    const browser = await launchPortalBrowser(targetFor(server));
    try {
      expect((['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((s) => process.listenerCount(s))).toEqual(before);
    } finally {
      await browser.close();
    }
  });
});
