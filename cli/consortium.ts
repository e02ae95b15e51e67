// `port-conformance consortium`: every member of a members file through its own run, a few at a time,
// then consortium.json and consortium.md; `consortium ingest`: the same summary from results.json files
// of members' own CI jobs. One line per member as it starts and ends; --verbose adds each member's steps.
import { historySpec, parseHistorySpec } from '../history/index.ts';
import { relative } from 'node:path';
import { UsageError } from '../engine/errors.ts';
import { formatSeconds } from '../engine/run-control.ts';
import { ingestConsortium } from '../consortium/ingest.ts';
import { loadMembersFile } from '../consortium/members.ts';
import type { ConsortiumWritten } from '../consortium/output.ts';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_CONSORTIUM_OUT_DIR,
  runConsortium,
  type ConsortiumProgress,
} from '../consortium/run.ts';
import type { ConsortiumSummary } from '../consortium/types.ts';
import { REPORT_FORMATS } from '../reports/index.ts';
import { prepareOutputDir } from '../session/output.ts';
import { stopOnSignals } from '../session/signals.ts';
import { createProgressDisplay, type ProgressDisplay } from './progress.ts';
import { parseDuration, parseList, parseSeed, type Io } from './run.ts';

export interface ConsortiumFlags {
  members: string;
  concurrency?: string;
  out?: string;
  history?: string;
  maxTime?: string;
  format?: string;
  seed?: string;
  verbose?: boolean;
}

export function parseConcurrency(value: string | undefined): number {
  if (value === undefined) return DEFAULT_CONCURRENCY;
  if (!/^\d{1,2}$/.test(value) || Number(value) < 1 || Number(value) > 32)
    throw new UsageError(`--concurrency must be an integer from 1 to 32 (members run at once)`);
  return Number(value);
}

function clock(): (line: string) => string {
  const started = Date.now();
  return (line) => `[${`${((Date.now() - started) / 1000).toFixed(1)}s`.padStart(7)}] ${line}`;
}

/** One line per member start and end; with --verbose, each member's steps as plain lines. */
function progressPrinter(io: Io, verbose: boolean): (event: ConsortiumProgress) => void {
  const stamp = clock();
  const displays = new Map<string, ProgressDisplay>();
  return (event) => {
    switch (event.type) {
      case 'member-started':
        io.out(stamp(`${event.member} started (${event.index}/${event.total})`));
        if (verbose) {
          const prefix = (l: string) => `  ${event.member} ${l}`;
          displays.set(
            event.member,
            createProgressDisplay('plain', { out: (l) => io.out(prefix(l)), err: (l) => io.err(prefix(l)) }),
          );
        }
        break;
      case 'member-progress':
        displays.get(event.member)?.onProgress(event.event);
        break;
      case 'member-finished': {
        displays.get(event.member)?.stop();
        displays.delete(event.member);
        const verdict = event.status === 'ran' ? event.verdict : event.status;
        const why = event.status === 'ran' && event.verdict === 'conformant' ? '' : `: ${event.reason}`;
        io.out(
          stamp(`${event.member}: ${verdict} (exit ${event.exitCode}) in ${formatSeconds(event.durationMs)}${why}`),
        );
        break;
      }
    }
  };
}

function printEnd(summary: ConsortiumSummary, written: ConsortiumWritten, io: Io): void {
  for (const e of written.schemaErrors.slice(0, 3))
    io.err(`warning: consortium.json does not match its published schema: ${e}`);
  for (const f of written.failed) io.err(`warning: ${f.file} could not be written: ${f.error}`);
  const t = summary.totals;
  io.out(
    `Consortium: ${t.members} members, ${t.conformant} conformant, ${t.notConformant} not conformant, ` +
      `${t.unreachable} unreachable, ${t.notRun} not run (exit ${summary.exitCode})`,
  );
  const shown = (p: string) => {
    const rel = relative(process.cwd(), p);
    return rel && !rel.startsWith('..') ? rel : p;
  };
  if (written.written.length) io.out(`  ${written.written.map(shown).join(', ')}`);
}

export async function consortiumCommand(flags: ConsortiumFlags, io: Io): Promise<number> {
  // Everything that can be refused is, before the first line and before any member starts.
  const concurrency = parseConcurrency(flags.concurrency);
  const maxTimeMs = parseDuration(flags.maxTime);
  const formats = parseList(flags.format, REPORT_FORMATS, '--format');
  const seed = parseSeed(flags.seed);
  const members = loadMembersFile(flags.members);
  const outDir = flags.out ?? DEFAULT_CONSORTIUM_OUT_DIR;
  prepareOutputDir(outDir);
  const history = historySpec(flags.history, io.env);
  if (history !== undefined) parseHistorySpec(history);
  const verbose = flags.verbose === true;
  io.out(
    `Consortium run: ${members.members.length} members from ${flags.members}, ${concurrency} at a time; results in ${outDir}`,
  );
  const signals = stopOnSignals(() => io.err('interrupted: stopping every member and writing what was judged'));
  try {
    const { summary, written } = await runConsortium({
      members: members.members,
      concurrency,
      outDir,
      ...(history !== undefined ? { history } : {}),
      ...(maxTimeMs !== undefined ? { maxTimeMs } : {}),
      ...(formats ? { formats } : {}),
      ...(seed !== undefined ? { seed } : {}),
      signal: signals.signal,
      env: io.env,
      onProgress: progressPrinter(io, verbose),
      log: {
        info: (m) => (verbose ? io.out(m) : undefined),
        warn: (m) => io.err(`warning: ${m}`),
        debug: (m) => (verbose ? io.err(`debug: ${m}`) : undefined),
      },
    });
    printEnd(summary, written, io);
    return summary.exitCode;
  } finally {
    signals.dispose();
  }
}

export async function consortiumIngestCommand(paths: string[], flags: { out?: string }, io: Io): Promise<number> {
  const { summary, written, notes, files } = ingestConsortium(paths, flags.out ?? DEFAULT_CONSORTIUM_OUT_DIR);
  io.out(`Ingested ${files.length} results files: ${summary.members.length} members`);
  for (const note of notes) io.out(`  note: ${note}`);
  printEnd(summary, written, io);
  return summary.exitCode;
}
