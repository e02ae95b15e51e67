import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { containerCheckDigit, isValidContainerNumber } from '../../../contracts/rules/iso6346.ts';

describe('isValidContainerNumber', () => {
  it.each([
    // standards.md §3.1 verified vectors
    ['CSQU3054383', true],
    ['CSQU3054384', false],
    ['TASU1170000', true],
    // category identifiers U, J, Z, R only
    ['CSQX3054383', false],
    // format
    ['CSQU305438', false],
    ['CSQU 305438 3', false],
    ['csqu3054383', false],
    ['CS1U3054383', false],
    ['', false],
  ])('%j → %s', (value, valid) => {
    expect(isValidContainerNumber(value)).toBe(valid);
  });

  it('rejects non-strings', () => {
    expect(isValidContainerNumber(3054383 as never)).toBe(false);
  });

  it('accepts exactly one check digit per stem', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z]{3}[UJZR]\d{6}$/), fc.integer({ min: 0, max: 9 }), (stem, d) => {
        expect(isValidContainerNumber(stem + d)).toBe(d === containerCheckDigit(stem));
      }),
    );
  });
});

describe('containerCheckDigit', () => {
  it.each([
    ['CSQU305438', 3],
    ['TASU117000', 0],
    ['AAAU000000', 7], // 10 + 20 + 40 + 256 = 326 ≡ 7 (mod 11)
    ['AAAU000006', 0], // 326 + 6·512 = 3398 ≡ 10 (mod 11): wraps to 0
    ['ZZZU000000', 5], // 38 + 76 + 152 + 256 = 522 ≡ 5 (mod 11)
  ])('%s → %i', (stem, digit) => {
    expect(containerCheckDigit(stem)).toBe(digit);
  });

  it.each([
    ['A', 10],
    ['B', 12],
    ['K', 21],
    ['L', 23],
    ['U', 32],
    ['V', 34],
    ['Z', 38],
  ])('letter %s counts as %i (multiples of 11 skipped)', (letter, value) => {
    // Position 0 has weight 2^0; the rest, "AAU000000", adds 10·2 + 10·4 + 32·8 = 316.
    expect(containerCheckDigit(`${letter}AAU000000`)).toBe(((value + 316) % 11) % 10);
  });

  it.each(['CSQU30543', 'CSQU3054383', 'CSQX305438', 'csqu305438'])('throws RangeError on %j', (bad) => {
    expect(() => containerCheckDigit(bad)).toThrow(RangeError);
  });
});
