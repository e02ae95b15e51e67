// The EDIFACT validator: envelope (UNB/UNZ, UNH/UNT counts and references, UNH S009, charset),
// segment structure per message definition (order, mandatory, repeats), and the identifier rules of
// contracts/rules/ at the element positions profile v1 uses. Errors are typed and located: the
// message (UNH reference), the segment (tag, position in the message with UNH = 1), element, component.
import {
  isValidContainerNumber,
  isValidImdgClass,
  isValidImoNumber,
  isValidUnNumber,
  isLocodeFormat,
} from '../rules/index.ts';
import { definitionOf, SUBMITTED_MESSAGES, type Entry, type MessageDefinition } from './messages.ts';
import { inCharset, parseInterchange, valueAt, EdifactSyntaxError, type Interchange, type Segment } from './syntax.ts';

export type EdiErrorLevel = 'syntax' | 'structure' | 'content';

export interface EdiError {
  level: EdiErrorLevel;
  /** e.g. UNT_COUNT, SEGMENT_MISSING, IMO_CHECK_DIGIT. */
  code: string;
  /** The faulty (or, for a missing segment, the expected) segment's tag. */
  tag: string;
  /** 1-based position in the message (UNH = 1); for UNB/UNZ, in the interchange. */
  position: number;
  /** 1-based element and component positions (EDIFACT's own numbering, the tag not counted). */
  element?: number;
  component?: number;
  /** The UNH message reference, when the error is inside a message. */
  messageRef?: string;
  detail: string;
}

export interface ParsedMessage {
  ref: string;
  type: string;
  /** UNH..UNT inclusive. */
  segments: Segment[];
  /** Offset of UNH in the interchange's segment list. */
  offset: number;
}

export interface ValidationResult {
  interchange?: Interchange;
  /** UNB 0020. */
  controlRef: string;
  sender: string;
  recipient: string;
  syntaxId: string;
  messages: ParsedMessage[];
  errors: EdiError[];
}

const err = (e: EdiError): EdiError => e;

