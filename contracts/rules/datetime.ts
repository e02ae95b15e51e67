/**
 * RFC 3339 dates and date-times. The profile requires an explicit offset on every date-time (EMSWe
 * R-GENERAL-001, IMO Compendium BR 00): a local time without an offset is ambiguous across time zones.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// "T" per RFC 3339 (case-insensitive); a space too, as RFC 3339 §5.6 permits and ajv-formats accepts,
// so a value the schema let through is never misreported here.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
// Any ISO 8601 offset after a time of day: Z, ±hh, ±hhmm or ±hh:mm.
const TRAILING_OFFSET = /\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$/;

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

function isCalendarDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil); avoids Date's
// two-digit-year quirk.
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** An instant: whole seconds since the epoch (UTC) and the fractional digits, trailing zeros removed. */
export interface Instant {
  seconds: number;
  fraction: string;
}

/** Parses an RFC 3339 date-time with offset into an instant; undefined when it is not one. */
export function parseDateTime(s: string): Instant | undefined {
  if (typeof s !== 'string') return undefined;
  const m = DATE_TIME.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (!isCalendarDate(y, mo, d) || h > 23 || mi > 59 || sec > 60) return undefined;
  let offsetMinutes = 0;
  if (m[8] === undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const utcMinutes = daysFromCivil(y, mo, d) * 1440 + h * 60 + mi - offsetMinutes;
  // A leap second can only be the last second of a UTC day.
  if (sec === 60 && ((utcMinutes % 1440) + 1440) % 1440 !== 1439) return undefined;
  return { seconds: utcMinutes * 60 + sec, fraction: (m[7] ?? '').replace(/0+$/, '') };
}

/** RFC 3339 date-time with Z or ±hh:mm, on a real calendar date and time of day. */
export function isDateTimeWithOffset(s: string): boolean {
  return parseDateTime(s) !== undefined;
}

/** Whether a time-of-day string ends in a UTC offset (Z, ±hh, ±hhmm or ±hh:mm), valid or not otherwise. */
export function hasUtcOffset(s: string): boolean {
  return typeof s === 'string' && TRAILING_OFFSET.test(s);
}

/** RFC 3339 full-date (yyyy-mm-dd) on a real calendar date. */
export function isDate(s: string): boolean {
  if (typeof s !== 'string') return false;
  const m = DATE.exec(s);
  return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Milliseconds since the epoch of an RFC 3339 date-time with offset (sub-millisecond digits dropped). */
export function toEpochMillis(s: string): number | undefined {
  const t = parseDateTime(s);
  return t === undefined ? undefined : t.seconds * 1000 + Number(t.fraction.slice(0, 3).padEnd(3, '0'));
}

/**
 * Orders two date-times by the instant they denote, whatever their offsets: negative when `a` is
 * earlier, 0 when simultaneous, positive when later; NaN when either is not a date-time with offset.
 */
export function compareInstants(a: string, b: string): number {
  const x = parseDateTime(a);
  const y = parseDateTime(b);
  if (x === undefined || y === undefined) return Number.NaN;
  if (x.seconds !== y.seconds) return x.seconds < y.seconds ? -1 : 1;
  const width = Math.max(x.fraction.length, y.fraction.length);
  const fx = x.fraction.padEnd(width, '0');
  const fy = y.fraction.padEnd(width, '0');
  return fx === fy ? 0 : fx < fy ? -1 : 1;
}
