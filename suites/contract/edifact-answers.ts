// Reading the single window's EDIFACT answers (APERAK, CONTRL) for the edifact-* checks: what was
// answered, accepted or rejected, and which segment and element each error names.
import { parseInterchange, valueAt, type Segment } from '../../contracts/edifact/syntax.ts';
import { validateInterchange } from '../../contracts/edifact/validate.ts';
import type { CheckContext, CheckProduct } from '../../engine/check.ts';
import type { EdifactLocation, FindingLocation } from '../../engine/types.ts';
import type { EdifactExchanges, EdiProbe } from './collectors/edifact-exchanges.ts';

export interface ReadAnswer {
  kind: 'APERAK' | 'CONTRL' | 'unreadable';
  /** APERAK BGM 27, or CONTRL UCI/UCM action 4. */
  rejected: boolean;
  /** The messages answered: APERAK RFF ACW of each APERAK, CONTRL UCM 0062 of each UCM. */
  references: string[];
  /** Errors named: APERAK FTX AAO (tag, position, element, component), or CONTRL UCI, UCM, UCS/UCD. */
  named: NamedError[];
  /** Envelope faults of the answer itself (its UNT/UNZ counts and references). */
  envelopeFaults: string[];
  /** Where the first of them is in the answer (segment, position, element). */
  envelopePlace?: { tag: string; position?: number; element?: number };
}

/**
 * One error an answer names. APERAK: the tag, position (UNH = 1), element and component of FTX AAO C108.
 * CONTRL: UCI or UCM name a service segment (0013) and S011; UCS names a body segment by position only
 * (0096), its UCD the element and component (S011 0098:0104). `code` is ERC's code or CONTRL's 0085.
 */
export interface NamedError {
  code: string;
  tag: string;
  position?: number;
  element?: number;
  component?: number;
  /** CONTRL: the UCM (0062) it is reported under. */
  messageRef?: string;
}

const ENVELOPE_CODES = new Set([
  'UNT_COUNT',
  'UNT_REF',
  'UNZ_COUNT',
  'UNZ_REF',
  'UNB_MISSING',
  'UNZ_MISSING',
  'UNT_MISSING',
]);

export function readAnswer(text: string): ReadAnswer {
  const read = readMessages(text);
  const first = read.kind === 'unreadable' ? undefined : envelopeErrors(text)[0];
  return first
    ? {
        ...read,
        envelopePlace: {
          tag: first.tag,
          ...(first.position ? { position: first.position } : {}),
          ...(first.element ? { element: first.element } : {}),
        },
      }
    : read;
}

const envelopeErrors = (text: string) => validateInterchange(text).errors.filter((e) => ENVELOPE_CODES.has(e.code));

function readMessages(text: string): ReadAnswer {
  let segs: Segment[];
  try {
    segs = parseInterchange(text).segments;
  } catch {
    return { kind: 'unreadable', rejected: false, references: [], named: [], envelopeFaults: ['unreadable'] };
  }
  const envelopeFaults = envelopeErrors(text).map((e) => e.code);
  const unh = segs.find((s) => s.tag === 'UNH');
  const type = valueAt(unh, 1, 0);
  if (type === 'CONTRL') return readContrl(segs, envelopeFaults);
  if (type === 'APERAK') {
    const rejected = segs.some((s) => s.tag === 'BGM' && valueAt(s, 2, 0) === '27');
    const references = segs.filter((s) => s.tag === 'RFF' && valueAt(s, 0, 0) === 'ACW').map((s) => valueAt(s, 0, 1));
    const named: NamedError[] = [];
    segs.forEach((s, i) => {
      if (s.tag !== 'ERC') return;
      const ftx = segs[i + 1]?.tag === 'FTX' ? segs[i + 1] : undefined;
      named.push({
        code: valueAt(s, 0, 0),
        tag: valueAt(ftx, 3, 0),
        position: Number(valueAt(ftx, 3, 1)) || 0,
        element: Number(valueAt(ftx, 3, 2)) || 0,
        ...(num(valueAt(ftx, 3, 3)) !== undefined ? { component: num(valueAt(ftx, 3, 3)) } : {}),
      });
    });
    return { kind: 'APERAK', rejected, references, named, envelopeFaults };
  }
  return { kind: 'unreadable', rejected: false, references: [], named: [], envelopeFaults };
}

