/**
 * The vocabulary of rule findings: what a receipt's `errors[]` and `warnings[]` carry
 * (`{code, pointer, detail}`, pointer per RFC 6901 into the submitted body).
 */

export interface RuleIssue {
  code: string;
  pointer: string;
  detail: string;
}

/** Findings for one submitted document: errors reject it, warnings do not. */
export interface RuleResult {
  errors: RuleIssue[];
  warnings: RuleIssue[];
}

/** Error codes of the profile (README "Rule error codes", plus EMS_INVALID). */
export const ERROR_CODES = [
  'IMO_CHECK_DIGIT',
  'MMSI_INVALID',
  'LOCODE_UNKNOWN',
  'ETA_AFTER_ETD',
  'DATETIME_OFFSET',
  'CREW_COUNT_MISMATCH',
  'PASSENGER_COUNT_MISMATCH',
  'UN_NUMBER_INVALID',
  'IMDG_CLASS_INVALID',
  'CONTAINER_CHECK_DIGIT',
  'PACKING_GROUP_INVALID',
  'EMS_INVALID',
  'ATD_BEFORE_ATA',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Warning codes. The *_PENDING ones mean a cross-document check is waiting for the other document:
 * they, and only they, make a receipt `incomplete`.
 */
export const PENDING_WARNING_CODES = [
  'CREW_LIST_PENDING',
  'PASSENGER_LIST_PENDING',
  'GENERAL_DECLARATION_PENDING',
] as const;
export const WARNING_CODES = [
  ...PENDING_WARNING_CODES,
  'WASTE_RETAINED_EXCEEDS_CAPACITY',
  'ISSC_NOT_VALID',
  'ISSC_EXPIRED',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

const PENDING: ReadonlySet<string> = new Set(PENDING_WARNING_CODES);

/** The receipt outcome these findings call for. */
export function outcomeOf(result: RuleResult): 'accepted' | 'incomplete' | 'rejected' {
  if (result.errors.length > 0) return 'rejected';
  return result.warnings.some((w) => PENDING.has(w.code)) ? 'incomplete' : 'accepted';
}

/** An RFC 6901 JSON Pointer from path segments ("~" → "~0", "/" → "~1"). */
export function jsonPointer(...segments: Array<string | number>): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
