// Set-Cookie lines (RFC 6265 §5.2) parsed into the attributes the portal checks judge. The cookie
// value is dropped here: it is a session secret and never enters an artifact.
import type { CookieRecord } from './artifact.ts';

export function parseSetCookie(line: string, now = Date.now()): CookieRecord | undefined {
  const [pair = '', ...attrs] = line.split(';');
  const eq = pair.indexOf('=');
  if (eq < 0) return undefined; // RFC 6265 §5.2: a line without "=" in its first part is ignored
  const name = pair.slice(0, eq).trim();
  if (name === '') return undefined;
  const rec: CookieRecord = {
    name,
    secure: false,
    httpOnly: false,
    sameSite: null,
    path: null,
    domain: null,
    clears: false,
    redacted: [`${name}=[REDACTED]`, ...attrs.map((a) => a.trim())].join('; '),
  };
  for (const raw of attrs) {
    const i = raw.indexOf('=');
    const key = (i < 0 ? raw : raw.slice(0, i)).trim().toLowerCase();
    const value = i < 0 ? '' : raw.slice(i + 1).trim();
    if (key === 'secure') rec.secure = true;
    else if (key === 'httponly') rec.httpOnly = true;
    else if (key === 'samesite') rec.sameSite = value;
    else if (key === 'path') rec.path = value;
    else if (key === 'domain') rec.domain = value;
    else if (key === 'max-age' && /^-?\d+$/.test(value) && Number(value) <= 0) rec.clears = true;
    else if (key === 'expires') {
      const t = Date.parse(value);
      if (Number.isFinite(t) && t <= now) rec.clears = true;
    }
  }
  return rec;
}

/** Every parsable cookie of a response's Set-Cookie lines. */
export function parseSetCookies(lines: readonly string[], now = Date.now()): CookieRecord[] {
  return lines.flatMap((l) => {
    const c = parseSetCookie(l, now);
    return c ? [c] : [];
  });
}
