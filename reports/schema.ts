// The published JSON Schema of results.json and its validator. The schema file is the contract that
// outlives this code: old results files are re-rendered by validating them against it first.
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';

/** The schema version this build writes (engine/types.ts says what a minor and a major change mean). */
export { RESULTS_SCHEMA_VERSION } from '../engine/types.ts';

export const RESULTS_SCHEMA_FILE = new URL('./results.schema.json', import.meta.url);

export type JsonSchema = Record<string, unknown>;

/** The parsed schema (reporters walk it for stable key order). */
export const RESULTS_SCHEMA: JsonSchema = JSON.parse(readFileSync(RESULTS_SCHEMA_FILE, 'utf8')) as JsonSchema;

export interface ValidationOutcome {
  valid: boolean;
  /** One line per problem: "<json pointer>: <what is wrong>", "/" being the document. */
  errors: string[];
}

export interface ValidateOptions {
  /**
   * Accept what a newer 1.x minor version may add: properties the schema does not know, and values of
   * its enums it does not know (read as strings; reporters show them as they are). Types are still
   * checked. README "Results contract".
   */
  allowUnknownFields?: boolean;
}

let strictValidator: ValidateFunction | undefined;
let openValidator: ValidateFunction | undefined;

function compile(schema: JsonSchema): ValidateFunction {
  const ajv = new Ajv2020.default({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

/**
 * The same schema as a reader of a newer minor version sees it: every closed object opened
 * (`additionalProperties: false` removed) and every enum of strings widened to any string.
 */
export function openSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(openSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'additionalProperties' && value === false) continue;
    if (key === 'enum' && Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      out.type = 'string';
      continue;
    }
    out[key] = openSchema(value);
  }
  return out;
}

function describe(error: ErrorObject): string {
  const at = error.instancePath || '/';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${at}: unknown property "${String(params.additionalProperty)}"`;
    case 'required':
      return `${at}: missing required property "${String(params.missingProperty)}"`;
    case 'enum':
      return `${at}: must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${at}: must be ${JSON.stringify(params.allowedValue)}`;
    case 'pattern': {
      // Patterns read badly; the property's description says what is expected.
      const description = (error.parentSchema as { description?: unknown } | undefined)?.description;
      return typeof description === 'string' ? `${at}: invalid, expected ${description}` : `${at}: ${error.message}`;
    }
    default:
      return `${at}: ${error.message ?? error.keyword}`;
  }
}

/**
 * Compiles the strict validator now (about half a second of CPU) so the run's end does not pay for it:
 * the session calls it while the run only waits on the target's clock.
 */
export function prepareResultsValidator(): void {
  strictValidator ??= compile(RESULTS_SCHEMA);
}

/** Validates a parsed results.json against the published schema (compiled once per mode). */
export function validateResults(data: unknown, opts: ValidateOptions = {}): ValidationOutcome {
  let validate: ValidateFunction;
  if (opts.allowUnknownFields) validate = openValidator ??= compile(openSchema(RESULTS_SCHEMA) as JsonSchema);
  else validate = strictValidator ??= compile(RESULTS_SCHEMA);
  if (validate(data)) return { valid: true, errors: [] };
  // "must match then schema" only repeats the evidence-kind branch's own errors.
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if').map(describe);
  return { valid: false, errors: [...new Set(errors)] };
}
