// portal-session-cookie: the session cookie is Secure, HttpOnly and SameSite Lax/Strict wherever it is
// set (PSW-PORTAL-003).
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import type { CookieRecord, CookieSetting } from './artifact.ts';
import { ids, notCollected, signedIn } from './judging.ts';
import { nonePlaces, notExposed, pageNotReached, portalPlaces } from './places.ts';

const REQUIREMENT = 'PSW-PORTAL-003';

export interface SessionCookieOptions {
  /** SameSite values accepted (lower case). */
  allowedSameSite: string[];
}

type Problem = 'cookie-not-secure' | 'cookie-not-httponly' | 'cookie-samesite-missing' | 'cookie-samesite-weak';

function problemsOf(c: CookieRecord, allowed: readonly string[]): Problem[] {
  const out: Problem[] = [];
  if (!c.secure) out.push('cookie-not-secure');
  if (!c.httpOnly) out.push('cookie-not-httponly');
  if (c.sameSite === null || c.sameSite === '') out.push('cookie-samesite-missing');
  else if (!allowed.includes(c.sameSite.toLowerCase())) out.push('cookie-samesite-weak');
  return out;
}

export default defineCheck<'PortalSession' | 'ProbePlan', SessionCookieOptions>({
  id: 'portal-session-cookie',
  title: 'The portal session cookie is Secure, HttpOnly and SameSite',
  failureTitle: 'The portal session cookie lacks Secure, HttpOnly or SameSite',
  description:
    'A session cookie without Secure can travel over plain HTTP (CWE-614); without HttpOnly any injected script can ' +
    'steal it (CWE-1004); without SameSite Lax or Strict other sites can ride on it (CWE-1275, cross-site request ' +
    'forgery). The cookies set by the response that signs the user in are the session; each of them is judged ' +
    'every time any page of the visit sets it (before sign-in, at sign-in, when the portal renews or rotates it ' +
    'later) ([RFC 6265 §4.1.2](https://www.rfc-editor.org/rfc/rfc6265#section-4.1.2), rfc6265bis SameSite).',
  remediation: 'Set the portal session cookie with Secure, HttpOnly and SameSite=Lax (or Strict).',
  area: 'portal',
  requirements: [REQUIREMENT],
  requires: ['PortalSession', 'ProbePlan'],
  cwe: [614, 1004, 1275],
  messages: {
    'cookie-not-secure': 'The session cookie {{cookie}} is set without Secure (on the {{pages}} page(s)).',
    'cookie-not-httponly': 'The session cookie {{cookie}} is set without HttpOnly (on the {{pages}} page(s)).',
    'cookie-samesite-missing': 'The session cookie {{cookie}} is set without SameSite (on the {{pages}} page(s)).',
    'cookie-samesite-weak':
      'The session cookie {{cookie}} is set with SameSite={{sameSite}} (on the {{pages}} page(s)); {{allowed}} required.',
  },
  defaultOptions: { allowedSameSite: ['strict', 'lax'] },
  run({ PortalSession: a, ProbePlan: plan }, ctx) {
    const na = notCollected(a);
    if (na) return { ...ctx.notApplicable(na), places: nonePlaces(plan, REQUIREMENT, notExposed(a)) };
    if (!signedIn(a)) {
      return {
        ...ctx.needsReview('The portal sign-in failed (see portal-login), so no session cookie was set.'),
        places: nonePlaces(plan, REQUIREMENT, { why: 'precondition-failed', detail: 'the sign-in failed' }),
      };
    }
    const session = a.session;
    const signInCookies = session?.cookies ?? [];
    if (!session || signInCookies.length === 0) {
      return {
        ...ctx.needsReview(
          'The sign-in set no cookie: the portal keeps its session some other way, which this check cannot judge.',
        ),
        places: nonePlaces(plan, REQUIREMENT, { why: 'not-exposed', detail: 'the sign-in set no cookie' }),
      };
    }
    const names = new Set(signInCookies.map((c) => c.name));
    // Every setting of a session cookie; an artifact without the page-by-page record has the sign-in's.
    const settings: CookieSetting[] = a.cookiesSet.some((s) => names.has(s.cookie.name))
      ? a.cookiesSet.filter((s) => names.has(s.cookie.name) && !s.cookie.clears)
      : signInCookies.map((cookie) => ({ page: 'login', method: 'POST', url: session.responseUrl, status: 0, cookie }));
    const allowed = ctx.options.allowedSameSite.map((s) => s.toLowerCase());
    const evidence = ids(session.screenshot);
    // One finding per cookie and problem, at the first response that had it, naming every page that did.
    const groups = new Map<string, { problem: Problem; first: CookieSetting; pages: Set<string> }>();
    for (const s of settings) {
      for (const problem of problemsOf(s.cookie, allowed)) {
        const key = `${s.cookie.name}\u0000${problem}`;
        const g = groups.get(key) ?? { problem, first: s, pages: new Set<string>() };
        g.pages.add(s.page);
        groups.set(key, g);
      }
    }
    const findings: Finding[] = [...groups.values()].map(({ problem, first, pages }) =>
      ctx.finding(
        problem,
        {
          cookie: first.cookie.name,
          setCookie: first.cookie.redacted,
          pages: [...pages].join(', '),
          ...(problem === 'cookie-samesite-weak'
            ? { sameSite: first.cookie.sameSite, allowed: allowed.join(' or ') }
            : {}),
        },
        { method: first.method, url: first.url, header: 'set-cookie' },
        evidence,
      ),
    );
    const seen = new Set([...a.pages.map((p) => p.name), ...a.cookiesSet.map((s) => s.page)]);
    const places = portalPlaces(
      plan,
      REQUIREMENT,
      (p) => seen.has(p.variant ?? ''),
      (p) => pageNotReached(a, p.variant),
    );
    const list = [...names].join(', ');
    if (findings.length > 0)
      return { ...ctx.fail(findings, `${findings.length} missing protection(s) on ${list}.`), places };
    return {
      ...ctx.pass(
        `${list}: Secure, HttpOnly and SameSite ${signInCookies.map((c) => c.sameSite).join(', ')} each of the ${settings.length} time(s) set.`,
        evidence,
      ),
      places,
    };
  },
});
