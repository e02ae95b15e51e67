// portal-logout: after signing out, the old session cookies open no signed-in page (PSW-PORTAL-005).
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { requireStep } from './artifact.ts';
import { ids, notCollected, signedIn } from './judging.ts';
import { nonePlaces, notExposed, pageNotReached, portalPlaces } from './places.ts';

const REQUIREMENT = 'PSW-PORTAL-005';

export default defineCheck({
  id: 'portal-logout',
  title: 'Signing out of the portal ends the session on the server',
  failureTitle: 'Signing out of the portal leaves the session usable',
  description:
    'Clearing the cookie in the browser is not a logout: whoever copied the cookie (a shared computer, a proxy log, ' +
    'malware) keeps the session until the server forgets it (CWE-613, OWASP ASVS V3.3.1). The visit copies all the ' +
    "browser's cookies while signed in, replays them with the harness's own client at every signed-in page a GET " +
    'opens again (the list, the port call, the declaration received) to prove they open it, signs out through the ' +
    'portal, and replays them again: no page may still be served to them.',
  remediation:
    'Invalidate the session on the server at sign-out (delete it from the session store) so a copied cookie no longer works.',
  area: 'portal',
  requirements: [REQUIREMENT],
  requires: ['PortalSession', 'ProbePlan'],
  cwe: [613],
  messages: {
    'logout-control-missing':
      'No sign-out control was found on the signed-in pages (a form or link whose address contains "logout").',
    'session-valid-after-logout':
      'After signing out, the old session cookies still open the signed-in {{page}} page (answer {{status}}).',
  },
  defaultOptions: {},
  run({ PortalSession: a, ProbePlan: plan }, ctx) {
    const na = notCollected(a);
    if (na) return { ...ctx.notApplicable(na), places: nonePlaces(plan, REQUIREMENT, notExposed(a)) };
    if (!signedIn(a)) {
      return {
        ...ctx.needsReview('The portal sign-in failed (see portal-login), so there was no session to end.'),
        places: nonePlaces(plan, REQUIREMENT, { why: 'precondition-failed', detail: 'the sign-in failed' }),
      };
    }
    requireStep(a, 'logout');
    const lo = a.logout;
    if (!lo) throw new Error('the portal visit recorded no sign-out');
    const replayed = new Map(lo.replays.map((r) => [r.page, r]));
    const places = portalPlaces(
      plan,
      REQUIREMENT,
      (p) => {
        const r = replayed.get(p.variant ?? '');
        return r !== undefined && r.before.authenticated && r.after !== null;
      },
      (p) => {
        const r = replayed.get(p.variant ?? '');
        if (!r) return pageNotReached(a, p.variant);
        if (!r.before.authenticated)
          return {
            why: 'precondition-failed',
            detail: `the cookies replayed while signed in did not open it (answer ${r.before.status})`,
          };
        return { why: 'precondition-failed', detail: 'the sign-out did not happen' };
      },
    );
    const live = lo.replays.filter((r) => r.before.authenticated);
    if (live.length === 0) {
      const statuses = lo.replays.map((r) => `${r.page} ${r.before.status}`).join(', ') || 'none';
      return {
        ...ctx.needsReview(
          `Replaying the browser's cookies while still signed in opened no signed-in page (answers: ${statuses}), so the session's end cannot be observed this way.`,
        ),
        places,
      };
    }
    if (!lo.performed) {
      const f = ctx.finding(
        'logout-control-missing',
        {},
        { url: a.portCallPageUrl ?? a.listing?.url ?? a.portalUrl },
        ids(a.listing?.screenshot),
      );
      return { ...ctx.fail([f], 'The portal offers no way to sign out.'), places };
    }
    const findings: Finding[] = [];
    for (const r of live) {
      if (!r.after)
        throw new Error(`the portal visit did not replay the session at the ${r.page} page after signing out`);
      if (!r.after.authenticated) continue;
      findings.push(
        ctx.finding(
          'session-valid-after-logout',
          { page: r.page, status: r.after.status },
          { method: 'GET', url: r.after.url, header: 'cookie' },
          [...ids(r.before.evidenceId, r.after.evidenceId), ...ids(lo.screenshot)],
        ),
      );
    }
    if (findings.length > 0)
      return {
        ...ctx.fail(findings, `The server keeps the session alive after sign-out (${findings.length} page(s)).`),
        places,
      };
    const cleared = lo.clearedCookie ? 'the browser cookie was cleared and ' : '';
    const answers = live.map((r) => `${r.page} ${r.after?.status}`).join(', ');
    return {
      ...ctx.pass(
        `After sign-out ${cleared}the replayed session cookies were refused at every signed-in page (${answers}).`,
        live.flatMap((r) => ids(r.before.evidenceId, r.after?.evidenceId)),
      ),
      places,
    };
  },
});
