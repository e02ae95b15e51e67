// The event model's rules, derived from the published document: a walk of each published event along the
// document's Event schema applying, at every field, the rule its schema states. A date-time field must carry
// its UTC offset; a UNLocationCode must be a UN/LOCODE; a vesselIMONumber an IMO number; a string field whose
// description lists its codes (`- \`ACT\` (Actual)`) must hold one of them. Nothing is hard-coded per path,
// so a field the document adds is judged the same way.
import { isLocodeFormat } from '../../../contracts/rules/locode.ts';
import { isValidImoNumber } from '../../../contracts/rules/imo.ts';
import { hasUtcOffset, isDateTimeWithOffset } from '../../../contracts/rules/datetime.ts';

export type EventRule = 'classifier-code' | 'date-time-offset' | 'locode' | 'imo-number';

/** Which requirement of contracts/dcsa-port-call/requirements.yaml each rule judges. */
export const RULE_REQUIREMENT: Record<EventRule, string> = {
  'classifier-code': 'DCSA-PC-EVT-001',
  'date-time-offset': 'DCSA-PC-EVT-002',
  locode: 'DCSA-PC-EVT-003',
  'imo-number': 'DCSA-PC-EVT-004',
};

export interface EventViolation {
  rule: EventRule;
  /** RFC 6901 pointer into the response body. */
  pointer: string;
  value: string;
  /** The codes allowed, for classifier-code. */
  allowed?: readonly string[];
}

type Schema = Record<string, unknown>;
const CODE_BULLET = /^\s*- `([A-Z0-9_]+)`/gm;

/** The codes a field's description lists (at least two), else undefined. */
export function listedCodes(description: unknown): string[] | undefined {
  if (typeof description !== 'string') return undefined;
  const codes = [...description.matchAll(CODE_BULLET)].map((m) => m[1]!);
  return codes.length >= 2 ? [...new Set(codes)] : undefined;
}

function resolve(doc: Schema, schema: unknown, depth = 0): Schema {
  if (typeof schema !== 'object' || schema === null || depth > 20) return {};
  const s = schema as Schema;
  if (typeof s.$ref === 'string' && s.$ref.startsWith('#/')) {
    const target = s.$ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, key) => (node as Schema | undefined)?.[key], doc);
    const { $ref: _r, ...rest } = s;
    return { ...resolve(doc, target, depth + 1), ...rest };
  }
  if (Array.isArray(s.allOf)) {
    const merged: Schema = { ...s, allOf: undefined };
    for (const part of s.allOf) {
      const r = resolve(doc, part, depth + 1);
      merged.properties = { ...((merged.properties as Schema | undefined) ?? {}), ...((r.properties as Schema) ?? {}) };
      for (const [k, v] of Object.entries(r)) if (k !== 'properties' && merged[k] === undefined) merged[k] = v;
    }
    return merged;
  }
  return s;
}

const escapePointer = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

function leafRule(name: string, schema: Schema, value: string, pointer: string): EventViolation | undefined {
  if (schema.format === 'date-time')
    return isDateTimeWithOffset(value) && hasUtcOffset(value)
      ? undefined
      : { rule: 'date-time-offset', pointer, value };
  if (name === 'UNLocationCode') return isLocodeFormat(value) ? undefined : { rule: 'locode', pointer, value };
  if (name === 'vesselIMONumber') return isValidImoNumber(value) ? undefined : { rule: 'imo-number', pointer, value };
  const codes = listedCodes(schema.description);
  if (codes && !codes.includes(value)) return { rule: 'classifier-code', pointer, value, allowed: codes };
  return undefined;
}

/** Every rule violation of one value along `schema` (the document's Event, for an event). */
export function eventViolations(
  doc: Schema,
  schema: unknown,
  value: unknown,
  pointer = '',
  name = '',
): EventViolation[] {
  const s = resolve(doc, schema);
  if (typeof value === 'string') {
    const v = leafRule(name, s, value, pointer);
    return v ? [v] : [];
  }
  if (Array.isArray(value))
    return value.flatMap((item, i) => eventViolations(doc, s.items, item, `${pointer}/${i}`, name));
  if (typeof value === 'object' && value !== null) {
    const props = (s.properties ?? {}) as Schema;
    return Object.entries(value as Schema).flatMap(([k, v]) =>
      k in props ? eventViolations(doc, props[k], v, `${pointer}/${escapePointer(k)}`, k) : [],
    );
  }
  return [];
}
