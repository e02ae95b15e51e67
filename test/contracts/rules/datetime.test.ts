import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  compareInstants,
  hasUtcOffset,
  isDate,
  isDateTimeWithOffset,
  parseDateTime,
  toEpochMillis,
} from '../../../contracts/rules/datetime.ts';

describe('isDateTimeWithOffset', () => {
  it.each([
    ['2026-12-01T08:00:00+01:00', true],
    ['2026-12-01T08:00:00Z', true],
    ['2026-12-01t08:00:00z', true],
    ['2026-12-01 08:00:00Z', true],
    ['2026-12-01T08:00:00.123456789-03:30', true],
    ['2026-12-01T08:00:00-00:00', true],
    ['2024-02-29T00:00:00Z', true], // leap year
    ['2000-02-29T00:00:00Z', true],
    ['2016-12-31T23:59:60Z', true], // leap second at the end of a UTC day
    ['2017-01-01T00:59:60+01:00', true],
    ['2026-12-01T08:00:00', false], // no offset
    ['2026-12-01T08:00', false],
    ['2026-12-01', false],
    ['2026-12-01T08:00:00+0100', false], // RFC 3339 wants the colon
    ['2026-12-01T08:00:00+01', false],
    ['2025-02-29T00:00:00Z', false],
    ['1900-02-29T00:00:00Z', false],
    ['2026-04-31T00:00:00Z', false],
    ['2026-13-01T00:00:00Z', false],
    ['2026-00-01T00:00:00Z', false],
    ['2026-12-00T00:00:00Z', false],
    ['2026-12-01T24:00:00Z', false],
    ['2026-12-01T23:60:00Z', false],
    ['2026-12-01T12:00:60Z', false], // not the last second of a UTC day
    ['2026-12-01T08:00:00+24:00', false],
    ['2026-12-01T08:00:00+01:60', false],
    ['2026-12-01T08:00:00.Z', false],
    ['26-12-01T08:00:00Z', false],
    [' 2026-12-01T08:00:00Z', false],
    ['', false],
  ])('%j → %s', (s, ok) => {
    expect(isDateTimeWithOffset(s)).toBe(ok);
  });

  it('is false for non-strings', () => {
    expect(isDateTimeWithOffset(Date.now() as never)).toBe(false);
  });
});

describe('hasUtcOffset', () => {
  it.each([
    ['2026-12-01T08:00:00Z', true],
    ['2026-12-01T08:00:00+01:00', true],
    ['2026-12-01T08:00:00+0100', true],
    ['2026-12-01T08:00:00-05', true],
    ['2026-12-01T08:00:00.5Z', true],
    ['2026-12-01T08:00Z', true],
    ['2026-12-01T08:00:00', false],
    ['2026-12-01T08:00:00.000', false],
    ['2026-12-01', false],
    ['', false],
  ])('%j → %s', (s, ok) => {
    expect(hasUtcOffset(s)).toBe(ok);
  });
});

describe('isDate', () => {
  it.each([
    ['2026-12-01', true],
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2026-11-31', false],
    ['2026-12-01T00:00:00Z', false],
    ['2026-1-01', false],
    ['', false],
  ])('%j → %s', (s, ok) => {
    expect(isDate(s)).toBe(ok);
  });
});

describe('compareInstants', () => {
  it.each([
    ['2026-12-01T08:00:00+01:00', '2026-12-01T07:00:00Z', 0],
    ['2026-12-01T08:00:00+01:00', '2026-12-01T07:00:01Z', -1],
    ['2026-12-02T00:30:00+01:00', '2026-12-01T23:00:00Z', 1],
    ['2026-12-01T00:00:00-12:00', '2026-12-01T23:59:59+14:00', 1], // 12:00Z vs 09:59:59Z,
    ['2026-12-01T08:00:00.1Z', '2026-12-01T08:00:00.100000Z', 0],
    ['2026-12-01T08:00:00.0000001Z', '2026-12-01T08:00:00Z', 1], // below a millisecond
    ['2026-12-01T08:00:00.09Z', '2026-12-01T08:00:00.1Z', -1],
    ['1969-12-31T23:59:59Z', '1970-01-01T00:00:00Z', -1],
  ])('%s vs %s → %i', (a, b, sign) => {
    expect(Math.sign(compareInstants(a, b))).toBe(sign);
    expect(Math.sign(compareInstants(b, a))).toBe(-sign || 0);
  });

  it.each([
    ['2026-12-01T08:00:00', '2026-12-01T08:00:00Z'],
    ['2026-12-01T08:00:00Z', 'tomorrow'],
  ])('is NaN when either is not a date-time with offset (%j, %j)', (a, b) => {
    expect(compareInstants(a, b)).toBeNaN();
  });

  it('agrees with Date for millisecond-precision timestamps in any offset', () => {
    const instant = fc.date({ min: new Date('1971-01-01Z'), max: new Date('2200-01-01Z'), noInvalidDate: true });
    const offset = fc.integer({ min: -14 * 60, max: 14 * 60 });
    const render = (d: Date, off: number): string => {
      const local = new Date(d.getTime() + off * 60_000).toISOString().slice(0, 23);
      const sign = off < 0 ? '-' : '+';
      const abs = Math.abs(off);
      return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
    };
    fc.assert(
      fc.property(instant, offset, instant, offset, (a, oa, b, ob) => {
        const sa = render(a, oa);
        const sb = render(b, ob);
        expect(toEpochMillis(sa)).toBe(a.getTime());
        expect(Math.sign(compareInstants(sa, sb))).toBe(Math.sign(a.getTime() - b.getTime()));
      }),
    );
  });
});

describe('parseDateTime', () => {
  it('reports whole seconds and the fraction without trailing zeros', () => {
    expect(parseDateTime('1970-01-01T01:00:01.500+01:00')).toEqual({ seconds: 1, fraction: '5' });
    expect(parseDateTime('1970-01-01T00:00:00')).toBeUndefined();
  });
});
