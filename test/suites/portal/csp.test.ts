import { describe, expect, it } from 'vitest';
import { inlineVerdict, parsePolicy, splitPolicies } from '../../../suites/portal/csp.ts';
import type { InlineKind } from '../../../suites/portal/csp.ts';
import { headerLines } from '../../../suites/portal/collectors/page-tools.ts';
import type { Response } from 'playwright-core';

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

  it.each<[string, InlineKind, string, string | null]>([
    ["default-src 'none'", 'script', 'blocked', 'default-src'],
    ["default-src 'none'; script-src 'self' 'unsafe-inline'", 'script', 'unsafe-inline', 'script-src'],
    ["script-src 'self'; script-src-elem 'unsafe-inline'", 'script', 'unsafe-inline', 'script-src-elem'],
    ["script-src 'unsafe-inline' 'nonce-abc'", 'script', 'blocked', 'script-src'],
    ["script-src 'unsafe-inline' 'sha384-xyz'", 'script', 'blocked', 'script-src'],
    ["script-src 'unsafe-inline' 'strict-dynamic'", 'script', 'blocked', 'script-src'],
    ["style-src 'unsafe-inline' 'strict-dynamic'", 'style', 'unsafe-inline', 'style-src'],
    ["img-src 'self'", 'script', 'unrestricted', null],
    ["default-src 'self'; style-src 'self' 'UNSAFE-INLINE'", 'style', 'unsafe-inline', 'style-src'],
    // Event handlers (onclick=...): script-src-attr, then script-src, then default-src.
    ["script-src 'self'; script-src-attr 'unsafe-inline'", 'script-attr', 'unsafe-inline', 'script-src-attr'],
    ["script-src 'self'; script-src-attr 'unsafe-inline'", 'script', 'blocked', 'script-src'],
    ["script-src-elem 'self'; script-src 'unsafe-inline'", 'script-attr', 'unsafe-inline', 'script-src'],
    ["script-src-elem 'self'; script-src 'unsafe-inline'", 'script', 'blocked', 'script-src-elem'],
    ["default-src 'self' 'unsafe-inline'", 'script-attr', 'unsafe-inline', 'default-src'],
    ["script-src 'unsafe-inline'; script-src-attr 'none'", 'script-attr', 'blocked', 'script-src-attr'],
    ["script-src-elem 'none'", 'script-attr', 'unrestricted', null],
    // A nonce or hash makes 'unsafe-inline' ignored for attributes too (CSP3 §6.7.3.2), with or without
    // 'unsafe-hashes' (which only lets a matching hash allow one handler); so does 'strict-dynamic'.
    ["script-src-attr 'unsafe-inline' 'nonce-abc'", 'script-attr', 'blocked', 'script-src-attr'],
    ["script-src-attr 'unsafe-inline' 'sha256-abc='", 'script-attr', 'blocked', 'script-src-attr'],
    ["script-src 'unsafe-inline' 'unsafe-hashes' 'sha256-abc='", 'script-attr', 'blocked', 'script-src'],
    ["script-src 'unsafe-inline' 'unsafe-hashes'", 'script-attr', 'unsafe-inline', 'script-src'],
    ["script-src-attr 'unsafe-inline' 'strict-dynamic'", 'script-attr', 'blocked', 'script-src-attr'],
  ])('%s → %s %s', (policy, kind, verdict, directive) => {
    expect(inlineVerdict(parsePolicy(policy), kind)).toEqual({ verdict, directive });
  });

  it('reads only enforced header policies: a report-only policy never reaches the artifact', async () => {
    const response = {
      headersArray: async () => [
        { name: 'Content-Security-Policy-Report-Only', value: "script-src 'self'" },
        { name: 'Content-Security-Policy', value: "script-src 'self'; script-src-attr 'unsafe-inline'" },
      ],
    } as unknown as Response;
    expect((await headerLines(response, 'content-security-policy')).flatMap(splitPolicies)).toEqual([
      "script-src 'self'; script-src-attr 'unsafe-inline'",
    ]);
  });
});
