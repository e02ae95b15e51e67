// The schedule of a run: a collector waiting on the target's clock holds no slot and lets the exclusive
// phase run, but never sends while an exclusive collector runs; a stop abandons it; the consortium's gate
// still serialises members' exclusive phases. Fake collectors on a fake clock: ordering is asserted from
// start/end events and from who was running, never from durations.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnyCollector } from '../../engine/check.ts';
import { sleepUntil, type CollectContext } from '../../engine/context.ts';
import { interruptStop, RunControl } from '../../engine/run-control.ts';
import { Schedule, startOrder, type ExclusiveGate } from '../../engine/schedule.ts';
import { SILENT_LOGGER } from '../../engine/wiring.ts';
import { LoadGate } from '../../consortium/gate.ts';

interface Fake {
  name: string;
  waitsOnTargetClock?: boolean;
  exclusive?: boolean;
  runsLast?: boolean;
  dependsOn?: string[];
  timeoutMs?: number;
  expectedMs?: number;
  /**
   * What it does: waits on the target's clock (`wait`), sleeps on its own (`busy`), sends (`send`), or
   * says its clock has started (`clock`).
   */
  steps: Array<{ wait: number } | { busy: number } | 'send' | 'clock'>;
}

/** One run's record: every start, end and send, with whether an exclusive collector was running. */
class Trace {
  readonly events: string[] = [];
  readonly sendsDuringExclusive: string[] = [];
  exclusiveRunning = new Set<string>();
  index(event: string): number {
    const i = this.events.indexOf(event);
    if (i < 0) throw new Error(`no event "${event}" in ${this.events.join(', ')}`);
    return i;
  }
}

function collector(f: Fake, trace: Trace): AnyCollector {
  return {
    name: f.name,
    description: f.name,
    ...(f.waitsOnTargetClock ? { waitsOnTargetClock: true } : {}),
    ...(f.exclusive ? { exclusive: true } : {}),
    ...(f.runsLast ? { runsLast: true } : {}),
    ...(f.dependsOn ? { dependsOn: f.dependsOn } : {}),
    ...(f.timeoutMs ? { timeoutMs: f.timeoutMs } : {}),
    ...(f.expectedMs ? { expectedMs: f.expectedMs } : {}),
    collect: async (ctx: CollectContext) => {
      if (f.exclusive) trace.exclusiveRunning.add(f.name);
      try {
        let sends = 0;
        for (const step of f.steps) {
          if (step === 'send') {
            sends++;
            trace.events.push(`${f.name} sends ${sends}`);
            const others = [...trace.exclusiveRunning].filter((n) => n !== f.name);
            if (others.length > 0) trace.sendsDuringExclusive.push(`${f.name} beside ${others.join(', ')}`);
          } else if (step === 'clock') {
            trace.events.push(`${f.name} clock started`);
            ctx.targetClockStarted?.();
          } else if ('wait' in step) await ctx.waitOnTargetClock(Date.now() + step.wait, 'test');
          else await sleepUntil(Date.now() + step.busy, ctx.signal);
        }
        return f.name;
      } finally {
        trace.exclusiveRunning.delete(f.name);
      }
    },
  } as unknown as AnyCollector;
}

function schedule(
  fakes: Fake[],
  o: { concurrency?: number; control?: RunControl; gate?: ExclusiveGate; trace?: Trace; idle?: boolean } = {},
) {
  const trace = o.trace ?? new Trace();
  const control = o.control ?? new RunControl({ maxTimeMs: 600_000 });
  const s = new Schedule({
    collectors: new Map(fakes.map((f) => [f.name, collector(f, trace)])),
    wanted: fakes.map((f) => f.name),
    concurrency: o.concurrency ?? 2,
    defaultTimeoutMs: 120_000,
    control,
    contextFor: (signal, endsBy) => ({ signal, endsBy }) as unknown as Omit<CollectContext, 'waitOnTargetClock'>,
    log: SILENT_LOGGER,
    ...(o.gate ? { exclusiveGate: o.gate } : {}),
    ...(o.idle
      ? { onIdle: (ms: number) => trace.events.push(`idle ${Math.round(ms / 1000)} s before a wait ends`) }
      : {}),
    onCollectorStart: (n) => trace.events.push(`start ${n}`),
    onCollectorEnd: (n, state) => trace.events.push(`end ${n}${state.status === 'error' ? ` (${state.error})` : ''}`),
  });
  return { s, trace, control };
}

