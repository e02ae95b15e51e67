// portal-session-cookie: the session cookie is Secure, HttpOnly and SameSite Lax/Strict (PSW-PORTAL-003).
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { ids, notCollected, signedIn } from './judging.ts';

export interface SessionCookieOptions {
  /** SameSite values accepted (lower case). */
  allowedSameSite: string[];
}

export default defineCheck<'PortalSession', SessionCookieOptions>({
  id: 'portal-session-cookie',
  title: 'The portal session cookie is Secure, HttpOnly and SameSite',
  failureTitle: 'The portal session cookie lacks Secure, HttpOnly or SameSite',
  description:
    'A session cookie without Secure can travel over plain HTTP (CWE-614); without HttpOnly any injected script can ' +
    'steal it (CWE-1004); without SameSite Lax or Strict other sites can ride on it (CWE-1275, cross-site request ' +
    'forgery). Every cookie set by the response that signs the user in is judged as part of the session ' +
    '([RFC 6265 §4.1.2](https://www.rfc-editor.org/rfc/rfc6265#section-4.1.2), rfc6265bis SameSite).',
  area: 'portal',
  requirements: ['PSW-PORTAL-003'],
  requires: ['PortalSession'],
  cwe: [614, 1004, 1275],
  messages: {
    'cookie-not-secure': 'The session cookie {{cookie}} is set without Secure.',
    'cookie-not-httponly': 'The session cookie {{cookie}} is set without HttpOnly.',
    'cookie-samesite-missing': 'The session cookie {{cookie}} is set without SameSite.',
    'cookie-samesite-weak': 'The session cookie {{cookie}} is set with SameSite={{sameSite}}; {{allowed}} required.',
  },
  defaultOptions: { allowedSameSite: ['strict', 'lax'] },
  run({ PortalSession: a }, ctx) {
    const na = notCollected(a);
    if (na) return ctx.notApplicable(na);
    if (!signedIn(a))
      return ctx.needsReview('The portal sign-in failed (see portal-login), so no session cookie was set.');
    const session = a.session;
    const cookies = session?.cookies ?? [];
    if (!session || cookies.length === 0) {
      return ctx.needsReview(
        'The sign-in set no cookie: the portal keeps its session some other way, which this check cannot judge.',
      );
    }
    const findings: Finding[] = [];
    const allowed = ctx.options.allowedSameSite.map((s) => s.toLowerCase());
    const location = { method: 'POST', url: session.responseUrl, header: 'set-cookie' };
    const evidence = ids(session.screenshot);
    for (const c of cookies) {
      const data = { cookie: c.name, setCookie: c.redacted };
      if (!c.secure) findings.push(ctx.finding('cookie-not-secure', data, location, evidence));
      if (!c.httpOnly) findings.push(ctx.finding('cookie-not-httponly', data, location, evidence));
      if (c.sameSite === null || c.sameSite === '')
        findings.push(ctx.finding('cookie-samesite-missing', data, location, evidence));
      else if (!allowed.includes(c.sameSite.toLowerCase())) {
        findings.push(
          ctx.finding(
            'cookie-samesite-weak',
            { ...data, sameSite: c.sameSite, allowed: allowed.join(' or ') },
            location,
            evidence,
          ),
        );
      }
    }
    const names = cookies.map((c) => c.name).join(', ');
    if (findings.length > 0) return ctx.fail(findings, `${findings.length} missing protection(s) on ${names}.`);
    return ctx.pass(`${names}: Secure, HttpOnly and SameSite ${cookies.map((c) => c.sameSite).join(', ')}.`, evidence);
  },
});
