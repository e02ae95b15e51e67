/**
 * IMO ship identification numbers (SOLAS XI-1/3, IMO Res. A.1117(30)): seven digits, the last being a
 * check digit. The check digit is the units digit of the first six digits weighted 7, 6, 5, 4, 3, 2.
 */

const IMO_NUMBER = /^(?:IMO ?)?(\d{7})$/i;

/** The check digit for the first six digits of an IMO number. Throws on anything but six ASCII digits. */
export function imoCheckDigit(first6: string): number {
  if (!/^\d{6}$/.test(first6)) throw new RangeError('imoCheckDigit expects exactly 6 digits');
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += Number(first6[i]) * (7 - i);
  return sum % 10;
}

/**
 * Whether `value` is a well-formed IMO number with a correct check digit. An optional "IMO" prefix
 * (with or without one space) is accepted because FAL forms and AIS feeds print it that way.
 */
export function isValidImoNumber(value: string): boolean {
  if (typeof value !== 'string') return false;
  const digits = IMO_NUMBER.exec(value)?.[1];
  if (digits === undefined) return false;
  return imoCheckDigit(digits.slice(0, 6)) === Number(digits[6]);
}
