// Fingerprints, waivers and baselines as pure functions over synthetic results: what applies, when a
// waiver expires (judged at the run's start, never today's date), what blocks the verdict, and which
// findings are new, unchanged or fixed. Assertions are on ids, states and fingerprints, never text.
import { describe, expect, it } from 'vitest';
import { compareWithBaseline } from '../../engine/baseline.ts';
import { findingFingerprint, fingerprintKey, urlLabel } from '../../engine/fingerprint.ts';
import { applyPolicies } from '../../engine/results.ts';
import type { CheckResult, Finding, Results } from '../../engine/types.ts';
import { applyWaivers, isExpired, type Waiver } from '../../engine/waivers.ts';
import { sampleResults } from '../reports/sample-results.ts';

const A = { apiBaseUrl: 'https://127.0.0.1:40001/api/v1' };
const B = { apiBaseUrl: 'https://127.0.0.1:40002/api/v1' };

describe('finding fingerprints', () => {
  const f = (over: Partial<Finding> = {}): Finding => ({
    id: 'missing-header',
    message: 'm',
    location: {
      method: 'POST',
      url: 'https://127.0.0.1:40001/api/v1/port-calls',
      operationId: 'createPortCall',
      header: 'Location',
    },
    ...over,
  });
  const same: Array<[string, Finding, typeof A, Finding, typeof A]> = [
    [
      'another ephemeral port',
      f(),
      A,
      f({ location: { ...f().location, url: 'https://127.0.0.1:40002/api/v1/port-calls' } }),
      B,
    ],
    [
      'another message, data and evidence',
      f(),
      A,
      f({ message: 'other text 12:00', data: { n: 3 }, evidence: ['http-0009'] }),
      A,
    ],
    ['header name case', f(), A, f({ location: { ...f().location, header: 'location' } }), A],
    [
      'another port call UUID (no operation)',
      f({
        location: { url: 'https://127.0.0.1:40001/api/v1/port-calls/0b8e8d0e-7a0c-4c1e-9a51-2f0f3c1d9e11/departure' },
      }),
      A,
      f({
        location: { url: 'https://127.0.0.1:40002/api/v1/port-calls/5f0c3a52-1d2e-4f6b-8a7c-9e8d7c6b5a41/departure' },
      }),
      B,
    ],
    [
      'the target host with its port',
      f({ location: { host: '127.0.0.1:40001' } }),
      A,
      f({ location: { host: '127.0.0.1:40002' } }),
      B,
    ],
  ];
  it.each(same)('match across %s', (_, f1, o1, f2, o2) => {
    expect(findingFingerprint('required-headers', f1, o1)).toBe(findingFingerprint('required-headers', f2, o2));
  });

  const different: Array<[string, Finding, Finding]> = [
    ['another finding id', f(), f({ id: 'wrong-header' })],
    ['another operation', f(), f({ location: { ...f().location, operationId: 'updatePortCall' } })],
    ['another body pointer', f({ location: { jsonPointer: '/eta' } }), f({ location: { jsonPointer: '/etd' } })],
    ['another header', f(), f({ location: { ...f().location, header: 'ETag' } })],
  ];
  it.each(different)('differ for %s', (_, f1, f2) => {
    expect(findingFingerprint('required-headers', f1, A)).not.toBe(findingFingerprint('required-headers', f2, A));
  });

  it('differ between checks, and never contain the origin', () => {
    expect(findingFingerprint('a', f(), A)).not.toBe(findingFingerprint('b', f(), A));
    expect(fingerprintKey('a', f({ location: { url: 'https://127.0.0.1:40001/x/1234?b=1&a=2' } }), A)).not.toContain(
      '40001',
    );
    expect(urlLabel('https://127.0.0.1:40001/x/1234?b=1&a=2', A)).toBe('{target}/x/{n}?a&b');
    expect(findingFingerprint('a', f(), A)).toMatch(/^pcf1:[0-9a-f]{32}$/);
  });
});

// ---------------------------------------------------------------- waivers

const base = (): Results => applyPolicies(sampleResults(), {});
const RUN_START = new Date(sampleResults().run.startedAt); // 2026-03-02T09:15:00Z
const waiver = (over: Partial<Waiver>): Waiver => ({
  id: 'W1',
  reason: 'accepted',
  owner: 'secops',
  created: '2026-01-01',
  expires: '2026-12-31',
  ...over,
});
const check = (r: Results, id: string): CheckResult => r.checks.find((c) => c.id === id)!;

