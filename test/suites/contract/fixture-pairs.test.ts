// Every contract check passes on the reference single window; the flawed port with any ONE seeded
// contract defect on fails exactly the contract checks its caughtBy names (table-driven from
// fixtures/defects/contract.ts): the defect is caught, and nothing else is blamed for it.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTRACT_DEFECTS } from '../../../fixtures/defects/contract.ts';
import { DCSA_STANDARD } from '../../../suites/contract/dcsa/dcsa-probes.ts';
import { checks } from '../../../suites/contract/index.ts';
import { runAgainst, startFixture, type FixtureServer } from '../../helpers/fixture-harness.ts';

// The DCSA checks belong to another standard: their pairs are the flawed DCSA server's (test/session/dcsa-profile.test.ts).
// Each defect's run has its own server and session, so runs share nothing but the process: up to
// RUNS_AT_ONCE of them at a time, which spends the time each run waits on its server's rate limit and on
// the Pact verifier's child processes; more would only queue for the two cores.
const RUNS_AT_ONCE = 4;
vi.setConfig({ maxConcurrency: RUNS_AT_ONCE });
// The bound is this file's: nothing after it in the same worker inherits it.
afterAll(() => vi.resetConfig());

const ids = checks.filter((c) => c.standard !== DCSA_STANDARD).map((c) => c.id);
const isPact = (id: string) => id.startsWith('pact-');

/**
 * Checks that may also fail with a defect, for a reason that is not the defect's place: the
 * authority's first page of port calls holds whichever port calls the server created first, so a
 * port call stored with an offset-less ETA shows there when the contract suite runs alone (its
 * identifier probes create early) and not in a whole run (the security suite's come first).
 */
const ORDER_DEPENDENT: Record<string, readonly string[]> = {
  'naive-datetime-accepted': ['pact-national-authority-system-list-port-calls-of-every-tenant'],
};

/**
 * Checks a defect leaves not applicable, rightly: without the discovery document no optional capability
 * is declared, so the EDIFACT channel's checks do not apply (they never fail for it).
 */
const NOT_APPLICABLE_WITH: Record<string, readonly string[]> = {
  'discovery-document-missing': ids.filter((id) => id.startsWith('edifact-')),
};

/**
 * The findings (id, step, location; its URL matched, the port call's id being generated) a defect must
 * give at the check that catches it, where the check's other findings would catch the same check for
 * another reason: a refused update that was applied all the same is caught by the read-back, not by the
 * status; a rejection's error pointing outside the submitted document by that error's pointer.
 */
const PORT_CALL_URL = expect.stringMatching(/\/port-calls\/[^/]+$/);
const REFUSED_BUT_APPLIED = (step: string, header: string) => ({
  id: 'changed-despite-refusal',
  step,
  location: {
    operationId: 'updatePortCall',
    method: 'PUT',
    url: PORT_CALL_URL,
    header,
    jsonPointer: '/personsOnBoard',
    in: 'response',
  },
});
const EXPECTED_FINDINGS: Record<string, Record<string, readonly unknown[]>> = {
  'update-without-if-match-applied': {
    'if-match-required': [
      REFUSED_BUT_APPLIED('updateWithoutIfMatch', 'If-Match (absent; port call updated before)'),
      REFUSED_BUT_APPLIED('updateWithoutIfMatchFresh', 'If-Match (absent; port call never updated)'),
    ],
  },
  'stale-update-applied': {
    'stale-etag-rejected': [
      REFUSED_BUT_APPLIED('updateStale', 'If-Match: <stale ETag>'),
      REFUSED_BUT_APPLIED('updateWeakEtag', 'If-Match: W/<current ETag>'),
    ],
  },
  'rejection-points-past-crew-list': {
    'receipt-format': [
      {
        id: 'error-pointer-unresolved',
        location: {
          operationId: 'submitCrewList',
          method: 'POST',
          url: expect.stringMatching(/\/port-calls\/[^/]+\/formalities\/crew-list$/),
          jsonPointer: '/errors/1/pointer',
          in: 'response',
        },
      },
    ],
  },
  'rejection-points-at-flat-ship-fields': {
    'receipt-format': [
      {
        id: 'error-pointer-unresolved',
        location: {
          operationId: 'createPortCall',
          method: 'POST',
          url: expect.stringMatching(/\/port-calls$/),
          jsonPointer: '/errors/1/pointer',
          in: 'response',
        },
      },
      {
        id: 'error-pointer-unresolved',
        location: {
          operationId: 'updatePortCall',
          method: 'PUT',
          url: PORT_CALL_URL,
          jsonPointer: '/errors/1/pointer',
          in: 'response',
        },
      },
    ],
  },
};

