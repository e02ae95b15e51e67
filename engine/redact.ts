// Redaction: secrets and personal data are removed before anything is written.
// Applied to every piece of evidence at record time, so no writer can forget it.

export const REDACTED = '[REDACTED]';
export const REDACTED_PERSONAL = '[REDACTED:personal-data]';

/** Headers whose whole value is a credential. The auth scheme is kept: it is useful evidence. */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-auth-token',
  'x-csrf-token',
]);

/** JSON keys and form fields that hold secrets. */
const SECRET_KEY =
  /^(access_?token|refresh_?token|id_?token|token|client_?secret|secret|password|passwd|pwd|api_?key|assertion|private_?key|code_?verifier|session(_?id)?)$/i;

/**
 * Keys that identify people (crew, passengers, masters, security officers).
 * Matched case-insensitively on the property name wherever it appears.
 */
const PERSONAL_KEYS = new Set(
  [
    'familyName',
    'givenNames',
    'givenName',
    'dateOfBirth',
    'placeOfBirth',
    'masterName',
    'identityDocument',
    'documentNumber',
    'passportNumber',
    'phone',
    'email',
    'username',
    'shipSecurityOfficer',
  ].map((k) => k.toLowerCase()),
);

const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;

let extraPersonalKeys: ReadonlySet<string> = new Set();
/** Lets the contract layer add keys its schemas mark as personal data (x-personal-data). */
export function registerPersonalDataKeys(keys: Iterable<string>): void {
  extraPersonalKeys = new Set([...extraPersonalKeys, ...[...keys].map((k) => k.toLowerCase())]);
}

function isPersonalKey(key: string): boolean {
  const k = key.toLowerCase();
  return PERSONAL_KEYS.has(k) || extraPersonalKeys.has(k);
}

export function redactHeaderValue(name: string, value: string): string {
  const n = name.toLowerCase();
  if (!SECRET_HEADERS.has(n)) return redactText(value);
  if (n === 'authorization' || n === 'proxy-authorization') {
    const scheme = /^(\S+)\s+/.exec(value)?.[1];
    return scheme ? `${scheme} ${REDACTED}` : REDACTED;
  }
  if (n === 'set-cookie' || n === 'cookie') {
    // Keep cookie names and attributes (Secure, HttpOnly...) — they are what checks judge.
    return value
      .split(n === 'cookie' ? /;\s*/ : /\n/)
      .map((part) => part.replace(/^([^=;\s]+)=([^;]*)/, (_m, cname: string) => `${cname}=${REDACTED}`))
      .join(n === 'cookie' ? '; ' : '\n');
  }
  return REDACTED;
}

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = redactHeaderValue(k, v);
  return out;
}

/** Each value of each repeated header redacted on its own (every Set-Cookie line keeps its name, loses its value). */
export function redactRepeatedHeaders(headers: Record<string, readonly string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, values] of Object.entries(headers)) out[k] = values.map((v) => redactHeaderValue(k, v));
  return out;
}

/** Deep copy of a JSON value with secrets and personal data replaced. */
export function redactJson(value: unknown, depth = 0): unknown {
  if (depth > 64) return REDACTED; // hostile nesting: do not recurse forever
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((v) => redactJson(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (SECRET_KEY.test(k)) out[k] = v === null || v === undefined ? v : REDACTED;
      else if (isPersonalKey(k)) out[k] = v === null || v === undefined ? v : REDACTED_PERSONAL;
      else out[k] = redactJson(v, depth + 1);
    }
    return out;
  }
  return value;
}

/**
 * Query, fragment and matrix parameter names whose value is a secret: the name is, or ends with,
 * one of these (access_token, X-Amz-Security-Token, client_secret, X-Amz-Signature, jsessionid...),
 * or is exactly `code` (an OAuth authorization code). Generic names (key, id, locode, portCode,
 * idempotencyKey) are not matched: checks show them.
 */
