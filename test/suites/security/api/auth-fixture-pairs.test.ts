// The token, header and disclosure checks on live fixtures: all pass on the reference single window,
// each reporting every place of its requirement probed; and each seeded defect of
// fixtures/defects/security-auth.ts, switched on alone on the flawed port, fails exactly the checks its
// caughtBy names (among these checks and the others it names), with the findings the table expects.
// Table-driven from the defects themselves: a new defect without a row here fails the coverage test.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadProfile, type Profile } from '../../../../engine/profile.ts';
import type { Results } from '../../../../engine/types.ts';
import { SECURITY_AUTH_DEFECTS } from '../../../../fixtures/defects/security-auth.ts';
import { startFlawedServer, startReferenceServer, type FixtureServer } from '../../../../fixtures/index.ts';
import { runAgainst } from '../../../helpers/fixture-harness.ts';
import { AUTH_PAIR_CHECKS } from './auth-pair-checks.ts';

// Tokens as the profile allows them (at most 60 s, at most 5 s leeway), short so the expired-token
// probe waits only TTL + 6 s. A quota the auth probes' ~350 requests fit in a few windows of: they pace
// themselves by the RateLimit fields the target sends (half of each window), so against the default
// 100 per second most of a run was spent waiting for windows to reset. No check judged here reads the
// quota (rate-limiting is proven in fixture-pairs.test.ts).
const TARGET_POLICY = { tokenTtlSeconds: 10, clockLeewaySeconds: 5, rateLimit: { limit: 1000, windowMs: 1000 } };

// Each run has its own server and session: up to RUNS_AT_ONCE at a time (the reference's run, which
// waits for a token to expire, among them), so one run's waits are spent on the others' work.
const RUNS_AT_ONCE = 4;
vi.setConfig({ maxConcurrency: RUNS_AT_ONCE });
// The bound is this file's: nothing after it in the same worker inherits it.
afterAll(() => vi.resetConfig());

/** Every check a defect of this file may fail: these are run for each defect, and judged. */
const JUDGED = [...AUTH_PAIR_CHECKS, 'hsts-header', 'problem-details-format'];

function profile(expiryWait: boolean): Profile {
  const p = loadProfile('default');
  return expiryWait ? p : { ...p, security: { ...p.security, expiredTokenMaxWaitSeconds: 0 } };
}

interface Expected {
  check: string;
  id: string;
  operationId?: string;
  /** Finding data that must match (e.g. the probe or the origin). */
  data?: Record<string, unknown>;
}

/** Defects whose checks are proven elsewhere: the TLS set-up of the flawed port (integration.test.ts). */
const TLS_ONLY = new Set(['tls-1-0-enabled', 'weak-ciphers-enabled', 'long-lived-certificate']);

