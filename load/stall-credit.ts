// What a load run measured, with every moment the harness's own event loop was busy discounted:
// charged to the harness, not the target. The built-in engine's clocks run on that loop: a request whose answer arrives while the
// loop is busy (our own work, a starved CI runner, GC) is only seen when the loop gets to it, and a
// VU is only freed then. Time the loop spent idle, waiting in the event provider, is the opposite: an
// answer arriving then is handled at once. So a request was out for at least as long as the loop sat
// idle while waiting for it, and that is all this module charges to the target; whatever fails even
// so is the target's, whatever only fails with our busy time counted may be ours. (The one thing
// counted as idle that is not ours to give: the OS waking the process when an answer arrives, a few
// ms on a contended machine, far below any latency threshold.)
//
// Inputs are the engine's event log: each iteration's dispatch and outcome, and each drop, numbered
// in the order they happened (`seq`), with the loop's cumulative idle time read at that moment
// (`performance.eventLoopUtilization().idle`, ms). Pure functions; bounded by the log's length.

export interface IterationSpan {
  /** Order of the dispatch in the run's event log. */
  startSeq: number;
  /** Order of the outcome (answer or transport failure); Infinity when cut at the hard stop. */
  endSeq: number;
  /** The loop's cumulative idle time (ms) at dispatch. */
  idleAtStart: number;
  /** The same when the outcome was handled, or at the hard stop for an iteration cut there. */
  idleAtEnd: number;
}

export interface DropPoint {
  /** Order of the drop in the run's event log. */
  seq: number;
  /** The loop's cumulative idle time (ms) when the iteration found no free VU. */
  idleAt: number;
  /** Consecutive drops this point stands for (default 1): the ones after it in the same pass, at
   *  seq + 1, seq + 2, … with nothing between them and the same idle time, so judged alike. */
  count?: number;
}

/**
 * Idle time a drop's VUs must still have been out for: an answer that was already there would be
 * handled within the first idle instant, so a VU the loop could idle this long beside was still
 * waiting on the target. A few ms, well below any latency threshold.
 */
export const HELD_MARGIN_MS = 5;

/** The part of an iteration's latency the target is certainly to blame for: loop idle time while it was out. */
export function creditedLatency(span: IterationSpan): number {
  return Math.max(0, span.idleAtEnd - span.idleAtStart);
}

/**
 * The drops the target is to blame for: those at which every VU was held by a request the loop then
 * idled at least `marginMs` beside before its answer came (or the run ended). A drop where some VU's
 * answer was already in, waiting for a busy loop, is the harness's. Drops are judged in log order.
 */
export function targetDrops(
  spans: readonly IterationSpan[],
  drops: readonly DropPoint[],
  marginMs = HELD_MARGIN_MS,
): number {
  const byStart = [...spans].sort((a, b) => a.startSeq - b.startSeq);
  const ordered = [...drops].sort((a, b) => a.seq - b.seq);
  // Min-heap on idleAtEnd of the iterations dispatched so far; ended ones are dropped lazily when
  // they reach the top (they never come back in flight, since drops are visited in order).
  const heap: IterationSpan[] = [];
  let next = 0;
  let count = 0;
  for (const d of ordered) {
    while (next < byStart.length && byStart[next]!.startSeq < d.seq) push(heap, byStart[next++]!);
    while (heap.length > 0 && heap[0]!.endSeq < d.seq) pop(heap);
    const soonest = heap[0];
    if (soonest !== undefined && soonest.idleAtEnd - d.idleAt >= marginMs) count += d.count ?? 1;
  }
  return count;
}

function push(heap: IterationSpan[], s: IterationSpan): void {
  heap.push(s);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]!.idleAtEnd <= s.idleAtEnd) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = s;
}

function pop(heap: IterationSpan[]): void {
  const last = heap.pop();
  if (last === undefined || heap.length === 0) return;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= heap.length) break;
    const r = l + 1;
    const c = r < heap.length && heap[r]!.idleAtEnd < heap[l]!.idleAtEnd ? r : l;
    if (heap[c]!.idleAtEnd >= last.idleAtEnd) break;
    heap[i] = heap[c]!;
    i = c;
  }
  heap[i] = last;
}