const num = (v: string): number | undefined => (v === '' || Number.isNaN(Number(v)) ? undefined : Number(v));

/** S011 (0098 element position : 0104 component position) of element `e`. */
function s011Of(s: Segment, e: number): Pick<NamedError, 'element' | 'component'> {
  const element = num(valueAt(s, e, 0));
  const component = num(valueAt(s, e, 1));
  return { ...(element !== undefined ? { element } : {}), ...(component !== undefined ? { component } : {}) };
}

/** CONTRL per ISO 9735-4: UCI (0020, S002, S003, 0083, 0085, 0013, S011), UCM (0062, S009, 0083, 0085, 0013, S011), UCS (0096, 0085), UCD (0085, S011). */
function readContrl(segs: Segment[], envelopeFaults: string[]): ReadAnswer {
  const uci = segs.find((s) => s.tag === 'UCI');
  const named: NamedError[] = [];
  const references: string[] = [];
  if (uci && valueAt(uci, 4, 0)) named.push({ code: valueAt(uci, 4, 0), tag: valueAt(uci, 5, 0), ...s011Of(uci, 6) });
  let messageRef: string | undefined;
  segs.forEach((s, i) => {
    if (s.tag === 'UCM') {
      messageRef = valueAt(s, 0, 0);
      references.push(messageRef);
      if (valueAt(s, 3, 0)) named.push({ code: valueAt(s, 3, 0), tag: valueAt(s, 4, 0), ...s011Of(s, 5), messageRef });
    }
    if (s.tag !== 'UCS') return;
    const ucd = segs[i + 1]?.tag === 'UCD' ? segs[i + 1] : undefined;
    const position = num(valueAt(s, 0, 0));
    named.push({
      code: valueAt(s, 1, 0),
      tag: '',
      ...(position !== undefined ? { position } : {}),
      ...(ucd ? s011Of(ucd, 1) : {}),
      ...(messageRef !== undefined ? { messageRef } : {}),
    });
  });
  const rejected = valueAt(uci, 3, 0) === '4' || segs.some((s) => s.tag === 'UCM' && valueAt(s, 2, 0) === '4');
  return { kind: 'CONTRL', rejected, references, named, envelopeFaults };
}

/** Not applicable when the member declares no edifact capability; undefined when the checks apply. */
export function notApplicableWithout<O>(a: EdifactExchanges, ctx: CheckContext<O>): CheckProduct | undefined {
  return a.capable ? undefined : ctx.notApplicable(a.reason ?? 'no edifact capability');
}

/**
 * Where a probe's finding points: the EDIFACT operation, and in the interchange sent the place `edifact`
 * names (default: the probe's expectation; a control's message as a whole is its UNH).
 */
export function probeLocation(
  a: EdifactExchanges,
  p?: EdiProbe,
  edifact?: Omit<EdifactLocation, 'message' | 'messageRef'>,
): FindingLocation {
  const e = p?.expect;
  const place = edifact ?? (e ? placeOf(e) : { segment: 'UNH', position: 1 });
  return {
    method: 'POST',
    ...(a.endpoint ? { url: a.endpoint } : {}),
    operationId: 'submitEdifactInterchange',
    ...(p
      ? {
          edifact: {
            // UNB and UNZ belong to the interchange, not to a message.
            ...(place.segment === 'UNB' || place.segment === 'UNZ'
              ? {}
              : { message: p.message, messageRef: p.messageRef }),
            ...place,
          },
        }
      : {}),
  };
}

/** An expectation (or a named error) as an EDIFACT place, without the fields it lacks. */
export function placeOf(e: {
  tag: string;
  position?: number;
  element?: number;
  component?: number;
}): Omit<EdifactLocation, 'message' | 'messageRef'> {
  return {
    segment: e.tag,
    ...(e.position ? { position: e.position } : {}),
    ...(e.element ? { element: e.element } : {}),
    ...(e.component ? { component: e.component } : {}),
  };
}

export const evidenceOfProbe = (p: EdiProbe) => (p.evidenceId ? [p.evidenceId] : []);
