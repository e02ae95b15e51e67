// What the portal visit keeps of a page's address and of the text around it: a page URL keeps its
// origin, path and the NAMES of its query parameters, never their values (a sign-in form sent with GET
// puts the user name and password in the query string), and the portal user's name and password are
// removed from messages in every form a URL may carry them.
import { REDACTED } from '../../engine/redact.ts';

/**
 * The query parameter names, without values: `?signed-out=1&page=2` → `?signed-out&page`. Each name is
 * kept once, in order, encoded so that it reads back the same (an empty name as `=`): engine/fingerprint.ts's
 * urlLabel, which keeps the names only, labels the stored URL as it labelled the full one.
 */
function queryNames(params: URLSearchParams): string {
  const names = [...new Set(params.keys())].map((n) => (n === '' ? '=' : encodeURIComponent(n)));
  return names.length ? `?${names.join('&')}` : '';
}

/** A page URL as stored in the portal artifact: origin + path + query parameter names; no values, no fragment. */
export function pageUrl(url: string): string {
  try {
    const u = new URL(url);
    const base = u.origin === 'null' ? `${u.protocol}${u.pathname}` : `${u.origin}${u.pathname}`;
    return `${base}${queryNames(u.searchParams)}`;
  } catch {
    // Not a URL: nothing of its query is kept (urlLabel labels such a string by its path alone too).
    return url.replace(/[?#][\s\S]*$/, '');
  }
}

/**
 * The forms a secret takes in a URL or a message: as typed, percent-encoded (encodeURIComponent),
 * form-encoded (a GET form's query: `!` → %21, `~` → %7E, space → +), each with upper- or lower-case hex.
 */
export function secretForms(secret: string): string[] {
  const uri = encodeURIComponent(secret);
  const form = new URLSearchParams({ s: secret }).toString().slice(2);
  const forms = [secret, uri, uri.replaceAll('%20', '+'), form];
  const lower = (s: string) => s.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase());
  // Longest first, so a form that contains another is replaced whole.
  return [...new Set([...forms, ...forms.map(lower)])].sort((a, b) => b.length - a.length);
}

/** Whether a URL carries the secret in any of its forms. */
export function carriesSecret(url: string, secret: string): boolean {
  return secret !== '' && secretForms(secret).some((f) => url.includes(f));
}

/** Removes the portal user's name and password (any form, 3 characters or more) from a message or URL. */
export function scrubCredentials(s: string, user: { username: string; password: string }): string {
  let out = s;
  for (const secret of [user.password, user.username]) {
    if (secret.length < 3) continue;
    for (const f of secretForms(secret)) out = out.split(f).join(REDACTED);
  }
  return out;
}
