import { describe, expect, it } from 'vitest';
import { defineCheck, defineCollector, type AnyCheck, type AnyCollector } from '../../engine/check.ts';
import type { HttpClient, TokenProvider } from '../../engine/context.ts';
import { MemoryEvidenceStore } from '../../engine/evidence.ts';
import type { Profile } from '../../engine/profile.ts';
import { RunControl, interruptStop } from '../../engine/run-control.ts';
import { runChecks } from '../../engine/runner.ts';
import type { Target } from '../../engine/target.ts';
import type { Requirement } from '../../engine/types.ts';
import { SILENT_LOGGER } from '../../engine/wiring.ts';

declare module '../../engine/check.ts' {
  interface ArtifactMap {
    TestNumber: number;
    TestBroken: number;
    TestDerived: number;
    TestHung: number;
    TestWaiter: number;
  }
}

const profile: Profile = {
  id: 'test',
  title: 'test',
  version: '1.0.0',
  standard: 'psw-v1',
  suites: ['contract', 'security'],
  blocking: { levels: ['MUST'] },
  checks: { 'optional-check': { required: false }, 'disabled-check': { enabled: false } },
  limits: {
    concurrency: 2,
    requestTimeoutMs: 1000,
    collectorTimeoutMs: 200,
    checkTimeoutMs: 200,
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
    area: 'contract',
    source: { standard: 't', clause: '1' },
  },
  {
    id: 'PSW-T-002',
    text: 'should',
    level: 'SHOULD',
    severity: 'low',
    area: 'contract',
    source: { standard: 't', clause: '2' },
  },
  {
    id: 'PSW-T-003',
    text: 'untested',
    level: 'MUST',
    severity: 'medium',
    area: 'contract',
    source: { standard: 't', clause: '3' },
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

const collectors: AnyCollector[] = [
  defineCollector({ name: 'TestNumber', description: 'n', collect: async () => 42 }),
  defineCollector({
    name: 'TestBroken',
    description: 'b',
    collect: async () => {
      throw new Error('collector exploded');
    },
  }),
  defineCollector({
    name: 'TestDerived',
    description: 'd',
    dependsOn: ['TestNumber'],
    collect: async (_c, deps) => (deps.TestNumber ?? 0) + 1,
  }),
];

function check(
  id: string,
  requires: ('TestNumber' | 'TestBroken' | 'TestDerived' | 'TestHung' | 'TestWaiter')[],
  run: AnyCheck['run'],
  reqs = ['PSW-T-001'],
  area: 'contract' | 'security' | 'load' = 'contract',
): AnyCheck {
  return defineCheck({
    id,
    title: `${id} ok`,
    failureTitle: `${id} not ok`,
    description: 'd',
    area,
    requirements: reqs,
    requires,
    messages: { bad: 'value {{value}} is bad' },
    defaultOptions: {},
    run,
  });
}

const checks: AnyCheck[] = [
  check('passing-check', ['TestDerived'], ({ TestDerived }, ctx) =>
    TestDerived === 43 ? ctx.pass('43') : ctx.fail([ctx.finding('bad', { value: TestDerived })]),
  ),
  check('failing-check', ['TestNumber'], ({ TestNumber }, ctx) =>
    ctx.fail([ctx.finding('bad', { value: TestNumber }, { jsonPointer: '/x' })]),
  ),
  check('throwing-check', ['TestNumber'], () => {
    throw new Error('check exploded');
  }),
  check('broken-artifact-check', ['TestBroken'], (_a, ctx) => ctx.pass()),
  check('slow-check', ['TestNumber'], () => new Promise(() => undefined)),
  check('optional-check', ['TestNumber'], (_a, ctx) => ctx.fail([ctx.finding('bad', { value: 1 })]), ['PSW-T-002']),
  check('disabled-check', ['TestNumber'], (_a, ctx) => ctx.pass()),
  check('load-check', ['TestNumber'], (_a, ctx) => ctx.pass(), ['PSW-T-001'], 'load'),
];

async function run(cs = checks, control = new RunControl({ maxTimeMs: 60_000 }), extra: AnyCollector[] = []) {
  try {
    return await runChecks({
      tool: { name: 't', version: '0' },
      target,
      profile,
      suites: profile.suites,
      checks: cs,
      collectors: [...collectors, ...extra],
      requirements,
      http: noHttp,
      auth: noAuth,
      evidence: new MemoryEvidenceStore(),
      log: SILENT_LOGGER,
      seed: 7,
      outDir: '',
      engines: { load: 'builtin', tls: 'node' },
      control,
      options: {},
    });
  } finally {
    control.dispose();
  }
}

describe('runner', () => {
  it.each([
    ['passing-check', 'pass'],
    ['failing-check', 'fail'],
    ['throwing-check', 'error'],
    ['broken-artifact-check', 'error'],
    ['slow-check', 'error'],
    ['optional-check', 'fail'],
    ['disabled-check', 'skipped'],
    ['load-check', 'skipped'],
  ])('%s → %s', async (id, outcome) => {
    const results = await run();
    expect(results.checks.find((c) => c.id === id)?.outcome).toBe(outcome);
  });

  it('keeps the cause of an error and the failing finding’s id and location', async () => {
    const results = await run();
    expect(results.checks.find((c) => c.id === 'throwing-check')?.error?.message).toMatch(/check exploded/);
    expect(results.checks.find((c) => c.id === 'broken-artifact-check')?.error?.message).toMatch(
      /TestBroken.*collector exploded/,
    );
    const f = results.checks.find((c) => c.id === 'failing-check')!.findings[0]!;
    expect(f).toMatchObject({ id: 'bad', data: { value: 42 }, location: { jsonPointer: '/x' } });
  });

  it('takes severity from the requirements and required-ness from the profile', async () => {
    const results = await run();
    const failing = results.checks.find((c) => c.id === 'failing-check')!;
    expect(failing).toMatchObject({ severity: 'high', required: true });
    expect(results.checks.find((c) => c.id === 'optional-check')).toMatchObject({ severity: 'low', required: false });
  });

  it('is not conformant when a required check fails, and lists the blocking checks', async () => {
    const results = await run();
    expect(results.verdict).toMatchObject({ status: 'not-conformant', conformant: false, exitCode: 1 });
    expect(results.summary.blocking).toEqual(expect.arrayContaining(['failing-check', 'throwing-check']));
    expect(results.artifacts.find((a) => a.name === 'TestBroken')?.status).toBe('error');
  });

  it('is conformant when only optional checks fail; incomplete when a required one errors', async () => {
    const ok = await run(checks.filter((c) => ['passing-check', 'optional-check'].includes(c.id)));
    expect(ok.verdict.status).toBe('conformant');
    const incomplete = await run(checks.filter((c) => ['passing-check', 'throwing-check'].includes(c.id)));
    expect(incomplete.verdict).toMatchObject({ status: 'incomplete', exitCode: 1 });
  });

  it('derives requirement status and shows what nothing covers', async () => {
    const results = await run();
    const byId = Object.fromEntries(results.requirements.map((r) => [r.id, r]));
    expect(byId['PSW-T-001']!.status).toBe('fail');
    expect(byId['PSW-T-003']).toMatchObject({ status: 'not-tested', coveredBy: [] });
  });

  it('refuses to fail without a finding', async () => {
    const results = await run([check('empty-fail', ['TestNumber'], (_a, ctx) => ctx.fail([]))]);
    expect(results.checks[0]?.outcome).toBe('error');
  });
});

// A collector that never ends and ignores its signal: only the run's stop can end the run.
const hung = defineCollector({
  name: 'TestHung',
  description: 'h',
  timeoutMs: 60_000,
  collect: () => new Promise<number>(() => undefined),
});
const needsHung = check('needs-hung', ['TestHung'], (_a, ctx) => ctx.pass());
const quick = checks.filter((c) => ['passing-check', 'failing-check', 'optional-check'].includes(c.id));

describe('runner: idle time', () => {
  it('judges the checks whose artifacts are in while the run only waits on the target’s clock', async () => {
    const order: string[] = [];
    const waiter = defineCollector({
      name: 'TestWaiter',
      description: 'w',
      waitsOnTargetClock: true,
      timeoutMs: 30_000,
      collect: async (ctx) => {
        // Well beyond the 2 s the runner wants left before it judges early, so a busy machine delaying
        // the idle moment by seconds still leaves enough.
        await ctx.waitOnTargetClock(Date.now() + 6_000, 'test');
        order.push('the wait ended');
        return 1;
      },
    });
    const judged = (id: string, requires: ('TestNumber' | 'TestWaiter')[]) =>
      check(id, requires, (_a, ctx) => {
        order.push(`${id} judged`);
        return ctx.pass();
      });
    const results = await run([judged('early', ['TestNumber']), judged('late', ['TestWaiter'])], undefined, [waiter]);
    expect(results.checks.map((c) => [c.id, c.outcome])).toEqual([
      ['early', 'pass'],
      ['late', 'pass'],
    ]);
    expect(order).toEqual(['early judged', 'the wait ended', 'late judged']);
  });
});

describe('runner: a run that is stopped still ends, and says why', () => {
  it.each([
    ['interrupted', 'SIGINT', 130],
    ['interrupted', 'SIGTERM', 143],
  ] as const)(
    '%s by %s: what was collected is judged, the rest is an error with the cause',
    async (kind, sig, code) => {
      const external = new AbortController();
      setTimeout(() => external.abort(interruptStop(sig)), 50);
      const results = await run(
        [...quick.filter((c) => c.id !== 'failing-check'), needsHung],
        new RunControl({ maxTimeMs: 60_000, external: external.signal }),
        [hung],
      );
      expect(results.run.stop).toMatchObject({ kind });
      expect(results.verdict).toMatchObject({ status: 'incomplete', exitCode: code, conformant: false });
      expect(results.checks.find((c) => c.id === 'passing-check')?.outcome).toBe('pass');
      const stopped = results.checks.find((c) => c.id === 'needs-hung')!;
      expect(stopped.outcome).toBe('error');
      expect(stopped.error?.message).toMatch(new RegExp(`TestHung.*stopped.*${sig}`));
      expect(results.artifacts.find((a) => a.name === 'TestHung')).toMatchObject({ status: 'error' });
      expect(results.errors.map((e) => e.code)).toContain('stopped-interrupted');
    },
  );

  it('at the deadline, a collector that ignores its signal is abandoned and the run ends with exit 5', async () => {
    // 2.5 s run: 2 s are kept for judging and writing, so collecting is cut after about 0.5 s.
    const results = await run([...quick, needsHung], new RunControl({ maxTimeMs: 2_500 }), [hung]);
    expect(results.run.stop).toMatchObject({ kind: 'deadline' });
    expect(results.checks.find((c) => c.id === 'needs-hung')?.outcome).toBe('error');
    // A required failure judged before the stop is a fact: not conformant, with the deadline's exit code.
    expect(results.verdict).toMatchObject({ status: 'not-conformant', exitCode: 5 });
    expect(results.verdict.reason).toMatch(/deadline/);
  });

  it('a collector not yet started when the run stops is never started', async () => {
    let started = 0;
    const counting = defineCollector({
      name: 'TestDerived',
      description: 'd',
      collect: async () => {
        started++;
        return 1;
      },
    });
    const control = new RunControl({ maxTimeMs: 60_000 });
    control.stop(interruptStop('SIGINT'));
    const results = await run([check('needs-derived', ['TestDerived'], (_a, ctx) => ctx.pass())], control, [counting]);
    expect(started).toBe(0);
    expect(results.checks[0]).toMatchObject({ outcome: 'error' });
    expect(results.verdict.exitCode).toBe(130);
  });
});
