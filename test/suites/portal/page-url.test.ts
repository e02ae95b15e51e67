import { describe, expect, it } from 'vitest';
import { urlLabel } from '../../../engine/fingerprint.ts';
import { REDACTED } from '../../../engine/redact.ts';
import { carriesSecret, pageUrl, scrubCredentials } from '../../../suites/portal/page-url.ts';

describe('pageUrl: what the portal artifact keeps of a page address', () => {
  it.each([
    [
      'a GET sign-in form answer: the names, never the values',
      'https://psw.example.org/portal/login?username=jmartin&password=p%21ss+w%7Ed',
      'https://psw.example.org/portal/login?username&password',
    ],
    [
      'the signed-out page',
      'https://psw.example.org/portal/login?signed-out=1',
      'https://psw.example.org/portal/login?signed-out',
    ],
    ['a fragment', 'https://psw.example.org/portal/#access_token=abc', 'https://psw.example.org/portal/'],
    [
      'a port',
      'https://127.0.0.1:8443/portal/port-calls/pc-1?page=2',
      'https://127.0.0.1:8443/portal/port-calls/pc-1?page',
    ],
    ['a name repeated', 'https://h/portal/port-calls?tag=a&tag=b&q=', 'https://h/portal/port-calls?tag&q'],
    ['names that need encoding', 'https://h/p?a%3Db=1&c+d=2&=3', 'https://h/p?a%3Db&c%20d&='],
    ['an empty query', 'https://psw.example.org/portal/login?', 'https://psw.example.org/portal/login'],
    ['a plain path', 'https://psw.example.org/portal/port-calls', 'https://psw.example.org/portal/port-calls'],
    ['about:blank', 'about:blank', 'about:blank'],
    ['not a URL', '/portal/login?password=x', '/portal/login'],
  ])('%s', (_name, url, expected) => {
    expect(pageUrl(url)).toBe(expected);
  });

  it.each([
    'https://psw.example.org/portal/login?username=jmartin&password=p%21ss+w%7Ed',
    'https://psw.example.org/portal/login?signed-out=1',
    'https://127.0.0.1:8443/portal/port-calls/0b8e3c0e-5d6f-4f3e-9a51-1c2d3e4f5a6b?submitted=1#top',
    'https://h/portal/port-calls?tag=a&tag=b&q=',
    'https://h/p?a%3Db=1&c+d=2&=3',
    'https://psw.example.org/portal/port-calls',
    '/portal/login?password=x',
  ])('labels %s for fingerprints as the full URL did', (url) => {
    const origins = { apiBaseUrl: 'https://api.example.org/', portalUrl: 'https://psw.example.org/portal/' };
    expect(urlLabel(pageUrl(url), origins)).toBe(urlLabel(url, origins));
  });

  it('keeps the sign-in and signed-out pages apart', () => {
    expect(pageUrl('https://h/portal/login?signed-out=1')).not.toBe(pageUrl('https://h/portal/login'));
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
