import { describe, expect, it } from 'vitest';
import check from '../../../suites/portal/portal-login.ts';
import type { PortalSession } from '../../../suites/portal/artifact.ts';
import { NOT_APPLICABLE, PORTAL, findingsOf, placesOf, runCheck, session } from './builders.ts';

const post = { method: 'POST', url: `${PORTAL}login` };
const accepted = (attempt: string) => (a: PortalSession) =>
  void (a.wrongCredentials.find((w) => w.attempt === attempt)!.loggedIn = true);
const ALL_PLACES = ['sign-in valid', 'sign-in wrong-password', 'sign-in empty-password', 'sign-in unknown-user'];

describe('portal-login', () => {
  it('passes when the user gets in and no kind of wrong credentials does, every place probed', async () => {
    const p = await runCheck(check, session());
    expect(p.outcome).toBe('pass');
    expect(p.evidence).toEqual(['shot-signed-in', 'shot-wrong-password', 'shot-empty-password', 'shot-unknown-user']);
    expect(placesOf(p)).toEqual({ probed: ALL_PLACES, notProbed: [] });
  });

  it('is not applicable without a portal, its places not exposed', async () => {
    const p = await runCheck(check, NOT_APPLICABLE);
    expect(p.outcome).toBe('not-applicable');
    expect(placesOf(p).notProbed.map(([, why]) => why)).toEqual([
      'not-exposed',
      'not-exposed',
      'not-exposed',
      'not-exposed',
    ]);
  });

  it.each<[string, (a: PortalSession) => void, { id: string; location: unknown }[]]>([
    ['a wrong password that signs in', accepted('wrong-password'), [{ id: 'wrong-password-accepted', location: post }]],
    [
      'an empty password that signs in',
      accepted('empty-password'),
      [{ id: 'empty-password-accepted', location: post }],
    ],
    ['an unknown user name that signs in', accepted('unknown-user'), [{ id: 'unknown-user-accepted', location: post }]],
    [
      'wrong credentials of a kind this check does not name',
      (a) =>
        void a.wrongCredentials.push({
          attempt: 'expired-account',
          responseStatus: 303,
          landingUrl: '',
          loggedIn: true,
        }),
      [{ id: 'wrong-credentials-accepted', location: post }],
    ],
    ['valid credentials refused', (a) => void (a.login!.succeeded = false), [{ id: 'login-failed', location: post }]],
    [
      'a sign-in form sent by GET',
      (a) => {
        a.login!.formMethod = 'get';
        a.login!.passwordInUrl = true;
      },
      [{ id: 'password-in-url', location: { url: `${PORTAL}login` } }],
    ],
    [
      'both refused valid and accepted wrong credentials',
      (a) => {
        a.login!.succeeded = false;
        accepted('wrong-password')(a);
      },
      [
        { id: 'login-failed', location: post },
        { id: 'wrong-password-accepted', location: post },
      ],
    ],
    [
      'no recorded form response (the page URL is the location)',
      (a) => {
        a.login!.responseUrl = null;
        accepted('wrong-password')(a);
      },
      [{ id: 'wrong-password-accepted', location: post }],
    ],
    [
      'an accepted empty password while another attempt could not run',
      (a) => {
        accepted('empty-password')(a);
        a.wrongCredentials = a.wrongCredentials.filter((w) => w.attempt !== 'unknown-user');
        a.errors.push({ step: 'unknown-user', message: 'timeout' });
      },
      [{ id: 'empty-password-accepted', location: post }],
    ],
  ])('fails on %s', async (_name, change, expected) => {
    const p = await runCheck(check, session(change));
    expect(p.outcome).toBe('fail');
    expect(findingsOf(p)).toEqual(expected);
    for (const f of p.findings ?? []) expect(f.evidence?.length, f.id).toBeGreaterThan(0);
  });

  it('reports an attempt that could not run as a place not probed', async () => {
    const p = await runCheck(
      check,
      session((a) => {
        accepted('empty-password')(a);
        a.wrongCredentials = a.wrongCredentials.filter((w) => w.attempt !== 'unknown-user');
        a.errors.push({ step: 'unknown-user', message: 'timeout' });
      }),
    );
    expect(placesOf(p)).toEqual({
      probed: ALL_PLACES.slice(0, 3),
      notProbed: [['sign-in unknown-user', 'precondition-failed']],
    });
  });

  it.each<[string, (a: PortalSession) => void]>([
    ['the sign-in step threw', (a) => void a.errors.push({ step: 'login', message: 'no password field' })],
    ['the wrong-password step threw', (a) => void a.errors.push({ step: 'wrong-password', message: 'timeout' })],
    [
      'the empty-password attempt threw',
      (a) => {
        a.wrongCredentials = a.wrongCredentials.filter((w) => w.attempt !== 'empty-password');
        a.errors.push({ step: 'empty-password', message: 'timeout' });
      },
    ],
    ['no unknown-user record', (a) => void (a.wrongCredentials = a.wrongCredentials.slice(0, 2))],
  ])('is an error when %s (and nothing was accepted)', async (_name, change) => {
    await expect(
      runCheck(
        check,
        session((a) => {
          change(a);
          if (a.errors.some((e) => e.step === 'wrong-password'))
            a.wrongCredentials = a.wrongCredentials.filter((w) => w.attempt !== 'wrong-password');
        }),
      ),
    ).rejects.toThrow();
  });
});
