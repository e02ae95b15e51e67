// Synthetic PortalSession artifacts for the portal check tests: a healthy visit, changed per case.
import { makeCheckContext } from '../../../engine/check.ts';
import type { AnyCheck, CheckProduct } from '../../../engine/check.ts';
import type { Place, ProbePlan } from '../../../engine/types.ts';
import type { PortalSession } from '../../../suites/portal/artifact.ts';

export const PORTAL = 'https://psw.example/portal/';
export const PC = '0b8e3c0e-5d6f-4f3e-9a51-1c2d3e4f5a6b';
export const CALL_PAGE = `${PORTAL}port-calls/${PC}`;
export const FAL1_API = `https://psw.example/api/v1/port-calls/${PC}/formalities/general-declaration`;
export const CSP =
  "default-src 'none'; script-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'";

/** Every FAL1 field, each different from what the form showed (PREFILLED). */
const TYPED = {
  arrivalOrDeparture: 'departure',
  shipName: 'PORTAL CHECK 3',
  imoNumber: '9321483',
  callSign: 'OXOS2',
  flag: 'DK',
  masterName: 'Conformance Test Master',
  numberOfCrew: 17,
  numberOfPassengers: 4,
  lastPortOfCall: 'NLRTM',
  nextPortOfCall: 'BEZEE',
  cargoDescription: 'Conformance run: no cargo',
  dateTimeOfArrival: '2026-12-01T08:00:00Z',
};

const PREFILLED = {
  arrivalOrDeparture: 'arrival',
  shipName: 'PORTAL CHECK',
  imoNumber: '9074729',
  callSign: 'FABC',
  flag: 'FR',
  lastPortOfCall: 'GBSOU',
  nextPortOfCall: 'NLRTM',
  dateTimeOfArrival: '2026-12-01T07:00:00Z',
};

/** The kinds of page of profile v1's portal (its x-psw-portal annotation), in visiting order. */
export const PAGE_KINDS = ['login', 'list', 'port-call', 'fal1-errors', 'fal1-result', 'signed-out', 'login-failed'];
/** Each page's URL as the artifact stores it (pageUrl: query parameter names, no values). */
const URL_OF: Record<string, string> = {
  login: `${PORTAL}login`,
  list: `${PORTAL}port-calls`,
  'port-call': CALL_PAGE,
  'fal1-errors': `${CALL_PAGE}/general-declaration`,
  'fal1-result': `${CALL_PAGE}?submitted`,
  'signed-out': `${PORTAL}login?signed-out`,
  'login-failed': `${PORTAL}login`,
};
export const urlOf = (kind: string): string => URL_OF[kind]!;

const page = (kind: string): Place => ({ id: `${kind} page`, kind: 'portal-page', variant: kind });
/** The probe plan's portal places, as contracts/plan/portal.ts derives them for profile v1. */
export const PLAN: ProbePlan = {
  places: {
    'PSW-PORTAL-001': ['valid', 'wrong-password', 'empty-password', 'unknown-user'].map((v) => ({
      id: `sign-in ${v}`,
      kind: 'portal-sign-in',
      variant: v,
    })),
    'PSW-PORTAL-002': Object.keys(TYPED).map((f) => ({
      id: `general-declaration form /${f}`,
      kind: 'portal-form-field',
      operationId: 'submitGeneralDeclaration',
      pointer: `/${f}`,
      variant: 'general-declaration',
    })),
    'PSW-PORTAL-003': PAGE_KINDS.map(page),
    'PSW-PORTAL-004': PAGE_KINDS.map(page),
    'PSW-PORTAL-005': ['list', 'port-call', 'fal1-result'].map(page),
    'PSW-PORTAL-006': PAGE_KINDS.map(page),
  },
};

/** A visit of a conformant portal; `change` edits it in place for one case. */
export function session(change: (a: PortalSession) => void = () => undefined): PortalSession {
  const visit = (name: string) => ({
    name,
    url: urlOf(name),
    status: name === 'fal1-errors' ? 422 : 200,
    csp: [CSP],
    cspMeta: [],
    screenshot: `shot-${name}`,
  });
  const replay = (kind: string) => ({
    page: kind,
    before: { url: urlOf(kind), status: 200, authenticated: true, evidenceId: `http-before-${kind}` },
    after: { url: urlOf(kind), status: 303, authenticated: false, evidenceId: `http-after-${kind}` },
  });
  const a: PortalSession = {
    status: 'collected',
    portalUrl: PORTAL,
    portCallId: PC,
    browser: { executable: '/usr/bin/chromium', version: '156.0.0.0' },
    pages: PAGE_KINDS.map(visit),
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
    wrongCredentials: ['wrong-password', 'empty-password', 'unknown-user'].map((attempt) => ({
      attempt,
      responseStatus: 422,
      landingUrl: `${PORTAL}login`,
      loggedIn: false,
      screenshot: `shot-${attempt}`,
    })),
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
    cookiesSet: [],
    listing: { url: `${PORTAL}port-calls`, found: true, pagesSearched: 1, screenshot: 'shot-list' },
    portCallPageUrl: CALL_PAGE,
    fal1: {
      formUrl: CALL_PAGE,
      prefilled: { ...PREFILLED },
      typed: { ...TYPED },
      missingFields: [],
      submitUrl: `${CALL_PAGE}/general-declaration`,
      submitStatus: 303,
      resultUrl: `${CALL_PAGE}?submitted`,
      screenshot: 'shot-fal1',
      resultScreenshot: 'shot-result',
      invalidSubmit: { status: 422, refused: true },
    },
    apiReadback: { url: FAL1_API, status: 200, document: { ...TYPED }, evidenceId: 'http-readback' },
    logout: {
      performed: true,
      responseStatus: 303,
      clearedCookie: true,
      replays: ['list', 'port-call', 'fal1-result'].map(replay),
      screenshot: 'shot-out',
    },
    accessibility: PAGE_KINDS.map((p) => ({
      page: p,
      url: urlOf(p),
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
  wrongCredentials: [],
  cookiesSet: [],
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
  return check.run({ PortalSession: a, ProbePlan: PLAN } as never, ctx);
}

/** The places a product reports for its one requirement: probed ids, and the others with why. */
export function placesOf(p: CheckProduct): { probed: string[]; notProbed: [string, string][] } {
  const [report] = Object.values(p.places ?? {});
  return {
    probed: report?.probed ?? [],
    notProbed: (report?.notProbed ?? []).map((n) => [n.id, n.why]),
  };
}

/** Finding ids with their locations, for compact assertions. */
export function findingsOf(p: CheckProduct): { id: string; location?: unknown }[] {
  return (p.findings ?? []).map((f) => ({ id: f.id, ...(f.location ? { location: f.location } : {}) }));
}
