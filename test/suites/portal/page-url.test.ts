import { describe, expect, it } from 'vitest';
import { REDACTED } from '../../../engine/redact.ts';
import { carriesSecret, pageUrl, scrubCredentials } from '../../../suites/portal/page-url.ts';

describe('pageUrl: what the portal artifact keeps of a page address', () => {
  it.each([
    [
      'a GET sign-in form answer',
      'https://psw.example.org/portal/login?username=jmartin&password=p%21ss+w%7Ed',
      'https://psw.example.org/portal/login',
    ],
    ['a fragment', 'https://psw.example.org/portal/#access_token=abc', 'https://psw.example.org/portal/'],
    ['a port', 'https://127.0.0.1:8443/portal/port-calls/pc-1?page=2', 'https://127.0.0.1:8443/portal/port-calls/pc-1'],
    ['a plain path', 'https://psw.example.org/portal/port-calls', 'https://psw.example.org/portal/port-calls'],
    ['about:blank', 'about:blank', 'about:blank'],
    ['not a URL', '/portal/login?password=x', '/portal/login'],
  ])('%s', (_name, url, expected) => {
    expect(pageUrl(url)).toBe(expected);
  });
});

describe('scrubCredentials: the portal user in messages', () => {
  const user = { username: 'j martin', password: 'p!ss w~d' };
  it.each([
    ['as typed', 'bad page for j martin / p!ss w~d'],
    ['percent-encoded', 'at https://h/login?u=j%20martin&p=p!ss%20w~d'],
    ['form-encoded', 'at https://h/login?username=j+martin&password=p%21ss+w%7Ed'],
    ['form-encoded, lower-case hex', 'at https://h/login?username=j+martin&password=p%21ss+w%7ed'],
  ])('%s', (_name, message) => {
    const out = scrubCredentials(message, user);
    expect(out).not.toMatch(/martin|p!ss|p%21ss|w~d|w%7e/i);
    expect(out).toContain(REDACTED);
  });

  it('keeps a message without them, and ignores credentials shorter than 3 characters', () => {
    expect(scrubCredentials('no sign-in form at https://h/portal/', user)).toBe('no sign-in form at https://h/portal/');
    expect(scrubCredentials('a b c', { username: 'a', password: 'b' })).toBe('a b c');
  });

  it.each([
    ['form-encoded', 'https://h/login?password=p%21ss+w%7Ed', true],
    ['percent-encoded', 'https://h/login?password=p!ss%20w~d', true],
    ['absent', 'https://h/login', false],
  ])('carriesSecret: %s', (_name, url, expected) => {
    expect(carriesSecret(url, user.password)).toBe(expected);
  });
});
