// Places where a count declared in one message must equal the length of a list sent in another:
// `{ kind: count-consistency, code?: <rule code> }`. The declaring field says so
// (`x-psw-count-of: { list: <schema file>, pointer, code?, incompleteWithoutList? }`); the list's
// operation is the one whose request body is that schema. Each rule is probed both ways and on both
// sides of the count: a list one shorter and one longer than declared, a declaration contradicting
// the list on file and, where the profile says so, a declaration sent before any list (incomplete).
import type { AppliesTo, Place } from '../../engine/types.ts';
import type { OpenApiModel, OperationModel } from '../openapi.ts';
import { PLAN_KEYWORDS } from '../schemas.ts';
import { annotation, bodyFields, bodySchemaUri } from './body-fields.ts';

export const COUNT_VARIANTS = ['incomplete-without-list', 'fewer', 'more', 'declaration-after-list'] as const;
export type CountVariant = (typeof COUNT_VARIANTS)[number];

export interface CountEnd {
  operationId: string;
  pointer: string;
}

export interface CountRule {
  /** The field declaring the count (e.g. submitGeneralDeclaration /numberOfCrew). */
  declaration: CountEnd;
  /** The list whose length it declares (e.g. submitCrewList /crew). */
  list: CountEnd;
  code?: string;
  /** While the list is missing, a declaration is answered `incomplete`. */
  incompleteWithoutList: boolean;
  places: Partial<Record<CountVariant, Place>>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const fileOf = (uri: string) => uri.split('#')[0] ?? uri;

function place(op: OperationModel, pointer: string, id: string, variant: CountVariant): Place {
  return {
    id,
    kind: 'count-consistency',
    operationId: op.operationId,
    method: op.method,
    path: op.pathTemplate,
    pointer,
    variant,
  };
}

/** Every count rule the schemas declare, with its places. */
export function countRules(model: OpenApiModel): CountRule[] {
  const out: CountRule[] = [];
  for (const op of model.operations) {
    for (const field of bodyFields(model, op)) {
      const raw = annotation(field, PLAN_KEYWORDS.countOf);
      if (raw === undefined) continue;
      const where = `${op.operationId} ${field.pointer}`;
      if (
        !isObject(raw) ||
        typeof raw.list !== 'string' ||
        typeof raw.pointer !== 'string' ||
        !raw.pointer.startsWith('/')
      )
        throw new Error(`${where}: x-psw-count-of needs { list: <schema file>, pointer: <JSON pointer> }`);
      if (field.pointer.includes('*')) throw new Error(`${where}: x-psw-count-of inside an array is not supported`);
      const listFile = new URL(raw.list, field.uri).href;
      const listOps = model.operations.filter((o) => {
        const uri = bodySchemaUri(model, o);
        return uri !== undefined && fileOf(uri) === listFile;
      });
      for (const listOp of listOps) {
        const list = { operationId: listOp.operationId, pointer: raw.pointer };
        const declaration = { operationId: op.operationId, pointer: field.pointer };
        const d = `${op.operationId} ${field.pointer}`;
        const l = `${listOp.operationId} ${raw.pointer}`;
        const incomplete = raw.incompleteWithoutList === true;
        out.push({
          declaration,
          list,
          ...(typeof raw.code === 'string' ? { code: raw.code } : {}),
          incompleteWithoutList: incomplete,
          places: {
            ...(incomplete
              ? {
                  'incomplete-without-list': place(
                    op,
                    field.pointer,
                    `${d} before any ${l}`,
                    'incomplete-without-list',
                  ),
                }
              : {}),
            fewer: place(listOp, raw.pointer, `${l} shorter than ${d}`, 'fewer'),
            more: place(listOp, raw.pointer, `${l} longer than ${d}`, 'more'),
            'declaration-after-list': place(
              op,
              field.pointer,
              `${d} contradicting ${l} on file`,
              'declaration-after-list',
            ),
          },
        });
      }
    }
  }
  return out;
}

/** `{ kind: count-consistency, code?: <rule code> }`. */
export function countConsistencyPlaces(model: OpenApiModel, applies: AppliesTo): Place[] {
  return countRules(model)
    .filter((r) => applies.code === undefined || r.code === applies.code)
    .flatMap((r) => COUNT_VARIANTS.flatMap((v) => (r.places[v] ? [r.places[v]] : [])));
}
