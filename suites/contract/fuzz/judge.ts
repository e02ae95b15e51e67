// The verdict on one invalid request: refused with a 4xx that locates the broken field. Shared by
// the collector (which shrinks what fails) and the check (which reports it), so they cannot disagree.
import { tokens } from './pointer.ts';

export type InvalidInputVerdict = 'pass' | 'accepted' | 'server-error' | 'unexpected-status' | 'field-not-located';

/**
 * How strictly the field must be located in the error body:
 * `required` (profile v1: `errors[].pointer`), `when-reported` (only when the body locates any
 * error at all, for APIs whose error format has no locations), `ignored`.
 */
export type FieldLocationRule = 'required' | 'when-reported' | 'ignored';
export const FIELD_LOCATION_RULES: readonly FieldLocationRule[] = ['required', 'when-reported', 'ignored'];

export interface ProbeOutcome {
  /** 0 when no response came (connection reset, timeout). */
  status: number;
  body?: unknown;
  /** Where the mutated field is: body fields and query parameters must be located, path and header ones need not. */
  in: 'body' | 'query' | 'path' | 'header';
  pointer: string;
}

export function judgeProbe(p: ProbeOutcome, rule: FieldLocationRule): InvalidInputVerdict {
  if (p.status >= 200 && p.status < 300) return 'accepted';
  if (p.status === 0 || p.status >= 500) return 'server-error';
  if (p.status < 400) return 'unexpected-status';
  if (rule === 'ignored' || p.in === 'path' || p.in === 'header') return 'pass';
  const reported = reportedLocations(p.body);
  if (reported.length === 0 && rule === 'when-reported') return 'pass';
  return reported.some((loc) => locates(loc, p.pointer)) ? 'pass' : 'field-not-located';
}

/** A location an error body reports: an RFC 6901 pointer, or a property name / dotted path. */
export interface ReportedLocation {
  pointer?: string;
  name?: string;
}

/**
 * Field locations in an error body, in the shapes APIs use: `errors[].pointer` (RFC 9457 practice,
 * profile v1), `errors[].jsonPath` and `errors[].property` (DCSA JIT), `feedbackElements[].propertyPath`
 * (DCSA Port Call 2.0: a JSONPath, or a parameter's name), `errors[].field`, `invalid-params[].name`
 * (RFC 7807's example).
 */
export function reportedLocations(body: unknown): ReportedLocation[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [];
  const out: ReportedLocation[] = [];
  const record = body as Record<string, unknown>;
  for (const key of ['errors', 'invalid-params', 'invalidParams', 'feedbackElements']) {
    const list = record[key];
    if (!Array.isArray(list)) continue;
    for (const e of list.slice(0, 200)) {
      if (typeof e !== 'object' || e === null) continue;
      const entry = e as Record<string, unknown>;
      if (typeof entry.pointer === 'string') out.push({ pointer: entry.pointer });
      for (const k of ['jsonPath', 'propertyPath']) {
        const path = entry[k];
        if (typeof path !== 'string' || path === '') continue;
        const p = path.startsWith('$') ? jsonPathToPointer(path) : undefined;
        out.push(p !== undefined ? { pointer: p } : { name: path });
      }
      for (const k of ['property', 'field', 'name'])
        if (typeof entry[k] === 'string' && entry[k] !== '') out.push({ name: entry[k] as string });
    }
  }
  return out;
}

/** True when a reported location designates the field at `pointer`. */
export function locates(loc: ReportedLocation, pointer: string): boolean {
  if (loc.pointer !== undefined) return loc.pointer === pointer;
  if (loc.name === undefined) return false;
  const path = tokens(pointer);
  if (loc.name.startsWith('/')) return loc.name === pointer;
  // A dotted path (vessel.name, items[0].unNumber) or just the property name.
  const dotted = jsonPathToPointer(`$.${loc.name}`);
  return dotted === pointer || (path.length > 0 && loc.name === path[path.length - 1]);
}

/** `$.a.b[0]['c']` → `/a/b/0/c`; undefined for filters, wildcards and the like. */
export function jsonPathToPointer(path: string): string | undefined {
  if (!path.startsWith('$')) return undefined;
  const out: string[] = [];
  const re = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[['"]([^'"]*)['"]\]/gy;
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const start = re.lastIndex;
    const m = re.exec(path);
    if (!m || m.index !== start) return undefined;
    const token = m[1] ?? m[2] ?? m[3] ?? '';
    out.push(token.replace(/~/g, '~0').replace(/\//g, '~1'));
  }
  return out.map((t) => `/${t}`).join('');
}
