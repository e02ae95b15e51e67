// The PortalSession artifact: what one scripted visit of the member's web portal observed. The
// collector fills it (collectors/portal-session.ts); the portal checks judge it and never drive a
// browser themselves. Screenshot evidence ids travel with each step so failing findings cite them.

/** The steps of the visit, in order; a step that threw is listed in `errors` under its name. */
export type PortalStep =
  | 'create-port-call'
  | 'login'
  | 'listing'
  | 'port-call-page'
  | 'fal1-errors'
  | 'fal1'
  | 'api-readback'
  | 'logout'
  | 'wrong-password'
  | 'empty-password'
  | 'unknown-user'
  | 'accessibility';

/** One document the browser loaded (the main frame's final response of a step). */
export interface PageVisit {
  /** The kind of page (layout.ts PAGE_KINDS): login | list | port-call | fal1-errors | fal1-result | signed-out | login-failed */
  name: string;
  url: string;
  status: number | null;
  /** Enforced Content-Security-Policy header policies (a header may carry several, comma-separated). */
  csp: string[];
  /** Policies from <meta http-equiv="Content-Security-Policy">. */
  cspMeta: string[];
  screenshot?: string;
}

/** A Set-Cookie header line, parsed; the value itself is never kept. */
export interface CookieRecord {
  name: string;
  secure: boolean;
  httpOnly: boolean;
  /** The SameSite attribute as sent (e.g. "Strict"), null when absent. */
  sameSite: string | null;
  path: string | null;
  domain: string | null;
  /** Max-Age=0 or an Expires in the past: the cookie is being deleted. */
  clears: boolean;
  /** The header line with the value replaced by [REDACTED]. */
  redacted: string;
}

export interface LoginRecord {
  /** The sign-in page. */
  pageUrl: string;
  formMethod: string;
  formAction: string;
  /** The response to the submitted form (before any redirect), and where the browser ended. */
  responseUrl: string | null;
  responseStatus: number | null;
  landingUrl: string;
  /** A sign-out control was on the landing page. */
  succeeded: boolean;
  /** The password appeared in a URL the browser visited. */
  passwordInUrl: boolean;
  screenshot?: string;
}

/** One sign-in with credentials the portal must refuse, from an empty cookie jar. */
export interface WrongCredentialsRecord {
  /** wrong-password | empty-password | unknown-user (layout.ts WRONG_CREDENTIALS) */
  attempt: string;
  responseStatus: number | null;
  landingUrl: string;
  /** Signed in anyway: a sign-out control, or the test port call's page opened. */
  loggedIn: boolean;
  screenshot?: string;
}

/** A Set-Cookie the browser received on a main-frame document response, with the kind of page it came with. */
export interface CookieSetting {
  /** The kind of page the step was loading (layout.ts PAGE_KINDS). */
  page: string;
  method: string;
  url: string;
  status: number;
  cookie: CookieRecord;
}

export interface SessionCookies {
  /** The response that signed the user in (its URL) and the cookies it set. */
  responseUrl: string;
  cookies: CookieRecord[];
  screenshot?: string;
}

export interface ListingRecord {
  url: string;
  /** The port call created through the API is linked from the portal's list. */
  found: boolean;
  pagesSearched: number;
  screenshot?: string;
}

export interface Fal1Record {
  formUrl: string;
  /** What the form showed before anything was typed, by field name (the typed values differ from it). */
  prefilled: Record<string, string>;
  /** What was typed into the form, by field name (the profile's property names). */
  typed: Record<string, string | number>;
  /** Fields of `typed` the form did not have. */
  missingFields: string[];
  submitUrl: string | null;
  submitStatus: number | null;
  resultUrl: string;
  screenshot?: string;
  resultScreenshot?: string;
  /**
   * The same form first sent with an IMO number whose check digit is wrong: the answer's status, and
   * whether the portal sent the form back (refused) rather than accepting it.
   */
  invalidSubmit?: { status: number | null; refused: boolean };
}

export interface ApiReadback {
  url: string;
  status: number;
  /** The FormalityRecord's `document`, when the API answered one. */
  document?: Record<string, unknown>;
  evidenceId?: string;
}

export interface ReplayRecord {
  url: string;
  status: number;
  /** The answer was the signed-in page (it showed the test port call). */
  authenticated: boolean;
  evidenceId?: string;
}

/** The browser's cookies replayed at one signed-in page, before and after signing out. */
export interface LogoutReplay {
  /** The kind of page (list, port-call, fal1-result). */
  page: string;
  /** While still signed in: proves the replay reproduces the session there. */
  before: ReplayRecord;
  /** The same cookies after sign-out; null when the sign-out did not happen. */
  after: ReplayRecord | null;
}

export interface LogoutRecord {
  /** A sign-out control was found and used. */
  performed: boolean;
  responseStatus: number | null;
  /** The sign-out response deleted the session cookie in the browser. */
  clearedCookie: boolean;
  /** One per signed-in page the visit can open again by GET. */
  replays: LogoutReplay[];
  screenshot?: string;
}

export interface AxeViolation {
  ruleId: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  tags: string[];
  /** How many elements break the rule. */
  nodes: number;
  /** CSS selectors of the first few (shadow or frame paths joined with " >>> "). */
  selectors: string[];
}

export interface AxeScan {
  /** The kind of page (layout.ts PAGE_KINDS). */
  page: string;
  url: string;
  violations: AxeViolation[];
  passes: number;
  incomplete: number;
  /** axe could not run on this page. */
  error?: string;
  screenshot?: string;
}

export interface PortalSession {
  status: 'collected' | 'not-applicable';
  /** Why nothing was collected (no portal URL, no portal user). */
  reason?: string;
  portalUrl: string;
  portCallId?: string;
  browser?: { executable: string; version: string };
  pages: PageVisit[];
  login?: LoginRecord;
  /** One per kind of wrong credentials tried (layout.ts WRONG_CREDENTIALS), in order. */
  wrongCredentials: WrongCredentialsRecord[];
  /** The cookies set at sign-in (their names are the session's cookies). */
  session?: SessionCookies;
  /** Every cookie set on any page of the visit (deletions included), in order. */
  cookiesSet: CookieSetting[];
  listing?: ListingRecord;
  portCallPageUrl?: string;
  fal1?: Fal1Record;
  apiReadback?: ApiReadback;
  logout?: LogoutRecord;
  accessibility: AxeScan[];
  /** Requests the browser attempted outside the target's allowed hosts (aborted, never sent). */
  blockedRequests: string[];
  errors: { step: PortalStep; message: string }[];
}

declare module '../../engine/check.ts' {
  interface ArtifactMap {
    PortalSession: PortalSession;
  }
}

/** The error recorded for a step, if it threw. */
export function stepError(a: PortalSession, step: PortalStep): string | undefined {
  return a.errors.find((e) => e.step === step)?.message;
}

/** Thrown by checks whose step did not complete: the engine makes it an `error` with this cause. */
export class PortalStepError extends Error {
  override name = 'PortalStepError';
  constructor(step: PortalStep, message: string) {
    super(`portal step "${step}" did not complete: ${message}`);
  }
}

/** Fails loudly when a step the check needs threw, so a broken run is never judged as a pass. */
export function requireStep(a: PortalSession, step: PortalStep): void {
  const err = stepError(a, step);
  if (err !== undefined) throw new PortalStepError(step, err);
}
