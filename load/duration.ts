// k6 (Go time.ParseDuration) duration strings: "5s", "1m30s", "250ms", "1.5h".
// Scenarios are data written by people, so a bad value must name itself.

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;

/** Milliseconds in a Go-style duration string; throws on anything else (bare numbers included). */
export function parseDuration(text: string): number {
  if (typeof text !== 'string' || text.trim() === '') throw new Error('duration must be a string such as "5s"');
  const s = text.trim();
  if (s === '0') return 0;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < s.length) {
    const at = PART.lastIndex;
    const m = PART.exec(s);
    if (!m || m.index !== at) {
      throw new Error(`"${text}" is not a duration (use a number with a unit: ms, s, m, h, e.g. "5s" or "1m30s")`);
    }
    total += Number(m[1]) * UNIT_MS[m[2] as string]!;
  }
  return total;
}

/** Shortest k6 spelling of a whole number of milliseconds ("90s" → "1m30s"). */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new Error(`cannot format duration ${ms}`);
  if (ms === 0) return '0s';
  let rest = Math.round(ms);
  const parts: string[] = [];
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  if (rest > 0) parts.push(`${rest}ms`);
  return parts.join('');
}
