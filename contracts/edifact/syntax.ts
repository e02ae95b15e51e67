// UN/EDIFACT syntax (ISO 9735): service characters (UNA), the release character, segments split into
// elements and components, and the inverse. Positions are kept so a validator can name the faulty
// segment (its 1-based position in the interchange) and element.

/** The six service characters of UNA, in its order (UNA1..UNA6). */
export interface ServiceChars {
  component: string;
  element: string;
  decimal: string;
  release: string;
  /** UNA5: reserved (space) in syntax version 4, repetition separator. */
  reserved: string;
  segment: string;
}

export const DEFAULT_SERVICE_CHARS: ServiceChars = {
  component: ':',
  element: '+',
  decimal: '.',
  release: '?',
  reserved: ' ',
  segment: "'",
};

/** A segment: its tag and elements, each a list of components (plain strings, release removed). */
export interface Segment {
  tag: string;
  elements: string[][];
  /** 1-based position in the interchange (UNA not counted). */
  position: number;
}

export interface Interchange {
  /** Present when the interchange began with UNA. */
  una?: ServiceChars;
  chars: ServiceChars;
  segments: Segment[];
}

export class EdifactSyntaxError extends Error {
  constructor(
    readonly code: 'UNA_SHORT' | 'DANGLING_RELEASE' | 'UNTERMINATED_SEGMENT' | 'BAD_TAG' | 'EMPTY',
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'EdifactSyntaxError';
  }
}

/** Reads the UNA service string advice, if any: the characters and where segments start. */
export function readUna(text: string): { chars: ServiceChars; una?: ServiceChars; start: number } {
  if (!text.startsWith('UNA')) return { chars: DEFAULT_SERVICE_CHARS, start: 0 };
  if (text.length < 9) throw new EdifactSyntaxError('UNA_SHORT', 'UNA needs six service characters', 0);
  const [component, element, decimal, release, reserved, segment] = text.slice(3, 9) as unknown as string[];
  const chars = { component, element, decimal, release, reserved, segment } as ServiceChars;
  let start = 9;
  while (start < text.length && (text[start] === '\r' || text[start] === '\n')) start++;
  return { chars, una: chars, start };
}

/** Whitespace a published example puts between segments (line breaks, trailing spaces): never data. */
const BETWEEN_SEGMENTS = new Set(['\r', '\n', ' ', '\t']);

/**
 * Tokenizes an interchange. Line breaks and spaces between segments are ignored (published examples
 * put one segment a line, some with trailing spaces); a segment tag never starts with whitespace.
 */
export function parseInterchange(text: string): Interchange {
  const { chars, una, start } = readUna(text);
  const segments: Segment[] = [];
  let elements: string[][] = [];
  let components: string[] = [];
  let current = '';
  let started = false;
  const endComponent = () => {
    components.push(current);
    current = '';
  };
  const endElement = () => {
    endComponent();
    elements.push(components);
    components = [];
  };
  for (let i = start; i < text.length; i++) {
    const c = text[i] as string;
    if (!started && c !== chars.segment && BETWEEN_SEGMENTS.has(c)) continue;
    started = true;
    if (c === chars.release) {
      if (i + 1 >= text.length)
        throw new EdifactSyntaxError('DANGLING_RELEASE', 'release character at the end', segments.length + 1);
      current += text[++i];
    } else if (c === chars.component) endComponent();
    else if (c === chars.element) endElement();
    else if (c === chars.segment) {
      endElement();
      const [tagElement, ...rest] = elements;
      const tag = tagElement?.[0] ?? '';
      if (!/^[A-Z][A-Z0-9]{2}$/.test(tag))
        throw new EdifactSyntaxError('BAD_TAG', `segment tag "${tag}" is not 3 letters`, segments.length + 1);
      segments.push({ tag, elements: rest, position: segments.length + 1 });
      elements = [];
      started = false;
    } else current += c;
  }
  if (started && (current !== '' || elements.length > 0 || components.length > 0))
    throw new EdifactSyntaxError('UNTERMINATED_SEGMENT', 'the last segment has no terminator', segments.length + 1);
  if (segments.length === 0) throw new EdifactSyntaxError('EMPTY', 'no segments', 0);
  return { ...(una ? { una } : {}), chars, segments };
}

/** Escapes the service characters in one component with the release character. */
export function escapeComponent(value: string, chars: ServiceChars = DEFAULT_SERVICE_CHARS): string {
  const special = new Set([chars.component, chars.element, chars.release, chars.segment]);
  let out = '';
  for (const c of value) out += special.has(c) ? chars.release + c : c;
  return out;
}

/** One segment as text (trailing empty elements and components kept as given). */
export function serializeSegment(
  seg: Pick<Segment, 'tag' | 'elements'>,
  chars: ServiceChars = DEFAULT_SERVICE_CHARS,
): string {
  const elements = seg.elements.map((el) => el.map((c) => escapeComponent(c, chars)).join(chars.component));
  return [seg.tag, ...elements].join(chars.element) + chars.segment;
}

export function unaOf(chars: ServiceChars): string {
  return `UNA${chars.component}${chars.element}${chars.decimal}${chars.release}${chars.reserved}${chars.segment}`;
}

/** The interchange as text: UNA when it had one, segments joined by `separator` (default none). */
export function serializeInterchange(ic: Pick<Interchange, 'una' | 'chars' | 'segments'>, separator = ''): string {
  const body = ic.segments.map((s) => serializeSegment(s, ic.chars)).join(separator);
  return (ic.una ? unaOf(ic.una) + separator : '') + body;
}

/** Component `c` of element `e` (0-based, the tag excluded), or '' when absent. */
export function valueAt(seg: Segment | undefined, e: number, c = 0): string {
  return seg?.elements[e]?.[c] ?? '';
}

/** The characters each syntax identifier (UNB S001 0001) allows (ISO 9735 levels A, B, C; UNOY: any). */
const CHARSETS: Record<string, RegExp> = {
  UNOA: /^[A-Z0-9 .,\-()/='+:?!"%&*;<>]*$/,
  UNOB: /^[A-Za-z0-9 .,\-()/='+:?!"%&*;<>]*$/,
  UNOC: /^[\x20-\x7E\xA0-\xFF]*$/,
  UNOY: /^[^\0]*$/u,
};

export const SYNTAX_IDENTIFIERS = Object.keys(CHARSETS);

/** Whether `value` is allowed by the syntax identifier's character set (unknown identifier: false). */
export function inCharset(syntaxId: string, value: string): boolean {
  const re = CHARSETS[syntaxId];
  return re !== undefined && re.test(value);
}
