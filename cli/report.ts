// `port-conformance report --from results.json`: re-render an earlier run without re-running it.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError, errorMessage } from '../engine/errors.ts';
import { writeReports } from '../reports/index.ts';
import { readResults } from '../reports/load.ts';
import { renderConsoleSummary } from '../reports/console.ts';
import { REPORT_FORMATS, parseList, type Io } from './run.ts';

export async function reportCommand(
  flags: { from?: string; out?: string; format?: string; color?: boolean },
  io: Io,
): Promise<number> {
  if (!flags.from) throw new UsageError('report: --from <results.json> is required');
  let results;
  try {
    results = readResults(resolve(flags.from));
  } catch (err) {
    throw new UsageError(`report: ${errorMessage(err)}`);
  }
  const formats = parseList(flags.format, REPORT_FORMATS, '--format') ?? ['junit', 'sarif', 'html'];
  const outDir = resolve(flags.out ?? dirname(resolve(flags.from)));
  mkdirSync(outDir, { recursive: true });
  const { written, failed } = await writeReports(results, outDir, formats);
  for (const f of failed) io.err(`warning: the ${f.format} report could not be written: ${f.error}`);
  io.out(renderConsoleSummary(results, { color: flags.color !== false && io.isTty, outDir }));
  io.out(`Reports: ${written.map((w) => w.path).join(', ')}`);
  return failed.length ? 4 : 0;
}
