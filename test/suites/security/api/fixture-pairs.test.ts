// Each API security check passes on the reference single window and fails, with its finding, on the
// flawed port with only its own defect switched on. Loopback fixtures only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfile, type Profile } from '../../../../engine/profile.ts';
import type { Finding, Results } from '../../../../engine/types.ts';
import { SECURITY_API_DEFECTS } from '../../../../fixtures/defects/security-api.ts';
import { startFlawedServer, startReferenceServer, type FixtureServer } from '../../../../fixtures/index.ts';
import { apiChecks } from '../../../../suites/security/index.ts';
import { runAgainst } from '../../../helpers/fixture-harness.ts';
import { AUTH_PAIR_CHECKS } from './auth-pair-checks.ts';

// Tokens as the profile allows them (at most 60 s, at most 5 s leeway), short so the expired-token
// probe waits only TTL + 6 s.
const TOKEN_POLICY = { tokenTtlSeconds: 10, clockLeewaySeconds: 5 };

/** The profile with the expiry wait switched off: rows that do not judge expiry need not wait. */
function profileWithExpiryWait(seconds?: number): Profile {
  const p = loadProfile('default');
  return seconds === undefined ? p : { ...p, security: { ...p.security, expiredTokenMaxWaitSeconds: seconds } };
}

function summary(results: Results, id: string) {
  const c = results.checks.find((x) => x.id === id);
  return { outcome: c?.outcome, summary: c?.summary, findings: c?.findings.map((f) => f.id) };
}

describe('API security checks on the reference single window', () => {
  let server: FixtureServer;
  let results: Results;
  beforeAll(async () => {
    server = await startReferenceServer({ host: '127.0.0.1', port: 0, ...TOKEN_POLICY });
    results = await runAgainst(server, {
      checks: apiChecks.map((c) => c.id),
      suites: ['security'],
      profile: profileWithExpiryWait(),
    });
  }, 180_000);
  afterAll(() => server?.close());

  it.each(apiChecks.map((c) => c.id).filter((id) => id !== 'rate-limiting'))('%s passes', (id) => {
    expect(summary(results, id)).toMatchObject({ outcome: 'pass' });
  });

  // The reference allows 100 requests a second: a harness starved on a busy machine may not send that
  // fast. Then it says so (needs-review, burstTooSlow) instead of judging; it never fails the reference.
  it('rate-limiting passes, or says its burst was too slow to reach the limit', () => {
    const s = summary(results, 'rate-limiting');
    if (s.outcome === 'needs-review') {
      expect(s.findings?.length).toBeGreaterThan(0);
      expect(s.findings?.every((f) => f === 'burstTooSlow')).toBe(true);
    } else expect(s).toMatchObject({ outcome: 'pass' });
  });

  // The same check against a reference whose limit any burst exceeds, however slowly it is sent: the
  // pass path (429, Retry-After, RateLimit headers) proven whatever the machine's speed.
  it('rate-limiting passes on a reference with a small quota in a long window', async () => {
    const small = await startReferenceServer({
      host: '127.0.0.1',
      port: 0,
      ...TOKEN_POLICY,
      rateLimit: { limit: 20, windowMs: 60_000 },
    });
    try {
      const r = await runAgainst(small, {
        checks: ['rate-limiting'],
        suites: ['security'],
        profile: profileWithExpiryWait(0),
      });
      expect(summary(r, 'rate-limiting')).toMatchObject({ outcome: 'pass', findings: [] });
    } finally {
      await small.close();
    }
  }, 120_000);
});

/**
 * check id, the defect that alone makes it fail, and findings it must report (id, and operationId
 * when the finding names one). An accepted probe may change state, so later operations can add
 * other findings (e.g. 409 after an accepted cancel): expected findings are a subset.
 */
const PAIRS: [string, string, { id: string; operationId?: string }[]][] = [
  [
    'tenant-isolation',
    'cross-tenant-access',
    [
      { id: 'served', operationId: 'getPortCall' },
      { id: 'dataLeaked', operationId: 'getPortCall' },
      { id: 'ownerDataChanged', operationId: 'getPortCall' },
    ],
  ],
  [
    'authority-only-clearance',
    'agent-can-decide-clearance',
    [{ id: 'agentDecided', operationId: 'decideClearance' }, { id: 'clearanceRecorded' }],
  ],
  [
    'read-only-fields',
    'mass-assignment',
    [
      { id: 'fieldTakenOver', operationId: 'createPortCall' },
      { id: 'fieldTakenOver', operationId: 'updatePortCall' },
    ],
  ],
  ['cors-policy', 'cors-reflects-origin', [{ id: 'reflectsWithCredentials' }]],
  ['undocumented-methods', 'delete-method-open', [{ id: 'methodServed' }]],
  ['body-size-limit', 'no-body-size-limit', [{ id: 'not413', operationId: 'createPortCall' }]],
  ['rate-limiting', 'no-rate-limit', [{ id: 'neverThrottled', operationId: 'getPortCall' }]],
];

describe('API security checks on the flawed port, one defect at a time', () => {
  it('covers every API security check (the token, header and disclosure checks: auth-fixture-pairs.test.ts)', () => {
    const elsewhere = new Set<string>(AUTH_PAIR_CHECKS);
    expect(PAIRS.map(([id]) => id).sort()).toEqual(
      apiChecks
        .map((c) => c.id)
        .filter((id) => !elsewhere.has(id))
        .sort(),
    );
  });

  it.each(PAIRS)(
    '%s fails with only %s on',
    async (checkId, defect, expected) => {
      const server = await startFlawedServer({ host: '127.0.0.1', port: 0, defects: [defect], ...TOKEN_POLICY });
      try {
        const profile = profileWithExpiryWait(checkId === 'auth-expired-token' ? undefined : 0);
        const results = await runAgainst(server, { checks: [checkId], suites: ['security'], profile });
        const check = results.checks.find((c) => c.id === checkId);
        expect(summary(results, checkId)).toMatchObject({ outcome: 'fail' });
        const got = check!.findings.map((f) => ({ id: f.id, operationId: f.location?.operationId }));
        for (const want of expected)
          expect(got).toContainEqual(want.operationId ? want : expect.objectContaining({ id: want.id }));
      } finally {
        await server.close();
      }
    },
    120_000,
  );
});

