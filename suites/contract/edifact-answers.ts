// Reading the single window's EDIFACT answers (APERAK, CONTRL) for the edifact-* checks: what was
// answered, accepted or rejected, and which segment and element each error names.
import { parseInterchange, valueAt, type Segment } from '../../contracts/edifact/syntax.ts';
import { validateInterchange } from '../../contracts/edifact/validate.ts';
import type { CheckContext, CheckProduct } from '../../engine/check.ts';
import type { EdifactExchanges, EdiProbe } from './collectors/edifact-exchanges.ts';

export interface ReadAnswer {
  kind: 'APERAK' | 'CONTRL' | 'unreadable';
  /** APERAK BGM 27, or CONTRL UCI/UCM action 4. */
  rejected: boolean;
  /** APERAK RFF ACW of each APERAK. */
  references: string[];
  /** Errors named: APERAK FTX AAO (tag, position, element) or CONTRL UCS/UCD and UCI. */
  named: { tag: string; position?: number; element?: number; code: string }[];
  /** Envelope faults of the answer itself (its UNT/UNZ counts and references). */
  envelopeFaults: string[];
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
  let segs: Segment[];
  try {
    segs = parseInterchange(text).segments;
  } catch {
    return { kind: 'unreadable', rejected: false, references: [], named: [], envelopeFaults: ['unreadable'] };
  }
  const envelopeFaults = validateInterchange(text)
    .errors.filter((e) => ENVELOPE_CODES.has(e.code))
    .map((e) => e.code);
  const unh = segs.find((s) => s.tag === 'UNH');
  const type = valueAt(unh, 1, 0);
  if (type === 'CONTRL') {
    const uci = segs.find((s) => s.tag === 'UCI');
    const named: ReadAnswer['named'] = [];
    if (valueAt(uci, 5, 0))
      named.push({ tag: valueAt(uci, 5, 0), code: valueAt(uci, 4, 0), element: Number(valueAt(uci, 6, 0)) || 0 });
    segs.forEach((s, i) => {
      if (s.tag !== 'UCS') return;
      const ucd = segs[i + 1]?.tag === 'UCD' ? segs[i + 1] : undefined;
      named.push({
        tag: '',
        position: Number(valueAt(s, 0, 0)),
        code: valueAt(s, 1, 0),
        ...(ucd ? { element: Number(valueAt(ucd, 1, 0)) } : {}),
      });
    });
    const rejected = valueAt(uci, 3, 0) === '4' || segs.some((s) => s.tag === 'UCM' && valueAt(s, 2, 0) === '4');
    return { kind: 'CONTRL', rejected, references: [], named, envelopeFaults };
  }
  if (type === 'APERAK') {
    const rejected = segs.some((s) => s.tag === 'BGM' && valueAt(s, 2, 0) === '27');
    const references = segs.filter((s) => s.tag === 'RFF' && valueAt(s, 0, 0) === 'ACW').map((s) => valueAt(s, 0, 1));
    const named: ReadAnswer['named'] = [];
    segs.forEach((s, i) => {
      if (s.tag !== 'ERC') return;
      const ftx = segs[i + 1]?.tag === 'FTX' ? segs[i + 1] : undefined;
      named.push({
        code: valueAt(s, 0, 0),
        tag: valueAt(ftx, 3, 0),
        position: Number(valueAt(ftx, 3, 1)) || 0,
        element: Number(valueAt(ftx, 3, 2)) || 0,
      });
    });
    return { kind: 'APERAK', rejected, references, named, envelopeFaults };
  }
  return { kind: 'unreadable', rejected: false, references: [], named: [], envelopeFaults };
}

/** Not applicable when the member declares no edifact capability; undefined when the checks apply. */
export function notApplicableWithout<O>(a: EdifactExchanges, ctx: CheckContext<O>): CheckProduct | undefined {
  return a.capable ? undefined : ctx.notApplicable(a.reason ?? 'no edifact capability');
}

export const probeLocation = (a: EdifactExchanges, _p?: EdiProbe) => ({
  method: 'POST',
  ...(a.endpoint ? { url: a.endpoint } : {}),
  operationId: 'submitEdifactInterchange',
});

export const evidenceOfProbe = (p: EdiProbe) => (p.evidenceId ? [p.evidenceId] : []);
