// A valid instance of a schema, for operations the harness has no sample message for: the
// document's own examples first, else a minimal value (required properties only, lower bounds,
// formats and patterns honoured). Deterministic for a seed.
import fc from 'fast-check';
import { matching } from './matching.ts';
import { admits, type RawDocument, type SchemaView, type Sub } from './schema-doc.ts';

export interface InstanceOptions {
  seed: number;
  now: Date;
  /** Use the document's examples where it gives them (the first attempt) or never (the fallback). */
  useExamples: boolean;
}

const MAX_DEPTH = 12;

/** A deterministic RFC 4122 version-4 UUID from a seed and a counter. */
export function seededUuid(seed: number, n: number): string {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  const bytes: number[] = [];
  for (let i = 0; i < 16; i++) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) + n * 0x85ebca6b + i;
    h = (h ^ (h >>> 12)) >>> 0;
    bytes.push(h & 0xff);
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class InstanceBuilder {
  #uuids = 0;
  constructor(
    private readonly doc: RawDocument,
    private readonly opts: InstanceOptions,
  ) {}

  /** A fresh deterministic UUID (ids of resources created by PUT). */
  uuid(): string {
    return seededUuid(this.opts.seed, this.#uuids++);
  }

  build(sub: Sub, depth = 0): unknown {
    const v = this.doc.view(sub);
    if (this.opts.useExamples && v.examples.length > 0) return structuredClone(v.examples[0]);
    return this.fromView(v, depth);
  }

  fromView(v: SchemaView, depth: number): unknown {
    if (v.const) return structuredClone(v.const.value);
    if (v.enum && v.enum.length > 0) return structuredClone(v.enum.find((e) => e !== null) ?? v.enum[0]);
    const type = pickType(v);
    if (depth > MAX_DEPTH) return type === 'object' ? {} : type === 'array' ? [] : null;
    switch (type) {
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const name of v.required) {
          const prop = v.properties.get(name);
          const value = prop ? this.build(prop, depth + 1) : 'x';
          if (value !== undefined) out[name] = value;
        }
        return out;
      }
      case 'array': {
        const n = Math.min(Math.max(v.minItems ?? 0, 1), v.maxItems ?? 1);
        return Array.from({ length: n }, () => (v.items ? this.build(v.items, depth + 1) : 'x'));
      }
      case 'string':
        return this.#string(v);
      case 'integer':
      case 'number':
        return numberIn(v, type === 'integer');
      case 'boolean':
        return true;
      case 'null':
        return null;
      default:
        return {};
    }
  }

  #string(v: SchemaView): string {
    const byFormat = v.format ? this.#formatted(v.format) : undefined;
    const fits = (s: string) =>
      s.length >= (v.minLength ?? 0) &&
      s.length <= (v.maxLength ?? Infinity) &&
      (v.pattern ? safeTest(v.pattern, s) : true);
    if (byFormat !== undefined && fits(byFormat)) return byFormat;
    if (v.pattern) {
      const re = safeRegExp(v.pattern);
      if (re) {
        const samples = fc.sample(matching(re), { seed: this.opts.seed, numRuns: 16 });
        const hit = samples.find(fits);
        if (hit !== undefined) return hit;
      }
    }
    const len = Math.min(Math.max(v.minLength ?? 1, 1), v.maxLength ?? Infinity);
    return byFormat ?? 'x'.repeat(Math.max(len, 0));
  }

  #formatted(format: string): string | undefined {
    const iso = new Date(Math.floor(this.opts.now.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    switch (format) {
      case 'date-time':
        return iso;
      case 'date':
        return iso.slice(0, 10);
      case 'time':
        return iso.slice(11);
      case 'uuid':
        return this.uuid();
      case 'email':
        return 'conformance@example.org';
      case 'uri':
      case 'url':
      case 'iri':
        return 'https://example.org/conformance';
      case 'uri-reference':
      case 'iri-reference':
        return '/conformance';
      case 'hostname':
        return 'example.org';
      case 'ipv4':
        return '192.0.2.1';
      case 'ipv6':
        return '2001:db8::1';
      case 'json-pointer':
        return '/conformance';
      default:
        return undefined;
    }
  }
}

function pickType(v: SchemaView): string | undefined {
  const types = v.types?.filter((t) => t !== 'null');
  if (types && types.length > 0) return types[0];
  if (v.types?.includes('null')) return 'null';
  if (v.properties.size > 0 || v.required.size > 0) return 'object';
  if (v.items) return 'array';
  if (v.pattern !== undefined || v.format !== undefined || v.minLength !== undefined || v.maxLength !== undefined)
    return 'string';
  if (v.minimum !== undefined || v.maximum !== undefined) return 'number';
  return undefined;
}

/** The smallest admissible number (1 when nothing says otherwise, since 0 is often special). */
export function numberIn(v: SchemaView, integer: boolean): number {
  let lo = v.minimum ?? -Infinity;
  if (v.exclusiveMinimum !== undefined)
    lo = Math.max(lo, integer ? Math.floor(v.exclusiveMinimum) + 1 : v.exclusiveMinimum + 1);
  let hi = v.maximum ?? Infinity;
  if (v.exclusiveMaximum !== undefined)
    hi = Math.min(hi, integer ? Math.ceil(v.exclusiveMaximum) - 1 : v.exclusiveMaximum - 1);
  const want = lo === -Infinity ? Math.min(1, hi) : lo;
  return integer ? Math.ceil(want) : want;
}

export function safeRegExp(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    try {
      return new RegExp(pattern);
    } catch {
      return undefined;
    }
  }
}

export function safeTest(pattern: string, s: string): boolean {
  return safeRegExp(pattern)?.test(s) ?? true;
}

/** Whether a view's `type` admits the given JSON value. */
export function typeAdmits(v: SchemaView, value: unknown): boolean {
  const t =
    value === null
      ? 'null'
      : Array.isArray(value)
        ? 'array'
        : typeof value === 'number'
          ? Number.isInteger(value)
            ? 'integer'
            : 'number'
          : typeof value;
  if (t === 'null' && v.nullable) return true;
  return admits(v.types, t);
}