/** defect → findings it must produce (a subset: an accepted probe may change state and add others). */
const ROWS: Record<string, { expected: Expected[]; notOn?: { check: string; operationId: string }[] }> = {
  'hsts-missing': {
    expected: [
      { check: 'hsts-header', id: 'hsts-missing', data: { origin: 'api' } },
      { check: 'hsts-header', id: 'hsts-missing', data: { origin: 'portal' } },
    ],
  },
  'hsts-missing-on-portal': { expected: [{ check: 'hsts-header', id: 'hsts-missing', data: { origin: 'portal' } }] },
  'hsts-short-max-age-on-token-endpoint': {
    expected: [{ check: 'hsts-header', id: 'hsts-max-age-too-short', data: { origin: 'token-endpoint' } }],
  },
  'missing-token-accepted': {
    expected: [
      { check: 'auth-missing-token', id: 'accepted', operationId: 'getPortCall' },
      { check: 'auth-missing-token', id: 'accepted', operationId: 'listPortCalls' },
    ],
  },
  'missing-token-accepted-on-dangerous-goods': {
    expected: [{ check: 'auth-missing-token', id: 'accepted', operationId: 'submitDangerousGoods' }],
    notOn: [{ check: 'auth-missing-token', operationId: 'getPortCall' }],
  },
  'bearer-challenge-missing-on-writes': {
    expected: [
      { check: 'auth-missing-token', id: 'noChallenge', operationId: 'createPortCall' },
      { check: 'auth-malformed-token', id: 'noChallenge', operationId: 'updatePortCall' },
    ],
    notOn: [{ check: 'auth-missing-token', operationId: 'getPortCall' }],
  },
  'malformed-token-500': {
    expected: [
      { check: 'auth-malformed-token', id: 'notRejected', operationId: 'createPortCall', data: { status: 500 } },
    ],
  },
  'malformed-payload-500': {
    expected: [
      {
        check: 'auth-malformed-token',
        id: 'notRejected',
        operationId: 'getPortCall',
        data: { status: 500, probe: 'a token whose payload is not JSON' },
      },
    ],
  },
  'expired-token-accepted': {
    expected: [{ check: 'auth-expired-token', id: 'accepted', operationId: 'getPortCall' }],
  },
  'expiry-leeway-excessive': {
    expected: [{ check: 'auth-expired-token', id: 'accepted', operationId: 'listFormalities' }],
  },
  'signature-not-verified': {
    expected: [
      { check: 'auth-token-signature', id: 'tamperedAccepted', operationId: 'getPortCall' },
      { check: 'auth-token-signature', id: 'foreignKeyAccepted', operationId: 'getPortCall' },
    ],
  },
  'signature-not-verified-on-formalities': {
    expected: [
      { check: 'auth-token-signature', id: 'tamperedAccepted', operationId: 'listFormalities' },
      { check: 'auth-token-signature', id: 'foreignKeyAccepted', operationId: 'submitCrewList' },
    ],
    notOn: [{ check: 'auth-token-signature', operationId: 'getPortCall' }],
  },
  'alg-none-accepted': { expected: [{ check: 'auth-alg-none', id: 'accepted', operationId: 'getPortCall' }] },
  'alg-none-other-spellings-accepted': {
    expected: [
      {
        check: 'auth-alg-none',
        id: 'accepted',
        operationId: 'getPortCall',
        data: { probe: 'an unsigned token with alg spelled None, NONE or nOnE' },
      },
    ],
  },
  'alg-confusion-pem-key': {
    expected: [
      {
        check: 'auth-algorithm-confusion',
        id: 'accepted',
        operationId: 'getPortCall',
        data: { probe: "an HS256 token keyed with the server's public key (SPKI PEM)" },
      },
    ],
  },
  'alg-confusion-der-key': {
    expected: [
      {
        check: 'auth-algorithm-confusion',
        id: 'accepted',
        operationId: 'createPortCall',
        data: { probe: "an HS256 token keyed with the server's public key (SPKI DER)" },
      },
    ],
  },
  'unknown-kid-not-verified': {
    expected: [
      { check: 'auth-token-key-id', id: 'accepted', operationId: 'getPortCall' },
      { check: 'auth-token-key-url', id: 'accepted', operationId: 'getPortCall' },
    ],
  },
  'embedded-jwk-trusted': {
    expected: [
      {
        check: 'auth-token-key-id',
        id: 'accepted',
        operationId: 'getPortCall',
        data: { probe: 'a token signed by the foreign key it embeds in its jwk header' },
      },
    ],
  },
  'jku-followed': {
    expected: [{ check: 'auth-token-key-url', id: 'notRejected', operationId: 'getPortCall', data: { status: 500 } }],
  },
  'x5u-followed': { expected: [{ check: 'auth-token-key-url', id: 'accepted', operationId: 'listPortCalls' }] },
  'exp-not-required': {
    expected: [
      {
        check: 'auth-token-claims',
        id: 'accepted',
        operationId: 'getPortCall',
        data: { probe: 'a token signed by the server without exp' },
      },
    ],
  },
  'nbf-ignored': { expected: [{ check: 'auth-token-claims', id: 'accepted', operationId: 'listPortCalls' }] },
  'issuer-not-checked': { expected: [{ check: 'auth-token-claims', id: 'accepted', operationId: 'getFormality' }] },
  'audience-not-checked': {
    expected: [{ check: 'auth-token-audience', id: 'accepted', operationId: 'getPortCall' }],
  },
  'audience-not-checked-on-writes': {
    expected: [{ check: 'auth-token-audience', id: 'accepted', operationId: 'createPortCall' }],
    notOn: [{ check: 'auth-token-audience', operationId: 'getPortCall' }],
  },
  'security-headers-missing': {
    expected: [
      { check: 'security-headers', id: 'nosniffMissing', operationId: 'createPortCall' },
      { check: 'security-headers', id: 'noStoreMissing', operationId: 'getPortCall' },
    ],
  },
  'security-headers-missing-on-errors': {
    expected: [
      { check: 'security-headers', id: 'nosniffMissing', operationId: 'getFormality' },
      { check: 'security-headers', id: 'noStoreMissing', operationId: 'issueToken' },
    ],
  },
  'stack-trace-in-errors': {
    expected: [
      { check: 'error-disclosure', id: 'stackTrace', operationId: 'createPortCall' },
      { check: 'error-disclosure', id: 'poweredBy' },
    ],
  },
  'stack-trace-on-bad-query': {
    expected: [{ check: 'error-disclosure', id: 'stackTrace', operationId: 'listPortCalls', data: { status: 500 } }],
  },
  'stack-trace-in-declaration-warning': {
    expected: [
      { check: 'error-disclosure', id: 'stackTrace', operationId: 'submitGeneralDeclaration', data: { status: 201 } },
      { check: 'error-disclosure', id: 'filePath', operationId: 'submitGeneralDeclaration', data: { status: 201 } },
    ],
    notOn: [{ check: 'error-disclosure', operationId: 'listPortCalls' }],
  },
  'internal-path-in-port-call-list': {
    expected: [
      {
        check: 'error-disclosure',
        id: 'filePath',
        operationId: 'listPortCalls',
        data: { status: 200, match: '/etc/psw/api/store.yaml' },
      },
    ],
    notOn: [{ check: 'error-disclosure', operationId: 'submitGeneralDeclaration' }],
  },
  'plain-text-method-not-allowed': {
    expected: [{ check: 'problem-details-format', id: 'wrong-content-type', data: { status: 405 } }],
  },
};

