// Content-Security-Policy (CSP Level 3) as far as the portal checks need it: which directive governs
// inline scripts (elements and event-handler attributes) and styles, and whether a policy lets them run.

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

/**
 * What inline code is judged: <script> elements (CSP3 type "script"), inline event handlers such as
 * onclick="..." (type "script attribute") and <style> elements ("style").
 */
export type InlineKind = 'script' | 'script-attr' | 'style';

/** The fallback chains of CSP3 §6.8.3 for each kind of inline code. */
const FALLBACK: Record<InlineKind, readonly string[]> = {
  script: ['script-src-elem', 'script-src', 'default-src'],
  'script-attr': ['script-src-attr', 'script-src', 'default-src'],
  style: ['style-src-elem', 'style-src', 'default-src'],
};

export type InlineVerdict =
  /** No directive restricts this kind: inline code runs. */
  | 'unrestricted'
  /** 'unsafe-inline' is in force (no nonce, hash or 'strict-dynamic' neutralises it). */
  | 'unsafe-inline'
  /** Inline code is blocked (or allowed only by nonce or hash). */
  | 'blocked';

export function inlineVerdict(d: Directives, kind: InlineKind): { verdict: InlineVerdict; directive: string | null } {
  const directive = FALLBACK[kind].find((n) => d.has(n)) ?? null;
  if (directive === null) return { verdict: 'unrestricted', directive };
  const sources = (d.get(directive) ?? []).map((s) => s.toLowerCase());
  if (!sources.includes("'unsafe-inline'")) return { verdict: 'blocked', directive };
  // CSP3 §6.7.3.2 ("Does a source list allow all inline behavior for type?"): any nonce or hash in the
  // list makes 'unsafe-inline' ignored, for every type (attributes too: a nonce never applies to them, a
  // hash only with 'unsafe-hashes', so they are then allowed by hash or not at all); 'strict-dynamic' does
  // so for scripts and script attributes, not styles.
  const neutralised = sources.some(
    (s) => s.startsWith("'nonce-") || /^'sha(256|384|512)-/.test(s) || (kind !== 'style' && s === "'strict-dynamic'"),
  );
  return { verdict: neutralised ? 'blocked' : 'unsafe-inline', directive };
}
