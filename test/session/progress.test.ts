// The session's progress events as data: the runner's events mapped to typed progress events, each
// area reported done on its last check, and a listener that throws kept away from the run.
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../engine/types.ts';
import { guardListener, progressRunEvents, type ProgressEvent } from '../../session/progress.ts';

function judged(id: string, area: CheckResult['area'], outcome: CheckResult['outcome']): CheckResult {
  return { id, area, outcome } as CheckResult;
}

describe('progressRunEvents', () => {
  it('maps the runner events to progress events, each area done on its last check', () => {
    const seen: ProgressEvent[] = [];
    const events = progressRunEvents((e) => seen.push(e), { target: 't', profile: 'p' });
    events.planned?.(
      ['OpenApi', 'LoadRuns'],
      [
        { id: 'a', area: 'contract' },
        { id: 'b', area: 'contract' },
        { id: 'c', area: 'load' },
      ],
    );
    events.collectorStart?.('OpenApi');
    events.collectorEnd?.('OpenApi', { status: 'error', error: 'boom', durationMs: 5 });
    events.loadProgress?.({ scenario: 's', rps: 1, p95Ms: 2, elapsedS: 3, durationS: 4 });
    events.checkJudged?.(judged('a', 'contract', 'fail'), 1, 3);
    events.checkJudged?.(judged('c', 'load', 'pass'), 2, 3);
    events.checkJudged?.(judged('b', 'contract', 'pass'), 3, 3);
    expect(seen.map((e) => e.type)).toEqual([
      'run-started',
      'collector-started',
      'collector-finished',
      'load-stats',
      'checks-judged',
      'checks-judged',
      'checks-judged',
    ]);
    expect(seen[0]).toMatchObject({
      checks: 3,
      checksByArea: { contract: 2, load: 1 },
      collectors: ['OpenApi', 'LoadRuns'],
    });
    expect(seen[2]).toMatchObject({ collector: 'OpenApi', status: 'error', error: 'boom', durationMs: 5 });
    const judgedEvents = seen.filter((e) => e.type === 'checks-judged');
    expect(judgedEvents.map((e) => [e.check, e.done, e.total, e.areaDone])).toEqual([
      ['a', 1, 3, undefined],
      ['c', 2, 3, { checks: 1, failed: 0 }],
      ['b', 3, 3, { checks: 2, failed: 1 }],
    ]);
  });

  it('a guarded listener that throws changes nothing for the caller', () => {
    const events = progressRunEvents(
      guardListener(() => {
        throw new Error('display broke');
      }),
      { target: 't', profile: 'p' },
    );
    expect(() => {
      events.planned?.(['X'], [{ id: 'a', area: 'contract' }]);
      events.collectorStart?.('X');
      events.checkJudged?.(judged('a', 'contract', 'pass'), 1, 1);
    }).not.toThrow();
  });
});