const DEFECTS = SECURITY_AUTH_DEFECTS.filter((d) => !TLS_ONLY.has(d.id));

function failing(results: Results, checks: readonly string[]): string[] {
  return results.checks
    .filter((c) => checks.includes(c.id) && (c.outcome === 'fail' || c.outcome === 'error'))
    .map((c) => `${c.id}:${c.outcome}`)
    .sort();
}

describe.concurrent('token, header and disclosure checks on the reference single window', () => {
  let server: FixtureServer;
  let results: Results;
  beforeAll(async () => {
    server = await startReferenceServer({ host: '127.0.0.1', port: 0, ...TARGET_POLICY });
    results = await runAgainst(server, { checks: JUDGED, profile: profile(true) });
  }, 240_000);
  afterAll(() => server?.close());

  it.each(JUDGED)('%s passes, every place of its requirements probed', (id) => {
    const c = results.checks.find((x) => x.id === id);
    expect({ id, outcome: c?.outcome, summary: c?.summary }).toMatchObject({ id, outcome: 'pass' });
    for (const [requirement, report] of Object.entries(c?.places ?? {})) {
      expect(report.probed.length, `${id} ${requirement}`).toBeGreaterThan(0);
      // The only places not probed are those that cannot be (e.g. no client error to provoke).
      for (const n of report.notProbed ?? []) expect(n.why, `${id} ${requirement} ${n.id}`).toBe('not-applicable');
    }
  });
});

describe.concurrent('token, header and disclosure checks on the flawed port, one defect at a time', () => {
  it('has a row for every defect of the area that lives on the flawed port, and each row is proven', () => {
    expect(Object.keys(ROWS).sort()).toEqual(DEFECTS.map((d) => d.id).sort());
    for (const d of DEFECTS) {
      const checks = new Set(ROWS[d.id]!.expected.map((e) => e.check));
      for (const c of checks) expect(d.caughtBy, d.id).toContain(c);
    }
  });

  it.each(DEFECTS.map((d) => [d.id, d] as const))(
    '%s fails exactly its caughtBy',
    async (id, defect) => {
      const row = ROWS[id]!;
      const checks = [...new Set([...JUDGED, ...defect.caughtBy])];
      const server = await startFlawedServer({ host: '127.0.0.1', port: 0, defects: [id], ...TARGET_POLICY });
      try {
        const results = await runAgainst(server, {
          checks,
          profile: profile(defect.caughtBy.includes('auth-expired-token')),
        });
        expect(failing(results, checks)).toEqual(defect.caughtBy.map((c) => `${c}:fail`).sort());
        const got = results.checks.flatMap((c) =>
          c.findings.map((f) => ({ check: c.id, id: f.id, operationId: f.location?.operationId, data: f.data ?? {} })),
        );
        for (const want of row.expected)
          expect(got, JSON.stringify(want)).toContainEqual(
            expect.objectContaining({
              check: want.check,
              id: want.id,
              ...(want.operationId ? { operationId: want.operationId } : {}),
              ...(want.data ? { data: expect.objectContaining(want.data) } : {}),
            }),
          );
        for (const not of row.notOn ?? [])
          expect(got.filter((g) => g.check === not.check && g.operationId === not.operationId)).toEqual([]);
      } finally {
        await server.close();
      }
    },
    240_000,
  );
});
