// The consumer contracts verified against the fixtures through the whole harness: every interaction
// passes on the reference; on the flawed port with one defect on, exactly the interactions meant to
// catch it fail (and no other), each finding carrying evidence that is in the results.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interactionCheckId } from '../../../../contracts/pact/names.ts';
import type { Results } from '../../../../engine/types.ts';
import { checks as pactChecks } from '../../../../suites/contract/pact/index.ts';
import { runAgainst, startFixture, type FixtureServer } from '../../../helpers/fixture-harness.ts';

const ids = pactChecks.map((c) => c.id);
const agent = (d: string) => interactionCheckId('shipping-agent-system', d);
const authority = (d: string) => interactionCheckId('national-authority-system', d);
const pcs = (d: string) => interactionCheckId('port-community-system', d);

/** Defect → the pact checks it breaks (all others must still pass). */
const CAUGHT: [defect: string, checks: string[]][] = [
  [
    'malformed-port-call-body',
    [agent('read a port call'), authority("read a shipping agent's port call"), pcs('read a port call')],
  ],
  ['no-imo-check-digit', [agent('notify a port call with a wrong IMO check digit')]],
  ['location-header-missing', [agent('notify a port call')]],
  ['stale-etag-accepted', [agent('update a port call with a stale ETag')]],
  ['update-after-cancel-accepted', [agent('update a cancelled port call')]],
  ['atd-before-ata-accepted', [pcs('record a departure before the arrival')]],
  ['crew-count-unchecked', [agent('submit a crew list that contradicts the general declaration')]],
  ['cross-tenant-access', [agent("read another tenant's port call")]],
  ['plain-text-not-found', [agent("read another tenant's port call")]],
  ['agent-can-decide-clearance', [agent('decide clearance as a shipping agent')]],
];

function pactOutcomes(results: Results): Record<string, string> {
  return Object.fromEntries(
    results.checks
      .filter((c) => ids.includes(c.id))
      .map((c) => [c.id, c.outcome === 'pass' ? 'pass' : `${c.outcome}: ${c.summary ?? ''}`]),
  );
}

describe('pact verification on the reference', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixture('reference');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('every interaction of every consumer passes, with evidence of its traffic', async () => {
    const results = await runAgainst(server, { checks: ids, suites: ['contract'] });
    // Only the verification talks to the target, besides the one read of the discovery document that says
    // which optional operations (x-psw-capability) the document keeps; the probe plan sends nothing.
    expect(results.artifacts.map((a) => [a.name, a.status]).sort()).toEqual(
      [
        ['DeclaredCapabilities', 'ok'],
        ['OpenApi', 'ok'],
        ['PactVerification', 'ok'],
        ['ProbePlan', 'ok'],
      ].sort(),
    );
    expect(pactOutcomes(results)).toEqual(Object.fromEntries(ids.map((id) => [id, 'pass'])));
    for (const id of ids) {
      const r = results.checks.find((c) => c.id === id)!;
      expect(r.evidence.length, id).toBeGreaterThan(0);
      for (const e of r.evidence) expect(results.evidence[e], `${id}: ${e}`).toMatchObject({ kind: 'http' });
    }
    const req013 = results.requirements.find((r) => r.id === 'PSW-API-013');
    expect(req013?.status).toBe('pass');
    expect(req013?.coveredBy).toEqual(expect.arrayContaining(ids));
  });
});

describe.each(CAUGHT)('on the flawed port with only %s', (defect, caught) => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixture('flawed', [defect]);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('exactly the interactions meant to catch it fail, with evidence', async () => {
    const results = await runAgainst(server, { checks: ids, suites: ['contract'] });
    const outcomes = pactOutcomes(results);
    const failing = Object.entries(outcomes)
      .filter(([, o]) => o !== 'pass')
      .map(([id, o]) => [id, o.split(':')[0]]);
    expect(failing).toEqual(caught.map((id) => [id, 'fail']).sort((a, b) => (a[0]! < b[0]! ? -1 : 1)));
    for (const id of caught) {
      const r = results.checks.find((c) => c.id === id)!;
      expect(r.findings.length).toBeGreaterThan(0);
      for (const f of r.findings) {
        expect(['status', 'header', 'body', 'body-type', 'query', 'other']).toContain(f.id);
        expect(f.evidence?.length, f.id).toBeGreaterThan(0);
        for (const e of f.evidence ?? []) expect(results.evidence[e]).toBeDefined();
      }
    }
  });
});
