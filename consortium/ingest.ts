// `consortium ingest`: the consortium summary from results.json files members' own CI jobs produced
// (a folder is searched for results.json), so the matrix equals a direct consortium run's. The member
// comes from each file's target (results.target.member, else a slug of its name or host); of two
// files of one member, the latest run wins, and a note says so.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { UsageError, errorMessage } from '../engine/errors.ts';
import type { Results } from '../engine/types.ts';
import { memberIdOf } from '../history/record.ts';
import { readResults } from '../reports/load.ts';
import { prepareOutputDir } from '../session/output.ts';
import { writeConsortiumOutputs, type ConsortiumWritten } from './output.ts';
import { statusOfResults, summarize, type MemberInput } from './summary.ts';
import type { ConsortiumSummary } from './types.ts';

const RESULTS_FILE = 'results.json';
/** Folders never searched: dependencies, VCS metadata. */
const NOT_SEARCHED = new Set(['node_modules', '.git']);
const MAX_DEPTH = 12;

/** results.json files under a folder (symbolic links to folders are not followed), sorted. */
function findResultsFiles(dir: string, depth = 0): string[] {
  if (depth > MAX_DEPTH) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && !NOT_SEARCHED.has(entry.name)) found.push(...findResultsFiles(path, depth + 1));
    else if (entry.name === RESULTS_FILE && (entry.isFile() || entry.isSymbolicLink())) found.push(path);
  }
  return found.sort();
}

/** The files to read: each path a results file, or a folder searched for results.json. */
export function resultsFilesOf(paths: readonly string[]): string[] {
  if (paths.length === 0) throw new UsageError('consortium ingest: give results.json files or folders holding them');
  const files: string[] = [];
  for (const p of paths) {
    const abs = resolve(p);
    if (!existsSync(abs)) throw new UsageError(`consortium ingest: ${p} does not exist`);
    if (statSync(abs).isDirectory()) {
      const inside = findResultsFiles(abs);
      if (inside.length === 0) throw new UsageError(`consortium ingest: no ${RESULTS_FILE} under ${p}`);
      files.push(...inside);
    } else files.push(abs);
  }
  return [...new Set(files)];
}

interface Read {
  file: string;
  results: Results;
}

function later(a: Read, b: Read): boolean {
  const [x, y] = [a.results.run, b.results.run];
  return x.startedAt !== y.startedAt ? x.startedAt > y.startedAt : x.finishedAt > y.finishedAt;
}

export interface IngestedSummary {
  summary: ConsortiumSummary;
  /** One line per member with several files: which run won and which were set aside. */
  notes: string[];
  /** The files read, absolute. */
  files: string[];
}

/** Reads every file (an unreadable one is a UsageError naming it) and builds the summary. */
export function summarizeResultsFiles(
  paths: readonly string[],
  outDir: string,
  opts: { generatedAt?: Date } = {},
): IngestedSummary {
  const files = resultsFilesOf(paths);
  const byMember = new Map<string, Read[]>();
  for (const file of files) {
    let results: Results;
    try {
      results = readResults(file);
    } catch (err) {
      throw new UsageError(`consortium ingest: cannot read ${file}: ${errorMessage(err)}`);
    }
    const id = memberIdOf(results.target);
    byMember.set(id, [...(byMember.get(id) ?? []), { file, results }]);
  }
  const notes: string[] = [];
  const members: MemberInput[] = [];
  for (const [id, reads] of byMember) {
    const chosen = reads.reduce((best, r) => (later(r, best) ? r : best));
    if (reads.length > 1) {
      const others = reads.filter((r) => r !== chosen).map((r) => relative(outDir, r.file));
      notes.push(
        `member "${id}": ${reads.length} results files; the latest run (started ${chosen.results.run.startedAt}) wins: ` +
          `${relative(outDir, chosen.file)} (set aside: ${others.join(', ')})`,
      );
    }
    const report = join(dirname(chosen.file), 'report.html');
    members.push({
      row: {
        id,
        ...(chosen.results.target.name ? { name: chosen.results.target.name } : {}),
        status: statusOfResults(chosen.results),
        exitCode: chosen.results.verdict.exitCode,
        resultsPath: relative(outDir, chosen.file) || basename(chosen.file),
        ...(existsSync(report) ? { reportPath: relative(outDir, report) } : {}),
      },
      results: chosen.results,
    });
  }
  return { summary: summarize(members, 'ingest', opts), notes, files };
}

/** `consortium ingest`: reads, summarizes and writes consortium.json and consortium.md into `outDir`. */
export function ingestConsortium(
  paths: readonly string[],
  outDir: string,
): IngestedSummary & { written: ConsortiumWritten; outDir: string } {
  const out = prepareOutputDir(outDir);
  const ingested = summarizeResultsFiles(paths, out);
  return { ...ingested, written: writeConsortiumOutputs(ingested.summary, out), outDir: out };
}
