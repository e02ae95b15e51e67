// Reading an old results.json back for `report --from`. The file is checked against the published
// schema before any reporter sees it; the error names the first problem in one line.
import { readFileSync } from 'node:fs';
import type { Results } from '../engine/types.ts';
import { RESULTS_SCHEMA_VERSION, validateResults } from './schema.ts';

/** A results file that cannot be read, parsed or validated. The CLI maps it to a usage error. */
export class ResultsFileError extends Error {
  override name = 'ResultsFileError';
  constructor(
    message: string,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const OUR = RESULTS_SCHEMA_VERSION.split('.').map(Number) as [number, number, number];

function newerThanOurs(version: string): boolean {
  const [major, minor, patch] = version.split('.').map(Number) as [number, number, number];
  if (major !== OUR[0]) return false;
  return minor > OUR[1] || (minor === OUR[1] && patch > OUR[2]);
}

/** Parses and validates results text; `source` names it in errors. */
export function parseResults(text: string, source = 'results'): Results {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ResultsFileError(`${source} is not valid JSON: ${(err as Error).message}`, source, { cause: err });
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ResultsFileError(`${source} is not a results file: expected a JSON object`, source);
  }
  const version = (data as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version !== 'string') {
    throw new ResultsFileError(`${source} is not a results file: it has no schemaVersion`, source);
  }
  if (!/^1\.\d+\.\d+$/.test(version)) {
    throw new ResultsFileError(
      `${source} uses results schema ${version}; this version of the tool reads 1.x (writes ${RESULTS_SCHEMA_VERSION})`,
      source,
    );
  }
  // A newer 1.x file may carry fields added since; everything this build knows is still checked.
  const check = validateResults(data, { allowUnknownFields: newerThanOurs(version) });
  if (!check.valid) {
    const more = check.errors.length > 1 ? ` (and ${check.errors.length - 1} more problems)` : '';
    throw new ResultsFileError(`${source} does not match results schema ${version}: ${check.errors[0]}${more}`, source);
  }
  return data as Results;
}

/** Reads a results.json written by this or an earlier 1.x version of the tool. */
export function readResults(path: string): Results {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message;
    throw new ResultsFileError(`cannot read results file ${path}: ${why}`, path, { cause: err });
  }
  return parseResults(text, path);
}
