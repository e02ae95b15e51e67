// Where and how a valid request can be broken at exactly one field: the inventory of targets
// (field × kind of violation) and, for each, a fast-check arbitrary of mutations. Shrinking an
// arbitrary moves towards the smallest violation (one character too long, one below the minimum).
import fc from 'fast-check';
import { safeRegExp, typeAdmits } from './instance.ts';
import { matching } from './matching.ts';
import { childPointer } from './pointer.ts';
import { breaksRule, ruleArbitrary, ruleKindOf, type RuleKind } from './rules-v1.ts';
import { isObject, type RawDocument, type RawParameter, type SchemaView, type Sub } from './schema-doc.ts';

export const SCHEMA_KINDS = [
  'required',
  'type',
  'enum',
  'format',
  'pattern',
  'below-minimum',
  'above-maximum',
  'too-short',
  'too-long',
  'unknown-property',
] as const;
export type SchemaKind = (typeof SCHEMA_KINDS)[number];
export type MutationKind = SchemaKind | RuleKind;

/**
 * The order kinds are tried in, per operation: the gaps most often left open first. With a small
 * budget every operation still gets its first few kinds.
 */
export const KIND_ORDER: readonly MutationKind[] = [
  'required',
  'type',
  'enum',
  'too-long',
  'below-minimum',
  'format',
  'imo-check-digit',
  'locode-unknown',
  'mmsi-not-ship-station',
  'container-check-digit',
  'un-number-invalid',
  'pattern',
  'unknown-property',
  'above-maximum',
  'too-short',
];

export type InputLocation = 'body' | 'query' | 'path' | 'header';

/** One field changed: removed, or given `value`. Parameter values are strings. */
export interface Mutation {
  pointer: string;
  remove?: true;
  value?: unknown;
}

export interface FieldTarget {
  in: InputLocation;
  /** Parameter name (query, path, header). */
  param?: string;
  /** The field (for unknown-property: the object that gets the unknown member). */
  pointer: string;
  kind: MutationKind;
  arbitrary: fc.Arbitrary<Mutation>;
}

const MAX_WALK_DEPTH = 12;
/** Arrays made one item too long stay under this many bytes (the target's body limit is not the subject). */
const MAX_ARRAY_BYTES = 256 * 1024;
const MAX_STRING_OVERFLOW = 64 * 1024;

export function isRuleKind(kind: MutationKind): kind is RuleKind {
  return !(SCHEMA_KINDS as readonly string[]).includes(kind);
}

/** Every target in a valid body; identifier rules (profile v1) only when `rules` is set. */
export function bodyTargets(doc: RawDocument, sub: Sub, base: unknown, opts: { rules: boolean }): FieldTarget[] {
  const out: FieldTarget[] = [];
  const walk = (value: unknown, s: Sub, pointer: string, name: string | undefined, depth: number): void => {
    if (depth > MAX_WALK_DEPTH) return;
    const view = doc.view(s, value);
    if (view.readOnly) return;
    for (const [kind, arb] of valueKinds(view, value, 'body')) out.push(bodyTarget(pointer, kind, arb));
    if (opts.rules && name !== undefined && typeof value === 'string') {
      const rule = ruleKindOf(name, view);
      if (rule) {
        // Generators only make rule-breaking values; the check guards against a slip all the same.
        out.push(
          bodyTarget(
            pointer,
            rule,
            ruleArbitrary(rule, value).filter((v) => breaksRule(rule, v)),
          ),
        );
      }
    }
    if (isObject(value)) {
      for (const [prop, propSub] of view.properties) {
        const at = childPointer(pointer, prop);
        if (value[prop] !== undefined) {
          walk(value[prop], propSub, at, prop, depth + 1);
          if (view.required.has(prop))
            out.push({
              in: 'body',
              pointer: at,
              kind: 'required',
              arbitrary: fc.constant({ pointer: at, remove: true }),
            });
        } else {
          // An optional field the message leaves out can still be sent wrong.
          const pv = doc.view(propSub);
          if (!pv.readOnly && isScalar(pv))
            for (const [kind, arb] of valueKinds(pv, undefined, 'body')) out.push(bodyTarget(at, kind, arb));
        }
      }
      if (view.closed) {
        const known = new Set(Object.keys(value));
        for (const p of view.properties.keys()) known.add(p);
        const names = ['unexpected', 'extra', 'debug', 'isAdmin', 'internalNote'].filter((n) => !known.has(n));
        if (names.length > 0) {
          out.push({
            in: 'body',
            pointer,
            kind: 'unknown-property',
            arbitrary: fc
              .tuple(fc.constantFrom(...names), fc.constantFrom<unknown>('x', 1, true))
              .map(([n, v]) => ({ pointer: childPointer(pointer, n), value: v })),
          });
        }
      }
    } else if (Array.isArray(value)) {
      if (value.length > 0 && view.items) walk(value[0], view.items, childPointer(pointer, 0), name, depth + 1);
      for (const [kind, arb] of arrayKinds(view, value)) out.push(bodyTarget(pointer, kind, arb));
    }
  };
  walk(base, sub, '', undefined, 0);
  return out;
}

