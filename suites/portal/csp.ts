// Content-Security-Policy (CSP Level 3) as far as the portal checks need it: which directive governs
// scripts and styles, and whether a policy lets inline code run.

export type Directives = Map<string, string[]>;

/** One serialized policy → directives (names lower-cased; the first of a repeated name wins, §2.2.1). */
export function parsePolicy(policy: string): Directives {
  const out: Directives = new Map();
  for (const part of policy.split(';')) {
    const tokens = part.trim().split(/\s+/).filter(Boolean);
    const name = tokens.shift()?.toLowerCase();
    if (!name || out.has(name)) continue;
    out.set(name, tokens);
  }
  return out;
}

/** A header value may carry several policies separated by commas; each is enforced. */
export function splitPolicies(headerValue: string): string[] {
  return headerValue
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

/** The fallback chains of CSP3 §6.8.3 for inline <script> and <style> elements. */
const FALLBACK = {
  script: ['script-src-elem', 'script-src', 'default-src'],
  style: ['style-src-elem', 'style-src', 'default-src'],
} as const;

export type InlineVerdict =
  /** No directive restricts this kind: inline code runs. */
  | 'unrestricted'
  /** 'unsafe-inline' is in force (no nonce, hash or 'strict-dynamic' neutralises it). */
  | 'unsafe-inline'
  /** Inline code is blocked (or allowed only by nonce or hash). */
  | 'blocked';

export function inlineVerdict(
  d: Directives,
  kind: 'script' | 'style',
): { verdict: InlineVerdict; directive: string | null } {
  const directive = FALLBACK[kind].find((n) => d.has(n)) ?? null;
  if (directive === null) return { verdict: 'unrestricted', directive };
  const sources = (d.get(directive) ?? []).map((s) => s.toLowerCase());
  if (!sources.includes("'unsafe-inline'")) return { verdict: 'blocked', directive };
  // CSP3 §6.7.3.3: a nonce or hash (and, for scripts, 'strict-dynamic') makes 'unsafe-inline' ignored.
  const neutralised = sources.some(
    (s) => s.startsWith("'nonce-") || /^'sha(256|384|512)-/.test(s) || (kind === 'script' && s === "'strict-dynamic'"),
  );
  return { verdict: neutralised ? 'blocked' : 'unsafe-inline', directive };
}