describe.concurrent('contract checks on the reference', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixture('reference');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('every contract check passes, and every place of its requirements is probed', async () => {
    const results = await runAgainst(server, { checks: ids, suites: ['contract'] });
    const outcomes = Object.fromEntries(
      results.checks
        .filter((c) => ids.includes(c.id))
        .map((c) => [c.id, c.summary && c.outcome !== 'pass' ? `${c.outcome}: ${c.summary}` : c.outcome]),
    );
    expect(outcomes).toEqual(Object.fromEntries(ids.map((id) => [id, 'pass'])));
    expect(results.artifacts.filter((a) => a.status !== 'ok')).toEqual([]);
    // The places of the identifier, business-rule and cancellation requirements: none left out.
    for (const r of results.requirements.filter((q) => /^PSW-(ID|BR)-|^PSW-API-006$/.test(q.id))) {
      expect(r.places?.planned.length, r.id).toBeGreaterThan(0);
      expect(r.places?.notProbed, r.id).toEqual([]);
    }
  });
});

describe.concurrent.each(CONTRACT_DEFECTS.map((d) => [d.id, d] as const))(
  'the flawed port with only %s',
  (_id, defect) => {
    let server: FixtureServer;
    beforeAll(async () => {
      server = await startFixture('flawed', [defect.id]);
    });
    afterAll(async () => {
      await server?.close();
    });

    it('fails exactly the contract checks its caughtBy names, with findings carrying evidence', async () => {
      const results = await runAgainst(server, { checks: ids, suites: ['contract'] });
      const maybe = ORDER_DEPENDENT[defect.id] ?? [];
      const failing = results.checks.filter((c) => c.outcome === 'fail' && !maybe.includes(c.id)).map((c) => c.id);
      const expected = defect.caughtBy.filter((id) => ids.includes(id));
      expect(failing.sort()).toEqual([...expected].sort());
      // Nothing else may be left unjudged by it either.
      const unjudged = results.checks
        .filter((c) => ids.includes(c.id) && c.outcome !== 'pass' && c.outcome !== 'fail')
        .filter((c) => !(c.outcome === 'not-applicable' && NOT_APPLICABLE_WITH[defect.id]?.includes(c.id)))
        .map((c) => `${c.id}: ${c.outcome} ${c.summary ?? ''}`);
      expect(unjudged).toEqual([]);
      for (const [check, expected] of Object.entries(EXPECTED_FINDINGS[defect.id] ?? {})) {
        const findings = results.checks.find((c) => c.id === check)?.findings ?? [];
        expect(
          findings.map((f) => ({ id: f.id, step: f.data?.step, location: f.location })),
          check,
        ).toEqual(expected);
      }
      for (const c of results.checks.filter((x) => failing.includes(x.id) && !isPact(x.id))) {
        expect(c.findings.length, c.id).toBeGreaterThan(0);
        for (const f of c.findings) {
          expect(f.evidence?.length, `${c.id} ${f.id}`).toBeGreaterThan(0);
          for (const e of f.evidence ?? []) expect(results.evidence[e], e).toBeDefined();
        }
      }
    });
  },
);
