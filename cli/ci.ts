// What a run adds in CI: the operations' lines of `--sarif-source` (read here, so the SARIF reporter
// stays a function of results.json and data), summary.md appended to GITHUB_STEP_SUMMARY, and error
// annotations under GitHub Actions.
import { appendFileSync, readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { LineCounter, isMap, isScalar, parseDocument } from 'yaml';
import { UsageError, errorMessage } from '../engine/errors.ts';
import type { Results } from '../engine/types.ts';
import { renderGithubAnnotations } from '../reports/annotations.ts';
import { renderMarkdown } from '../reports/markdown.ts';
import type { SarifSource } from '../reports/sarif.ts';
import type { Io } from './run.ts';

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** Each operation's line in an OpenAPI document (YAML or JSON): its `operationId`, else its method key. */
export function operationLines(text: string): SarifSource['operations'] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length) throw new Error(doc.errors[0]!.message.split('\n')[0]);
  const paths = doc.get('paths');
  const out: Array<SarifSource['operations'][number]> = [];
  if (!isMap(paths)) return out;
  const lineOf = (node: unknown) =>
    isScalar(node) && node.range ? lineCounter.linePos(node.range[0]).line : undefined;
  for (const pathPair of paths.items) {
    if (!isScalar(pathPair.key) || !isMap(pathPair.value)) continue;
    const path = String(pathPair.key.value);
    for (const opPair of pathPair.value.items) {
      if (!isScalar(opPair.key) || !HTTP_METHODS.has(String(opPair.key.value).toLowerCase())) continue;
      const method = String(opPair.key.value).toUpperCase();
      const idPair = isMap(opPair.value)
        ? opPair.value.items.find((p) => isScalar(p.key) && p.key.value === 'operationId')
        : undefined;
      const operationId = idPair && isScalar(idPair.value) ? String(idPair.value.value) : undefined;
      const line = lineOf(idPair?.key) ?? lineOf(opPair.key);
      if (line !== undefined) out.push({ method, path, ...(operationId ? { operationId } : {}), line });
    }
  }
  return out;
}

/**
 * `--sarif-source FILE`: the path is read from the working folder and written into the SARIF relative
 * to it, with forward slashes, as code scanning expects a path from the repository root.
 */
export function readSarifSource(file: string, cwd = process.cwd()): SarifSource {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (err) {
    throw new UsageError(`--sarif-source ${file}: ${errorMessage(err)}`);
  }
  let operations: SarifSource['operations'];
  try {
    operations = operationLines(text);
  } catch (err) {
    throw new UsageError(`--sarif-source ${file}: not YAML or JSON: ${errorMessage(err)}`);
  }
  if (operations.length === 0) throw new UsageError(`--sarif-source ${file}: no operations under "paths"`);
  const rel = isAbsolute(file) ? relative(cwd, file) : file;
  const uri = rel
    .split(sep)
    .join('/')
    .replace(/^(\.\/)+/, '');
  return { uri, operations };
}

/** After a run: the step summary and annotations, when the environment asks for them. Never throws. */
export function emitCiOutputs(results: Results, io: Io, source: SarifSource | undefined, reportFiles: string[]): void {
  const summaryFile = io.env.GITHUB_STEP_SUMMARY;
  if (summaryFile) {
    try {
      appendFileSync(summaryFile, renderMarkdown(results, { reportFiles }) + '\n', 'utf8');
    } catch (err) {
      io.err(`warning: could not append to GITHUB_STEP_SUMMARY (${summaryFile}): ${errorMessage(err)}`);
    }
  }
  if (io.env.GITHUB_ACTIONS === 'true') for (const line of renderGithubAnnotations(results, { source })) io.out(line);
}
