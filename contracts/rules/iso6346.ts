/**
 * ISO 6346 freight container identification: owner code (3 letters), category identifier
 * (U freight, J detachable equipment, Z trailer/chassis, R reefer), 6-digit serial, check digit.
 * Check digit: letters take the values 10–38 skipping multiples of 11 (A=10, B=12, … Z=38), digits
 * their own value; Σ value(cᵢ)·2ⁱ over the first ten characters, mod 11, mod 10 (10 → 0).
 */

export const CONTAINER_NUMBER_PATTERN = /^[A-Z]{3}[UJZR]\d{7}$/;
const FIRST_TEN = /^[A-Z]{3}[UJZR]\d{6}$/;

// A=10, B=12, … K=21, L=23, … U=32, V=34, … Z=38: counting up from 10 and skipping 11, 22, 33.
const LETTER_VALUES: ReadonlyMap<string, number> = (() => {
  const m = new Map<string, number>();
  let v = 10;
  for (let c = 65; c <= 90; c++, v++) {
    if (v % 11 === 0) v++;
    m.set(String.fromCharCode(c), v);
  }
  return m;
})();

function charValue(ch: string): number {
  return LETTER_VALUES.get(ch) ?? Number(ch);
}

/** The check digit for an owner code + category + serial. Throws on anything not of that form. */
export function containerCheckDigit(first10: string): number {
  if (!FIRST_TEN.test(first10)) throw new RangeError('containerCheckDigit expects [A-Z]{3}[UJZR] + 6 digits');
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += charValue(first10[i] as string) * 2 ** i;
  return (sum % 11) % 10;
}

/** A well-formed ISO 6346 container number (no spaces) whose check digit is right. */
export function isValidContainerNumber(s: string): boolean {
  if (typeof s !== 'string' || !CONTAINER_NUMBER_PATTERN.test(s)) return false;
  return containerCheckDigit(s.slice(0, 10)) === Number(s[10]);
}
