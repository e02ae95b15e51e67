// consortium.json's JSON Schema (consortium/summary.schema.json, the published contract) and its
// validator, compiled once, as reports/schema.ts does for results.json.
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';

export const SUMMARY_SCHEMA_FILE = new URL('./summary.schema.json', import.meta.url);

let validator: ValidateFunction | undefined;

function describe(error: ErrorObject): string {
  const at = error.instancePath || '/';
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') return `${at}: unknown property "${String(params.additionalProperty)}"`;
  if (error.keyword === 'required') return `${at}: missing required property "${String(params.missingProperty)}"`;
  return `${at}: ${error.message ?? error.keyword}`;
}

/** Validates a consortium summary against the published schema; one line per problem. */
export function validateSummary(data: unknown): { valid: boolean; errors: string[] } {
  if (!validator) {
    const ajv = new Ajv2020.default({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats.default(ajv);
    validator = ajv.compile(JSON.parse(readFileSync(SUMMARY_SCHEMA_FILE, 'utf8')) as Record<string, unknown>);
  }
  if (validator(data)) return { valid: true, errors: [] };
  return { valid: false, errors: [...new Set((validator.errors ?? []).map(describe))] };
}
