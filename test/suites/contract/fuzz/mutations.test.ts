import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { getOperation, validateSchema, type OpenApiModel, type SchemaObject } from '../../../../contracts/openapi.ts';
import { loadProfile } from '../../../../engine/profile.ts';
import {
  bodyTargets,
  isRuleKind,
  parameterTargets,
  stretch,
  type FieldTarget,
} from '../../../../suites/contract/fuzz/mutations.ts';
import { withValueAt } from '../../../../suites/contract/fuzz/pointer.ts';
import { breaksRule, RULE_KINDS, ruleArbitrary } from '../../../../suites/contract/fuzz/rules-v1.ts';
import { RawDocument } from '../../../../suites/contract/fuzz/schema-doc.ts';
import { profileOpenApi } from '../../../../suites/contract/operations.ts';
import { samplePortCall } from '../../../../contracts/samples.ts';

let model: OpenApiModel;
let doc: RawDocument;
let schema: SchemaObject;
const base = samplePortCall({ now: new Date('2026-11-21T00:00:00Z') });

function createTargets(rules: boolean): FieldTarget[] {
  const body = doc.inputs(getOperation(model, 'createPortCall')).body!;
  return bodyTargets(doc, body.schema!, base, { rules });
}

/** What the mutation does to the body, as the validator sees it. */
function effect(t: FieldTarget, seed: number) {
  return fc.sample(t.arbitrary, { seed, numRuns: 20 }).map((m) => {
    const mutated = withValueAt(base, m.pointer, m.remove ? { remove: true } : { value: m.value });
    const r = validateSchema(model, schema, mutated);
    return { pointer: m.pointer, valid: r.valid, atPointer: r.errors.some((e) => e.pointer === m.pointer) };
  });
}

beforeAll(async () => {
  model = await profileOpenApi(loadProfile('default'));
  doc = new RawDocument(model);
  schema = doc.inputs(getOperation(model, 'createPortCall')).body!.modelSchema!;
});

describe('bodyTargets on createPortCall (profile v1 sample)', () => {
  it('inventories one target per field and kind of violation', () => {
    const keys = new Set(createTargets(true).map((t) => `${t.kind} ${t.pointer}`));
    for (const want of [
      'required /ship',
      'required /ship/imoNumber',
      'required /eta',
      'type ',
      'type /ship',
      'type /personsOnBoard',
      'enum /callPurpose',
      'format /eta',
      'pattern /ship/callSign',
      'pattern /portOfCall',
      'below-minimum /personsOnBoard',
      'above-maximum /personsOnBoard',
      'too-short /ship/name',
      'too-long /ship/name',
      'unknown-property ',
      'unknown-property /ship',
      'imo-check-digit /ship/imoNumber',
      'mmsi-not-ship-station /ship/mmsi',
      'locode-unknown /portOfCall',
      'locode-unknown /nextPort',
    ]) {
      expect(keys, want).toContain(want);
    }
    // Optional members are not "required".
    expect(keys).not.toContain('required /ship/mmsi');
    expect(keys).not.toContain('required /personsOnBoard');
  });

  it('without the profile rules there are no identifier targets', () => {
    expect(createTargets(false).filter((t) => isRuleKind(t.kind))).toEqual([]);
  });

  it('every schema mutation breaks the message at its own pointer; every rule mutation keeps it schema-valid', () => {
    for (const t of createTargets(true)) {
      const effects = effect(t, 42);
      if (isRuleKind(t.kind)) {
        expect(
          effects.every((e) => e.valid),
          `${t.kind} ${t.pointer}`,
        ).toBe(true);
      } else if (
        [
          'required',
          'enum',
          'below-minimum',
          'above-maximum',
          'too-short',
          'too-long',
          'unknown-property',
          'format',
        ].includes(t.kind)
      ) {
        expect(
          effects.every((e) => !e.valid && e.atPointer),
          `${t.kind} ${t.pointer}`,
        ).toBe(true);
      } else {
        // type and pattern draw from wide spaces; the collector keeps the draws that break the field.
        expect(
          effects.some((e) => !e.valid && e.atPointer),
          `${t.kind} ${t.pointer}`,
        ).toBe(true);
      }
    }
  });

  it('shrinks towards the smallest violation: one character too long, one below the minimum', async () => {
    const byKey = new Map(createTargets(true).map((t) => [`${t.kind} ${t.pointer}`, t]));
    const fail = async (key: string, predicate: (v: unknown) => boolean) => {
      const d = await fc.check(
        fc.property(byKey.get(key)!.arbitrary, (m) => !predicate(m.value)),
        { seed: 3, numRuns: 50 },
      );
      return d.counterexample?.[0]?.value;
    };
    expect(await fail('too-long /ship/name', (v) => typeof v === 'string' && v.length > 100)).toBe(
      stretch('ESTEREL', 101),
    );
    expect(await fail('below-minimum /personsOnBoard', (v) => typeof v === 'number' && v < 0)).toBe(-1);
  });
});

describe('parameterTargets', () => {
  it('query parameters of listPortCalls: values are strings that break the parameter schema', () => {
    const op = getOperation(model, 'listPortCalls');
    const targets = doc.inputs(op).parameters.flatMap((p) => parameterTargets(doc, p, undefined));
    expect(targets.map((t) => `${t.in} ${t.kind} ${t.pointer}`).sort()).toEqual(
      [
        'query type /limit',
        'query below-minimum /limit',
        'query above-maximum /limit',
        'query too-short /cursor',
        'query too-long /cursor',
        'query enum /status',
      ].sort(),
    );
    for (const t of targets)
      for (const m of fc.sample(t.arbitrary, { seed: 5, numRuns: 10 })) expect(typeof m.value).toBe('string');
  });

  it('a required header can be removed; a path parameter never is', () => {
    const op = getOperation(model, 'updatePortCall');
    const targets = doc.inputs(op).parameters.flatMap((p) => parameterTargets(doc, p, undefined, true));
    expect(targets.filter((t) => t.kind === 'required').map((t) => `${t.in} ${t.pointer}`)).toEqual([
      'header /if-match',
    ]);
    expect(targets.some((t) => t.in === 'path' && t.kind === 'format')).toBe(true);
  });
});

describe('profile v1 identifier rules', () => {
  it.each(RULE_KINDS.map((k) => [k]))('%s values keep the format and break the rule', (kind) => {
    for (const v of fc.sample(ruleArbitrary(kind, 'FRLEH'), { seed: 11, numRuns: 200 }))
      expect(breaksRule(kind, v), v).toBe(true);
  });
});
