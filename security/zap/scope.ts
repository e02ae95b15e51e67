// What keeps ZAP inside the member's allowed hosts. The wrapper checks every URL it hands ZAP (the
// scan's target, the OpenAPI document's servers) before anything starts, and tells ZAP the same bounds
// in ZAP's terms: a context whose include regex is the API base, and a global exclusion of every URL
// on another host (ZAP's globalexcludeurl, honoured by its proxy, spider and scanners). Pure.
import { ScopeError } from '../../engine/errors.ts';
import { isAllowed, type Target } from '../../engine/target.ts';

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Refuses a URL ZAP would be told to touch that is not on the allow-list. */
export function assertAllowed(what: string, url: string, target: Pick<Target, 'allowedHosts'>): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ScopeError(`ZAP: ${what} "${url}" is not an absolute URL; scan refused`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new ScopeError(`ZAP: ${what} ${url} is not http(s); scan refused`);
  if (!isAllowed(target, u))
    throw new ScopeError(`ZAP: ${what} ${u.origin} is not in the member's allowed hosts; scan refused`);
}

/** The URL without a trailing slash, query or fragment: the prefix everything in scope starts with. */
function base(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

/** A context include regex: the URL and everything below it, nothing beside it (/api/v1 not /api/v10). */
export function includeRegexFor(url: string): string {
  return `^${escapeRegex(base(url))}(?:[/?#].*)?$`;
}

/** The literal URL prefix an includeRegexFor regex admits, for checking it against the allow-list. */
export function prefixOfIncludeRegex(regex: string): string | undefined {
  const m = /^\^(.*)\(\?:\[\/\?#\]\.\*\)\?\$$/.exec(regex);
  return m ? m[1]!.replace(/\\(.)/g, '$1') : undefined;
}

/** One allow-list entry as a regex of scheme://authority: a bare host with any port, host:port exactly. */
function hostPattern(entry: string): string {
  const hp = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry.trim());
  const host = escapeRegex((hp?.[1] ?? entry).toLowerCase());
  return hp?.[2] ? `${host}:${hp[2]}` : `${host}(?::\\d+)?`;
}

/**
 * A regex matching every URL NOT on an allowed host: ZAP's global exclusion, so whatever a document or
 * a redirect names elsewhere is neither proxied nor scanned. (ZAP keeps URLs' scheme and host in lower
 * case; the regex is written for Java and JavaScript alike.)
 */
export function outsideAllowListRegex(target: Pick<Target, 'allowedHosts'>): string {
  if (target.allowedHosts.length === 0) return '^.*$';
  const hosts = target.allowedHosts.map(hostPattern).join('|');
  return `^(?!https?://(?:${hosts})(?:[/?#]|$)).*$`;
}
