// The load gate: members' exclusive phases take turns, first come first served, and the wait for a turn
// does not count against a member's deadline (RunControl.pauseClock).
import { describe, expect, it } from 'vitest';
import { defineCheck, defineCollector, type AnyCheck, type AnyCollector } from '../../engine/check.ts';
import type { HttpClient, TokenProvider } from '../../engine/context.ts';
import { MemoryEvidenceStore } from '../../engine/evidence.ts';
import type { Profile } from '../../engine/profile.ts';
import { RunControl, abortableSleep, interruptStop } from '../../engine/run-control.ts';
import { runChecks } from '../../engine/runner.ts';
import type { ExclusiveGate } from '../../engine/schedule.ts';
import type { Target } from '../../engine/target.ts';
import type { Requirement } from '../../engine/types.ts';
import { SILENT_LOGGER } from '../../engine/wiring.ts';
import { LoadGate } from '../../consortium/gate.ts';

declare module '../../engine/check.ts' {
  interface ArtifactMap {
    GateTestLoad: number;
    GateTestWarmup: number;
  }
}

const profile: Profile = {
  id: 'test',
  title: 'test',
  version: '1.0.0',
  standard: 'psw-v1',
  suites: ['load'],
  blocking: { levels: ['MUST'] },
  checks: {},
  limits: {
    concurrency: 2,
    requestTimeoutMs: 1000,
    collectorTimeoutMs: 10_000,
    checkTimeoutMs: 1000,
    maxRequests: 10,
    maxTimeMs: 60_000,
    maxRetryAfterMs: 1000,
    unresponsiveAfter: 3,
  },
};
const requirements: Requirement[] = [
  {
    id: 'PSW-T-001',
    text: 'must',
    level: 'MUST',
    severity: 'high',
    area: 'load',
    source: { standard: 't', clause: '1' },
  },
];
const target: Target = {
  name: 't',
  kind: 'remote',
  apiBaseUrl: 'https://127.0.0.1:1/api/v1',
  tokenUrl: '',
  jwksUrl: '',
  allowedHosts: [],
  ca: [],
  credentials: {},
  notes: [],
};
const noHttp: HttpClient & { withSignal(s: AbortSignal): HttpClient } = {
  request: () => Promise.reject(new Error('no network in this test')),
  exchanges: () => [],
  requestCount: () => 0,
  withSignal: () => noHttp,
};
const noAuth: TokenProvider = {
  token: () => Promise.reject(new Error('no')),
  tokenExchange: () => Promise.reject(new Error('no')),
};

interface Span {
  run: string;
  start: number;
  end?: number;
}

const loadCheck: AnyCheck = defineCheck({
  id: 'gate-load',
  title: 'load ok',
  failureTitle: 'load not ok',
  description: 'd',
  area: 'load',
  requirements: ['PSW-T-001'],
  requires: ['GateTestLoad', 'GateTestWarmup'],
  messages: {},
  defaultOptions: {},
  run: (_a, ctx) => ctx.pass(),
});

/** A fake run: an ordinary collector, then an exclusive one that records when it held the machine. */
function fakeRun(
  name: string,
  o: { holdMs: number; maxTimeMs: number; gate?: ExclusiveGate; spans: Span[]; onExclusive?: () => void },
) {
  const collectors: AnyCollector[] = [
    defineCollector({ name: 'GateTestWarmup', description: 'w', collect: async () => 1 }),
    defineCollector({
      name: 'GateTestLoad',
      description: 'exclusive',
      exclusive: true,
      collect: async (ctx) => {
        const span: Span = { run: name, start: Date.now() };
        o.spans.push(span);
        o.onExclusive?.();
        await abortableSleep(o.holdMs, ctx.signal);
        span.end = Date.now();
        return 1;
      },
    }),
  ];
  const control = new RunControl({ maxTimeMs: o.maxTimeMs });
  return {
    control,
    results: runChecks({
      tool: { name: 't', version: '0' },
      target,
      profile,
      suites: ['load'],
      checks: [loadCheck],
      collectors,
      requirements,
      http: noHttp,
      auth: noAuth,
      evidence: new MemoryEvidenceStore(),
      log: SILENT_LOGGER,
      seed: 1,
      outDir: '',
      engines: { load: 'builtin', tls: 'node' },
      control,
      options: {},
      ...(o.gate ? { exclusiveGate: o.gate } : {}),
    }).finally(() => control.dispose()),
  };
}

