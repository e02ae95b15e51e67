/**
 * Dangerous goods identifiers of the IMDG Code / UN Model Regulations: UN numbers, classes and
 * divisions (with the explosives' compatibility groups), packing groups and EmS codes.
 */

/** UN numbers run from UN 0004 to UN 3600 (leading zeros kept: always four digits). */
export function isValidUnNumber(s: string): boolean {
  if (typeof s !== 'string' || !/^\d{4}$/.test(s)) return false;
  const n = Number(s);
  return n >= 4 && n <= 3600;
}

// Compatibility groups the IMDG Code (2.1.2.3) allows per division of class 1.
const EXPLOSIVE_GROUPS: Readonly<Record<string, string>> = {
  '1.1': 'ABCDEFGJL',
  '1.2': 'BCDEFGHJKL',
  '1.3': 'CFGHJKL',
  '1.4': 'BCDEFGS',
  '1.5': 'D',
  '1.6': 'N',
};

const OTHER_CLASSES = ['2.1', '2.2', '2.3', '3', '4.1', '4.2', '4.3', '5.1', '5.2', '6.1', '6.2', '7', '8', '9'];

/** Every class, division and class 1 division + compatibility group (1.1A … 1.6N) the IMDG Code knows. */
export const IMDG_CLASSES: ReadonlySet<string> = new Set([
  ...Object.entries(EXPLOSIVE_GROUPS).flatMap(([div, groups]) => [div, ...[...groups].map((g) => div + g)]),
  ...OTHER_CLASSES,
]);

export function isValidImdgClass(s: string): boolean {
  return typeof s === 'string' && IMDG_CLASSES.has(s);
}

/**
 * A subsidiary hazard is written as a class or division without compatibility group ("1" for an
 * explosive subsidiary hazard), and cannot repeat the primary class.
 */
export function isValidSubsidiaryRisk(s: string, primaryClass?: string): boolean {
  if (typeof s !== 'string') return false;
  const ok = s === '1' || (IMDG_CLASSES.has(s) && !/[A-Z]$/.test(s));
  if (!ok || primaryClass === undefined) return ok;
  const primary = primaryClass.replace(/[A-Z]$/, '');
  return s !== primary && !(s === '1' && primary.startsWith('1.'));
}

export const PACKING_GROUPS: ReadonlySet<string> = new Set(['I', 'II', 'III']);

/** How a class treats the packing group. Unknown classes yield undefined. */
export function packingGroupRule(imdgClass: string): 'none' | 'required' | 'optional' | undefined {
  if (!isValidImdgClass(imdgClass)) return undefined;
  // Model Regulations 2.0.1.3: classes 1, 2, 7 and division 6.2 are never assigned a packing group.
  if (/^[127](\.|$)/.test(imdgClass) || imdgClass === '6.2') return 'none';
  // 5.2 (organic peroxides) carry none either, and some class 9 entries have none: accept with or without.
  if (imdgClass === '5.2' || imdgClass === '9') return 'optional';
  return 'required';
}

// Self-reactive substances of division 4.1 (UN 3221–3240) are not assigned a packing group.
function isSelfReactive(unNumber: string | undefined): boolean {
  if (unNumber === undefined || !isValidUnNumber(unNumber)) return false;
  const n = Number(unNumber);
  return n >= 3221 && n <= 3240;
}

/**
 * Whether packing group `pg` (absent: undefined, null or "") fits `imdgClass`: I/II/III only; none for
 * classes 1, 2, 7 and 6.2 (a PG given there is invalid); required for 3, 4.x, 5.1, 6.1 and 8; optional
 * for 5.2 and 9. With `opts.unNumber`, a self-reactive 4.1 substance may omit it.
 */
export function isValidPackingGroup(imdgClass: string, pg?: string | null, opts: { unNumber?: string } = {}): boolean {
  let rule = packingGroupRule(imdgClass);
  if (rule === undefined) return false;
  if (rule === 'required' && imdgClass === '4.1' && isSelfReactive(opts.unNumber)) rule = 'optional';
  const given = pg !== undefined && pg !== null && pg !== '';
  if (!given) return rule !== 'required';
  return rule !== 'none' && typeof pg === 'string' && PACKING_GROUPS.has(pg);
}

/** EmS (Emergency Schedules): fire schedule F-A…F-J, spillage schedule S-A…S-Z, as "F-x, S-y". */
export const EMS_PATTERN = /^F-[A-J], S-[A-Z]$/;

export function isValidEmsCode(s: string): boolean {
  return typeof s === 'string' && EMS_PATTERN.test(s);
}
