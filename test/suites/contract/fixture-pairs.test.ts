// Every contract check passes on the reference single window and fails on the flawed port with only
// the defect that fixtures/defects.ts pairs it with switched on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checks } from '../../../suites/contract/index.ts';
import { runAgainst, startFixture, type FixtureServer } from '../../helpers/fixture-harness.ts';

const PAIRS: [check: string, defect: string][] = [
  ['response-schema', 'malformed-port-call-body'],
  ['imo-number-validation', 'no-imo-check-digit'],
  ['mmsi-validation', 'no-mmsi-validation'],
  ['locode-validation', 'no-locode-validation'],
  ['eta-etd-order', 'eta-after-etd-accepted'],
  ['datetime-offset', 'naive-datetime-accepted'],
  ['port-call-creation', 'location-header-missing'],
  ['if-match-required', 'if-match-optional'],
  ['stale-etag-rejected', 'stale-etag-accepted'],
  ['cancelled-port-call-immutable', 'update-after-cancel-accepted'],
  ['arrival-departure-order', 'atd-before-ata-accepted'],
  ['receipt-format', 'receipt-id-reused'],
  ['problem-details-format', 'problem-status-mismatch'],
  ['crew-count-consistency', 'crew-count-unchecked'],
  ['dangerous-goods-validation', 'dangerous-goods-unchecked'],
];

describe('contract checks on the reference', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixture('reference');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('every contract check passes', async () => {
    const ids = checks.map((c) => c.id);
    const results = await runAgainst(server, { checks: ids, suites: ['contract'] });
    const outcomes = Object.fromEntries(
      results.checks
        .filter((c) => ids.includes(c.id))
        .map((c) => [c.id, c.summary && c.outcome !== 'pass' ? `${c.outcome}: ${c.summary}` : c.outcome]),
    );
    expect(outcomes).toEqual(Object.fromEntries(ids.map((id) => [id, 'pass'])));
    expect(results.artifacts.filter((a) => a.status !== 'ok')).toEqual([]);
  });
});

describe.each(PAIRS)('%s on the flawed port with only %s', (checkId, defect) => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixture('flawed', [defect]);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('fails, with findings carrying evidence', async () => {
    const results = await runAgainst(server, { checks: [checkId], suites: ['contract'] });
    const result = results.checks.find((c) => c.id === checkId);
    expect(result?.outcome, result?.summary).toBe('fail');
    expect(result?.findings.length).toBeGreaterThan(0);
    for (const f of result?.findings ?? []) {
      expect(f.evidence?.length, f.id).toBeGreaterThan(0);
      for (const id of f.evidence ?? []) expect(results.evidence[id], id).toBeDefined();
    }
  });
});