describe('two runs sharing the load gate', () => {
  it('never overlap their exclusive phases, and the wait does not eat the waiting run’s deadline', async () => {
    const gate = new LoadGate();
    const spans: Span[] = [];
    let aHolds!: () => void;
    const aStarted = new Promise<void>((r) => (aHolds = r));
    // A holds the gate longer than B's whole collecting window (3 s run: 1 s to collect, 2 s kept back).
    const a = fakeRun('a', { holdMs: 1500, maxTimeMs: 60_000, gate: gate.forMember(), spans, onExclusive: aHolds });
    await aStarted;
    const b = fakeRun('b', { holdMs: 50, maxTimeMs: 3000, gate: gate.forMember(), spans });
    const [ra, rb] = await Promise.all([a.results, b.results]);
    expect(spans.map((s) => s.run)).toEqual(['a', 'b']);
    expect(spans[0]!.end).toBeDefined();
    expect(spans[1]!.start).toBeGreaterThanOrEqual(spans[0]!.end!);
    for (const r of [ra, rb]) {
      expect(r.run.stop).toBeUndefined();
      expect(r.checks.find((c) => c.id === 'gate-load')?.outcome).toBe('pass');
    }
  });

  it('a run stopped while it waits takes no turn; the gate stays usable', async () => {
    const gate = new LoadGate();
    const spans: Span[] = [];
    let aHolds!: () => void;
    const aStarted = new Promise<void>((r) => (aHolds = r));
    const a = fakeRun('a', { holdMs: 300, maxTimeMs: 60_000, gate: gate.forMember(), spans, onExclusive: aHolds });
    await aStarted;
    const b = fakeRun('b', { holdMs: 50, maxTimeMs: 60_000, gate: gate.forMember(), spans });
    setTimeout(() => b.control.stop(interruptStop('SIGINT')), 50);
    const [ra, rb] = await Promise.all([a.results, b.results]);
    expect(ra.run.stop).toBeUndefined();
    expect(rb.run.stop?.kind).toBe('interrupted');
    expect(spans.map((s) => s.run)).toEqual(['a']);
    const release = await gate.acquire();
    release();
  });
});

describe('LoadGate', () => {
  it('grants turns in order of arrival; an aborted waiter leaves the queue; releasing twice is harmless', async () => {
    const gate = new LoadGate();
    const order: string[] = [];
    const first = await gate.acquire();
    const aborted = new AbortController();
    const second = gate.acquire().then((r) => (order.push('second'), r));
    const dropped = gate.acquire(aborted.signal).then(
      () => order.push('dropped'),
      () => order.push('dropped-rejected'),
    );
    const third = gate.acquire().then((r) => (order.push('third'), r));
    aborted.abort(new Error('stop'));
    await dropped;
    first();
    first();
    (await second)();
    (await third)();
    expect(order).toEqual(['dropped-rejected', 'second', 'third']);
  });

  it('a member’s abandoned turn is handed back (releaseAll), and its wait is counted', async () => {
    const gate = new LoadGate();
    const hung = gate.forMember();
    const other = gate.forMember();
    await hung.acquire(new AbortController().signal);
    const next = other.acquire(new AbortController().signal);
    hung.releaseAll();
    (await next)();
    expect(other.waitedMs()).toBeGreaterThanOrEqual(0);
    expect(hung.waitedMs()).toBeGreaterThanOrEqual(0);
  });
});

describe('RunControl.pauseClock', () => {
  it('moves the deadline by the time the clock was paused', () => {
    let t = 0;
    const control = new RunControl({ maxTimeMs: 10_000, now: () => t });
    try {
      expect(control.deadlineAt).toBe(10_000);
      const resume = control.pauseClock();
      t = 4_000;
      expect(control.deadlineAt).toBe(14_000);
      resume();
      t = 5_000;
      expect([control.deadlineAt, control.collectingLeftMs()]).toEqual([14_000, 7_000]);
      resume();
      expect(control.deadlineAt).toBe(14_000);
    } finally {
      control.dispose();
    }
  });
});
