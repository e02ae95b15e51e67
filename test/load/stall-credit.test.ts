// The stall credit on synthetic event logs: which latency and which drops the target is charged with
// once every moment the harness's loop was busy is credited to the harness. No clock involved.
import { describe, expect, it } from 'vitest';
import {
  HELD_MARGIN_MS,
  creditedLatency,
  targetDrops,
  type DropPoint,
  type IterationSpan,
} from '../../load/stall-credit.ts';

/** [startSeq, endSeq, idleAtStart, idleAtEnd] */
type S = [number, number, number, number];
/** [seq, idleAt] */
type D = [number, number];

const spans = (rows: S[]): IterationSpan[] =>
  rows.map(([startSeq, endSeq, idleAtStart, idleAtEnd]) => ({ startSeq, endSeq, idleAtStart, idleAtEnd }));
const drops = (rows: D[]): DropPoint[] => rows.map(([seq, idleAt]) => ({ seq, idleAt }));

describe('creditedLatency', () => {
  it.each<[string, S, number]>([
    ['the loop idled the whole wait: all of it is the target’s', [0, 1, 100, 300], 200],
    ['the loop never idled (the answer waited for a busy loop): none of it', [0, 1, 100, 100], 0],
    ['partly idle', [0, 1, 100, 145.5], 45.5],
  ])('%s', (_label, row, expected) => {
    expect(creditedLatency(spans([row])[0]!)).toBe(expected);
  });
});

describe('targetDrops', () => {
  it.each<[string, S[], D[], number]>([
    ['no drops', [[0, 1, 0, 10]], [], 0],
    [
      'a slow target: every VU still out long after the drop',
      [
        [0, 5, 0, 200],
        [1, 6, 0, 210],
      ],
      [[2, 10]],
      1,
    ],
    [
      'answers already in, waiting for a busy loop: the harness’s',
      [
        [0, 3, 0, 10],
        [1, 4, 0, 10.5],
      ],
      [[2, 10]],
      0,
    ],
    [
      'one VU about to be freed: not the target’s',
      [
        [0, 3, 0, 300],
        [1, 4, 0, 10 + HELD_MARGIN_MS - 1],
      ],
      [[2, 10]],
      0,
    ],
    ['held exactly the margin counts', [[0, 3, 0, 10 + HELD_MARGIN_MS]], [[2, 10]], 1],
    [
      'an iteration that ended before the drop does not hold a VU',
      [
        [0, 1, 0, 5],
        [2, 9, 5, 400],
      ],
      [[3, 6]],
      1,
    ],
    ['cut at the hard stop: out until then', [[0, Infinity, 0, 500]], [[1, 10]], 1],
    ['nothing in flight (dropped while behind schedule)', [[0, 1, 0, 5]], [[2, 6]], 0],
    [
      'each drop judged on what was in flight then',
      [
        [0, 6, 0, 100],
        [2, 7, 2, 52],
      ],
      [
        [1, 2],
        [3, 50],
        [4, 50],
      ],
      1,
    ],
    [
      'a burst of drops while the loop was busy: all the harness’s',
      [
        [0, 9, 0, 20],
        [1, 10, 0, 20],
        [2, 11, 0, 20],
      ],
      [
        [3, 20],
        [4, 20],
        [5, 20],
        [6, 20],
        [7, 20],
        [8, 20],
      ],
      0,
    ],
  ])('%s', (_label, s, d, expected) => {
    expect(targetDrops(spans(s), drops(d))).toBe(expected);
  });

  it('takes the log in any order', () => {
    const s = spans([
      [2, 7, 2, 52],
      [0, 6, 0, 100],
    ]);
    const d = drops([
      [4, 50],
      [1, 2],
      [3, 50],
    ]);
    expect(targetDrops(s, d)).toBe(1);
  });

  it('counts a run of drops stored as one point like the same drops one by one', () => {
    const s = spans([
      [0, 9, 0, 100],
      [1, 4, 0, 3],
    ]);
    const oneByOne = drops([
      [5, 20],
      [6, 20],
      [7, 20],
    ]);
    expect(targetDrops(s, oneByOne)).toBe(3);
    expect(targetDrops(s, [{ seq: 5, idleAt: 20, count: 3 }])).toBe(3);
  });

  it('honours a custom margin', () => {
    const s = spans([[0, 3, 0, 12]]);
    expect(targetDrops(s, drops([[1, 10]]), 5)).toBe(0);
    expect(targetDrops(s, drops([[1, 10]]), 1)).toBe(1);
  });

  it('scales to a long run (heap, not a scan per drop)', () => {
    // 20 000 iterations, each out 100 ms of idle time, 7 in flight; a drop after each dispatch.
    const n = 20_000;
    const s: IterationSpan[] = [];
    const d: DropPoint[] = [];
    for (let i = 0; i < n; i++) {
      s.push({ startSeq: 2 * i, endSeq: 2 * (i + 7), idleAtStart: i * 10, idleAtEnd: i * 10 + 100 });
      d.push({ seq: 2 * i + 1, idleAt: i * 10 + 1 });
    }
    // In flight at drop i: iterations i-6..i, the soonest ending at idle (i-6)*10+100 = i*10+40.
    expect(targetDrops(s, d)).toBe(n);
  });
});
