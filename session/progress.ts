// Progress events of a run, for whoever shows them (the CLI's live display or plain step lines). The
// session turns the runner's events into these; a listener that throws is ignored: a display must
// never change a run.
import type { LoadProgress, ScanProgress } from '../engine/context.ts';
import type { RunEvents } from '../engine/runner.ts';
import type { Area, Outcome, VerdictStatus } from '../engine/types.ts';

export type ProgressEvent =
  | {
      type: 'run-started';
      target: string;
      profile: string;
      /** The collectors that will run, in schedule order. */
      collectors: readonly string[];
      /** Checks to judge, per area. */
      checksByArea: Partial<Record<Area, number>>;
      checks: number;
    }
  | { type: 'collector-started'; collector: string }
  | { type: 'collector-finished'; collector: string; status: 'ok' | 'error'; durationMs: number; error?: string }
  | {
      type: 'checks-judged';
      done: number;
      total: number;
      check: string;
      area: Area;
      outcome: Outcome;
      /** Set on the last check of its area: that area is judged. */
      areaDone?: { checks: number; failed: number };
    }
  | ({ type: 'load-stats' } & LoadProgress)
  | ({ type: 'scan-progress' } & ScanProgress)
  | { type: 'run-finished'; status: VerdictStatus; exitCode: number; durationMs: number };

export type ProgressListener = (event: ProgressEvent) => void;

/** The listener, made safe: whatever it throws stays here. */
export function guardListener(listener: ProgressListener): ProgressListener {
  return (event) => {
    try {
      listener(event);
    } catch {
      // A display's failure is not the run's.
    }
  };
}

/** The runner's events as progress events, combined with the request's own events (if any). */
export function progressRunEvents(
  emit: ProgressListener,
  context: { target: string; profile: string },
  own: RunEvents = {},
): RunEvents {
  const areaTotals = new Map<Area, number>();
  const areaJudged = new Map<Area, { checks: number; failed: number }>();
  return {
    planned(collectors, checks) {
      own.planned?.(collectors, checks);
      for (const c of checks) areaTotals.set(c.area, (areaTotals.get(c.area) ?? 0) + 1);
      emit({
        type: 'run-started',
        ...context,
        collectors,
        checksByArea: Object.fromEntries(areaTotals),
        checks: checks.length,
      });
    },
    collectorStart(name) {
      own.collectorStart?.(name);
      emit({ type: 'collector-started', collector: name });
    },
    collectorEnd(name, state) {
      own.collectorEnd?.(name, state);
      emit({
        type: 'collector-finished',
        collector: name,
        status: state.status,
        durationMs: state.durationMs,
        ...(state.status !== 'ok' && state.error ? { error: state.error } : {}),
      });
    },
    loadProgress(progress) {
      own.loadProgress?.(progress);
      emit({ type: 'load-stats', ...progress });
    },
    scanProgress(progress) {
      own.scanProgress?.(progress);
      emit({ type: 'scan-progress', ...progress });
    },
    checkJudged(result, done, total) {
      own.checkJudged?.(result, done, total);
      const sofar = areaJudged.get(result.area) ?? { checks: 0, failed: 0 };
      sofar.checks++;
      if (result.outcome === 'fail' || result.outcome === 'error') sofar.failed++;
      areaJudged.set(result.area, sofar);
      emit({
        type: 'checks-judged',
        done,
        total,
        check: result.id,
        area: result.area,
        outcome: result.outcome,
        ...(sofar.checks === areaTotals.get(result.area) ? { areaDone: { ...sofar } } : {}),
      });
    },
  };
}
