// Scoring is pure: severity from the cited requirements, required from the profile, the verdict from
// the required outcomes and from how the run ended.
import { describe, expect, it } from 'vitest';
import { deadlineStop, interruptStop, unresponsiveStop } from '../../engine/run-control.ts';
import {
  applyUnprobedPolicy,
  indexRequirements,
  isRequired,
  requirementStatuses,
  severityOf,
  summarise,
  verdictOf,
  type BlockingPolicy,
} from '../../engine/scoring.ts';
import type { CheckResult, Outcome, Requirement } from '../../engine/types.ts';

const req = (id: string, level: Requirement['level'], severity: Requirement['severity']): Requirement => ({
  id,
  text: id,
  level,
  severity,
  area: 'contract',
  source: { standard: 't', clause: id },
});
const index = indexRequirements([
  req('M-HIGH', 'MUST', 'high'),
  req('S-CRIT', 'SHOULD', 'critical'),
  req('M-LOW', 'MUST', 'low'),
]);
const mustBlocks: BlockingPolicy = { levels: ['MUST'], requiredOverride: () => undefined };

function result(id: string, outcome: Outcome, required = true): CheckResult {
  return {
    id,
    title: id,
    area: 'contract',
    outcome,
    severity: 'high',
    required,
    requirements: [],
    description: '',
    durationMs: 0,
    findings: [],
    evidence: [],
  };
}

describe('severity and required', () => {
  it.each([
    [['M-HIGH'], 'high'],
    [['M-LOW', 'S-CRIT'], 'critical'],
    [['UNKNOWN'], 'info'],
  ] as const)('%j → %s', (ids, severity) => expect(severityOf(ids, index)).toBe(severity));

  it.each([
    ['cites a MUST', ['M-LOW'], mustBlocks, true],
    ['cites only a SHOULD', ['S-CRIT'], mustBlocks, false],
    [
      'SHOULD blocks in this profile',
      ['S-CRIT'],
      { levels: ['MUST', 'SHOULD'], requiredOverride: () => undefined },
      true,
    ],
    ['the profile overrides', ['M-HIGH'], { levels: ['MUST'], requiredOverride: () => false }, false],
  ] as const)('%s', (_name, reqs, policy, expected) =>
    expect(isRequired({ id: 'c', requirements: reqs }, index, policy as BlockingPolicy)).toBe(expected),
  );
});

describe('verdict', () => {
  it.each([
    ['all required pass', [result('a', 'pass'), result('b', 'fail', false)], undefined, 'conformant', 0],
    ['a required fail', [result('a', 'fail'), result('b', 'error')], undefined, 'not-conformant', 1],
    ['a required error', [result('a', 'pass'), result('b', 'error')], undefined, 'incomplete', 1],
    ['nothing judged', [result('a', 'skipped')], undefined, 'incomplete', 1],
    ['deadline, no failure', [result('a', 'pass'), result('b', 'error')], deadlineStop(60_000), 'incomplete', 5],
    ['deadline after a failure', [result('a', 'fail')], deadlineStop(60_000), 'not-conformant', 5],
    ['SIGINT', [result('a', 'error')], interruptStop('SIGINT'), 'incomplete', 130],
    ['SIGTERM', [result('a', 'pass')], interruptStop('SIGTERM'), 'incomplete', 143],
    ['unresponsive target', [result('a', 'error')], unresponsiveStop('no answer'), 'unreachable', 3],
  ] as const)('%s → %s, exit %d', (_name, checks, stop, status, exitCode) => {
    const v = verdictOf(checks, stop);
    expect(v).toMatchObject({ status, exitCode, conformant: status === 'conformant' });
    if (stop) expect(v.reason).toContain(stop.message);
  });
});

