// Places that are ordered pairs of timestamps: `{ kind: timestamp-order, code?: <rule code> }`. A
// message schema says which of its date-times come first (`x-psw-order` on an object schema, pointers
// relative to it), an operation says so when the earlier time was recorded by another operation
// (`x-psw-order` on the operation, `earlier: { operationId, pointer }`). Each pair is two places per
// operation: the boundary (the later time equal to the earlier, wrong when the order is strict) and
// the wrong side (the later time before the earlier).
import type { AppliesTo, Place } from '../../engine/types.ts';
import { resolveNode, type OpenApiModel, type OperationModel } from '../openapi.ts';
import { PLAN_KEYWORDS } from '../schemas.ts';
import { annotation, bodyFields, positionLabel, positions } from './body-fields.ts';

type Json = Record<string, unknown>;

/** One side of a pair: a field of this operation's body, or of another operation's (recorded earlier). */
export interface OrderEnd {
  operationId: string;
  pointer: string;
}

export interface OrderRule {
  place: Place;
  /** `equal`: the later time equal to the earlier (the boundary); `before`: the later time before it. */
  side: 'equal' | 'before';
  earlier: OrderEnd;
  later: OrderEnd;
  /** Strictly before (equal times break the rule). */
  strict: boolean;
  /** The rule's error code, when the annotation names it. */
  code?: string;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface RawPair {
  earlier: OrderEnd;
  later: string;
  strict: boolean;
  code?: string;
}

/** A `x-psw-order` entry, checked; `prefix` makes relative pointers absolute. */
function parsePair(raw: unknown, op: OperationModel, prefix: string, where: string): RawPair {
  const bad = (why: string): never => {
    throw new Error(`${where}: x-psw-order entry ${JSON.stringify(raw)} ${why}`);
  };
  if (!isObject(raw)) return bad('is not an object');
  const { earlier, later, strict, code } = raw;
  if (typeof later !== 'string' || !later.startsWith('/')) return bad('needs `later`, a JSON pointer');
  let from: OrderEnd;
  if (typeof earlier === 'string' && earlier.startsWith('/'))
    from = { operationId: op.operationId, pointer: prefix + earlier };
  else if (isObject(earlier) && typeof earlier.operationId === 'string' && typeof earlier.pointer === 'string')
    from = { operationId: earlier.operationId, pointer: earlier.pointer };
  else return bad('needs `earlier`, a JSON pointer or { operationId, pointer }');
  if (strict !== undefined && typeof strict !== 'boolean') bad('has a non-boolean `strict`');
  if (code !== undefined && typeof code !== 'string') bad('has a non-string `code`');
  return {
    earlier: from,
    later: prefix + later,
    strict: strict !== false,
    ...(typeof code === 'string' ? { code } : {}),
  };
}

/** The raw operation object of the document (for its own x- annotations). */
function operationObject(model: OpenApiModel, op: OperationModel): Json | undefined {
  const paths = model.document.paths;
  if (!isObject(paths)) return undefined;
  const item = resolveNode(
    model,
    paths[op.pathTemplate],
    `${model.source}#/paths/${encodeURIComponent(op.pathTemplate.replace(/~/g, '~0').replace(/\//g, '~1'))}`,
  ).node;
  const raw = isObject(item) ? item[op.method.toLowerCase()] : undefined;
  return isObject(raw) ? raw : undefined;
}

function rulesOf(op: OperationModel, pair: RawPair, items: number[]): OrderRule[] {
  const label =
    pair.earlier.operationId === op.operationId
      ? pair.earlier.pointer
      : `${pair.earlier.operationId} ${pair.earlier.pointer}`;
  const variant = positionLabel(items);
  const base = {
    kind: 'timestamp-order',
    operationId: op.operationId,
    method: op.method,
    path: op.pathTemplate,
    pointer: pair.later,
  };
  const rule = (side: OrderRule['side'], id: string): OrderRule => ({
    place: { ...base, id, variant: variant ? `${side}, ${variant}` : side },
    side,
    earlier: pair.earlier,
    later: { operationId: op.operationId, pointer: pair.later },
    strict: pair.strict,
    ...(pair.code ? { code: pair.code } : {}),
  });
  const out: OrderRule[] = [];
  // The boundary is a place only where equal times break the rule.
  if (pair.strict) out.push(rule('equal', `${op.operationId} ${pair.later} equal to ${label}`));
  out.push(rule('before', `${op.operationId} ${pair.later} before ${label}`));
  return out;
}

/** Every ordered pair of every operation, as its boundary and wrong-side places. */
export function orderRules(model: OpenApiModel): OrderRule[] {
  const out: OrderRule[] = [];
  for (const op of model.operations) {
    // Pairs inside the body (an array's items: at each probed position).
    for (const field of bodyFields(model, op)) {
      const pairs = annotation(field, PLAN_KEYWORDS.order);
      if (pairs === undefined) continue;
      const where = `${op.operationId} ${field.pointer || '(body)'}`;
      if (!Array.isArray(pairs)) throw new Error(`${where}: x-psw-order must be a list`);
      for (const at of positions(field))
        for (const raw of pairs) out.push(...rulesOf(op, parsePair(raw, op, at.pointer, where), at.items));
    }
    // Pairs across operations, on the operation itself.
    const own = operationObject(model, op)?.[PLAN_KEYWORDS.order];
    if (own === undefined) continue;
    if (!Array.isArray(own)) throw new Error(`${op.operationId}: x-psw-order must be a list`);
    for (const raw of own) out.push(...rulesOf(op, parsePair(raw, op, '', op.operationId), []));
  }
  return out;
}

/** `{ kind: timestamp-order, code?: <rule code> }`: the pairs of that rule (every pair without a code). */
export function timestampOrderPlaces(model: OpenApiModel, applies: AppliesTo): Place[] {
  return orderRules(model)
    .filter((r) => applies.code === undefined || r.code === applies.code)
    .map((r) => r.place);
}
