// The sign-in page (/portal/login) and the signed-out page (/portal/login?signed-out=1) are two places:
// what the artifact keeps of their URLs (pageUrl: query parameter names, no values) keeps them apart,
// so their findings get different fingerprints, the same ones the full URLs would have given.
import { describe, expect, it } from 'vitest';
import { findingFingerprint } from '../../../engine/fingerprint.ts';
import type { Finding } from '../../../engine/types.ts';
import type { CookieSetting, PortalSession } from '../../../suites/portal/artifact.ts';
import { pageUrl } from '../../../suites/portal/page-url.ts';
import accessibility from '../../../suites/portal/portal-accessibility.ts';
import csp from '../../../suites/portal/portal-csp.ts';
import sessionCookie from '../../../suites/portal/portal-session-cookie.ts';
import { PORTAL, runCheck, session } from './builders.ts';

const ORIGINS = { apiBaseUrl: 'https://psw.example/api/v1/', portalUrl: PORTAL };
const SIGN_IN = `${PORTAL}login`;
const SIGNED_OUT = `${PORTAL}login?signed-out=1`;
const prints = (checkId: string, findings: Finding[] = []) =>
  findings.map((f) => findingFingerprint(checkId, f, ORIGINS));
/** The visit with the sign-in and signed-out pages at their stored URLs. */
const stored = (a: PortalSession) => {
  for (const p of a.pages)
    if (p.name === 'login' || p.name === 'signed-out') p.url = pageUrl(p.name === 'login' ? SIGN_IN : SIGNED_OUT);
  for (const s of a.accessibility)
    if (s.page === 'login' || s.page === 'signed-out') s.url = pageUrl(s.page === 'login' ? SIGN_IN : SIGNED_OUT);
};

describe('findings on the sign-in and signed-out pages', () => {
  it('keep a fingerprint each, the one of the full URL', () => {
    const at = (url: string) => ({ id: 'axe-violation', location: { url, selector: 'html' } });
    const [signIn, signedOut] = [pageUrl(SIGN_IN), pageUrl(SIGNED_OUT)].map((u) =>
      findingFingerprint('portal-accessibility', at(u), ORIGINS),
    );
    expect(signIn).not.toBe(signedOut);
    expect(signedOut).toBe(findingFingerprint('portal-accessibility', at(SIGNED_OUT), ORIGINS));
  });

  it('portal-accessibility: the same violation on both pages, two fingerprints', async () => {
    const p = await runCheck(
      accessibility,
      session((a) => {
        stored(a);
        for (const s of a.accessibility.filter((x) => x.page === 'login' || x.page === 'signed-out'))
          s.violations.push({
            ruleId: 'html-has-lang',
            impact: 'serious',
            help: 'html-has-lang help',
            helpUrl: 'https://dequeuniversity.com/rules/axe/4.14/html-has-lang',
            tags: ['wcag2a'],
            nodes: 1,
            selectors: ['html'],
          });
      }),
    );
    const fp = prints(accessibility.id, p.findings);
    expect(fp).toHaveLength(2);
    expect(new Set(fp).size).toBe(2);
  });

  it('portal-csp: a different unsafe policy on each, two fingerprints', async () => {
    const p = await runCheck(
      csp,
      session((a) => {
        stored(a);
        a.pages.find((x) => x.name === 'login')!.csp = ["script-src 'unsafe-inline'"];
        a.pages.find((x) => x.name === 'signed-out')!.csp = ["default-src 'self' 'unsafe-inline'"];
      }),
    );
    expect(p.findings?.map((f) => f.data?.pages)).toEqual(['login', 'signed-out']);
    const fp = prints(csp.id, p.findings);
    expect(new Set(fp).size).toBe(2);
  });

  it('portal-session-cookie: a weak cookie first set on one or the other, two fingerprints', async () => {
    const firstOn = (page: 'login' | 'signed-out') =>
      runCheck(
        sessionCookie,
        session((a) => {
          const cookie = { ...a.session!.cookies[0]!, httpOnly: false };
          const url = pageUrl(page === 'login' ? SIGN_IN : SIGNED_OUT);
          const set: CookieSetting = { page, method: 'GET', url, status: 200, cookie };
          a.cookiesSet = [set];
        }),
      );
    const [signIn, signedOut] = await Promise.all([firstOn('login'), firstOn('signed-out')]);
    expect(signIn.findings?.map((f) => f.id)).toEqual(['cookie-not-httponly']);
    expect(signedOut.findings?.map((f) => f.id)).toEqual(['cookie-not-httponly']);
    expect(prints(sessionCookie.id, signIn.findings)).not.toEqual(prints(sessionCookie.id, signedOut.findings));
  });
});
