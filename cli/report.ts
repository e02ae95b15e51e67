// `port-conformance report --from results.json`: re-render an earlier run without re-running it.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError, errorMessage } from '../engine/errors.ts';
import { writeReports } from '../reports/index.ts';
import { readResults } from '../reports/load.ts';
import { applyPolicies } from '../engine/results.ts';
import type { Results } from '../engine/types.ts';
import { defaultRegistry } from '../session/index.ts';
import { loadBaseline, loadWaivers } from '../session/policies.ts';
import { renderConsoleSummary } from '../reports/console.ts';
import { REPORT_FORMATS, parseList, type Io } from './run.ts';
import { readSarifSource } from './ci.ts';
import { colorEnabled } from './progress.ts';

export async function reportCommand(
  flags: {
    from?: string;
    out?: string;
    format?: string;
    color?: boolean;
    waivers?: string;
    baseline?: string;
    sarifSource?: string;
  },
  io: Io,
): Promise<number> {
  if (!flags.from) throw new UsageError('report: --from <results.json> is required');
  let results: Results;
  try {
    results = readResults(resolve(flags.from));
  } catch (err) {
    throw new UsageError(`report: ${errorMessage(err)}`);
  }
  // Waivers may name any check of this build's registry or of the file (a check since removed).
  const known = flags.waivers
    ? new Set([...results.checks.map((c) => c.id), ...(await defaultRegistry()).checks.map((c) => c.id)])
    : new Set<string>();
  const waivers = flags.waivers ? loadWaivers(flags.waivers, known) : undefined;
  const baseline = flags.baseline ? loadBaseline(flags.baseline) : undefined;
  // Fingerprints are filled in for files written before 1.2.0; the rest only changes when asked.
  results = applyPolicies(results, { waivers, baseline });
  const formats = parseList(flags.format, REPORT_FORMATS, '--format') ?? ['junit', 'sarif', 'html'];
  const source = flags.sarifSource ? readSarifSource(flags.sarifSource) : undefined;
  const outDir = resolve(flags.out ?? dirname(resolve(flags.from)));
  mkdirSync(outDir, { recursive: true });
  const { written, failed } = await writeReports(results, outDir, formats, source ? { sarif: { source } } : {});
  for (const f of failed) io.err(`warning: the ${f.format} report could not be written: ${f.error}`);
  io.out(renderConsoleSummary(results, { color: colorEnabled(io.env, io.isTty, flags.color), outDir }));
  io.out(`Reports: ${written.map((w) => w.path).join(', ')}`);
  return failed.length ? 4 : 0;
}
