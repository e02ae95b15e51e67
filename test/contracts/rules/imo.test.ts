import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { imoCheckDigit, isValidImoNumber } from '../../../contracts/rules/imo.ts';

describe('isValidImoNumber', () => {
  it.each([
    // standards.md §3.1 verified vectors
    ['9074729', true],
    ['9319466', true],
    ['8814275', true],
    ['8814274', false],
    ['1234567', true], // checksum-valid although never registered
    // prefix forms
    ['IMO9074729', true],
    ['IMO 9074729', true],
    ['imo 9074729', true],
    ['IMO 8814274', false],
    // malformed
    ['907472', false],
    ['90747290', false],
    ['9074729 ', false],
    ['IMO  9074729', false],
    ['IMO-9074729', false],
    ['907472X', false],
    ['９０７４７２９', false], // full-width digits are not ASCII digits
    ['', false],
  ])('%j → %s', (value, valid) => {
    expect(isValidImoNumber(value)).toBe(valid);
  });

  it('rejects non-strings without throwing', () => {
    for (const v of [9074729, null, undefined, {}, ['9074729']]) expect(isValidImoNumber(v as never)).toBe(false);
  });

  it('accepts exactly one check digit per six-digit stem', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{6}$/), fc.integer({ min: 0, max: 9 }), (stem, d) => {
        expect(isValidImoNumber(stem + d)).toBe(d === imoCheckDigit(stem));
      }),
    );
  });
});

describe('imoCheckDigit', () => {
  it.each([
    ['907472', 9],
    ['931946', 6],
    ['881427', 5],
  ])('%s → %i', (stem, digit) => {
    expect(imoCheckDigit(stem)).toBe(digit);
  });

  it.each(['90747', '9074729', 'abcdef', ''])('throws RangeError on %j', (bad) => {
    expect(() => imoCheckDigit(bad)).toThrow(RangeError);
  });
});
