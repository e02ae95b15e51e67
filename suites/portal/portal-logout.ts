// portal-logout: after signing out, the old session cookie opens nothing (PSW-PORTAL-005).
import { defineCheck } from '../../engine/check.ts';
import { requireStep } from './artifact.ts';
import { ids, notCollected, signedIn } from './judging.ts';

export default defineCheck({
  id: 'portal-logout',
  title: 'Signing out of the portal ends the session on the server',
  failureTitle: 'Signing out of the portal leaves the session usable',
  description:
    'Clearing the cookie in the browser is not a logout: whoever copied the cookie (a shared computer, a proxy log, ' +
    'malware) keeps the session until the server forgets it (CWE-613, OWASP ASVS V3.3.1). The visit copies the ' +
    "browser's cookies while signed in, replays them with the harness's own client to prove they open the signed-in " +
    'page, signs out through the portal, and replays them again: the second replay must not reach the signed-in page.',
  area: 'portal',
  requirements: ['PSW-PORTAL-005'],
  requires: ['PortalSession'],
  cwe: [613],
  messages: {
    'logout-control-missing':
      'No sign-out control was found on the signed-in pages (a form or link whose address contains "logout").',
    'session-valid-after-logout':
      'After signing out, the old session cookie still opens the signed-in page (answer {{status}}).',
  },
  defaultOptions: {},
  run({ PortalSession: a }, ctx) {
    const na = notCollected(a);
    if (na) return ctx.notApplicable(na);
    if (!signedIn(a))
      return ctx.needsReview('The portal sign-in failed (see portal-login), so there was no session to end.');
    requireStep(a, 'logout');
    const lo = a.logout;
    if (!lo) throw new Error('the portal visit recorded no sign-out');
    if (!lo.before?.authenticated) {
      return ctx.needsReview(
        `Replaying the browser's cookies while still signed in did not open the signed-in page (answer ${lo.before?.status ?? 'none'}), so the session's end cannot be observed this way.`,
      );
    }
    if (!lo.performed) {
      const f = ctx.finding(
        'logout-control-missing',
        {},
        { url: a.portCallPageUrl ?? a.listing?.url ?? a.portalUrl },
        ids(a.listing?.screenshot),
      );
      return ctx.fail([f], 'The portal offers no way to sign out.');
    }
    const after = lo.after;
    if (!after) throw new Error('the portal visit did not replay the session after signing out');
    const evidence = ids(lo.before.evidenceId, after.evidenceId);
    if (after.authenticated) {
      const f = ctx.finding(
        'session-valid-after-logout',
        { status: after.status },
        { method: 'GET', url: after.url, header: 'cookie' },
        [...evidence, ...ids(lo.screenshot)],
      );
      return ctx.fail([f], 'The server keeps the session alive after sign-out.');
    }
    const cleared = lo.clearedCookie ? 'the browser cookie was cleared and ' : '';
    return ctx.pass(
      `After sign-out ${cleared}the replayed session cookie was refused (answer ${after.status}).`,
      evidence,
    );
  },
});
