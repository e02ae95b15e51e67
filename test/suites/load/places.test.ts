// The load checks report the plan's load places: the operations the scenarios loaded as probed, the
// others as not probed for budget. Synthetic runs and plan; no traffic.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadOpenApi } from '../../../contracts/openapi.ts';
import { derivePlan } from '../../../contracts/plan/index.ts';
import { loadRequirements } from '../../../contracts/requirements.ts';
import { makeCheckContext, type AnyCheck } from '../../../engine/check.ts';
import { loadProfile } from '../../../engine/profile.ts';
import { validateScenarios } from '../../../load/scenario.ts';
import type { CheckProduct } from '../../../engine/check.ts';
import { checks } from '../../../suites/load/index.ts';
import { loadPlaces, NOT_LOADED, placeOfScenario } from '../../../suites/load/places.ts';
import { LOAD_PLACES, LOAD_PLAN, loadRuns, type RunSpec } from './synthetic.ts';

const REQUIREMENT: Record<string, string> = {
  'load-latency': 'PSW-LOAD-001',
  'load-error-rate': 'PSW-LOAD-002',
  'load-arrival-rate-held': 'PSW-LOAD-003',
};

describe('placeOfScenario', () => {
  it.each<[string, string, string | undefined]>([
    ['GET', '/port-calls?limit=20', 'listPortCalls'],
    ['GET', '/port-calls/{portCallId}', 'getPortCall'],
    ['GET', '/port-calls/7b0c3c0e-0d7e-4a53-9d5c-4a4d2f7b1a11', 'getPortCall'],
    ['GET', '/port-calls/{portCallId}/formalities', 'listFormalities'],
    ['GET', '/port-calls/{portCallId}/formalities/general-declaration', 'getFormality'],
    ['get', '/port-calls/{portCallId}/formalities/crew-list?x=1', 'getFormality'],
    ['POST', '/port-calls', undefined],
    ['POST', '/port-calls/{portCallId}/formalities/general-declaration', undefined],
    ['GET', '/port-calls/{portCallId}/cancel', undefined],
    ['GET', '/', undefined],
  ])('%s %s → %s', (method, path, id) => {
    expect(placeOfScenario(LOAD_PLACES, { method, path })?.id).toBe(id);
  });

  it('prefers literal segments, leftmost first', () => {
    const places = [
      { id: 'templated', kind: 'load-operation', method: 'GET', path: '/a/{x}/c' },
      { id: 'literal', kind: 'load-operation', method: 'GET', path: '/a/b/{y}' },
    ];
    expect(placeOfScenario(places, { method: 'GET', path: '/a/b/c' })?.id).toBe('literal');
  });
});

describe.each(checks.map((c) => [c.id, c] as const))('%s reports the load places', (id, check) => {
  const requirement = REQUIREMENT[id]!;
  const judge = (specs: RunSpec[]) =>
    (check as AnyCheck).run(
      { LoadRuns: loadRuns(...specs), ProbePlan: LOAD_PLAN },
      makeCheckContext(check as AnyCheck, (check as AnyCheck).defaultOptions),
    ) as CheckProduct;

  it('the CI smoke: listPortCalls and getPortCall probed, the formalities not (budget)', () => {
    const r = judge([{ path: '/port-calls?limit=20' }, { name: 'get', path: '/port-calls/{portCallId}' }]);
    expect(r.outcome).toBe('pass');
    expect(r.places).toEqual({
      [requirement]: {
        probed: ['listPortCalls', 'getPortCall'],
        notProbed: [
          { id: 'listFormalities', why: 'budget', detail: NOT_LOADED },
          { id: 'getFormality', why: 'budget', detail: NOT_LOADED },
        ],
      },
    });
  });

  it('every secured read loaded: every place probed, whatever the verdict', () => {
    const r = judge([
      { path: '/port-calls?limit=20', p95: 900, failed: 30, dropped: 10 },
      { name: 'get', path: '/port-calls/{portCallId}' },
      { name: 'lf', path: '/port-calls/{portCallId}/formalities' },
      { name: 'gf', path: '/port-calls/{portCallId}/formalities/general-declaration' },
    ]);
    expect(r.outcome).toBe('fail');
    expect(r.places?.[requirement]).toEqual({
      probed: ['listPortCalls', 'getPortCall', 'listFormalities', 'getFormality'],
      notProbed: [],
    });
  });

  it('no scenario: not applicable, every place not probed (budget)', () => {
    const r = judge([]);
    expect(r.outcome).toBe('not-applicable');
    expect(r.places?.[requirement]?.probed).toEqual([]);
    expect(r.places?.[requirement]?.notProbed?.map((n) => n.why)).toEqual(['budget', 'budget', 'budget', 'budget']);
  });
});

describe('the shipped profiles against the plan of profile v1', () => {
  const PROFILE = fileURLToPath(new URL('../../../contracts/profile-v1/openapi.yaml', import.meta.url));
  const scenarios = (name: string) => validateScenarios(loadProfile(name).load?.scenarios ?? []);

  it.each<[string, string[]]>([
    ['default', ['listFormalities', 'getFormality']],
    ['certification', []],
  ])('%s leaves %j unprobed (certification loads every secured read)', async (name, budget) => {
    const plan = derivePlan(await loadOpenApi(PROFILE), loadRequirements());
    const report = loadPlaces(plan, 'PSW-LOAD-001', scenarios(name))['PSW-LOAD-001']!;
    expect(report.notProbed?.map((n) => n.id)).toEqual(budget);
    expect(report.notProbed?.every((n) => n.why === 'budget')).toBe(true);
  });
});