describe('summary and requirement status', () => {
  it('counts per area and lists required failures and errors as blocking', () => {
    const s = summarise([result('a', 'fail'), result('b', 'error'), result('c', 'fail', false), result('d', 'pass')]);
    expect(s.counts).toMatchObject({ fail: 2, error: 1, pass: 1 });
    expect(s.blocking).toEqual(['a', 'b']);
    expect(s.byArea.contract?.counts.fail).toBe(2);
  });

  it.each([
    [['pass', 'not-applicable'], 'pass'],
    [['pass', 'fail'], 'fail'],
    [['pass', 'error'], 'inconclusive'],
    [['skipped'], 'not-tested'],
  ] as const)('outcomes %j → %s', (outcomes, status) => {
    const registry = outcomes.map((_, i) => ({ id: `c${i}`, requirements: ['M-HIGH'] }));
    const checks = outcomes.map((o, i) => result(`c${i}`, o));
    const [r] = requirementStatuses([req('M-HIGH', 'MUST', 'high')], registry, checks);
    expect(r?.status).toBe(status);
    expect(r?.coveredBy).toHaveLength(outcomes.length);
  });
});

describe('places: what the plan gives, what the checks probed', () => {
  const plan = {
    places: {
      'M-HIGH': [
        { id: 'createPortCall /ship/imoNumber', kind: 'identifier-field' },
        { id: 'updatePortCall /ship/imoNumber', kind: 'identifier-field' },
        { id: 'submitX /items/1/imo', kind: 'identifier-field' },
      ],
    },
  };
  const withPlaces = (id: string, places: CheckResult['places']): CheckResult => ({ ...result(id, 'pass'), places });

  it('unions what the checks probed, keeps why a place was not, and says not-reached for the rest', () => {
    const checks = [
      withPlaces('a', { 'M-HIGH': { probed: ['createPortCall /ship/imoNumber'] } }),
      withPlaces('b', {
        'M-HIGH': {
          probed: ['updatePortCall /ship/imoNumber', 'not-in-the-plan'],
          notProbed: [{ id: 'submitX /items/1/imo', why: 'budget' }],
        },
      }),
    ];
    const [r] = requirementStatuses(
      [req('M-HIGH', 'MUST', 'high')],
      [{ id: 'a', requirements: ['M-HIGH'] }],
      checks,
      plan,
    );
    expect(r?.places?.probed).toEqual(['createPortCall /ship/imoNumber', 'updatePortCall /ship/imoNumber']);
    expect(r?.places?.notProbed).toEqual([{ id: 'submitX /items/1/imo', why: 'budget' }]);
    expect(r?.places?.planned).toHaveLength(3);
  });

  it.each([
    [false, 'not-reached'],
    [true, 'stopped'],
  ] as const)('a place no check reported, run stopped: %s → %s', (stopped, why) => {
    const [r] = requirementStatuses([req('M-HIGH', 'MUST', 'high')], [], [], plan, stopped);
    expect(r?.places?.notProbed.map((n) => n.why)).toEqual([why, why, why]);
  });

  it.each([
    ['report', 'budget', 'pass'],
    ['incomplete', 'budget', 'error'],
    ['incomplete', 'stopped', 'error'],
    ['incomplete', 'not-exposed', 'pass'],
    ['incomplete', 'not-applicable', 'pass'],
  ] as const)('policy %s, a place not probed for %s: a required pass stays %s', (policy, why, outcome) => {
    const r = withPlaces('a', { 'M-HIGH': { probed: ['x'], notProbed: [{ id: 'y', why }] } });
    expect(applyUnprobedPolicy(r, policy).outcome).toBe(outcome);
  });

  it('a failure stays a failure, and an optional check is left alone', () => {
    const places = { 'M-HIGH': { probed: [], notProbed: [{ id: 'y', why: 'budget' as const }] } };
    expect(applyUnprobedPolicy({ ...result('a', 'fail'), places }, 'incomplete').outcome).toBe('fail');
    expect(applyUnprobedPolicy({ ...result('a', 'pass', false), places }, 'incomplete').outcome).toBe('pass');
  });
});
