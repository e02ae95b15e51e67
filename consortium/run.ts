// A consortium run: every member of the members file through its own run session (session/index.ts),
// a bounded number at a time, each with its own target, credentials and output folder
// (<out>/members/<id>/). Members' load phases never overlap: one load gate is shared, and the wait for
// it is not counted against a member's deadline. Whatever one member does (hangs, crashes, cannot be
// reached, lacks its secrets) is reported for that member; the others finish.
import { join, relative } from 'node:path';
import type { Logger } from '../engine/context.ts';
import { EXIT, errorMessage } from '../engine/errors.ts';
import { RunStopped, formatSeconds } from '../engine/run-control.ts';
import { pool } from '../engine/schedule.ts';
import type { Results, VerdictStatus } from '../engine/types.ts';
import { SILENT_LOGGER } from '../engine/wiring.ts';
import { startFlawedServer, startReferenceServer, type FixtureServer } from '../fixtures/index.ts';
import type { ReportFormat } from '../reports/index.ts';
import { runSession, type RunOutcome, type RunRequest } from '../session/index.ts';
import { prepareOutputDir } from '../session/output.ts';
import type { ProgressEvent } from '../session/progress.ts';
import { openHistory } from '../history/index.ts';
import type { StoredRun } from '../history/store.ts';
import { LoadGate, type MemberGate } from './gate.ts';
import { missingSecrets, type MemberEntry } from './members.ts';
import { writeConsortiumOutputs, type ConsortiumWritten } from './output.ts';
import { statusOfResults, summarize, type MemberInput } from './summary.ts';
import type { ConsortiumSummary, MemberRunStatus } from './types.ts';

export const DEFAULT_CONCURRENCY = 2;
export const DEFAULT_CONSORTIUM_OUT_DIR = 'consortium-results';
/** How long past its deadline a member's run may take before it is abandoned as hung. */
export const HUNG_GRACE_MS = 30_000;
/** A fixture member's server starts within this, and closes within it. */
const FIXTURE_BOUND_MS = 15_000;

export type ConsortiumProgress =
  | { type: 'member-started'; member: string; index: number; total: number }
  /** A member's own run progress (session/progress.ts), for a display that shows steps. */
  | { type: 'member-progress'; member: string; event: ProgressEvent }
  | {
      type: 'member-finished';
      member: string;
      status: MemberRunStatus;
      verdict?: VerdictStatus;
      exitCode: number;
      durationMs: number;
      reason: string;
    };

export interface ConsortiumRunInput {
  members: readonly MemberEntry[];
  /** Members run at once (default 2); their load phases still take turns. */
  concurrency?: number;
  outDir: string;
  /** A history store each member's run is recorded in (RunRequest.history). */
  history?: string;
  /** Each member's deadline; default its profile's limits.maxTimeMs. */
  maxTimeMs?: number;
  /** Stops every member (Ctrl-C, SIGTERM); its reason a RunStopped. */
  signal?: AbortSignal;
  onProgress?: (event: ConsortiumProgress) => void;
  log?: Logger;
  /** Where the members' credential variables are read; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** The members' reports (results.json always); default the run's defaults. */
  formats?: readonly ReportFormat[];
  seed?: number;
  /** For tests: the run session (default runSession) and the grace before a member counts as hung. */
  runSession?: (req: RunRequest) => Promise<RunOutcome>;
  graceMs?: number;
}

