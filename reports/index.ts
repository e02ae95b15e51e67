// The reporter registry and the writer. Each reporter is a pure function of Results; writing is
// isolated per reporter (one that throws does not stop the others) and every requested file is
// written even when there is nothing to report.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Results } from '../engine/types.ts';
import { renderHtml, type HtmlOptions } from './html.ts';
import { renderJson } from './json.ts';
import { renderJUnit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';
import { renderSarif, type SarifOptions } from './sarif.ts';

export type ReportFormat = 'json' | 'junit' | 'sarif' | 'html' | 'markdown';
/** Every format there is; `markdown` (summary.md, for CI pages) is written only when asked for. */
export const REPORT_FORMATS: readonly ReportFormat[] = ['json', 'junit', 'sarif', 'html', 'markdown'];
/** What a run writes when --format is not given. */
export const DEFAULT_REPORT_FORMATS: readonly ReportFormat[] = ['json', 'junit', 'sarif', 'html'];

/** What a reporter may need besides the results: still data, never read from disk by the reporter. */
export interface ReportOptions {
  sarif?: SarifOptions;
  html?: HtmlOptions;
  /** File names of the other reports written in the same folder (summary.md points to them). */
  siblings?: readonly string[];
}

export interface Reporter {
  fileName: string;
  mediaType: string;
  render(results: Results, options?: ReportOptions): string;
}

export const REPORTERS: Record<ReportFormat, Reporter> = {
  json: { fileName: 'results.json', mediaType: 'application/json', render: renderJson },
  junit: { fileName: 'junit.xml', mediaType: 'application/xml', render: renderJUnit },
  sarif: {
    fileName: 'results.sarif',
    mediaType: 'application/sarif+json',
    render: (results, options) => JSON.stringify(renderSarif(results, options?.sarif)) + '\n',
  },
  html: { fileName: 'report.html', mediaType: 'text/html', render: (results, o) => renderHtml(results, o?.html) },
  markdown: {
    fileName: 'summary.md',
    mediaType: 'text/markdown',
    render: (results, options) => renderMarkdown(results, { reportFiles: options?.siblings }),
  },
};

/** The order summary.md names the other reports in: the one a person reads first. */
const READING_ORDER: readonly ReportFormat[] = ['html', 'json', 'sarif', 'junit'];

/** The file names summary.md points to when these formats are written (results.json always is). */
export function summarySiblings(formats: readonly ReportFormat[]): string[] {
  return READING_ORDER.filter((f) => f === 'json' || formats.includes(f)).map((f) => REPORTERS[f].fileName);
}

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
  formats: readonly ReportFormat[] = DEFAULT_REPORT_FORMATS,
  options: ReportOptions = {},
): Promise<WriteReportsOutcome> {
  const outcome: WriteReportsOutcome = { written: [], failed: [] };
  const wanted = [...new Set(formats)];
  const siblings =
    options.siblings ?? summarySiblings(wanted).filter((name) => name !== 'results.json' || wanted.includes('json'));
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
      const text = reporter.render(structuredClone(results), { ...options, siblings });
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
