// The member's files that decide what a run's results mean for it: the waivers file (validated against
// reports/waivers.schema.json) and the baseline (an earlier results.json). A problem with either is a
// usage error, one line naming the file and the entry, found before anything is sent.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { describeYamlError } from '../engine/messages.ts';
import { UsageError, errorMessage } from '../engine/errors.ts';
import { FAIL_ON, type FailOn } from '../engine/results.ts';
import type { Results } from '../engine/types.ts';
import { waiverEnd, type Waiver } from '../engine/waivers.ts';
import { readResults } from '../reports/load.ts';

export const WAIVERS_SCHEMA_FILE = new URL('../reports/waivers.schema.json', import.meta.url);

let validator: ValidateFunction | undefined;
function validate(data: unknown): ErrorObject[] {
  validator ??= (() => {
    // strictRequired off: the schema says "check or fingerprint" with anyOf of required lists.
    const ajv = new Ajv2020.default({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
    addFormats.default(ajv);
    return ajv.compile(JSON.parse(readFileSync(WAIVERS_SCHEMA_FILE, 'utf8')) as object);
  })();
  return validator(data) ? [] : (validator.errors ?? []);
}

function describe(e: ErrorObject): string {
  const field = e.instancePath.split('/').slice(3).join('/') || undefined;
  const params = e.params as Record<string, unknown>;
  const what =
    e.keyword === 'additionalProperties'
      ? `unknown field "${String(params.additionalProperty)}"`
      : e.keyword === 'required'
        ? // The anyOf's two branches: one of them is enough.
          ['check', 'fingerprint'].includes(String(params.missingProperty)) && !field
          ? 'needs "check" or "fingerprint"'
          : `missing "${String(params.missingProperty)}"`
        : e.keyword === 'anyOf' && !field
          ? 'needs "check" or "fingerprint"'
          : `${field ? `"${field}" ` : ''}${e.message ?? e.keyword}`;
  return what;
}

/** "entry 2 (id W-2, check security-headers)" */
function entryName(raw: unknown, index: number): string {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const parts = [
    typeof r.id === 'string' ? `id ${r.id}` : '',
    typeof r.check === 'string' ? `check ${r.check}` : '',
    typeof r.fingerprint === 'string' && typeof r.check !== 'string' ? `fingerprint ${r.fingerprint}` : '',
  ].filter(Boolean);
  return `entry ${index + 1}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/**
 * Reads and validates a waivers file. Every waiver must name a known check (a fingerprint waiver may
 * name its check too); ids are unique; a waiver cannot expire before it was created.
 */
export function loadWaivers(path: string, knownChecks: ReadonlySet<string>): Waiver[] {
  const file = resolve(path);
  const where = `waivers ${path}`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${where}: cannot read it (${errorMessage(err).split('\n')[0]})`);
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (err) {
    throw new UsageError(`${where} is not valid YAML or JSON: ${describeYamlError(err)}`);
  }
  const errors = validate(data);
  if (errors.length) {
    // The most specific problem first: a field's own error says more than the anyOf around it.
    const sorted = [...errors].sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length);
    const first = sorted.find((e) => e.keyword !== 'anyOf') ?? sorted[0]!;
    const m = /^\/waivers\/(\d+)/.exec(first.instancePath);
    const list = (data as { waivers?: unknown[] } | null)?.waivers;
    if (m && Array.isArray(list)) {
      const i = Number(m[1]);
      throw new UsageError(`${where}: ${entryName(list[i], i)}: ${describe(first)}`);
    }
    const what =
      first.keyword === 'required' || first.keyword === 'additionalProperties' || first.keyword === 'type'
        ? describe(first)
        : (first.message ?? first.keyword);
    throw new UsageError(`${where}: ${what} (expected a mapping with a "waivers" list)`);
  }
  const entries = (data as { waivers: Array<Omit<Waiver, 'id'> & { id?: string }> }).waivers;
  const seen = new Set<string>();
  return entries.map((raw, i) => {
    const name = `${where}: ${entryName(raw, i)}`;
    if (raw.check !== undefined && !knownChecks.has(raw.check))
      throw new UsageError(`${name}: unknown check "${raw.check}"; see "port-conformance catalog"`);
    const id = raw.id ?? `#${i + 1}`;
    if (seen.has(id)) throw new UsageError(`${name}: the id ${id} is used twice`);
    seen.add(id);
    if (waiverEnd(raw.expires).getTime() <= Date.parse(`${raw.created}T00:00:00Z`))
      throw new UsageError(`${name}: expires (${raw.expires}) is before created (${raw.created})`);
    return { ...raw, id };
  });
}

/** An earlier run's results, to compare with. */
export function loadBaseline(path: string): { results: Results; from: string } {
  try {
    return { results: readResults(resolve(path)), from: path };
  } catch (err) {
    throw new UsageError(`--baseline: ${errorMessage(err)}`);
  }
}

export function parseFailOn(value: string | undefined): FailOn | undefined {
  if (value === undefined) return undefined;
  if (!(FAIL_ON as readonly string[]).includes(value))
    throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}`);
  return value as FailOn;
}
