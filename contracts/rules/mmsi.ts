/**
 * Maritime Mobile Service Identities per ITU-R M.585 (Annex 1 and 2): nine digits whose leading digits
 * say what kind of station it is and where the Maritime Identification Digits (MID) sit.
 *
 * MIDs are allocated in 201–775 (first digit = ITU region 2–7). The ITU MID table is not openly
 * published as data, so a MID is accepted when it falls in that allocated range.
 */

export type MmsiKind =
  'ship' | 'group' | 'coast' | 'sar-aircraft' | 'aton' | 'craft-associated' | 'handheld' | 'sart-mob-epirb' | 'invalid';

export interface MmsiClassification {
  /** true when the structure is recognised and its MID (if it has one) lies in 201–775. */
  valid: boolean;
  /** The station kind the structure denotes; 'invalid' when no M.585 structure matches. */
  kind: MmsiKind;
  /** The three Maritime Identification Digits, for kinds that carry one. */
  mid?: string;
}

export const MID_MIN = 201;
export const MID_MAX = 775;

export function isAllocatableMid(mid: string): boolean {
  if (!/^\d{3}$/.test(mid)) return false;
  const n = Number(mid);
  return n >= MID_MIN && n <= MID_MAX;
}

// Ordered most specific prefix first: 111 before anything else starting with 1, 970/972/974 before
// 98/99, 00 before 0. Each pattern captures the MID (if any).
const STRUCTURES: ReadonlyArray<{ kind: Exclude<MmsiKind, 'invalid'>; re: RegExp }> = [
  { kind: 'sar-aircraft', re: /^111(\d{3})\d{3}$/ }, // 111 MID XXX
  { kind: 'sart-mob-epirb', re: /^97[024]\d{6}$/ }, // 970 AIS-SART, 972 MOB, 974 EPIRB-AIS: 97x + 6 digits
  { kind: 'craft-associated', re: /^98(\d{3})\d{4}$/ }, // 98 MID XXXX
  { kind: 'aton', re: /^99(\d{3})\d{4}$/ }, // 99 MID XXXX
  { kind: 'coast', re: /^00(\d{3})\d{4}$/ }, // 00 MID XXXX
  { kind: 'group', re: /^0(\d{3})\d{5}$/ }, // 0 MID XXXXX
  { kind: 'handheld', re: /^8(\d{3})\d{5}$/ }, // 8 MID XXXXX
  { kind: 'ship', re: /^([2-7]\d{2})\d{6}$/ }, // MID XXXXXX
];

/** Classifies an MMSI by its ITU-R M.585 structure. Never throws. */
export function classifyMmsi(value: string): MmsiClassification {
  if (typeof value !== 'string' || !/^\d{9}$/.test(value)) return { valid: false, kind: 'invalid' };
  for (const { kind, re } of STRUCTURES) {
    const m = re.exec(value);
    if (!m) continue;
    const mid = m[1];
    if (mid === undefined) return { valid: true, kind }; // SART/MOB/EPIRB carry a manufacturer id, no MID
    return { valid: isAllocatableMid(mid), kind, mid };
  }
  return { valid: false, kind: 'invalid' };
}

/** A ship station identity: first digit 2–7 and a MID in 201–775. */
export function isValidShipMmsi(value: string): boolean {
  const c = classifyMmsi(value);
  return c.valid && c.kind === 'ship';
}