export interface ConsortiumRun {
  summary: ConsortiumSummary;
  written: ConsortiumWritten;
  outDir: string;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${formatSeconds(ms)}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function startFixture(entry: MemberEntry): Promise<FixtureServer> {
  const at = { host: '127.0.0.1', port: 0 };
  return entry.fixture!.kind === 'reference'
    ? startReferenceServer(at)
    : startFlawedServer({ ...at, ...(entry.fixture!.defects ? { defects: entry.fixture!.defects } : {}) });
}

/**
 * Resolves with the run's outcome, or with 'hung' when it has not settled by its deadline (moved by
 * the time it waited for the load gate) plus the grace.
 */
function watch(run: Promise<RunOutcome>, dueIn: () => number): Promise<RunOutcome | 'hung'> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const check = () => {
      const left = started + dueIn() - Date.now();
      if (left <= 0) resolve('hung');
      else timer = setTimeout(check, left);
    };
    check();
    run.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

function linkTo(outDir: string, written: readonly string[], suffix: string): string | undefined {
  const file = written.find((p) => p.endsWith(suffix));
  return file ? relative(outDir, file) : undefined;
}

/** Runs one member; never throws: whatever happens is the member's row. */
async function runMember(
  entry: MemberEntry,
  input: ConsortiumRunInput,
  outDir: string,
  gate: MemberGate,
): Promise<MemberInput> {
  const base = { id: entry.id, ...(entry.name ? { name: entry.name } : {}) };
  const outer = input.signal;
  if (outer?.aborted) {
    const why = outer.reason instanceof RunStopped ? outer.reason.message : 'the consortium run was stopped';
    return { row: { ...base, status: 'skipped', reason: `not started: ${why}`, exitCode: EXIT.interrupted } };
  }
  const missing = missingSecrets(entry, input.env ?? process.env);
  if (missing) return { row: { ...base, status: 'skipped', reason: missing, exitCode: EXIT.usage } };

  const controller = new AbortController();
  const forward = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', forward, { once: true });
  let fixture: FixtureServer | undefined;
  try {
    if (entry.fixture) {
      try {
        fixture = await withTimeout(startFixture(entry), FIXTURE_BOUND_MS, `the ${entry.fixture.kind} fixture`);
      } catch (err) {
        return {
          row: { ...base, status: 'crashed', reason: `fixture: ${errorMessage(err)}`, exitCode: EXIT.internal },
        };
      }
    }
    const dir = join(outDir, 'members', entry.id);
    const request: RunRequest = {
      target: {
        ...(fixture ? { url: fixture.origin } : {}),
        config: { ...entry.config, api: entry.config.api ?? fixture!.apiBaseUrl },
        env: input.env ?? process.env,
      },
      profile: entry.profile,
      ...(entry.suites ? { suites: entry.suites } : {}),
      ...(entry.checks ? { checks: entry.checks } : {}),
      ...(input.seed !== undefined ? { seed: input.seed } : {}),
      ...(input.maxTimeMs !== undefined ? { maxTimeMs: input.maxTimeMs } : {}),
      output: { dir, ...(input.formats ? { formats: input.formats } : {}) },
      signal: controller.signal,
      log: prefixed(input.log ?? SILENT_LOGGER, entry.id),
      exclusiveGate: gate,
      ...(input.history ? { history: input.history } : {}),
      ...(input.onProgress
        ? {
            onProgress: (event: ProgressEvent) =>
              input.onProgress!({ type: 'member-progress', member: entry.id, event }),
          }
        : {}),
    };
    const deadline = input.maxTimeMs ?? entry.profile.limits.maxTimeMs;
    const grace = input.graceMs ?? HUNG_GRACE_MS;
    const outcome = await watch((input.runSession ?? runSession)(request), () => deadline + gate.waitedMs() + grace);
    if (outcome === 'hung') {
      const reason = `abandoned: the run did not end within its deadline (${formatSeconds(deadline)}) and ${formatSeconds(grace)} more`;
      controller.abort(new RunStopped('deadline', reason, EXIT.deadline));
      gate.releaseAll();
      return { row: { ...base, status: 'hung', reason, exitCode: EXIT.deadline } };
    }
    return outcomeRow(base, outcome, outDir);
  } catch (err) {
    gate.releaseAll();
    return {
      row: { ...base, status: 'crashed', reason: `the run threw: ${errorMessage(err)}`, exitCode: EXIT.internal },
    };
  } finally {
    outer?.removeEventListener('abort', forward);
    await withTimeout(fixture?.close() ?? Promise.resolve(), FIXTURE_BOUND_MS, 'closing the fixture').catch(
      () => undefined,
    );
  }
}

function outcomeRow(base: { id: string; name?: string }, outcome: RunOutcome, outDir: string): MemberInput {
  const results: Results = outcome.results;
  const written = outcome.written.written;
  const resultsPath = linkTo(outDir, written, 'results.json');
  const reportPath = linkTo(outDir, written, 'report.html');
  return {
    row: {
      ...base,
      status: statusOfResults(results),
      reason: outcome.cause?.message ?? results.verdict.reason,
      exitCode: outcome.exitCode,
      ...(resultsPath ? { resultsPath } : {}),
      ...(reportPath ? { reportPath } : {}),
    },
    results,
  };
}

function prefixed(log: Logger, id: string): Logger {
  return {
    info: (m) => log.info(`[${id}] ${m}`),
    warn: (m) => log.warn(`[${id}] ${m}`),
    debug: (m) => log.debug(`[${id}] ${m}`),
  };
}

/**
 * Runs every member and writes the summary (consortium.json, consortium.md) into `outDir`. The output
 * folder is checked first (a UsageError when it is unusable, before any member starts).
 */
export async function runConsortium(input: ConsortiumRunInput): Promise<ConsortiumRun> {
  const outDir = prepareOutputDir(input.outDir);
  const listener = input.onProgress;
  // A display's failure is not the run's.
  const emit = (event: ConsortiumProgress) => {
    try {
      listener?.(event);
    } catch {
      // ignored
    }
  };
  input = { ...input, ...(listener ? { onProgress: emit } : {}) };
  const gate = new LoadGate();
  const total = input.members.length;
  const done: MemberInput[] = [];
  const order = new Map(input.members.map((m, i) => [m.id, i]));
  await pool(input.members, input.concurrency ?? DEFAULT_CONCURRENCY, async (entry) => {
    const started = Date.now();
    emit({ type: 'member-started', member: entry.id, index: order.get(entry.id)! + 1, total });
    const member = await runMember(entry, input, outDir, gate.forMember());
    done.push(member);
    emit({
      type: 'member-finished',
      member: entry.id,
      status: member.row.status,
      ...(member.results ? { verdict: member.results.verdict.status } : {}),
      exitCode: member.row.exitCode ?? EXIT.internal,
      durationMs: Date.now() - started,
      reason: member.row.reason ?? '',
    });
  });
  const reason: unknown = input.signal?.aborted ? input.signal.reason : undefined;
  const stoppedExitCode = !input.signal?.aborted
    ? undefined
    : reason instanceof RunStopped
      ? reason.exitCode
      : EXIT.interrupted;
  const summary = summarize(done, 'run', stoppedExitCode !== undefined ? { stoppedExitCode } : {});
  const history = input.history ? await membersHistory(input.history, summary, input.log ?? SILENT_LOGGER) : undefined;
  const written = writeConsortiumOutputs(summary, outDir, history ? { history } : {});
  return { summary, written, outDir };
}

/**
 * Every recorded run of this consortium's members, for the dashboard's trends. The runs were just recorded
 * by their sessions; a store that cannot be read now costs the trends only (a warning), never the summary.
 */
async function membersHistory(spec: string, summary: ConsortiumSummary, log: Logger): Promise<StoredRun[] | undefined> {
  try {
    const store = await openHistory(spec);
    try {
      const runs: StoredRun[] = [];
      for (const m of summary.members) runs.push(...(await store.runs({ member: m.id })));
      return runs;
    } finally {
      await store.close();
    }
  } catch (err) {
    log.warn(`the dashboard has no trends: the history store could not be read (${errorMessage(err)})`);
    return undefined;
  }
}