/**
 * Every seeded defect of the security-api area not in PAIRS above (the variants: the same requirement
 * broken at another place), table-driven from fixtures/defects: alone, it fails every API check its
 * caughtBy names, with the findings it must report; `only` says where every finding must be (so a
 * check that found it for the wrong reason, or at the twin's place, does not pass the row).
 */
const VARIANTS: Record<string, { findings: { id: string; operationId?: string }[]; only?: (f: Finding) => boolean }> = {
  'cross-tenant-formality-read': {
    findings: [
      { id: 'served', operationId: 'getFormality' },
      { id: 'served', operationId: 'listFormalities' },
    ],
    only: (f) => f.data?.actor === 'agentA' && f.data.owner === 'agentB',
  },
  'cross-tenant-list': {
    findings: [
      { id: 'foreignItems', operationId: 'listPortCalls' },
      { id: 'dataLeaked', operationId: 'listPortCalls' },
    ],
    only: (f) => f.location?.operationId === 'listPortCalls',
  },
  'agent-clears-other-tenant': {
    findings: [{ id: 'agentDecided', operationId: 'decideClearance' }, { id: 'clearanceRecorded' }],
    only: (f) => f.data?.actor !== f.data?.owner,
  },
  'read-only-members-dropped': {
    findings: [
      { id: 'notRejected', operationId: 'createPortCall' },
      { id: 'notRejected', operationId: 'updatePortCall' },
    ],
    only: (f) => f.id === 'notRejected',
  },
  'mass-assignment-on-update': {
    findings: [{ id: 'fieldTakenOver', operationId: 'updatePortCall' }],
    only: (f) => f.location?.operationId === 'updatePortCall' && ['ata', 'atd'].includes(String(f.data?.field)),
  },
  'cors-wildcard-origin': {
    findings: [{ id: 'wildcardOnAuthenticated', operationId: 'getFormality' }],
    only: (f) => f.id === 'wildcardOnAuthenticated',
  },
  'cors-preflight-reflects': {
    findings: [{ id: 'reflectsWithCredentials', operationId: 'submitCrewList' }],
    only: (f) => f.location?.method === 'OPTIONS',
  },
  'formality-delete-open': {
    findings: [{ id: 'methodServed' }, { id: 'methodActed' }],
    only: (f) => (f.location?.url ?? '').includes('/formalities'),
  },
  'formality-body-unlimited': {
    findings: [{ id: 'not413', operationId: 'submitCrewList' }],
    only: (f) => (f.location?.url ?? '').includes('/formalities/'),
  },
  // A limit, but above the profile's: caught because the probe is one byte over 1 MiB, not 2 MiB.
  'body-limit-above-profile': {
    findings: [
      { id: 'not413', operationId: 'createPortCall' },
      { id: 'not413', operationId: 'updatePortCall' },
    ],
    only: (f) => !/\/formalities\/|\/edifact$/.test(f.location?.url ?? ''),
  },
  'edifact-body-limit-above-profile': {
    findings: [{ id: 'accepted', operationId: 'submitEdifactInterchange' }],
    only: (f) => f.location?.operationId === 'submitEdifactInterchange',
  },
  'rate-limit-authority-exempt': {
    findings: [{ id: 'neverThrottled', operationId: 'getPortCall' }],
    only: (f) => f.data?.client === 'authority',
  },
};

const apiCheckIds = new Set(apiChecks.map((c) => c.id));
const VARIANT_ROWS = SECURITY_API_DEFECTS.filter((d) => !PAIRS.some(([, defect]) => defect === d.id)).map(
  (d) => [d.id, d.caughtBy.filter((id) => apiCheckIds.has(id))] as const,
);

describe('API security checks on the flawed port: the variant defects, one at a time', () => {
  it('every variant has its expected findings, and proves a check that another defect proves too', () => {
    expect(VARIANT_ROWS.map(([id]) => id).sort()).toEqual(Object.keys(VARIANTS).sort());
    for (const [id, checks] of VARIANT_ROWS) {
      expect(checks.length, id).toBeGreaterThan(0);
      for (const c of checks)
        expect(
          PAIRS.map(([check]) => check),
          `${id} → ${c}`,
        ).toContain(c);
    }
  });

  it.each(VARIANT_ROWS)(
    '%s fails %j alone',
    async (defect, checks) => {
      const server = await startFlawedServer({ host: '127.0.0.1', port: 0, defects: [defect], ...TOKEN_POLICY });
      try {
        const results = await runAgainst(server, {
          checks: [...checks],
          suites: ['security'],
          profile: profileWithExpiryWait(0),
        });
        const want = VARIANTS[defect]!;
        const found = checks.flatMap((id) => results.checks.find((c) => c.id === id)?.findings ?? []);
        for (const id of checks) expect(summary(results, id)).toMatchObject({ outcome: 'fail' });
        const got = found.map((f) => ({ id: f.id, operationId: f.location?.operationId }));
        for (const w of want.findings)
          expect(got).toContainEqual(w.operationId ? w : expect.objectContaining({ id: w.id }));
        if (want.only) expect(found.filter((f) => !want.only!(f))).toEqual([]);
      } finally {
        await server.close();
      }
    },
    120_000,
  );
});
