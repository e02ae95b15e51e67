// The reporter registry and the writer. Each reporter is a pure function of Results; writing is
// isolated per reporter (one that throws does not stop the others) and every requested file is
// written even when there is nothing to report.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Results } from '../engine/types.ts';
import { renderHtml } from './html.ts';
import { renderJson } from './json.ts';
import { renderJUnit } from './junit.ts';
import { renderSarif } from './sarif.ts';

export type ReportFormat = 'json' | 'junit' | 'sarif' | 'html';
export const REPORT_FORMATS: readonly ReportFormat[] = ['json', 'junit', 'sarif', 'html'];

export interface Reporter {
  fileName: string;
  mediaType: string;
  render(results: Results): string;
}

export const REPORTERS: Record<ReportFormat, Reporter> = {
  json: { fileName: 'results.json', mediaType: 'application/json', render: renderJson },
  junit: { fileName: 'junit.xml', mediaType: 'application/xml', render: renderJUnit },
  sarif: {
    fileName: 'results.sarif',
    mediaType: 'application/sarif+json',
    render: (results) => JSON.stringify(renderSarif(results), null, 2) + '\n',
  },
  html: { fileName: 'report.html', mediaType: 'text/html', render: renderHtml },
};

export interface WriteReportsOutcome {
  written: Array<{ format: ReportFormat; path: string }>;
  failed: Array<{ format: ReportFormat; error: string }>;
}

export function isReportFormat(name: string): name is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(name);
}

/** Renders and writes each requested format into outDir (created if needed). Never throws. */
export async function writeReports(
  results: Results,
  outDir: string,
  formats: readonly ReportFormat[] = REPORT_FORMATS,
): Promise<WriteReportsOutcome> {
  const outcome: WriteReportsOutcome = { written: [], failed: [] };
  const wanted = [...new Set(formats)];
  try {
    await mkdir(outDir, { recursive: true });
  } catch (err) {
    for (const format of wanted) outcome.failed.push({ format, error: `cannot create ${outDir}: ${message(err)}` });
    return outcome;
  }
  for (const format of wanted) {
    const reporter = REPORTERS[format];
    const path = join(outDir, reporter.fileName);
    try {
      // A clone per reporter: a reporter that mutated its input could not affect the next one.
      const text = reporter.render(structuredClone(results));
      // Write then rename, so a crash never leaves a half-written report behind.
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, text, 'utf8');
      await rename(tmp, path);
      outcome.written.push({ format, path });
    } catch (err) {
      outcome.failed.push({ format, error: message(err) });
    }
  }
  return outcome;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
