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
  /** Masked in screenshots: secrets and personal data never reach an evidence file. */
  masked: 'input[type="password"], [name="masterName"]',
} as const;

/** List pages followed, at most, looking for the test port call. */
export const MAX_LIST_PAGES = 10;

/** axe-core rule tags of WCAG 2.1 levels A and AA. */
export const WCAG21_AA_TAGS: readonly string[] = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** A valid psw-v1 PortCallInput for the portal visit (the contract samples' first ship, renamed). */
export function portalPortCall(now: Date): Record<string, unknown> {
  return { ...samplePortCall({ now, ship: { ...SAMPLE_SHIPS[0]!, name: 'PORTAL CHECK' } }) };
}

/**
 * What the collector types into the FAL1 form. The crew count varies with the seed (11..30) so
 * it cannot match a portal's default or a stale declaration by chance.
 */
export function fal1Typed(portCall: Record<string, unknown>, seed: number): Record<string, string | number> {
  const ship = portCall.ship as Record<string, string>;
  return {
    arrivalOrDeparture: 'arrival',
    shipName: ship.name ?? '',
    imoNumber: ship.imoNumber ?? '',
    callSign: ship.callSign ?? '',
    flag: ship.flag ?? '',
    masterName: 'Conformance Test Master',
    numberOfCrew: 11 + (Math.abs(Math.trunc(seed)) % 20),
    numberOfPassengers: 0,
    lastPortOfCall: String(portCall.previousPort),
    nextPortOfCall: String(portCall.nextPort),
    cargoDescription: 'Conformance run: no cargo',
    dateTimeOfArrival: String(portCall.eta),
  };
}

/** FAL1 fields holding personal data: compared, never echoed into findings. */
export const PERSONAL_FIELDS: ReadonlySet<string> = new Set(['masterName']);
