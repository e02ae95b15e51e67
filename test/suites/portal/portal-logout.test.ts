import { describe, expect, it } from 'vitest';
import check from '../../../suites/portal/portal-logout.ts';
import type { LogoutReplay, PortalSession } from '../../../suites/portal/artifact.ts';
import { CALL_PAGE, NOT_APPLICABLE, PORTAL, findingsOf, placesOf, runCheck, session, urlOf } from './builders.ts';

const at = (a: PortalSession, page: string): LogoutReplay => a.logout!.replays.find((r) => r.page === page)!;
const stillOpen = (page: string) => (a: PortalSession) =>
  void (at(a, page).after = { url: urlOf(page), status: 200, authenticated: true, evidenceId: `http-after-${page}` });
const ALL = ['list page', 'port-call page', 'fal1-result page'];

describe('portal-logout', () => {
  it('passes when the replayed cookies are refused at every signed-in page after sign-out', async () => {
    const p = await runCheck(check, session());
    expect(p.outcome).toBe('pass');
    expect(p.evidence).toEqual([
      'http-before-list',
      'http-after-list',
      'http-before-port-call',
      'http-after-port-call',
      'http-before-fal1-result',
      'http-after-fal1-result',
    ]);
    expect(placesOf(p)).toEqual({ probed: ALL, notProbed: [] });
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
      'a session still valid after sign-out on the port call page',
      stillOpen('port-call'),
      [{ id: 'session-valid-after-logout', location: { method: 'GET', url: CALL_PAGE, header: 'cookie' } }],
      ['http-before-port-call', 'http-after-port-call', 'shot-out'],
    ],
    [
      'only the list still served after sign-out',
      stillOpen('list'),
      [{ id: 'session-valid-after-logout', location: { method: 'GET', url: `${PORTAL}port-calls`, header: 'cookie' } }],
      ['http-before-list', 'http-after-list', 'shot-out'],
    ],
    [
      'no sign-out control',
      (a) => {
        a.logout!.performed = false;
        for (const r of a.logout!.replays) r.after = null;
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

  it('names the page in each finding, one per page still open', async () => {
    const p = await runCheck(
      check,
      session((a) => {
        stillOpen('list')(a);
        stillOpen('fal1-result')(a);
      }),
    );
    expect(p.findings?.map((f) => f.data?.page)).toEqual(['list', 'fal1-result']);
  });

  it('judges the pages where the replay reproduced the session, and reports the others not probed', async () => {
    const p = await runCheck(
      check,
      session((a) => void (at(a, 'list').before = { url: urlOf('list'), status: 200, authenticated: false })),
    );
    expect(p.outcome).toBe('pass');
    expect(placesOf(p)).toEqual({
      probed: ['port-call page', 'fal1-result page'],
      notProbed: [['list page', 'precondition-failed']],
    });
  });

  it('reports a signed-in page the visit did not reach as not probed', async () => {
    const p = await runCheck(
      check,
      session((a) => void (a.logout!.replays = a.logout!.replays.filter((r) => r.page !== 'fal1-result'))),
    );
    expect(placesOf(p).notProbed).toEqual([['fal1-result page', 'not-reached']]);
  });

  it.each<[string, (a: PortalSession) => void]>([
    [
      'the replay while signed in reproduced the session nowhere',
      (a) => {
        for (const r of a.logout!.replays) r.before = { url: r.before.url, status: 303, authenticated: false };
      },
    ],
    ['the sign-in failed', (a) => void (a.login!.succeeded = false)],
  ])('needs review when %s', async (_name, change) => {
    expect((await runCheck(check, session(change))).outcome).toBe('needs-review');
  });

  it.each<[string, (a: PortalSession) => void]>([
    ['the sign-out step threw', (a) => void a.errors.push({ step: 'logout', message: 'timeout' })],
    ['no replay after sign-out was recorded', (a) => void (at(a, 'port-call').after = null)],
  ])('is an error when %s', async (_name, change) => {
    await expect(runCheck(check, session(change))).rejects.toThrow();
  });
});
