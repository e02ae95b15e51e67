// Strict-Transport-Security parsing per RFC 6797 §6.1: directives split on ";", names
// case-insensitive, values token or quoted-string, each directive at most once, max-age required.

export interface HstsPolicy {
  /** False when a user agent must ignore the header (RFC 6797 §6.1 rules broken). */
  valid: boolean;
  /** Seconds; null when absent or not a number. */
  maxAge: number | null;
  includeSubDomains: boolean;
  preload: boolean;
  /** Why it is invalid (stable short codes). */
  problems: Array<'max-age-missing' | 'max-age-not-a-number' | 'duplicate-directive' | 'malformed-directive'>;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function parseHsts(value: string): HstsPolicy {
  const policy: HstsPolicy = { valid: true, maxAge: null, includeSubDomains: false, preload: false, problems: [] };
  const seen = new Set<string>();
  let maxAgeSeen = false;
  for (const raw of value.split(';')) {
    const part = raw.trim();
    if (part === '') continue; // RFC 6797 allows empty directives
    const eq = part.indexOf('=');
    const name = (eq === -1 ? part : part.slice(0, eq)).trim().toLowerCase();
    let arg = eq === -1 ? undefined : part.slice(eq + 1).trim();
    if (!TOKEN.test(name)) {
      policy.problems.push('malformed-directive');
      continue;
    }
    if (seen.has(name)) policy.problems.push('duplicate-directive');
    seen.add(name);
    if (arg !== undefined && arg.length >= 2 && arg.startsWith('"') && arg.endsWith('"')) {
      arg = arg.slice(1, -1).replace(/\\(.)/g, '$1');
    }
    if (name === 'max-age') {
      maxAgeSeen = true;
      if (arg !== undefined && /^\d+$/.test(arg)) policy.maxAge = Number(arg);
      else policy.problems.push('max-age-not-a-number');
    } else if (name === 'includesubdomains') {
      policy.includeSubDomains = true;
    } else if (name === 'preload') {
      policy.preload = true;
    }
    // Unknown directives are ignored (§6.1 item 2).
  }
  if (!maxAgeSeen) policy.problems.push('max-age-missing');
  policy.valid = policy.problems.length === 0;
  return policy;
}
