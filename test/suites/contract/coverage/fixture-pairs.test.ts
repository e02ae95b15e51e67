// The whole harness against the fixtures: on the reference the coverage checks pass and every
// operation of profile v1 is exercised; each seeded defect alone fails the check that catches it.
import { describe, expect, it } from 'vitest';
import { defectById } from '../../../../fixtures/defects.ts';
import { startReferenceServer } from '../../../../fixtures/index.ts';
import type { CoverageTable } from '../../../../suites/contract/coverage/table.ts';
import { outcomeOf, runAgainst, startFixture } from '../../../helpers/fixture-harness.ts';

const MINE = ['operation-coverage', 'documented-responses', 'required-headers', 'invalid-input-rejected'];

// Tokens as short-lived as the auth pairs' (auth-fixture-pairs.test.ts): the whole run's security suite
// waits for one to expire (TTL + 6 s), and the reference's default 30 s TTL would add 20 s of waiting.
const TOKEN_POLICY = { tokenTtlSeconds: 10, clockLeewaySeconds: 5 };

// The runs share nothing (a server and a session each): the defects' short runs go beside the whole one.
describe.concurrent('coverage checks on the reference (contract and security suites together)', () => {
  it('all pass, and operation-coverage shows every operation of profile v1 exercised', async () => {
    const server = await startReferenceServer({ host: '127.0.0.1', port: 0, ...TOKEN_POLICY });
    try {
      const results = await runAgainst(server, { suites: ['contract', 'security'] });
      for (const id of MINE) expect(outcomeOf(results, id), id).toBe('pass');
      const table = results.extensions?.['operation-coverage'] as CoverageTable;
      expect(table.operations).toHaveLength(20);
      expect(table.neverExercised).toEqual([]);
      expect(table.notImplemented).toEqual([]);
      for (const row of table.operations) {
        const ok = Object.keys(row.statuses).some((s) => s.startsWith('2'));
        expect(ok, `${row.operationId} ${JSON.stringify(row.statuses)}`).toBe(true);
      }
      expect(results.checks.find((c) => c.id === 'operation-coverage')?.metrics).toMatchObject({
        operations: 20,
        exercised: 20,
      });
    } finally {
      await server.close();
    }
  });
});

const CASES: Array<{
  defect: string;
  check: string;
  finding: string;
  operationId: string;
  header?: string;
  status?: number;
}> = [
  {
    defect: 'discovery-document-missing',
    check: 'operation-coverage',
    finding: 'not-implemented',
    operationId: 'getPswConfiguration',
  },
  {
    defect: 'discovery-document-missing',
    check: 'documented-responses',
    finding: 'undocumented-status',
    operationId: 'getPswConfiguration',
    status: 404,
  },
  {
    defect: 'plain-text-not-found',
    check: 'documented-responses',
    finding: 'undocumented-content-type',
    operationId: 'getPortCall',
    status: 404,
  },
  {
    defect: 'ratelimit-headers-missing',
    check: 'required-headers',
    finding: 'missing-header',
    operationId: 'listFormalities',
    header: 'ratelimit-limit',
  },
  {
    defect: 'location-header-missing',
    check: 'required-headers',
    finding: 'missing-header',
    operationId: 'createPortCall',
    header: 'location',
  },
];

describe.concurrent('coverage checks on the flawed port, one defect at a time', () => {
  it.each(CASES.map((c) => [`${c.defect} → ${c.check}`, c] as const))('%s', async (_d, c) => {
    expect(defectById(c.defect)?.caughtBy).toContain(c.check);
    const server = await startFixture('flawed', [c.defect]);
    try {
      const results = await runAgainst(server, { checks: [c.check] });
      expect(outcomeOf(results, c.check)).toBe('fail');
      const findings = results.checks.find((r) => r.id === c.check)!.findings;
      const hit = findings.find((f) => f.id === c.finding && f.location?.operationId === c.operationId);
      expect(hit, JSON.stringify(findings.map((f) => [f.id, f.location]))).toBeDefined();
      if (c.header) expect(hit!.location?.header).toBe(c.header);
      if (c.status) expect(hit!.data?.status).toBe(c.status);
      expect(hit!.evidence?.length).toBe(1);
    } finally {
      await server.close();
    }
  });
});
