import { describe, expect, it } from 'vitest';
import { parseHsts } from '../../../security/tls/hsts.ts';

describe('parseHsts', () => {
  it.each([
    ['max-age=31536000', { valid: true, maxAge: 31536000, includeSubDomains: false, preload: false }],
    [
      'max-age=63072000; includeSubDomains; preload',
      { valid: true, maxAge: 63072000, includeSubDomains: true, preload: true },
    ],
    ['MAX-AGE="300" ; INCLUDESUBDOMAINS', { valid: true, maxAge: 300, includeSubDomains: true }],
    ['max-age=0', { valid: true, maxAge: 0 }],
    [';;max-age=10;;', { valid: true, maxAge: 10 }],
    ['max-age=10; unknown=x', { valid: true, maxAge: 10 }],
    ['includeSubDomains', { valid: false, maxAge: null, problems: ['max-age-missing'] }],
    ['max-age=', { valid: false, problems: ['max-age-not-a-number'] }],
    ['max-age=-1', { valid: false, problems: ['max-age-not-a-number'] }],
    ['max-age=1; max-age=2', { valid: false, problems: ['duplicate-directive'] }],
    ['max-age=1; includeSubDomains; includesubdomains', { valid: false, problems: ['duplicate-directive'] }],
    ['max age=1', { valid: false, problems: ['malformed-directive', 'max-age-missing'] }],
    ['', { valid: false, problems: ['max-age-missing'] }],
  ])('%j', (value, expected) => {
    expect(parseHsts(value)).toMatchObject(expected);
  });
});
