// The output folder, checked before anything is sent (exists or can be made, writable, not a kernel
// pseudo-filesystem), and the writing of results.json and the reports into it.
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  realpathSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError, errorMessage } from '../engine/errors.ts';
import type { Results } from '../engine/types.ts';
import { DEFAULT_REPORT_FORMATS, writeReports, type ReportFormat, type ReportOptions } from '../reports/index.ts';
import { validateResults } from '../reports/schema.ts';

export const DEFAULT_OUT_DIR = 'port-conformance-results';

/** Pseudo-filesystems: writing there is meaningless, and a recursive mkdir under /proc never returns. */
const NOT_FOR_REPORTS = ['/proc', '/sys', '/dev'];

function pseudoRoot(path: string): string | undefined {
  return NOT_FOR_REPORTS.find((root) => path === root || path.startsWith(`${root}/`));
}

/**
 * Makes sure `dir` can hold the results, creating it if needed; returns its absolute path. Throws a
 * UsageError with the cause in one line otherwise. Never recursive-mkdirs blindly: it walks up to the
 * nearest folder that exists and checks that first.
 */
export function prepareOutputDir(dir: string): string {
  const abs = resolve(dir);
  const refuse = (why: string) => new UsageError(`--out ${dir}: ${why}`);
  const root = pseudoRoot(abs);
  if (root) throw refuse(`results cannot be written under ${root}`);
  let existing = abs;
  const missing: string[] = [];
  while (!existsSync(existing)) {
    const parent = dirname(existing);
    if (parent === existing) throw refuse('no part of the path exists');
    missing.unshift(basename(existing));
    existing = parent;
  }
  const real = realpathSync(existing);
  const realRoot = pseudoRoot(real);
  if (realRoot) throw refuse(`${existing} leads under ${realRoot}`);
  if (!statSync(real).isDirectory()) throw refuse(`${existing} is not a folder`);
  try {
    accessSync(real, constants.W_OK);
  } catch {
    throw refuse(`${existing} is not writable`);
  }
  let at = real;
  for (const part of missing) {
    at = join(at, part);
    try {
      mkdirSync(at);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw refuse(`cannot create ${at}: ${errorMessage(err)}`);
    }
  }
  const probe = join(at, `.port-conformance-${process.pid}.probe`);
  try {
    writeFileSync(probe, '');
    unlinkSync(probe);
  } catch (err) {
    throw refuse(`cannot write there: ${errorMessage(err)}`);
  }
  return abs;
}

export interface Written {
  /** Paths of the files written, results.json first. */
  written: string[];
  failed: { format: ReportFormat; error: string }[];
  /** Problems with the results themselves (a harness bug): they do not stop the writing. */
  schemaErrors: string[];
}

/** Writes results.json (always) and the other requested formats. Never throws. */
export async function writeOutputs(
  results: Results,
  outDir: string,
  formats: readonly ReportFormat[] = DEFAULT_REPORT_FORMATS,
  options: ReportOptions = {},
): Promise<Written> {
  const wanted: ReportFormat[] = ['json', ...formats.filter((f) => f !== 'json')];
  // The results file is the contract: a run that does not satisfy its own schema is a harness bug.
  const check = validateResults(results);
  const { written, failed } = await writeReports(results, outDir, wanted, options);
  return { written: written.map((w) => w.path), failed, schemaErrors: check.valid ? [] : check.errors };
}