const SECRET_PARAM =
  /([?&#;]|^)((?:[A-Za-z0-9_.-]*?(?:token|secret|password|passwd|pwd|api[_-]?key|signature|sig|session[_-]?id|credentials?)|code)=)[^&#;\s"'<>]*/gi;

/** The userinfo of a URL (scheme://user:password@host): a credential whole. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi;

/** Free text: bearer tokens and JWTs anywhere, key=value secrets in query strings and form bodies, URL userinfo. */
export function redactText(text: string): string {
  return text
    .replace(JWT, `${REDACTED}:jwt`)
    .replace(/(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${REDACTED}`)
    .replace(URL_USERINFO, `$1${REDACTED}@`)
    .replace(SECRET_PARAM, `$1$2${REDACTED}`);
}

/** Redacts a URL's userinfo and its query string and fragment secrets. */
export function redactUrl(url: string): string {
  return redactText(url);
}

/**
 * `"key": value` pairs of JSON text that does not parse (cut at the size cap, trailing bytes): the
 * value of a secret or personal-data key is replaced whole, as redactJson would, whether it is a string,
 * a number, a literal, an object or an array (`identityDocument: {type, number}` goes as one); a value
 * cut short is replaced to the end. Other keys' string values are stepped over, so a key-like text inside
 * a string is not taken for a key; their objects and arrays are searched for sensitive keys of their own.
 */
const JSON_KEY = /"((?:[^"\\]|\\.)*)"\s*:\s*/g;

/** Where the JSON value starting at `i` ends (the text's end when it is cut short). */
function jsonValueEnd(text: string, i: number): number {
  const c = text[i];
  if (c === '"') {
    for (let j = i + 1; j < text.length; j++) {
      if (text[j] === '\\') j++;
      else if (text[j] === '"') return j + 1;
    }
    return text.length;
  }
  if (c === '{' || c === '[') {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const ch = text[j];
      if (ch === '"') j = jsonValueEnd(text, j) - 1;
      else if (ch === '{' || ch === '[') depth++;
      else if ((ch === '}' || ch === ']') && --depth === 0) return j + 1;
    }
    return text.length;
  }
  const scalar = /^[^,}\]\s]*/.exec(text.slice(i, i + 64))!;
  return i + scalar[0].length;
}

function redactJsonLike(text: string): string {
  let out = '';
  let last = 0;
  const keys = new RegExp(JSON_KEY.source, 'g');
  for (let m = keys.exec(text); m; m = keys.exec(text)) {
    const valueAt = m.index + m[0].length;
    if (valueAt >= text.length) break;
    const key = m[1]!;
    const replacement = SECRET_KEY.test(key) ? REDACTED : isPersonalKey(key) ? REDACTED_PERSONAL : undefined;
    const isNull = text.startsWith('null', valueAt);
    if (replacement !== undefined && !isNull) {
      const end = jsonValueEnd(text, valueAt);
      out += text.slice(last, valueAt) + JSON.stringify(replacement);
      last = end;
      keys.lastIndex = end;
    } else if (text[valueAt] === '"') keys.lastIndex = jsonValueEnd(text, valueAt);
  }
  return out + text.slice(last);
}

/**
 * Redacts a body by content type; JSON bodies are pretty-printed so evidence reads well.
 * Returns the text and whether it was cut at `limit` characters.
 */
export function redactBody(
  body: string | undefined,
  contentType: string | undefined,
  limit = 16_384,
): { text?: string; truncated: boolean } {
  if (body === undefined || body === '') return { text: body, truncated: false };
  const ct = (contentType ?? '').toLowerCase();
  let text: string;
  if (ct.includes('json') || /^\s*[[{]/.test(body)) {
    const json = body.replace(/^\uFEFF/, '');
    try {
      text = JSON.stringify(redactJson(JSON.parse(json)), null, 2);
    } catch {
      text = redactText(redactJsonLike(json));
    }
  } else if (ct.includes('application/x-www-form-urlencoded')) {
    const params = new URLSearchParams(body);
    for (const key of [...params.keys()]) {
      if (SECRET_KEY.test(key) || isPersonalKey(key)) params.set(key, REDACTED);
    }
    text = params.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
  } else if (ct.includes('html')) {
    // Pages echo what was typed (names, CSRF tokens) in value attributes: keep the markup, drop values.
    text = redactText(body).replace(/\bvalue\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, `value="${REDACTED}"`);
  } else {
    text = redactText(body);
  }
  if (text.length > limit) return { text: text.slice(0, limit), truncated: true };
  return { text, truncated: false };
}
