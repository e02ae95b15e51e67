// An area's time in the console summary and results.json: its own collectors' span (first start to last
// end), not stretched by collectors every area shares, plus its longest judging.
import { describe, expect, it } from 'vitest';
import { areaTimes } from '../../engine/runner.ts';
import type { Area } from '../../engine/types.ts';

const artifacts = new Map([
  ['Shared', { startedAt: 0, endedAt: 100 }],
  ['Burst', { startedAt: 60, endedAt: 70 }],
  ['Probes', { startedAt: 10, endedAt: 40 }],
  ['Expiry', { startedAt: 5, endedAt: 45 }],
  ['NeverStarted', {}],
]);

describe('area time', () => {
  it.each([
    // [case, area, expected: span of its own collectors + its longest judging]
    ['own collectors only: the shared one is left out', 'security', 45 - 5 + 1],
    ['one own collector', 'load', 70 - 60 + 2],
    ['none of its own: what it reads', 'contract', 100 - 0],
    ['nothing started: its judging', 'portal', 3],
  ] as const)('%s', (_case, area, expected) => {
    const checks: Array<{ area: Area; requires: string[] }> = [
      { area: 'security', requires: ['Probes', 'Shared'] },
      { area: 'security', requires: ['Expiry'] },
      { area: 'load', requires: ['Burst', 'Shared'] },
      { area: 'contract', requires: ['Shared'] },
      { area: 'portal', requires: ['NeverStarted'] },
    ];
    const judgeMs = new Map<Area, number>([
      ['security', 1],
      ['load', 2],
      ['portal', 3],
    ]);
    expect(areaTimes(checks, artifacts, judgeMs).get(area)).toBe(expected);
  });
});