describe('waiver expiry: valid through the expiry day, UTC', () => {
  it.each([
    ['2026-03-02', '2026-03-02T23:59:59.999Z', false],
    ['2026-03-02', '2026-03-03T00:00:00.000Z', true],
    ['2026-03-01', '2026-03-02T09:15:00.000Z', true],
    ['2026-03-02T10:00:00+01:00', '2026-03-02T08:59:59.000Z', false],
    ['2026-03-02T10:00:00+01:00', '2026-03-02T09:00:00.000Z', true],
  ])('expires %s, judged at %s → expired %s', (expires, at, expired) => {
    expect(isExpired({ expires }, new Date(at))).toBe(expired);
  });
});

describe('applyWaivers', () => {
  const cases: Array<[string, Waiver, string | undefined, { status: string; note?: RegExp; waived?: string }]> = [
    ['a failed check', waiver({ check: 'cors-policy' }), undefined, { status: 'applied', waived: 'cors-policy' }],
    [
      'an error',
      waiver({ check: 'tenant-isolation' }),
      undefined,
      { status: 'not-applied', note: /cannot waive an error/ },
    ],
    ['a passed check', waiver({ check: 'portal-csp' }), undefined, { status: 'unused' }],
    ['an expired waiver', waiver({ check: 'cors-policy', expires: '2026-03-01' }), undefined, { status: 'expired' }],
    [
      'a waiver valid through the run day',
      waiver({ check: 'cors-policy', expires: '2026-03-02' }),
      undefined,
      { status: 'applied', waived: 'cors-policy' },
    ],
    ['another member', waiver({ check: 'cors-policy', member: 'port-b' }), 'port-a', { status: 'not-applicable' }],
    [
      'a named member, target names none',
      waiver({ check: 'cors-policy', member: 'port-b' }),
      undefined,
      { status: 'not-applicable' },
    ],
    [
      'the same member',
      waiver({ check: 'cors-policy', member: 'port-a' }),
      'port-a',
      { status: 'applied', waived: 'cors-policy' },
    ],
    ['member *', waiver({ check: 'cors-policy', member: '*' }), 'port-a', { status: 'applied', waived: 'cors-policy' }],
  ];
  it.each(cases)('%s', (_, w, member, want) => {
    const r = base();
    const { checks, records } = applyWaivers(r.checks, [w], { at: RUN_START, member });
    expect(records[0]!.status).toBe(want.status);
    if (want.note) expect(records[0]!.note).toMatch(want.note);
    const waived = checks.filter((c) => c.waiver && c.id !== 'hsts-header').map((c) => c.id);
    expect(waived).toEqual(want.waived ? [want.waived] : []);
    // The measurement never changes.
    expect(checks.map((c) => c.outcome)).toEqual(r.checks.map((c) => c.outcome));
  });

  it('a fingerprint waiver accepts one finding; the check still blocks while another is unwaived', () => {
    const r = base();
    const [f1, f2] = check(r, 'response-schema').findings;
    const one = applyPolicies(r, { waivers: [waiver({ fingerprint: f1!.fingerprint })] });
    expect(check(one, 'response-schema').findings.map((f) => Boolean(f.waiver))).toEqual([true, false]);
    expect(check(one, 'response-schema').waiver).toBeUndefined();
    expect(one.summary.blocking).toContain('response-schema');
    const both = applyPolicies(r, {
      waivers: [waiver({ fingerprint: f1!.fingerprint }), waiver({ id: 'W2', fingerprint: f2!.fingerprint })],
    });
    expect(check(both, 'response-schema').waiver?.scope).toBe('findings');
    expect(both.summary.blocking).not.toContain('response-schema');
    expect(both.waivers!.map((w) => [w.id, w.status, w.appliedTo])).toEqual([
      ['W1', 'applied', ['response-schema']],
      ['W2', 'applied', ['response-schema']],
    ]);
  });
});

