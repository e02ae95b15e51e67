// What the portal suite assumes of a member's portal, in one place: the profile's portal
// conventions (list under `port-calls`, FAL1 fields named as the profile's JSON properties, a
// sign-out control that posts to a "logout" address) and the test data it types in.
import { SAMPLE_SHIPS, samplePortCall } from '../../contracts/samples.ts';

export const LAYOUT = {
  /** The signed-in user's port calls, relative to the portal URL. */
  listPath: 'port-calls',
  passwordInput: 'input[type="password"]',
  /** Tried in order inside the sign-in form. */
  usernameInputs: [
    'input[autocomplete="username"]',
    'input[name="username"]',
    'input[type="email"]',
    'input[type="text"]',
  ],
  submit: 'button[type="submit"], input[type="submit"], button:not([type])',
  logoutControl:
    'form[action*="logout" i] button, form[action*="logout" i] input[type="submit"], a[href*="logout" i], button[name="logout"]',
  /** The FAL1 form: the one with a numberOfCrew field (FAL1 fields are named as the profile's properties). */
  fal1Form: 'form:has([name="numberOfCrew"])',
  fal1Link: 'a[href*="general-declaration"]',
  nextPage: 'a[rel~="next"]',
  /**
   * Masked in screenshots: secrets and personal data never reach an evidence file. The sign-in form's
   * visible fields are masked whole (its user name is personal data), its buttons kept.
   */
  masked:
    'input[type="password"], [name="masterName"], form:has(input[type="password"]) input:not([type="hidden"]):not([type="submit"]):not([type="button"]):not([type="image"])',
} as const;

/** List pages followed, at most, looking for the test port call. */
export const MAX_LIST_PAGES = 10;

/**
 * The kinds of page the visit reaches and names its visits and scans after (the profile's
 * `x-psw-portal` pages): the sign-in form, the list, a port call with its FAL1 form, that form sent
 * back with errors, the page after a FAL1 is accepted, the page after signing out, and the sign-in
 * form after wrong credentials.
 */
export const PAGE_KINDS = [
  'login',
  'list',
  'port-call',
  'fal1-errors',
  'fal1-result',
  'signed-out',
  'login-failed',
] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

/** Wrong credentials the visit tries, each in a fresh browser session (`x-psw-portal` signIn.refuse). */
export const WRONG_CREDENTIALS = ['wrong-password', 'empty-password', 'unknown-user'] as const;
export type WrongCredentials = (typeof WRONG_CREDENTIALS)[number];

/** axe-core rule tags of WCAG 2.1 levels A and AA. */
export const WCAG21_AA_TAGS: readonly string[] = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** A valid psw-v1 PortCallInput for the portal visit (the contract samples' first ship, renamed). */
export function portalPortCall(now: Date): Record<string, unknown> {
  return { ...samplePortCall({ now, ship: { ...SAMPLE_SHIPS[0]!, name: 'PORTAL CHECK' } }) };
}

/** FAL1 fields holding personal data: compared, never echoed into findings. */
export const PERSONAL_FIELDS: ReadonlySet<string> = new Set(['masterName']);
