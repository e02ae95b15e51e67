import { describe, expect, it } from 'vitest';
import check from '../../../suites/portal/portal-logout.ts';
import type { PortalSession } from '../../../suites/portal/artifact.ts';
import { CALL_PAGE, NOT_APPLICABLE, findingsOf, runCheck, session } from './builders.ts';

describe('portal-logout', () => {
  it('passes when the replayed cookie is refused after sign-out', async () => {
    const p = await runCheck(check, session());
    expect(p.outcome).toBe('pass');
    expect(p.evidence).toEqual(['http-before', 'http-after']);
  });

  it('passes even when the browser cookie was not cleared, as long as the server ended the session', async () => {
    expect(
      (
        await runCheck(
          check,
          session((a) => void (a.logout!.clearedCookie = false)),
        )
      ).outcome,
    ).toBe('pass');
  });

  it('is not applicable without a portal', async () => {
    expect((await runCheck(check, NOT_APPLICABLE)).outcome).toBe('not-applicable');
  });

  it.each<[string, (a: PortalSession) => void, { id: string; location: unknown }[], string[]]>([
    [
      'a session still valid after sign-out',
      (a) => void (a.logout!.after = { url: CALL_PAGE, status: 200, authenticated: true, evidenceId: 'http-after' }),
      [{ id: 'session-valid-after-logout', location: { method: 'GET', url: CALL_PAGE, header: 'cookie' } }],
      ['http-before', 'http-after', 'shot-out'],
    ],
    [
      'no sign-out control',
      (a) => {
        a.logout!.performed = false;
        a.logout!.after = null;
      },
      [{ id: 'logout-control-missing', location: { url: CALL_PAGE } }],
      ['shot-list'],
    ],
  ])('fails on %s', async (_name, change, expected, evidence) => {
    const p = await runCheck(check, session(change));
    expect(p.outcome).toBe('fail');
    expect(findingsOf(p)).toEqual(expected);
    expect(p.findings?.[0]?.evidence).toEqual(evidence);
  });

  it.each<[string, (a: PortalSession) => void]>([
    [
      'the replay while signed in did not reproduce the session',
      (a) => void (a.logout!.before = { url: CALL_PAGE, status: 303, authenticated: false }),
    ],
    ['the sign-in failed', (a) => void (a.login!.succeeded = false)],
  ])('needs review when %s', async (_name, change) => {
    expect((await runCheck(check, session(change))).outcome).toBe('needs-review');
  });

  it.each<[string, (a: PortalSession) => void]>([
    ['the sign-out step threw', (a) => void a.errors.push({ step: 'logout', message: 'timeout' })],
    ['no replay after sign-out was recorded', (a) => void (a.logout!.after = null)],
  ])('is an error when %s', async (_name, change) => {
    await expect(runCheck(check, session(change))).rejects.toThrow();
  });
});
