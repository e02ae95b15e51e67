// One member's findings over its runs: when each appeared, when it went away, how long it stayed open,
// and per run how many were new, fixed and open. Pure, from the records' `findings` lists alone (the
// fingerprint says which finding it is across runs; engine/fingerprint.ts ignores the target's origin).
//
// Findings are a multiset: a run may hold the same fingerprint twice (two copies of one defect), so the
// n-th copy of a fingerprint is followed on its own. A copy that disappears and comes back later is two
// episodes, two entries: the first fixed when it went, the second open again (or fixed later).
// Only open findings count: a waived one is accepted, not open (as in RunRecord.openFindings), so a
// finding that gets waived leaves the open set in that run, as if fixed.
import type { Severity } from '../engine/types.ts';
import type { RecordedFinding, RunRecord } from './record.ts';

export type TimelineRun = Pick<RunRecord, 'runId' | 'startedAt' | 'findings'>;

/** One episode of one copy of a finding: from the run it appeared in to the first later run without it. */
export interface FindingEpisode {
  fingerprint: string;
  check: string;
  finding: string;
  severity: Severity;
  /** startedAt of the first run that had it (this episode). */
  firstSeen: string;
  firstRunId: string;
  /** startedAt of the last run that had it. */
  lastSeen: string;
  /** startedAt of the first later run without it; absent while it is still open. */
  fixedAt?: string;
  fixedRunId?: string;
  /** Days from firstSeen to fixedAt, or to `now` when still open (never negative). */
  openDays: number;
  open: boolean;
}

export interface RunFindingCounts {
  runId: string;
  startedAt: string;
  /** Open findings this run has that the member's previous run did not (multiset difference). */
  new: number;
  /** Open findings of the previous run this run no longer has. */
  fixed: number;
  open: number;
}

export interface FindingTimeline {
  fingerprints: FindingEpisode[];
  perRun: RunFindingCounts[];
}

const DAY_MS = 86_400_000;

function daysBetween(from: string, to: Date): number {
  return Math.max(0, (to.getTime() - Date.parse(from)) / DAY_MS);
}

/** Open findings of a run grouped by fingerprint (each copy kept, in the run's order). */
function openByFingerprint(run: TimelineRun): Map<string, RecordedFinding[]> {
  const out = new Map<string, RecordedFinding[]>();
  for (const f of run.findings) {
    if (f.waived) continue;
    const list = out.get(f.fingerprint);
    if (list) list.push(f);
    else out.set(f.fingerprint, [f]);
  }
  return out;
}

/**
 * The timeline of one member's runs, oldest first (they are sorted by startedAt again, stably, so an
 * unordered list gives the same answer). `now` closes the still-open episodes' openDays; it defaults to
 * the clock, so callers that must be reproducible pass it.
 */
export function findingTimeline(runs: readonly TimelineRun[], now: Date = new Date()): FindingTimeline {
  const ordered = [...runs].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  // Open episodes by "fingerprint\0copy index".
  const openEpisodes = new Map<string, FindingEpisode>();
  const episodes: FindingEpisode[] = [];
  const perRun: RunFindingCounts[] = [];
  let previous = new Map<string, RecordedFinding[]>();
  for (const run of ordered) {
    const current = openByFingerprint(run);
    let added = 0;
    let fixed = 0;
    let open = 0;
    for (const [fingerprint, copies] of current) {
      open += copies.length;
      const before = previous.get(fingerprint)?.length ?? 0;
      copies.forEach((f, i) => {
        const key = `${fingerprint}\0${i}`;
        const episode = openEpisodes.get(key);
        if (episode) {
          episode.lastSeen = run.startedAt;
          return;
        }
        const fresh: FindingEpisode = {
          fingerprint,
          check: f.check,
          finding: f.finding,
          severity: f.severity,
          firstSeen: run.startedAt,
          firstRunId: run.runId,
          lastSeen: run.startedAt,
          openDays: 0,
          open: true,
        };
        openEpisodes.set(key, fresh);
        episodes.push(fresh);
      });
      added += Math.max(0, copies.length - before);
    }
    for (const [fingerprint, copies] of previous) {
      const remaining = current.get(fingerprint)?.length ?? 0;
      fixed += Math.max(0, copies.length - remaining);
      for (let i = remaining; i < copies.length; i++) {
        const key = `${fingerprint}\0${i}`;
        const episode = openEpisodes.get(key);
        if (!episode) continue;
        episode.fixedAt = run.startedAt;
        episode.fixedRunId = run.runId;
        episode.open = false;
        episode.openDays = daysBetween(episode.firstSeen, new Date(run.startedAt));
        openEpisodes.delete(key);
      }
    }
    perRun.push({ runId: run.runId, startedAt: run.startedAt, new: added, fixed, open });
    previous = current;
  }
  for (const episode of openEpisodes.values()) episode.openDays = daysBetween(episode.firstSeen, now);
  return { fingerprints: episodes, perRun };
}
