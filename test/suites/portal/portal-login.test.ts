import { describe, expect, it } from 'vitest';
import check from '../../../suites/portal/portal-login.ts';
import type { PortalSession } from '../../../suites/portal/artifact.ts';
import { NOT_APPLICABLE, PORTAL, findingsOf, runCheck, session } from './builders.ts';

const post = { method: 'POST', url: `${PORTAL}login` };

describe('portal-login', () => {
  it('passes when the user gets in and a wrong password does not', async () => {
    const p = await runCheck(check, session());
    expect(p.outcome).toBe('pass');
    expect(p.evidence).toEqual(['shot-signed-in', 'shot-wrong']);
  });

  it('is not applicable without a portal', async () => {
    expect((await runCheck(check, NOT_APPLICABLE)).outcome).toBe('not-applicable');
  });

  it.each<[string, (a: PortalSession) => void, { id: string; location: unknown }[]]>([
    [
      'a wrong password that signs in',
      (a) => void (a.wrongPassword!.loggedIn = true),
      [{ id: 'wrong-password-accepted', location: post }],
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
        a.wrongPassword!.loggedIn = true;
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
        a.wrongPassword!.loggedIn = true;
      },
      [{ id: 'wrong-password-accepted', location: post }],
    ],
  ])('fails on %s', async (_name, change, expected) => {
    const p = await runCheck(check, session(change));
    expect(p.outcome).toBe('fail');
    expect(findingsOf(p)).toEqual(expected);
    for (const f of p.findings ?? []) expect(f.evidence?.length, f.id).toBeGreaterThan(0);
  });

  it.each<[string, (a: PortalSession) => void]>([
    ['the sign-in step threw', (a) => void a.errors.push({ step: 'login', message: 'no password field' })],
    ['the wrong-password step threw', (a) => void a.errors.push({ step: 'wrong-password', message: 'timeout' })],
    ['no wrong-password record', (a) => void delete a.wrongPassword],
  ])('is an error when %s', async (_name, change) => {
    await expect(runCheck(check, session(change))).rejects.toThrow();
  });
});