/** Splits the interchange into messages and checks the envelope. */
function envelope(ic: Interchange, errors: EdiError[]): Omit<ValidationResult, 'errors' | 'interchange'> {
  const segs = ic.segments;
  const unb = segs[0];
  const base = { controlRef: '', sender: '', recipient: '', syntaxId: '', messages: [] as ParsedMessage[] };
  if (unb?.tag !== 'UNB') {
    errors.push(
      err({
        level: 'syntax',
        code: 'UNB_MISSING',
        tag: 'UNB',
        position: 1,
        detail: 'the interchange does not start with UNB',
      }),
    );
    return base;
  }
  base.syntaxId = valueAt(unb, 0, 0);
  base.sender = valueAt(unb, 1, 0);
  base.recipient = valueAt(unb, 2, 0);
  base.controlRef = valueAt(unb, 4, 0);
  if (!['UNOA', 'UNOB', 'UNOC', 'UNOY'].includes(base.syntaxId))
    errors.push(
      err({
        level: 'syntax',
        code: 'SYNTAX_ID',
        tag: 'UNB',
        position: 1,
        element: 1,
        component: 1,
        detail: `unknown syntax identifier "${base.syntaxId}"`,
      }),
    );
  const charsetAt: number[] = [];
  if (['UNOA', 'UNOB', 'UNOC', 'UNOY'].includes(base.syntaxId))
    segs.forEach((s, n) =>
      s.elements.forEach((el, e) =>
        el.forEach((c, k) => {
          if (!inCharset(base.syntaxId, c)) {
            charsetAt.push(errors.length);
            errors.push(
              err({
                level: 'syntax',
                code: 'CHARSET',
                tag: s.tag,
                position: n,
                element: e + 1,
                component: k + 1,
                detail: `a character outside ${base.syntaxId}`,
              }),
            );
          }
        }),
      ),
    );
  const unz = segs[segs.length - 1];
  if (unz?.tag !== 'UNZ') {
    errors.push(
      err({
        level: 'syntax',
        code: 'UNZ_MISSING',
        tag: 'UNZ',
        position: segs.length,
        detail: 'the interchange does not end with UNZ',
      }),
    );
  }
  let i = 1;
  // ISO 9735 functional groups (UNG..UNE) may wrap the messages; UNZ then counts groups, not messages.
  let groups = 0;
  const end = unz?.tag === 'UNZ' ? segs.length - 1 : segs.length;
  while (i < end) {
    const unh = segs[i] as Segment;
    if (unh.tag === 'UNG' || unh.tag === 'UNE') {
      if (unh.tag === 'UNG') groups++;
      i++;
      continue;
    }
    if (unh.tag !== 'UNH') {
      errors.push(
        err({
          level: 'syntax',
          code: 'UNH_MISSING',
          tag: unh.tag,
          position: unh.position,
          detail: 'a segment outside any message',
        }),
      );
      i++;
      continue;
    }
    let j = i + 1;
    while (j < end && !['UNT', 'UNH', 'UNG', 'UNE'].includes(segs[j]!.tag)) j++;
    const ref = valueAt(unh, 0, 0);
    const type = valueAt(unh, 1, 0);
    const unt = segs[j];
    const hasUnt = unt?.tag === 'UNT';
    const message = segs.slice(i, hasUnt ? j + 1 : j);
    if (!hasUnt)
      errors.push(
        err({
          level: 'syntax',
          code: 'UNT_MISSING',
          tag: 'UNT',
          position: message.length + 1,
          messageRef: ref,
          detail: 'the message has no UNT',
        }),
      );
    else {
      if (valueAt(unt, 0, 0) !== String(message.length))
        errors.push(
          err({
            level: 'syntax',
            code: 'UNT_COUNT',
            tag: 'UNT',
            position: message.length,
            element: 1,
            messageRef: ref,
            detail: `UNT counts ${valueAt(unt, 0, 0)} segments, the message has ${message.length}`,
          }),
        );
      if (valueAt(unt, 1, 0) !== ref)
        errors.push(
          err({
            level: 'syntax',
            code: 'UNT_REF',
            tag: 'UNT',
            position: message.length,
            element: 2,
            messageRef: ref,
            detail: `UNT reference "${valueAt(unt, 1, 0)}" is not UNH's "${ref}"`,
          }),
        );
    }
    const def = definitionOf(type);
    const s009 = unh.elements[1] ?? [];
    if (!def || !SUBMITTED_MESSAGES.includes(def))
      errors.push(
        err({
          level: 'syntax',
          code: 'MESSAGE_TYPE',
          tag: 'UNH',
          position: 1,
          element: 2,
          component: 1,
          messageRef: ref,
          detail: `message type "${type}" is not accepted`,
        }),
      );
    else
      ['version', 'release', 'agency'].forEach((k, n) => {
        const want = def[k as 'version' | 'release' | 'agency'];
        if ((s009[n + 1] ?? '') !== want)
          errors.push(
            err({
              level: 'syntax',
              code: 'MESSAGE_VERSION',
              tag: 'UNH',
              position: 1,
              element: 2,
              component: n + 2,
              messageRef: ref,
              detail: `S009 ${k} is "${s009[n + 1] ?? ''}", ${type} is ${want}`,
            }),
          );
      });
    if (ref === '')
      errors.push(
        err({
          level: 'syntax',
          code: 'UNH_REF',
          tag: 'UNH',
          position: 1,
          element: 1,
          messageRef: ref,
          detail: 'UNH has no message reference',
        }),
      );
    base.messages.push({ ref, type, segments: message, offset: i });
    i = hasUnt ? j + 1 : j;
  }
  // A character error inside a message is the message's (UCM/UCS/UCD), at its position there (UNH = 1);
  // elsewhere (UNB, UNZ) the interchange's, at the segment's position in it.
  for (const x of charsetAt) {
    const e = errors[x]!;
    const m = base.messages.find((q) => e.position >= q.offset && e.position < q.offset + q.segments.length);
    errors[x] = m
      ? { ...e, position: e.position - m.offset + 1, messageRef: m.ref }
      : { ...e, position: segs[e.position]!.position };
  }
  if (unz?.tag === 'UNZ') {
    const counted = groups > 0 ? groups : base.messages.length;
    if (valueAt(unz, 0, 0) !== String(counted))
      errors.push(
        err({
          level: 'syntax',
          code: 'UNZ_COUNT',
          tag: 'UNZ',
          position: unz.position,
          element: 1,
          detail: `UNZ counts ${valueAt(unz, 0, 0)}, the interchange has ${counted} ${groups > 0 ? 'groups' : 'messages'}`,
        }),
      );
    if (valueAt(unz, 1, 0) !== base.controlRef)
      errors.push(
        err({
          level: 'syntax',
          code: 'UNZ_REF',
          tag: 'UNZ',
          position: unz.position,
          element: 2,
          detail: `UNZ reference "${valueAt(unz, 1, 0)}" is not UNB's "${base.controlRef}"`,
        }),
      );
  }
  return base;
}

