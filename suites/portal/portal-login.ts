// portal-login: the configured user gets in, a wrong password does not (PSW-PORTAL-001).
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { requireStep } from './artifact.ts';
import { ids, notCollected, signedIn } from './judging.ts';

export default defineCheck({
  id: 'portal-login',
  title: 'The portal signs in valid credentials and refuses a wrong password',
  failureTitle: 'The portal sign-in does not tell valid from wrong credentials',
  description:
    'A declarant must be able to sign in, and a wrong password must never open a session (CWE-287, OWASP ASVS V2). ' +
    'The portal visit signs in with the configured portal user, then, with an empty cookie jar, submits the same user ' +
    'name with a wrong password and tries to open a signed-in page. A sign-in form that sends the password in the URL ' +
    '(GET) leaks it to logs and history (CWE-598) and fails too.',
  area: 'portal',
  requirements: ['PSW-PORTAL-001'],
  requires: ['PortalSession'],
  cwe: [287, 598],
  messages: {
    'login-failed':
      'Signing in with the configured portal user did not reach a signed-in page (answer {{status}}, landed on {{landingUrl}}).',
    'wrong-password-accepted':
      'A wrong password opened a signed-in session (answer {{status}}, landed on {{landingUrl}}).',
    'password-in-url': 'The sign-in form sends the password in the URL (form method {{method}}).',
  },
  defaultOptions: {},
  run({ PortalSession: a }, ctx) {
    const na = notCollected(a);
    if (na) return ctx.notApplicable(na);
    const ok = signedIn(a);
    const login = a.login!;
    const findings: Finding[] = [];
    if (!ok) {
      findings.push(
        ctx.finding(
          'login-failed',
          { status: login.responseStatus, landingUrl: login.landingUrl },
          { method: 'POST', url: login.responseUrl ?? login.pageUrl },
          ids(login.screenshot),
        ),
      );
    }
    if (login.passwordInUrl || login.formMethod === 'get') {
      findings.push(
        ctx.finding('password-in-url', { method: login.formMethod }, { url: login.formAction }, ids(login.screenshot)),
      );
    }
    requireStep(a, 'wrong-password');
    const wrong = a.wrongPassword;
    if (!wrong) throw new Error('the portal visit recorded no wrong-password attempt');
    if (wrong.loggedIn) {
      findings.push(
        ctx.finding(
          'wrong-password-accepted',
          { status: wrong.responseStatus, landingUrl: wrong.landingUrl },
          { method: 'POST', url: login.responseUrl ?? login.pageUrl },
          ids(wrong.screenshot),
        ),
      );
    }
    if (findings.length > 0) return ctx.fail(findings, `${findings.length} sign-in problem(s).`);
    return ctx.pass(
      `Valid credentials reached a signed-in page; a wrong password was refused (answer ${wrong.responseStatus ?? 'none'}) and opened no session.`,
      ids(login.screenshot, wrong.screenshot),
    );
  },
});
