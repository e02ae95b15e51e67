import { describe, expect, it } from 'vitest';
import { inlineVerdict, parsePolicy, splitPolicies } from '../../../suites/portal/csp.ts';

describe('CSP parsing', () => {
  it('lower-cases directive names and keeps the first of a repeated one', () => {
    const d = parsePolicy("Script-Src 'self'; script-src 'unsafe-inline';  ; img-src *");
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('img-src')).toEqual(['*']);
    expect(d.size).toBe(2);
  });

  it('splits a header carrying several policies', () => {
    expect(splitPolicies("default-src 'self', script-src 'none' ,")).toEqual([
      "default-src 'self'",
      "script-src 'none'",
    ]);
  });

  it.each<[string, 'script' | 'style', string, string | null]>([
    ["default-src 'none'", 'script', 'blocked', 'default-src'],
    ["default-src 'none'; script-src 'self' 'unsafe-inline'", 'script', 'unsafe-inline', 'script-src'],
    ["script-src 'self'; script-src-elem 'unsafe-inline'", 'script', 'unsafe-inline', 'script-src-elem'],
    ["script-src 'unsafe-inline' 'nonce-abc'", 'script', 'blocked', 'script-src'],
    ["script-src 'unsafe-inline' 'sha384-xyz'", 'script', 'blocked', 'script-src'],
    ["script-src 'unsafe-inline' 'strict-dynamic'", 'script', 'blocked', 'script-src'],
    ["style-src 'unsafe-inline' 'strict-dynamic'", 'style', 'unsafe-inline', 'style-src'],
    ["img-src 'self'", 'script', 'unrestricted', null],
    ["default-src 'self'; style-src 'self' 'UNSAFE-INLINE'", 'style', 'unsafe-inline', 'style-src'],
  ])('%s → %s %s', (policy, kind, verdict, directive) => {
    expect(inlineVerdict(parsePolicy(policy), kind)).toEqual({ verdict, directive });
  });
});