function bodyTarget(pointer: string, kind: MutationKind, arb: fc.Arbitrary<unknown>): FieldTarget {
  return { in: 'body', pointer, kind, arbitrary: arb.map((value) => ({ pointer, value })) };
}

/**
 * Targets for one parameter; values stay strings, as they travel in the URL or a header. `base` is
 * the value mutations may derive from (none for resource ids); `present` says the valid request sends it.
 */
export function parameterTargets(
  doc: RawDocument,
  p: RawParameter,
  base: string | undefined,
  present = base !== undefined,
): FieldTarget[] {
  if (p.in === 'cookie') return [];
  const where: InputLocation = p.in;
  const pointer = `/${p.name}`;
  const out: FieldTarget[] = [];
  if (p.required && present && p.in !== 'path') {
    out.push({
      in: where,
      param: p.name,
      pointer,
      kind: 'required',
      arbitrary: fc.constant({ pointer, remove: true }),
    });
  }
  if (!p.schema) return out;
  const view = doc.view(p.schema);
  const maxLen = p.in === 'path' ? 1024 : 4096;
  const usable = (v: string) => v.length <= maxLen && (p.in !== 'path' || (v !== '' && v !== '.' && v !== '..'));
  for (const [kind, arb] of valueKinds(view, base, where)) {
    const asText = arb.map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? '')));
    const fallback = fc.sample(asText, { seed: 1, numRuns: 32 }).find(usable);
    if (fallback === undefined) continue;
    out.push({
      in: where,
      param: p.name,
      pointer,
      kind,
      arbitrary: asText.map((v) => ({ pointer, value: usable(v) ? v : fallback })),
    });
  }
  return out;
}

function isScalar(v: SchemaView): boolean {
  const t = v.types?.filter((x) => x !== 'null') ?? [];
  return t.length > 0 && t.every((x) => ['string', 'integer', 'number', 'boolean'].includes(x));
}

/** The violation kinds a value (or an absent optional field) admits, with their arbitraries. */
function valueKinds(
  view: SchemaView,
  base: unknown,
  where: InputLocation,
): Array<[MutationKind, fc.Arbitrary<unknown>]> {
  const out: Array<[MutationKind, fc.Arbitrary<unknown>]> = [];
  const inUrl = where !== 'body';
  const stringy = view.types?.includes('string') ?? (view.pattern !== undefined || view.format !== undefined);
  const numeric = view.types?.some((t) => t === 'integer' || t === 'number') ?? false;

  const wrong = wrongTypeArbitrary(view, inUrl);
  if (wrong) out.push(['type', wrong]);

  const allowed = view.enum ?? (view.const ? [view.const.value] : undefined);
  if (allowed) {
    const numbers = allowed.every((e) => typeof e === 'number');
    const arb: fc.Arbitrary<unknown> = numbers
      ? fc.integer({ min: -1000, max: 1000 })
      : matching(/^[a-z][a-z0-9-]{0,11}$/);
    const outside: unknown = numbers ? Math.max(...(allowed as number[])) + 1 : 'not-in-the-list';
    out.push(['enum', arb.map((v) => (allowed.some((a) => a === v) ? outside : v))]);
  }

  if (stringy && view.format) {
    const bad = badFormatValues(view.format, base);
    if (bad.length > 0) out.push(['format', fc.constantFrom(...bad)]);
  }

  if (stringy && view.pattern) {
    const re = safeRegExp(view.pattern);
    if (re) {
      const b = typeof base === 'string' && base !== '' ? base : 'x';
      const variants = [`${b}#`, `#${b}`, b.toLowerCase(), b.slice(1), `${b} `, ' ', '-', '', '#'].filter(
        (v) => !re.test(v),
      );
      // Random strings mostly break a strict pattern; a lenient one falls back to a known breaker.
      if (variants.length > 0) {
        const first = variants[0]!;
        out.push([
          'pattern',
          fc.oneof(
            fc.constantFrom(...variants),
            fc.string({ maxLength: 10 }).map((s) => (re.test(s) ? first : s)),
          ),
        ]);
      }
    }
  }

  if (numeric) {
    const lowest =
      view.exclusiveMinimum !== undefined
        ? Math.floor(view.exclusiveMinimum)
        : view.minimum !== undefined
          ? Math.ceil(view.minimum) - 1
          : undefined;
    if (lowest !== undefined && Number.isSafeInteger(lowest))
      out.push(['below-minimum', fc.integer({ min: lowest - 1000, max: lowest })]);
    const highest =
      view.exclusiveMaximum !== undefined
        ? Math.ceil(view.exclusiveMaximum)
        : view.maximum !== undefined
          ? Math.floor(view.maximum) + 1
          : undefined;
    if (highest !== undefined && Number.isSafeInteger(highest))
      out.push(['above-maximum', fc.integer({ min: highest, max: highest + 1000 })]);
  }

  if (stringy) {
    const source = typeof base === 'string' && base !== '' ? base : 'x';
    if (view.minLength !== undefined && view.minLength >= 1) {
      const min = view.minLength;
      out.push(['too-short', fc.integer({ min: 0, max: min - 1 }).map((n) => stretch(source, n))]);
    }
    if (view.maxLength !== undefined && view.maxLength < MAX_STRING_OVERFLOW) {
      const max = view.maxLength;
      out.push(['too-long', fc.integer({ min: max + 1, max: max + 32 }).map((n) => stretch(source, n))]);
    }
  }
  return out;
}

