// Findings over time for one member: when each finding (by fingerprint) was first and last seen, when it
// was fixed (the first later run without it) and how long it was open; and per run, how many findings
// were new or fixed since the run before. Pure: the same runs give the same answer; there is no clock
// (open findings are counted up to `asOf`, by default the last run's start).
//
// A run that did not judge a finding's check (a narrower --suites or --checks) also lacks the finding:
// give the timeline runs of comparable selections (the same profile) to avoid calling that fixed.
import type { Severity } from '../engine/types.ts';
import type { RecordedFinding } from './record.ts';

/** What the timeline reads of a stored run. */
export interface TimelineRun {
  runId: string;
  startedAt: string;
  findings: readonly RecordedFinding[];
}

export interface FindingSpan {
  fingerprint: string;
  check: string;
  finding: string;
  severity: Severity;
  /** Waived when last seen (accepted, not fixed). */
  waived: boolean;
  firstSeen: string;
  firstRunId: string;
  lastSeen: string;
  lastRunId: string;
  /** The start of the first run after `lastSeen` without it; absent while it is open. */
  fixedAt?: string;
  fixedInRunId?: string;
  /** Days it was open: summed over its open periods, each up to the run that no longer had it (or `asOf`). */
  openDays: number;
  /** Still there in the last run. */
  open: boolean;
  /** Runs it was seen in. */
  seenIn: number;
  /** Times it came back after a run without it. */
  reopened: number;
}

export interface RunChange {
  runId: string;
  startedAt: string;
  /** The member's run before this one; absent for the first. */
  previousRunId?: string;
  /** Distinct fingerprints in this run. */
  findings: number;
  /** Not in the previous run (every finding of the first run is new). */
  new: number;
  /** In the previous run and not in this one. */
  fixed: number;
  newFingerprints: string[];
  fixedFingerprints: string[];
}

export interface Timeline {
  /** One per fingerprint, by first seen, then fingerprint. */
  findings: FindingSpan[];
  /** One per run, oldest first. */
  runs: RunChange[];
}

const DAY_MS = 86_400_000;

function days(fromIso: string, toIso: string): number {
  return Math.max(0, Date.parse(toIso) - Date.parse(fromIso)) / DAY_MS;
}

interface Tracking {
  span: FindingSpan;
  /** When the current open period began, while it is open. */
  openSince?: string;
  openMs: number;
}

/**
 * The timeline of one member's runs. Runs are taken oldest first (sorted by start, stable, whatever
 * order they come in).
 */
export function findingsTimeline(runs: readonly TimelineRun[], options: { asOf?: string } = {}): Timeline {
  const ordered = [...runs].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  const tracked = new Map<string, Tracking>();
  const changes: RunChange[] = [];
  let previous: { runId: string; fingerprints: Set<string> } | undefined;

  for (const run of ordered) {
    const present = new Map<string, RecordedFinding>();
    for (const f of run.findings) if (!present.has(f.fingerprint)) present.set(f.fingerprint, f);
    const newFingerprints: string[] = [];
    for (const [fp, f] of present) {
      const t = tracked.get(fp);
      if (!previous?.fingerprints.has(fp)) newFingerprints.push(fp);
      if (!t) {
        tracked.set(fp, {
          openSince: run.startedAt,
          openMs: 0,
          span: {
            fingerprint: fp,
            check: f.check,
            finding: f.finding,
            severity: f.severity,
            waived: f.waived,
            firstSeen: run.startedAt,
            firstRunId: run.runId,
            lastSeen: run.startedAt,
            lastRunId: run.runId,
            openDays: 0,
            open: true,
            seenIn: 1,
            reopened: 0,
          },
        });
        continue;
      }
      const s = t.span;
      if (t.openSince === undefined) {
        // Back after a run without it: a new open period.
        t.openSince = run.startedAt;
        s.reopened++;
        delete s.fixedAt;
        delete s.fixedInRunId;
      }
      s.lastSeen = run.startedAt;
      s.lastRunId = run.runId;
      s.severity = f.severity;
      s.waived = f.waived;
      s.seenIn++;
    }
    const fixedFingerprints = previous ? [...previous.fingerprints].filter((fp) => !present.has(fp)) : [];
    for (const fp of fixedFingerprints) {
      const t = tracked.get(fp)!;
      t.openMs += Date.parse(run.startedAt) - Date.parse(t.openSince!);
      delete t.openSince;
      t.span.fixedAt = run.startedAt;
      t.span.fixedInRunId = run.runId;
    }
    changes.push({
      runId: run.runId,
      startedAt: run.startedAt,
      ...(previous ? { previousRunId: previous.runId } : {}),
      findings: present.size,
      new: newFingerprints.length,
      fixed: fixedFingerprints.length,
      newFingerprints,
      fixedFingerprints,
    });
    previous = { runId: run.runId, fingerprints: new Set(present.keys()) };
  }

  const last = ordered.at(-1);
  const asOf = options.asOf ?? last?.startedAt;
  const findings = [...tracked.values()].map((t) => {
    const stillOpen = t.openSince !== undefined;
    const openMs = t.openMs + (stillOpen && asOf ? days(t.openSince!, asOf) * DAY_MS : 0);
    return { ...t.span, open: stillOpen, openDays: Math.max(0, openMs) / DAY_MS };
  });
  findings.sort((a, b) => a.firstSeen.localeCompare(b.firstSeen) || a.fingerprint.localeCompare(b.fingerprint));
  return { findings, runs: changes };
}

/** New and fixed since the previous run, by run id. */
export function changesByRun(runs: readonly TimelineRun[]): Map<string, RunChange> {
  return new Map(findingsTimeline(runs).runs.map((r) => [r.runId, r]));
}
