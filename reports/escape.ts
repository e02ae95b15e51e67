// Escaping for every output format. Evidence bodies, headers and messages come from the target and
// are hostile: they may hold markup, control characters, lone surrogates or bidi overrides.

// Everything outside XML 1.0's Char production (§2.2), plus the Unicode bidi controls that can make
// rendered evidence read differently from what was received ("Trojan Source").
const UNSAFE_TEXT = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]|[\u202A-\u202E\u2066-\u2069]/gu;
// Terminals also act on C1 controls (8-bit CSI) and DEL; and a CR would overwrite the line.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_TERMINAL = /[\x00-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDFFF]/gu;

/** A visible stand-in, so the reader still sees that the byte was there: "\u0007". */
function visible(ch: string): string {
  return `\\u${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Replaces characters no XML 1.0 document may contain (and bidi controls) with visible escapes. */
export function safeText(s: string): string {
  return s.replace(UNSAFE_TEXT, visible);
}

export function escapeXmlText(s: string): string {
  return safeText(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values: also quotes, and whitespace as references so parsers do not normalise it away. */
export function escapeXmlAttr(s: string): string {
  return escapeXmlText(s)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/** Text and attribute values in HTML (always quote attributes with "). */
export function escapeHtml(s: string): string {
  return safeText(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** One line of terminal output: no escape sequences, no line breaks. */
export function terminalSafe(s: string): string {
  return s.replace(/\r\n|\r|\n/g, ' ').replace(UNSAFE_TERMINAL, visible);
}
