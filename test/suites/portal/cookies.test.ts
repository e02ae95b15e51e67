import { describe, expect, it } from 'vitest';
import { parseSetCookie, parseSetCookies } from '../../../suites/portal/cookies.ts';

const NOW = Date.parse('2026-11-21T10:00:00Z');

describe('parseSetCookie', () => {
  it.each([
    [
      '__Host-psw_session=abc123; Path=/; Secure; HttpOnly; SameSite=Strict',
      {
        name: '__Host-psw_session',
        secure: true,
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
        domain: null,
        clears: false,
      },
    ],
    [
      'psw_session=abc; Path=/',
      { name: 'psw_session', secure: false, httpOnly: false, sameSite: null, path: '/', clears: false },
    ],
    [
      'sid=x; secure; httponly; samesite=lax; Domain=psw.example',
      { secure: true, httpOnly: true, sameSite: 'lax', domain: 'psw.example' },
    ],
    ['sid=; Path=/; Max-Age=0', { clears: true }],
    ['sid=; Expires=Thu, 01 Jan 1970 00:00:00 GMT', { clears: true }],
    ['sid=x; Expires=Fri, 01 Jan 2100 00:00:00 GMT', { clears: false }],
    ['sid=x; SameSite', { sameSite: '' }],
  ])('%s', (line, expected) => {
    expect(parseSetCookie(line, NOW)).toMatchObject(expected);
  });

  it('never keeps the value', () => {
    const c = parseSetCookie('sid=s3cr3t-value; Path=/; Secure', NOW);
    expect(c?.redacted).toBe('sid=[REDACTED]; Path=/; Secure');
    expect(JSON.stringify(c)).not.toContain('s3cr3t');
  });

  it.each(['no-equals-sign; Secure', '=value; Secure', ''])('ignores %o', (line) => {
    expect(parseSetCookie(line, NOW)).toBeUndefined();
  });

  it('parses a list, skipping the unparsable', () => {
    expect(parseSetCookies(['a=1; Secure', 'junk', 'b=2'], NOW).map((c) => c.name)).toEqual(['a', 'b']);
  });
});