/** Matches a message body against its definition: order, mandatory segments, repeats. */
export function checkStructure(def: MessageDefinition, message: ParsedMessage): EdiError[] {
  const body = message.segments.slice(1, message.segments.at(-1)?.tag === 'UNT' ? -1 : undefined);
  const errors: EdiError[] = [];
  let i = 0;
  const at = (k: number) => body[k];
  const pos = (k: number) => k + 2; // UNH is 1
  const triggers = (e: Entry): string => (e.kind === 'segment' ? e.tag : triggers(e.entries[0] as Entry));
  const matchEntries = (entries: Entry[]): void => {
    for (const e of entries) {
      let n = 0;
      while (at(i)?.tag === triggers(e)) {
        if (n >= e.max) {
          errors.push(
            err({
              level: 'structure',
              code: 'TOO_MANY',
              tag: at(i)!.tag,
              position: pos(i),
              messageRef: message.ref,
              detail: `${at(i)!.tag} repeated more than ${e.max} times`,
            }),
          );
        }
        if (e.kind === 'segment') i++;
        else {
          i++;
          matchEntries(e.entries.slice(1));
        }
        n++;
      }
      if (n === 0 && e.min === 1) {
        const tag = triggers(e);
        errors.push(
          err({
            level: 'structure',
            code: 'SEGMENT_MISSING',
            tag,
            position: pos(i),
            messageRef: message.ref,
            detail: `mandatory ${e.kind === 'group' ? `${e.name} (${tag})` : tag} missing`,
          }),
        );
      }
    }
  };
  matchEntries(def.entries);
  if (i < body.length)
    errors.push(
      err({
        level: 'structure',
        code: 'SEGMENT_UNEXPECTED',
        tag: at(i)!.tag,
        position: pos(i),
        messageRef: message.ref,
        detail: `${at(i)!.tag} is not allowed here`,
      }),
    );
  return errors;
}

/** An identifier rule at an element position: segment tag (and qualifier), element, component. */
interface IdentifierRule {
  messages: readonly string[];
  tag: string;
  /** Element 1's first component must equal this (LOC 153, RFF ZMM...); absent: any. */
  qualifier?: { element: number; values: readonly string[] };
  element: number;
  component: number;
  code: string;
  valid: (v: string) => boolean;
}

/** Where profile v1 carries identifiers in EDIFACT (1-based positions; profile README "EDIFACT channel"). */
export const IDENTIFIER_RULES: readonly IdentifierRule[] = [
  {
    messages: ['BERMAN', 'IFTDGN', 'WASDIS'],
    tag: 'TDT',
    element: 8,
    component: 1,
    code: 'IMO_CHECK_DIGIT',
    valid: isValidImoNumber,
  },
  {
    messages: ['BERMAN', 'IFTDGN', 'WASDIS'],
    tag: 'LOC',
    qualifier: { element: 1, values: ['153', '125', '61', '5'] },
    element: 2,
    component: 1,
    code: 'LOCODE_FORMAT',
    valid: isLocodeFormat,
  },
  {
    messages: ['IFTDGN', 'WASDIS'],
    tag: 'DGS',
    qualifier: { element: 1, values: ['IMD'] },
    element: 3,
    component: 1,
    code: 'UN_NUMBER',
    valid: isValidUnNumber,
  },
  { messages: ['IFTDGN'], tag: 'DGS', element: 2, component: 1, code: 'IMDG_CLASS', valid: isValidImdgClass },
  {
    messages: ['IFTDGN'],
    tag: 'EQD',
    element: 2,
    component: 1,
    code: 'CONTAINER_CHECK_DIGIT',
    valid: (v) => v === '' || isValidContainerNumber(v),
  },
  {
    messages: ['IFTDGN'],
    tag: 'RFF',
    qualifier: { element: 1, values: ['AAQ'] },
    element: 1,
    component: 2,
    code: 'CONTAINER_CHECK_DIGIT',
    valid: isValidContainerNumber,
  },
];

export function checkIdentifiers(message: ParsedMessage): EdiError[] {
  const errors: EdiError[] = [];
  message.segments.forEach((s, k) => {
    for (const r of IDENTIFIER_RULES) {
      if (!r.messages.includes(message.type) || r.tag !== s.tag) continue;
      if (r.qualifier && !r.qualifier.values.includes(valueAt(s, r.qualifier.element - 1, 0))) continue;
      const v = valueAt(s, r.element - 1, r.component - 1);
      if (!r.valid(v))
        errors.push(
          err({
            level: 'content',
            code: r.code,
            tag: s.tag,
            position: k + 1,
            element: r.element,
            component: r.component,
            messageRef: message.ref,
            detail: `"${v}" breaks ${r.code}`,
          }),
        );
    }
  });
  return errors;
}

/** Parses and validates an interchange; a tokenizer failure is one syntax error. */
export function validateInterchange(text: string): ValidationResult {
  let ic: Interchange;
  try {
    ic = parseInterchange(text);
  } catch (e) {
    if (!(e instanceof EdifactSyntaxError)) throw e;
    return {
      controlRef: '',
      sender: '',
      recipient: '',
      syntaxId: '',
      messages: [],
      errors: [{ level: 'syntax', code: e.code, tag: '', position: e.position, detail: e.message }],
    };
  }
  const errors: EdiError[] = [];
  const env = envelope(ic, errors);
  for (const m of env.messages) {
    const def = definitionOf(m.type);
    if (!def || !SUBMITTED_MESSAGES.includes(def)) continue;
    errors.push(...checkStructure(def, m), ...checkIdentifiers(m));
  }
  return { interchange: ic, ...env, errors };
}