describe('the verdict with waivers', () => {
  // Every required failure of the sample waived, but tenant-isolation errored: still incomplete.
  const all = ['response-schema', 'cors-policy', 'load-latency', 'portal-accessibility'];
  it.each([
    ['none', [], 'not-conformant', 1],
    ['all required failures', all, 'incomplete', 1],
    ['all but one', all.slice(1), 'not-conformant', 1],
  ] as const)('%s waived → %s', (_, ids, status, exit) => {
    const r = applyPolicies(base(), { waivers: ids.map((check, i) => waiver({ id: `W${i}`, check })) });
    expect([r.verdict.status, r.verdict.exitCode]).toEqual([status, exit]);
    expect(r.summary.waived ?? []).toEqual([...ids].sort((a, b) => all.indexOf(a) - all.indexOf(b)));
  });

  it('without the error, waiving every required failure makes the run conformant; an expired waiver does not', () => {
    const r0 = base();
    r0.checks = r0.checks.filter((c) => c.id !== 'tenant-isolation');
    const ok = applyPolicies(r0, { waivers: all.map((check, i) => waiver({ id: `W${i}`, check })) });
    expect([ok.verdict.status, ok.verdict.exitCode, ok.summary.blocking]).toEqual(['conformant', 0, []]);
    const late = applyPolicies(r0, {
      waivers: all.map((check, i) => waiver({ id: `W${i}`, check, expires: i === 0 ? '2026-03-01' : '2026-12-31' })),
    });
    expect([late.verdict.status, late.summary.blocking]).toEqual(['not-conformant', [all[0]]]);
    expect(late.waivers!.map((w) => w.status)).toEqual(['expired', 'applied', 'applied', 'applied']);
  });
});

// ---------------------------------------------------------------- baselines

describe('compareWithBaseline', () => {
  const fp = (r: Results) => r.checks.flatMap((c) => c.findings.map((f) => [c.id, f.id, f.baselineState]));
  it('marks unchanged against itself, nothing new, nothing fixed', () => {
    const { checks, baseline } = compareWithBaseline(base().checks, base(), 'old.json');
    expect(checks.flatMap((c) => c.findings.map((f) => f.baselineState)).every((s) => s === 'unchanged')).toBe(true);
    expect(baseline.counts).toEqual({ new: 0, unchanged: 7, fixed: 0, notRechecked: 0 });
  });

  it('a finding gone from a judged check is fixed, a new one is new; an unjudged check fixes nothing', () => {
    const before = base();
    const now = base();
    check(now, 'response-schema').findings.pop(); // fixed
    check(now, 'cors-policy').findings.push({
      ...check(now, 'cors-policy').findings[0]!,
      id: 'credentials-with-wildcard',
      fingerprint: undefined,
    });
    const latency = check(now, 'load-latency');
    latency.outcome = 'skipped';
    latency.findings = [];
    const r = applyPolicies(now, { baseline: { results: before, from: 'old.json' } });
    expect(fp(r).filter(([, , s]) => s === 'new')).toEqual([['cors-policy', 'credentials-with-wildcard', 'new']]);
    expect(r.baseline!.fixed.map((f) => [f.check, f.id])).toEqual([['response-schema', 'schema-violation']]);
    expect(r.baseline!.counts).toEqual({ new: 1, unchanged: 5, fixed: 1, notRechecked: 1 });
  });

  it('--fail-on new exits 0 when no blocking failure is new, 1 when one is', () => {
    const before = base();
    before.checks = before.checks.filter((c) => c.id !== 'tenant-isolation');
    const same = applyPolicies(before, { baseline: { results: before, from: 'old.json' }, failOn: 'new' });
    expect([same.verdict.status, same.verdict.exitCode]).toEqual(['not-conformant', 0]);
    const now = structuredClone(before);
    check(now, 'cors-policy').findings.push({
      ...check(now, 'cors-policy').findings[0]!,
      id: 'other',
      fingerprint: undefined,
    });
    const worse = applyPolicies(now, { baseline: { results: before, from: 'old.json' }, failOn: 'new' });
    expect([worse.verdict.status, worse.verdict.exitCode]).toEqual(['not-conformant', 1]);
    // Without --fail-on new, any blocking failure exits 1.
    expect(applyPolicies(before, { baseline: { results: before, from: 'old.json' } }).verdict.exitCode).toBe(1);
  });
});
