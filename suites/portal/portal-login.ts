// portal-login: the configured user gets in; wrong credentials of every kind do not (PSW-PORTAL-001).
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { PortalStepError, stepError } from './artifact.ts';
import { ids, notCollected, signedIn } from './judging.ts';
import { WRONG_CREDENTIALS } from './layout.ts';
import { nonePlaces, notExposed, portalPlaces } from './places.ts';

const REQUIREMENT = 'PSW-PORTAL-001';

export default defineCheck({
  id: 'portal-login',
  title: 'The portal signs in valid credentials and refuses wrong ones',
  failureTitle: 'The portal sign-in does not tell valid from wrong credentials',
  description:
    'A declarant must be able to sign in, and wrong credentials must never open a session (CWE-287, OWASP ASVS V2). ' +
    'The portal visit signs in with the configured portal user, then, each time with an empty cookie jar, tries the ' +
    'same user name with a wrong password, the same user name with an empty password, and an unknown user name with ' +
    'the valid password, and after each tries to open a signed-in page. A sign-in form that sends the password in ' +
    'the URL (GET) leaks it to logs and history (CWE-598) and fails too.',
  remediation:
    'Sign the user in only after the password is verified and refuse wrong credentials with the same error page and no session cookie.',
  area: 'portal',
  requirements: [REQUIREMENT],
  requires: ['PortalSession', 'ProbePlan'],
  cwe: [287, 598],
  messages: {
    'login-failed':
      'Signing in with the configured portal user did not reach a signed-in page (answer {{status}}, landed on {{landingUrl}}).',
    'wrong-password-accepted':
      'A wrong password opened a signed-in session (answer {{status}}, landed on {{landingUrl}}).',
    'empty-password-accepted':
      'An empty password opened a signed-in session (answer {{status}}, landed on {{landingUrl}}).',
    'unknown-user-accepted':
      'A user name the portal does not know, with a valid password, opened a signed-in session (answer {{status}}, landed on {{landingUrl}}).',
    'wrong-credentials-accepted':
      'Wrong credentials ({{attempt}}) opened a signed-in session (answer {{status}}, landed on {{landingUrl}}).',
    'password-in-url': 'The sign-in form sends the password in the URL (form method {{method}}).',
  },
  defaultOptions: {},
  run({ PortalSession: a, ProbePlan: plan }, ctx) {
    const na = notCollected(a);
    if (na) return { ...ctx.notApplicable(na), places: nonePlaces(plan, REQUIREMENT, notExposed(a)) };
    const ok = signedIn(a);
    const login = a.login!;
    const where = { method: 'POST', url: login.responseUrl ?? login.pageUrl };
    const findings: Finding[] = [];
    if (!ok) {
      findings.push(
        ctx.finding(
          'login-failed',
          { status: login.responseStatus, landingUrl: login.landingUrl },
          where,
          ids(login.screenshot),
        ),
      );
    }
    if (login.passwordInUrl || login.formMethod === 'get') {
      findings.push(
        ctx.finding('password-in-url', { method: login.formMethod }, { url: login.formAction }, ids(login.screenshot)),
      );
    }
    for (const w of a.wrongCredentials) {
      if (!w.loggedIn) continue;
      const known = (WRONG_CREDENTIALS as readonly string[]).includes(w.attempt);
      findings.push(
        ctx.finding(
          known ? `${w.attempt}-accepted` : 'wrong-credentials-accepted',
          { attempt: w.attempt, status: w.responseStatus, landingUrl: w.landingUrl },
          where,
          ids(w.screenshot, login.screenshot).slice(0, 1),
        ),
      );
    }
    const tried = new Map(a.wrongCredentials.map((w) => [w.attempt, w]));
    const places = portalPlaces(
      plan,
      REQUIREMENT,
      (p) => (p.variant === 'valid' ? true : tried.has(p.variant ?? '')),
      (p) => {
        const err = stepError(a, p.variant as never);
        return err ? { why: 'precondition-failed', detail: err } : { why: 'not-reached' };
      },
    );
    if (findings.length > 0) return { ...ctx.fail(findings, `${findings.length} sign-in problem(s).`), places };
    // Every kind of wrong credentials must have been tried: a refusal not observed is not a pass.
    for (const kind of WRONG_CREDENTIALS) {
      if (tried.has(kind)) continue;
      const err = stepError(a, kind);
      if (err !== undefined) throw new PortalStepError(kind, err);
      throw new Error(`the portal visit recorded no ${kind} attempt`);
    }
    const statuses = a.wrongCredentials.map((w) => `${w.attempt} ${w.responseStatus ?? 'none'}`).join(', ');
    return {
      ...ctx.pass(
        `Valid credentials reached a signed-in page; wrong credentials were refused (${statuses}) and opened no session.`,
        ids(login.screenshot, ...a.wrongCredentials.map((w) => w.screenshot)),
      ),
      places,
    };
  },
});
