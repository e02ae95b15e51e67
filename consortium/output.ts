// Writing a consortium summary: consortium.json (checked against its published schema first; written
// even when it does not match, the problems reported), consortium.md, and the HTML dashboard
// (consortium.html, consortium/dashboard.ts; with `history`, its trends).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../engine/errors.ts';
import type { StoredRun } from '../history/store.ts';
import { renderDashboard } from './dashboard.ts';
import { renderConsortiumMarkdown } from './markdown.ts';
import { validateSummary } from './schema.ts';
import type { ConsortiumSummary } from './types.ts';

export const CONSORTIUM_FILES = { json: 'consortium.json', markdown: 'consortium.md', html: 'consortium.html' };

export interface ConsortiumWritten {
  /** Absolute paths written, consortium.json first. */
  written: string[];
  failed: { file: string; error: string }[];
  /** consortium.json does not match summary.schema.json (a harness bug): reported, not fatal. */
  schemaErrors: string[];
}

/** Writes the summary's files into `outDir` (which must exist). `history`: the dashboard's trends. */
export function writeConsortiumOutputs(
  summary: ConsortiumSummary,
  outDir: string,
  opts: { history?: StoredRun[] } = {},
): ConsortiumWritten {
  const out: ConsortiumWritten = { written: [], failed: [], schemaErrors: validateSummary(summary).errors };
  const files: [string, () => string][] = [
    [CONSORTIUM_FILES.json, () => `${JSON.stringify(summary, null, 2)}\n`],
    [CONSORTIUM_FILES.markdown, () => renderConsortiumMarkdown(summary)],
    [CONSORTIUM_FILES.html, () => renderDashboard(summary, opts.history)],
  ];
  for (const [name, render] of files) {
    const path = join(outDir, name);
    try {
      writeFileSync(path, render());
      out.written.push(path);
    } catch (err) {
      out.failed.push({ file: path, error: errorMessage(err) });
    }
  }
  return out;
}
