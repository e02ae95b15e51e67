import { describe, expect, it } from 'vitest';
import check from '../../../suites/portal/portal-session-cookie.ts';
import type { CookieRecord, CookieSetting, PortalSession } from '../../../suites/portal/artifact.ts';
import { NOT_APPLICABLE, PAGE_KINDS, PORTAL, findingsOf, placesOf, runCheck, session, urlOf } from './builders.ts';

const where = { method: 'POST', url: `${PORTAL}login`, header: 'set-cookie' };
const cookie = (patch: Partial<CookieRecord>) => (a: PortalSession) =>
  void Object.assign(a.session!.cookies[0]!, patch);

/** Every setting of the session cookie a visit of the reference records, `patch` applied to those on `pages`. */
const everywhere =
  (patch: Partial<CookieRecord> = {}, pages: string[] = []) =>
  (a: PortalSession) => {
    const base = a.session!.cookies[0]!;
    const set = (page: string, method: string, url: string, extra: Partial<CookieRecord> = {}): CookieSetting => ({
      page,
      method,
      url,
      status: method === 'POST' ? 303 : 200,
      cookie: { ...base, ...(pages.includes(page) ? patch : {}), ...extra },
    });
    a.cookiesSet = [
      set('login', 'GET', urlOf('login')),
      set('login', 'POST', `${PORTAL}login`),
      set('fal1-result', 'POST', `${urlOf('port-call')}/general-declaration`),
      set('signed-out', 'POST', `${PORTAL}logout`, { clears: true, httpOnly: false }),
      set('signed-out', 'GET', urlOf('signed-out')),
      set('login-failed', 'GET', urlOf('login-failed')),
      {
        page: 'list',
        method: 'GET',
        url: urlOf('list'),
        status: 200,
        cookie: { ...base, name: 'lang', httpOnly: false },
      },
    ];
  };

describe('portal-session-cookie', () => {
  it('passes on a Secure, HttpOnly, SameSite=Strict cookie', async () => {
    const p = await runCheck(check, session());
    expect(p.outcome).toBe('pass');
    expect(p.evidence).toEqual(['shot-signed-in']);
  });

  it('passes on SameSite=Lax by default, fails on it when only Strict is allowed', async () => {
    expect((await runCheck(check, session(cookie({ sameSite: 'Lax' })))).outcome).toBe('pass');
    const strict = await runCheck(check, session(cookie({ sameSite: 'Lax' })), { allowedSameSite: ['strict'] });
    expect(findingsOf(strict)).toEqual([{ id: 'cookie-samesite-weak', location: where }]);
  });

  it('is not applicable without a portal', async () => {
    expect((await runCheck(check, NOT_APPLICABLE)).outcome).toBe('not-applicable');
  });

  it.each<[string, (a: PortalSession) => void, string[]]>([
    ['no Secure', cookie({ secure: false }), ['cookie-not-secure']],
    ['no HttpOnly', cookie({ httpOnly: false }), ['cookie-not-httponly']],
    ['no SameSite', cookie({ sameSite: null }), ['cookie-samesite-missing']],
    ['an empty SameSite', cookie({ sameSite: '' }), ['cookie-samesite-missing']],
    ['SameSite=None', cookie({ sameSite: 'None' }), ['cookie-samesite-weak']],
    [
      'none of them',
      cookie({ secure: false, httpOnly: false, sameSite: null }),
      ['cookie-not-secure', 'cookie-not-httponly', 'cookie-samesite-missing'],
    ],
    [
      'a second cookie set at sign-in without protections',
      (a) => void a.session!.cookies.push({ ...a.session!.cookies[0]!, name: 'psw_csrf', httpOnly: false }),
      ['cookie-not-httponly'],
    ],
  ])('fails on %s', async (_name, change, ids) => {
    const p = await runCheck(check, session(change));
    expect(p.outcome).toBe('fail');
    expect(findingsOf(p)).toEqual(ids.map((id) => ({ id, location: where })));
    for (const f of p.findings ?? []) expect(f.evidence).toEqual(['shot-signed-in']);
  });

  it('judges every setting of the session cookie, wherever the visit met it', async () => {
    const p = await runCheck(check, session(everywhere()));
    expect(p.outcome).toBe('pass');
    expect(p.summary).toMatch(/5 time\(s\) set/);
    expect(placesOf(p)).toEqual({ probed: PAGE_KINDS.map((k) => `${k} page`), notProbed: [] });
  });

  it('fails on a session cookie set later without HttpOnly (a rotation after the FAL1), at that response', async () => {
    const p = await runCheck(check, session(everywhere({ httpOnly: false }, ['fal1-result'])));
    expect(findingsOf(p)).toEqual([
      {
        id: 'cookie-not-httponly',
        location: { method: 'POST', url: `${urlOf('port-call')}/general-declaration`, header: 'set-cookie' },
      },
    ]);
    expect(p.findings?.[0]?.data).toMatchObject({ cookie: '__Host-psw_session', pages: 'fal1-result' });
  });

  it('one finding per cookie and problem, naming every page that set it so', async () => {
    const p = await runCheck(check, session(everywhere({ secure: false }, ['login', 'login-failed'])));
    expect(findingsOf(p)).toEqual([
      { id: 'cookie-not-secure', location: { method: 'GET', url: urlOf('login'), header: 'set-cookie' } },
    ]);
    expect(p.findings?.[0]?.data).toMatchObject({ pages: 'login, login-failed' });
  });

  it('leaves cookies that are not the session alone, and deletions', async () => {
    expect((await runCheck(check, session(everywhere()))).findings ?? []).toEqual([]);
  });

  it('names the cookie in each finding', async () => {
    const p = await runCheck(check, session(cookie({ name: 'psw_session', secure: false })));
    expect(p.findings?.[0]?.data).toMatchObject({ cookie: 'psw_session' });
  });

  it.each<[string, (a: PortalSession) => void]>([
    ['no cookie was set at sign-in', (a) => void (a.session!.cookies = [])],
    ['the sign-in failed', (a) => void (a.login!.succeeded = false)],
  ])('needs review when %s', async (_name, change) => {
    expect((await runCheck(check, session(change))).outcome).toBe('needs-review');
  });

  it('is an error when the sign-in step threw', async () => {
    await expect(
      runCheck(
        check,
        session((a) => void a.errors.push({ step: 'login', message: 'x' })),
      ),
    ).rejects.toThrow(/login/);
  });
});
