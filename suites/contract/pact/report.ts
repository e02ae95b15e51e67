// Reading the verifier's JSON report (pact_ffi's verifier JSON, the value pact-js's Verifier resolves
// or rejects with): one result per interaction, in execution order, and the mismatches of the failed
// ones. Mismatch values may quote response bodies, so they are redacted and shortened here.
import { redactJson, redactText } from '../../../engine/redact.ts';
import { isObject } from '../judging.ts';

export type MismatchKind = 'status' | 'header' | 'body' | 'body-type' | 'query' | 'other';

export interface PactMismatch {
  kind: MismatchKind;
  /** Pact's own mismatch type, e.g. BodyMismatch. */
  type: string;
  /** JSON path ($.errors[0].code) for bodies, the header name for headers. */
  path?: string;
  expected?: string;
  actual?: string;
  /** Pact's mismatch text (redacted, shortened). */
  detail: string;
}

export interface ReportedInteraction {
  description: string;
  ok: boolean;
  pending: boolean;
  mismatches: PactMismatch[];
  /** A verifier error that is not a mismatch (the request could not be made, a state change failed). */
  error?: string;
}

export interface VerifierReport {
  result: boolean;
  interactions: ReportedInteraction[];
}

const MAX_VALUE = 200;
const MAX_DETAIL = 400;

const KINDS: Record<string, MismatchKind> = {
  StatusMismatch: 'status',
  HeaderMismatch: 'header',
  BodyMismatch: 'body',
  BodyTypeMismatch: 'body-type',
  QueryMismatch: 'query',
};

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The last property name of a pact JSON path ($.crew[0].familyName → familyName). */
function lastKey(path: string | undefined): string | undefined {
  const m = /(?:^|\.)([A-Za-z_$][\w$-]*)(?:\[[^\]]*\])*$/.exec(path ?? '');
  return m?.[1];
}

/** True when the property at `path` holds a secret or personal data (by its name). */
function withheld(path: string | undefined): boolean {
  const key = lastKey(path);
  return key !== undefined && (redactJson({ [key]: 'probe' }) as Record<string, unknown>)[key] !== 'probe';
}

/**
 * A mismatch value as evidence may show it: pact quotes body values as JSON ("\"1\"" for the
 * string 1), which stays JSON so a string and a number remain distinguishable; other values
 * (header values, statuses) stay text. Redacted, also by the property name the value sits under.
 */
export function summariseValue(value: unknown, path?: string): string | undefined {
  if (value === undefined) return undefined;
  let parsed: unknown = value;
  let json = typeof value !== 'string';
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
      json = true;
    } catch {
      parsed = value;
    }
  }
  const key = lastKey(path);
  const redacted = key ? (redactJson({ [key]: parsed }) as Record<string, unknown>)[key] : redactJson(parsed);
  const text = json ? JSON.stringify(redacted) : String(redacted);
  return shorten(text ?? String(redacted), MAX_VALUE);
}

function mismatchOf(raw: unknown): PactMismatch | undefined {
  if (!isObject(raw)) return undefined;
  const type = typeof raw.type === 'string' ? raw.type : 'Mismatch';
  const path = typeof raw.path === 'string' ? raw.path : typeof raw.key === 'string' ? raw.key : undefined;
  const detailRaw =
    typeof raw.mismatch === 'string' ? raw.mismatch : typeof raw.description === 'string' ? raw.description : type;
  // A personal value can sit in the text too ("Expected 'Marchal' to equal ..."): withhold it.
  const personal = withheld(path);
  return {
    kind: KINDS[type] ?? 'other',
    type,
    ...(path !== undefined ? { path } : {}),
    ...(raw.expected !== undefined ? { expected: summariseValue(raw.expected, path) } : {}),
    ...(raw.actual !== undefined ? { actual: summariseValue(raw.actual, path) } : {}),
    detail: personal
      ? `${type} at ${path} (value withheld: personal data)`
      : shorten(redactText(detailRaw), MAX_DETAIL),
  };
}

/** Which reported interaction a report error names ("Verifying a pact between … - <description>"). */
function describes(errorName: string, description: string): boolean {
  return errorName === description || errorName.endsWith(` - ${description}`);
}

/** Parses the report; undefined when the text is not a verifier report (e.g. a crash message). */
export function parseVerifierReport(text: string): VerifierReport | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(doc) || !Array.isArray(doc.interactionResults)) return undefined;
  const errors = [
    ...(Array.isArray(doc.errors) ? doc.errors.map((e) => ({ e, pending: false })) : []),
    ...(Array.isArray(doc.pendingErrors) ? doc.pendingErrors.map((e) => ({ e, pending: true })) : []),
  ].filter((x): x is { e: Record<string, unknown>; pending: boolean } => isObject(x.e));

  const interactions: ReportedInteraction[] = [];
  const claimed = new Set<number>();
  for (const r of doc.interactionResults) {
    if (!isObject(r) || typeof r.description !== 'string') continue;
    const description = r.description;
    const ok = typeof r.result === 'string' && /^ok$/i.test(r.result);
    const entry: ReportedInteraction = { description, ok, pending: r.pending === true, mismatches: [] };
    if (!ok) {
      // The same description can be verified twice (two versions of a pact from a broker): each
      // result takes the first error naming it that no earlier result took.
      const idx = errors.findIndex(
        (x, i) => !claimed.has(i) && typeof x.e.interaction === 'string' && describes(x.e.interaction, description),
      );
      if (idx >= 0) {
        claimed.add(idx);
        const { e, pending } = errors[idx]!;
        entry.pending ||= pending;
        const m = isObject(e.mismatch) ? e.mismatch : {};
        if (m.type === 'error')
          entry.error = shorten(redactText(String(m.message ?? 'verification error')), MAX_DETAIL);
        else if (Array.isArray(m.mismatches))
          entry.mismatches = m.mismatches.map(mismatchOf).filter((x): x is PactMismatch => x !== undefined);
      }
      if (!entry.error && entry.mismatches.length === 0)
        entry.error = `the verifier reported ${String(r.result)} without a mismatch`;
    }
    interactions.push(entry);
  }
  return { result: doc.result === true, interactions };
}

/** RFC 6901 pointer of a pact JSON path: $.errors[0].code → /errors/0/code. */
export function pointerOf(path: string | undefined): string | undefined {
  if (!path || !path.startsWith('$')) return undefined;
  const parts: string[] = [];
  const re = /\.([^.[\]]+)|\[(\d+|\*)\]|\['([^']*)'\]/g;
  let m: RegExpExecArray | null;
  let consumed = 1;
  while ((m = re.exec(path)) !== null && m.index === consumed) {
    parts.push(m[1] ?? m[2] ?? m[3] ?? '');
    consumed = re.lastIndex;
  }
  if (consumed !== path.length) return undefined;
  return parts.map((p) => `/${p.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}