function arrayKinds(view: SchemaView, value: unknown[]): Array<[MutationKind, fc.Arbitrary<unknown>]> {
  const out: Array<[MutationKind, fc.Arbitrary<unknown>]> = [];
  if (view.minItems !== undefined && view.minItems >= 1) {
    const min = view.minItems;
    out.push(['too-short', fc.integer({ min: 0, max: min - 1 }).map((n) => value.slice(0, n))]);
  }
  if (view.maxItems !== undefined && value.length > 0) {
    const n = view.maxItems + 1;
    const size = JSON.stringify(value[0]).length * n;
    if (size <= MAX_ARRAY_BYTES)
      out.push(['too-long', fc.constant(Array.from({ length: n }, (_, i) => value[i % value.length]))]);
  }
  return out;
}

/** Values of a JSON type the schema does not admit (in URLs: a string where a number or boolean is due). */
function wrongTypeArbitrary(view: SchemaView, inUrl: boolean): fc.Arbitrary<unknown> | undefined {
  if (!view.types || view.types.length === 0) return undefined;
  if (inUrl) {
    if (view.types.includes('string')) return undefined;
    return matching(/^[a-z][a-z]{0,7}$/).filter((s) => s !== 'true' && s !== 'false' && s !== 'null');
  }
  const arbs: fc.Arbitrary<unknown>[] = [];
  if (!typeAdmits(view, 'x')) arbs.push(fc.string({ maxLength: 8 }));
  if (!typeAdmits(view, 1)) arbs.push(fc.integer({ min: -1000, max: 1000 }));
  else if (!typeAdmits(view, 1.5)) arbs.push(fc.integer({ min: -1000, max: 1000 }).map((n) => n + 0.5));
  if (!typeAdmits(view, true)) arbs.push(fc.boolean());
  if (!typeAdmits(view, null)) arbs.push(fc.constant(null));
  if (!typeAdmits(view, [])) arbs.push(fc.constant([]));
  if (!typeAdmits(view, {})) arbs.push(fc.constant({}));
  return arbs.length > 0 ? fc.oneof(...arbs) : undefined;
}

/** Strings of a valid type that break a format (the naive date-time first: profile v1's favourite). */
function badFormatValues(format: string, base: unknown): string[] {
  const b = typeof base === 'string' ? base : '';
  switch (format) {
    case 'date-time': {
      const naive = b.replace(/(Z|[+-]\d{2}:\d{2})$/i, '');
      return [...(naive && naive !== b ? [naive] : []), '2026-13-01T08:00:00Z', '2026-12-01 08:00', 'tomorrow'];
    }
    case 'date':
      return ['2026-02-30', '01/12/2026', 'today'];
    case 'time':
      return ['25:61:00Z', 'noon'];
    case 'uuid':
      return ['not-a-uuid', ...(b.length === 36 ? [`${b.slice(0, 35)}z`] : []), '12345'];
    case 'email':
      return ['not-an-email', 'a@'];
    case 'uri':
    case 'url':
    case 'iri':
      return ['not a uri', 'http//missing-colon'];
    case 'ipv4':
      return ['999.0.0.1', '1.2.3'];
    case 'ipv6':
      return ['2001:db8:::1:zz'];
    case 'hostname':
      return ['-bad-.example', 'a..b'];
    case 'json-pointer':
      return ['no-leading-slash'];
    default:
      return [];
  }
}

/** `source` repeated or cut to exactly `n` characters (keeps the field's own alphabet). */
export function stretch(source: string, n: number): string {
  if (n <= source.length) return source.slice(0, n);
  return source.repeat(Math.ceil(n / source.length)).slice(0, n);
}
