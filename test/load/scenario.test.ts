import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../load/duration.ts';
import {
  CERTIFICATION_SCENARIOS,
  DEFAULT_SMOKE_SCENARIOS,
  MAX_ITERATIONS_PER_SCENARIO,
  plannedIterations,
  ScenarioError,
  scenarioDurationMs,
  validateScenario,
  validateScenarios,
} from '../../load/scenario.ts';

describe('durations', () => {
  it.each([
    ['5s', 5000],
    ['1m30s', 90_000],
    ['250ms', 250],
    ['1.5h', 5_400_000],
    ['0', 0],
    ['2m0.5s', 120_500],
  ])('%s = %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
  it.each(['5', '', 's', '5 s', '5sec', '-5s', '1d'])('rejects %j', (text) => {
    expect(() => parseDuration(text)).toThrow(/duration/);
  });
  it.each([
    [90_000, '1m30s'],
    [5000, '5s'],
    [1500, '1s500ms'],
    [0, '0s'],
  ])('formats %d as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});

const valid = {
  name: 'list',
  operation: { method: 'GET', path: '/port-calls?limit=20', as: 'agentA' },
  executor: 'constant-arrival-rate',
  rate: 20,
  timeUnit: '1s',
  duration: '5s',
  preAllocatedVUs: 2,
  maxVUs: 5,
  thresholds: { http_req_duration: ['p(95)<300'] },
};

describe('validateScenario', () => {
  it('accepts the shipped scenario sets', () => {
    expect(validateScenarios(DEFAULT_SMOKE_SCENARIOS).map((s) => s.name)).toEqual(
      DEFAULT_SMOKE_SCENARIOS.map((s) => s.name),
    );
    expect(validateScenarios(CERTIFICATION_SCENARIOS)).toHaveLength(CERTIFICATION_SCENARIOS.length);
  });

  it('keeps smoke scenarios CI-sized and certification longer', () => {
    for (const s of DEFAULT_SMOKE_SCENARIOS) expect(scenarioDurationMs(s)).toBeLessThanOrEqual(10_000);
    for (const s of CERTIFICATION_SCENARIOS) expect(scenarioDurationMs(s)).toBeGreaterThanOrEqual(60_000);
    expect(CERTIFICATION_SCENARIOS.some((s) => s.executor === 'ramping-arrival-rate')).toBe(true);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['not an object', { __replace: 42 }, 's'],
    ['executor', { executor: 'constant-vus' }, 's.executor'],
    ['unknown field', { vus: 3 }, 's.vus'],
    ['name', { name: 'has space' }, 's.name'],
    ['operation', { operation: 'GET /x' }, 's.operation'],
    ['method', { operation: { method: 'FETCH', path: '/x' } }, 's.operation.method'],
    ['absolute path', { operation: { method: 'GET', path: 'https://evil.example/x' } }, 's.operation.path'],
    ['protocol-relative path', { operation: { method: 'GET', path: '//evil.example/x' } }, 's.operation.path'],
    ['path parameter', { operation: { method: 'GET', path: '/port-calls/{id}' } }, 's.operation.path'],
    [
      'a formality the harness cannot submit first',
      { operation: { method: 'GET', path: '/port-calls/{portCallId}/formalities/waste' } },
      's.operation.path',
    ],
    ['role', { operation: { method: 'GET', path: '/x', as: 'root' } }, 's.operation.as'],
    ['GET body', { operation: { method: 'GET', path: '/x', body: {} } }, 's.operation.body'],
    ['operation field', { operation: { method: 'GET', path: '/x', headers: {} } }, 's.operation.headers'],
    ['rate type', { rate: '20' }, 's.rate'],
    ['rate zero', { rate: 0 }, 's.rate'],
    ['rate fraction', { rate: 2.5 }, 's.rate'],
    ['duration', { duration: 5 }, 's.duration'],
    ['duration syntax', { duration: '5 seconds' }, 's.duration'],
    ['timeUnit', { timeUnit: '0s' }, 's.timeUnit'],
    ['preAllocatedVUs', { preAllocatedVUs: 0 }, 's.preAllocatedVUs'],
    ['maxVUs below preAllocated', { maxVUs: 1 }, 's.maxVUs'],
    ['gracefulStop', { gracefulStop: 'later' }, 's.gracefulStop'],
    ['thresholds missing', { thresholds: undefined }, 's.thresholds'],
    ['threshold syntax', { thresholds: { http_req_duration: ['p95<300'] } }, 's.thresholds["http_req_duration"]'],
    ['threshold type', { thresholds: { http_req_failed: ['p(95)<300'] } }, 's.thresholds["http_req_failed"]'],
    ['too many iterations', { rate: 1000, duration: '5m' }, 's.rate'],
    ['too long', { rate: 1, duration: '2h' }, 's.duration'],
  ])('names the bad field: %s', (_label, patch, field) => {
    const input = '__replace' in patch ? patch.__replace : { ...valid, ...patch };
    try {
      validateScenario(input, 's');
      expect.unreachable('should have thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(ScenarioError);
      expect((err as ScenarioError).field).toBe(field);
    }
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['stages empty', { stages: [] }, 's.stages'],
    ['stage duration', { stages: [{ duration: 'x', target: 5 }] }, 's.stages[0].duration'],
    ['stage target', { stages: [{ duration: '5s', target: -1 }] }, 's.stages[0].target'],
    ['stage field', { stages: [{ duration: '5s', target: 1, rate: 2 }] }, 's.stages[0].rate'],
    ['constant-only field', { rate: 5 }, 's.rate'],
  ])('ramping: names the bad field: %s', (_label, patch, field) => {
    const ramp = {
      ...valid,
      executor: 'ramping-arrival-rate',
      startRate: 0,
      stages: [{ duration: '2s', target: 10 }],
      rate: undefined,
      duration: undefined,
    };
    delete (ramp as Record<string, unknown>).rate;
    delete (ramp as Record<string, unknown>).duration;
    expect(() => validateScenario({ ...ramp, ...patch }, 's')).toThrow(expect.objectContaining({ field }));
  });

  it('rejects duplicate names in a list', () => {
    expect(() => validateScenarios([valid, valid], 'load.scenarios')).toThrow(
      expect.objectContaining({ field: 'load.scenarios[1].name' }),
    );
  });
});

describe('plannedIterations', () => {
  it.each<[string, Record<string, unknown>, number]>([
    ['20/s for 5 s', { rate: 20, duration: '5s' }, 100],
    ['3/s for 1 s', { rate: 3, duration: '1s' }, 3],
    ['1/s for 1.5 s', { rate: 1, duration: '1500ms' }, 2],
    ['30/min for 1 m', { rate: 30, timeUnit: '1m', duration: '1m' }, 30],
    [
      'ramp 0→10/s over 2 s',
      { executor: 'ramping-arrival-rate', startRate: 0, stages: [{ duration: '2s', target: 10 }] },
      9,
    ],
    [
      'ramp 10→10/s over 2 s',
      { executor: 'ramping-arrival-rate', startRate: 10, stages: [{ duration: '2s', target: 10 }] },
      20,
    ],
  ])('%s', (_label, patch, n) => {
    const s = { ...valid, ...patch };
    if (patch.executor) {
      delete (s as Record<string, unknown>).rate;
      delete (s as Record<string, unknown>).duration;
    }
    expect(plannedIterations(validateScenario(s))).toBe(n);
  });

  it('bounds every shipped scenario', () => {
    for (const s of [...DEFAULT_SMOKE_SCENARIOS, ...CERTIFICATION_SCENARIOS])
      expect(plannedIterations(s)).toBeLessThanOrEqual(MAX_ITERATIONS_PER_SCENARIO);
  });
});
