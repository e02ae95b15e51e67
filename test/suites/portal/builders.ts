// Synthetic PortalSession artifacts for the portal check tests: a healthy visit, changed per case.
import { makeCheckContext } from '../../../engine/check.ts';
import type { AnyCheck, CheckProduct } from '../../../engine/check.ts';
import type { PortalSession } from '../../../suites/portal/artifact.ts';

export const PORTAL = 'https://psw.example/portal/';
export const PC = '0b8e3c0e-5d6f-4f3e-9a51-1c2d3e4f5a6b';
export const CALL_PAGE = `${PORTAL}port-calls/${PC}`;
export const FAL1_API = `https://psw.example/api/v1/port-calls/${PC}/formalities/general-declaration`;
export const CSP =
  "default-src 'none'; script-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'";

const TYPED = {
  arrivalOrDeparture: 'arrival',
  shipName: 'PORTAL CHECK',
  imoNumber: '9074729',
  flag: 'FR',
  masterName: 'Conformance Test Master',
  numberOfCrew: 17,
  numberOfPassengers: 0,
  lastPortOfCall: 'GBSOU',
  dateTimeOfArrival: '2026-12-01T08:00:00Z',
};

/** A visit of a conformant portal; `change` edits it in place for one case. */
export function session(change: (a: PortalSession) => void = () => undefined): PortalSession {
  const page = (name: string, url: string, screenshot: string) => ({
    name,
    url,
    status: 200,
    csp: [CSP],
    cspMeta: [],
    screenshot,
  });
  const a: PortalSession = {
    status: 'collected',
    portalUrl: PORTAL,
    portCallId: PC,
    browser: { executable: '/usr/bin/chromium', version: '156.0.0.0' },
    pages: [
      page('login', `${PORTAL}login`, 'shot-login'),
      page('list', `${PORTAL}port-calls`, 'shot-list'),
      page('port-call', CALL_PAGE, 'shot-call'),
      page('fal1-result', `${CALL_PAGE}?submitted=1`, 'shot-result'),
      page('signed-out', `${PORTAL}login?signed-out=1`, 'shot-out'),
      page('login-failed', `${PORTAL}login`, 'shot-wrong'),
    ],
    login: {
      pageUrl: `${PORTAL}login`,
      formMethod: 'post',
      formAction: `${PORTAL}login`,
      responseUrl: `${PORTAL}login`,
      responseStatus: 303,
      landingUrl: `${PORTAL}port-calls`,
      succeeded: true,
      passwordInUrl: false,
      screenshot: 'shot-signed-in',
    },
    wrongPassword: { responseStatus: 422, landingUrl: `${PORTAL}login`, loggedIn: false, screenshot: 'shot-wrong' },
    session: {
      responseUrl: `${PORTAL}login`,
      cookies: [
        {
          name: '__Host-psw_session',
          secure: true,
          httpOnly: true,
          sameSite: 'Strict',
          path: '/',
          domain: null,
          clears: false,
          redacted: '__Host-psw_session=[REDACTED]; Path=/; Secure; HttpOnly; SameSite=Strict',
        },
      ],
      screenshot: 'shot-signed-in',
    },
    listing: { url: `${PORTAL}port-calls`, found: true, pagesSearched: 1, screenshot: 'shot-list' },
    portCallPageUrl: CALL_PAGE,
    fal1: {
      formUrl: CALL_PAGE,
      typed: { ...TYPED },
      missingFields: [],
      submitUrl: `${CALL_PAGE}/general-declaration`,
      submitStatus: 303,
      resultUrl: `${CALL_PAGE}?submitted=1`,
      screenshot: 'shot-fal1',
      resultScreenshot: 'shot-result',
    },
    apiReadback: { url: FAL1_API, status: 200, document: { ...TYPED, callSign: 'FABC' }, evidenceId: 'http-readback' },
    logout: {
      performed: true,
      responseStatus: 303,
      clearedCookie: true,
      before: { url: CALL_PAGE, status: 200, authenticated: true, evidenceId: 'http-before' },
      after: { url: CALL_PAGE, status: 303, authenticated: false, evidenceId: 'http-after' },
      screenshot: 'shot-out',
    },
    accessibility: ['login', 'list', 'form'].map((p) => ({
      page: p,
      url: p === 'form' ? CALL_PAGE : `${PORTAL}${p === 'list' ? 'port-calls' : 'login'}`,
      violations: [],
      passes: 20,
      incomplete: 0,
      screenshot: `shot-axe-${p}`,
    })),
    blockedRequests: [],
    errors: [],
  };
  change(a);
  return a;
}

export const NOT_APPLICABLE: PortalSession = {
  status: 'not-applicable',
  reason: 'no portal URL is configured for this target',
  portalUrl: '',
  pages: [],
  accessibility: [],
  blockedRequests: [],
  errors: [],
};

export async function runCheck(
  check: AnyCheck,
  a: PortalSession,
  options: Record<string, unknown> = {},
): Promise<CheckProduct> {
  const ctx = makeCheckContext(check, { ...(check.defaultOptions as object), ...options });
  return check.run({ PortalSession: a } as never, ctx);
}

/** Finding ids with their locations, for compact assertions. */
export function findingsOf(p: CheckProduct): { id: string; location?: unknown }[] {
  return (p.findings ?? []).map((f) => ({ id: f.id, ...(f.location ? { location: f.location } : {}) }));
}
