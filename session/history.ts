// Recording a finished run into the history store (`run --history`, the consortium's runs). A recording
// that fails never costs the run its results.json or its exit code: it becomes a warning line and a
// `history-not-recorded` entry in results.errors, and the run goes on to write its files.
import type { Logger } from '../engine/context.ts';
import { errorMessage } from '../engine/errors.ts';
import type { Results } from '../engine/types.ts';
import { openHistory } from '../history/index.ts';

export const HISTORY_NOT_RECORDED = 'history-not-recorded';

/** Opening (a bounded connect), recording and closing together; a store that hangs past this is left. */
const RECORD_TIMEOUT_MS = 30_000;

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${Math.round(ms / 1000)} s`)), ms);
    timer.unref();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Records `results` into the store `spec` names; on failure, says so in `results.errors` and the log. */
export async function recordRun(
  spec: string,
  results: Results,
  log: Logger,
  timeoutMs = RECORD_TIMEOUT_MS,
): Promise<boolean> {
  // The store closes itself when its work ends, even when that is after the bound (then in the background).
  const work = (async () => {
    const store = await openHistory(spec);
    try {
      await store.record(results);
      return store.where;
    } finally {
      await store.close().catch(() => undefined);
    }
  })();
  try {
    const where = await within(work, timeoutMs, 'recording in the history store');
    log.info(`Recorded in the history store (${where})`);
    return true;
  } catch (err) {
    const message = `the run was not recorded in the history store: ${errorMessage(err).replace(/^history: /, '')}`;
    log.warn(message);
    results.errors.push({ code: HISTORY_NOT_RECORDED, message });
    return false;
  }
}