/** Advances the fake clock one second at a time until the promise settles (at most ten minutes). */
async function settle<T>(p: Promise<T>): Promise<T> {
  let done = false;
  void p.finally(() => (done = true)).catch(() => undefined);
  for (let i = 0; i < 600 && !done; i++) await vi.advanceTimersByTimeAsync(1000);
  expect(done).toBe(true);
  return p;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const waiter = (wait: number, extra: Partial<Fake> = {}): Fake => ({
  name: 'Waiter',
  waitsOnTargetClock: true,
  steps: ['send', { wait }, 'send'],
  ...extra,
});
const ordinary = (name: string, busy = 2_000): Fake => ({ name, steps: ['send', { busy }, 'send'] });
const exclusive = (name: string, busy: number): Fake => ({ name, exclusive: true, steps: ['send', { busy }, 'send'] });

describe('the schedule: waits on the target’s clock', () => {
  it.each([
    // [case, the waiter's wait, the exclusive collector's length, the events in the order they must come]
    ['the exclusive phase fits inside the wait', 30_000, 5_000, ['start Burst', 'end Burst', 'Waiter sends 2']],
    [
      'the wait ends while the exclusive collector runs',
      10_000,
      20_000,
      ['start Burst', 'end Burst', 'Waiter sends 2'],
    ],
  ])('%s: the exclusive phase overlaps the wait, never the waiter’s traffic', async (_case, wait, busy, order) => {
    const { s, trace } = schedule([waiter(wait), ordinary('A'), ordinary('B'), exclusive('Burst', busy)]);
    const states = await settle(s.run());
    expect([...states.values()].every((a) => a.status === 'ok')).toBe(true);
    // The exclusive collector started while the waiter was still inside its run (it had not ended).
    expect(trace.index('start Burst')).toBeLessThan(trace.index('end Waiter'));
    expect(trace.index('start Burst')).toBeGreaterThan(trace.index('Waiter sends 1'));
    const at = order.map((e) => trace.index(e));
    expect(at).toEqual([...at].sort((x, y) => x - y));
    expect(trace.sendsDuringExclusive).toEqual([]);
  });

  it.each([
    ['waiters first', [ordinary('A'), ordinary('B'), waiter(1)], ['Waiter', 'A', 'B']],
    ['then the longest', [ordinary('A'), { ...ordinary('Long'), expectedMs: 9 }, waiter(1)], ['Waiter', 'Long', 'A']],
    ['the rest as named', [ordinary('B'), ordinary('A')], ['B', 'A']],
  ] as const)('start order: %s', (_case, fakes, order) => {
    const map = new Map(fakes.map((f: Fake) => [f.name, collector(f, new Trace())]));
    expect(startOrder(map, [...map.keys()])).toEqual(order);
  });

  it('starts collectors that wait on the target’s clock first, and frees their slot while they wait', async () => {
    const fakes = [ordinary('A'), ordinary('B'), waiter(10_000)];
    const { s, trace } = schedule(fakes, { concurrency: 1 });
    await settle(s.run());
    expect(trace.events[0]).toBe('start Waiter');
    // With one slot, A and B could only run while the waiter waited.
    expect(trace.index('end A')).toBeLessThan(trace.index('Waiter sends 2'));
    expect(trace.index('end B')).toBeLessThan(trace.index('Waiter sends 2'));
  });

  it.each([
    // [case, the waiter's steps, events before the ordinary collector starts, events after it]
    [
      'it says so',
      ['send', { busy: 3_000 }, 'clock', { busy: 3_000 }, 'send'],
      ['Waiter clock started'],
      ['Waiter sends 2'],
    ],
    ['it ends first', [{ busy: 3_000 }, 'send'], ['end Waiter'], []],
    ['its wait begins', [{ busy: 3_000 }, { wait: 30_000 }, 'send'], [], ['Waiter sends 1']],
    ['it never says so: the grace runs out', [{ busy: 60_000 }, 'send'], [], ['Waiter sends 1']],
  ] as const)('the others start once the waiter’s clock has started: %s', async (_case, steps, before, after) => {
    const w: Fake = { name: 'Waiter', waitsOnTargetClock: true, steps: [...steps] };
    const { s, trace } = schedule([w, ordinary('A')], { concurrency: 4 });
    const states = await settle(s.run());
    expect([...states.values()].every((a) => a.status === 'ok')).toBe(true);
    expect(trace.index('start Waiter')).toBeLessThan(trace.index('start A'));
    for (const e of before) expect(trace.index(e)).toBeLessThan(trace.index('start A'));
    for (const e of after) expect(trace.index(e)).toBeGreaterThan(trace.index('start A'));
  });

  it.each([
    // [case, collectors, the idle event expected (or none), events before it, events after it]
    [
      'a waiter waits after everything else ended',
      [waiter(30_000), ordinary('A'), exclusive('Burst', 5_000)],
      'idle 23 s before a wait ends',
      ['end A', 'end Burst'],
      ['end Waiter'],
    ],
    ['nobody waits', [ordinary('A'), exclusive('Burst', 5_000)], undefined, [], []],
    ['the waiter ends before the others', [waiter(1_000), ordinary('A', 10_000)], undefined, [], []],
  ] as const)('idle time: %s', async (_case, fakes, idle, before, after) => {
    const { s, trace } = schedule([...fakes], { idle: true });
    await settle(s.run());
    const idles = trace.events.filter((e) => e.startsWith('idle '));
    expect(idles).toEqual(idle ? [idle] : []);
    for (const e of before) expect(trace.index(e)).toBeLessThan(trace.index(idle!));
    for (const e of after) expect(trace.index(e)).toBeGreaterThan(trace.index(idle!));
  });

  it('an exclusive collector’s own wait keeps its turn: a waiter whose time came still waits for it', async () => {
    const burst: Fake = { name: 'Burst', exclusive: true, steps: ['send', { wait: 20_000 }, 'send'] };
    const { s, trace } = schedule([waiter(5_000), ordinary('A', 1_000), burst]);
    await settle(s.run());
    expect(trace.index('end Burst')).toBeLessThan(trace.index('Waiter sends 2'));
    expect(trace.sendsDuringExclusive).toEqual([]);
  });

  it('the exclusive collectors run one by one, each alone; runs-last ones after everything', async () => {
    const log: Fake = { name: 'Log', runsLast: true, steps: ['send'] };
    const { s, trace } = schedule([waiter(15_000), exclusive('Burst', 5_000), exclusive('Load', 8_000), log]);
    await settle(s.run());
    expect(trace.index('end Burst')).toBeLessThan(trace.index('start Load'));
    expect(trace.sendsDuringExclusive).toEqual([]);
    expect(trace.events.slice(-3)).toEqual(['start Log', 'Log sends 1', 'end Log']);
    expect(trace.index('end Waiter')).toBeLessThan(trace.index('start Log'));
  });

  it.each([
    ['dependency ends as the exclusive phase begins', [ordinary('D')], []],
    ['dependency, a waiter, ends between two exclusive collectors', [], [exclusive('Load', 5_000)]],
  ])('an ordinary collector whose %s does not start beside an exclusive one', async (_case, more, after) => {
    // When its dependency ends nothing else is sending: an exclusive collector may take its turn, and
    // Later must then wait for it to end (or the exclusive one for Later).
    const dependency = more.length > 0 ? 'D' : 'Waiter';
    const later: Fake = { ...ordinary('Later', 1_000), dependsOn: [dependency] };
    const { s, trace } = schedule(
      [waiter(10_000), ...more, later, exclusive('Burst', more.length > 0 ? 5_000 : 15_000), ...after],
      { concurrency: 3 },
    );
    const states = await settle(s.run());
    expect([...states.values()].every((a) => a.status === 'ok')).toBe(true);
    expect(trace.sendsDuringExclusive).toEqual([]);
  });

  it('an exclusive collector that needs a waiting collector waits for it outside its turn', async () => {
    const { s, trace } = schedule([waiter(10_000), { ...exclusive('Burst', 1_000), dependsOn: ['Waiter'] }]);
    const states = await settle(s.run());
    expect(states.get('Burst')?.status).toBe('ok');
    expect(trace.index('end Waiter')).toBeLessThan(trace.index('start Burst'));
  });

  it.each([
    ['an interrupt', (c: RunControl) => c.stop(interruptStop('SIGINT')), /stopped: the run was interrupted/],
    ['the waiter’s own timeout', () => undefined, /timed out after 5000 ms/],
  ])('%s abandons a waiter at once: it never sends again', async (_case, stop, error) => {
    const control = new RunControl({ maxTimeMs: 600_000 });
    const { s, trace } = schedule([waiter(60_000, { timeoutMs: 5_000 }), ordinary('A')], { control });
    const run = s.run();
    await vi.advanceTimersByTimeAsync(1_000);
    stop(control);
    const states = await settle(run);
    control.dispose();
    expect(states.get('Waiter')).toMatchObject({ status: 'error', error: expect.stringMatching(error) });
    expect(trace.events).not.toContain('Waiter sends 2');
  });
});

describe('the schedule: the consortium’s gate', () => {
  it('still serialises two members’ exclusive phases while their waiters wait', async () => {
    const gate = new LoadGate();
    const trace = new Trace();
    // Each member's exclusive collector has its own name, so the trace tells the members apart.
    const member = (id: string) =>
      schedule(
        [
          { ...waiter(20_000), name: `Waiter-${id}` },
          ordinary(`A-${id}`),
          { ...exclusive(`Load-${id}`, 8_000), steps: ['send', { busy: 8_000 }, 'send'] },
        ],
        { gate: gate.forMember(), trace },
      );
    const a = member('a');
    const b = member('b');
    await settle(Promise.all([a.s.run(), b.s.run()]));
    const [first, second] = trace.index('start Load-a') < trace.index('start Load-b') ? ['a', 'b'] : ['b', 'a'];
    expect(trace.index(`end Load-${first}`)).toBeLessThan(trace.index(`start Load-${second}`));
    // Each member's waiter keeps off its own member's exclusive collector.
    for (const id of ['a', 'b'])
      expect(
        trace.sendsDuringExclusive.filter((s) => s.startsWith(`Waiter-${id} `) && s.includes(`Load-${id}`)),
      ).toEqual([]);
  });
});
