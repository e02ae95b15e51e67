// The registry: every planned contract check, sorted, with complete metadata.
import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../../engine/check.ts';
import { CONTRACT_DEFECTS } from '../../../fixtures/defects/contract.ts';
import { DCSA_DEFECTS } from '../../../fixtures/dcsa-port-call/defects.ts';
import { checks, collectors } from '../../../suites/contract/index.ts';

const PLANNED: Record<string, string[]> = {
  'response-schema': ['PSW-API-001'],
  'imo-number-validation': ['PSW-ID-001'],
  'mmsi-validation': ['PSW-ID-002'],
  'locode-validation': ['PSW-ID-003'],
  'eta-etd-order': ['PSW-BR-001'],
  'datetime-offset': ['PSW-ID-006'],
  'port-call-creation': ['PSW-API-003'],
  'if-match-required': ['PSW-API-004'],
  'stale-etag-rejected': ['PSW-API-005'],
  'cancelled-port-call-immutable': ['PSW-API-006'],
  'arrival-departure-order': ['PSW-BR-004'],
  'receipt-format': ['PSW-API-007'],
  'problem-details-format': ['PSW-API-008'],
  'crew-count-consistency': ['PSW-BR-002'],
  'passenger-count-consistency': ['PSW-BR-003'],
  'dangerous-goods-validation': ['PSW-ID-004', 'PSW-ID-005'],
};

describe('contract registry', () => {
  it('holds every planned check once, sorted by id', () => {
    const ids = checks.map((c) => c.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of Object.keys(PLANNED)) expect(ids).toContain(id);
  });

  it('holds the collectors sorted by artifact name, providing every artifact the checks need', () => {
    const names = collectors.map((c) => c.name);
    expect(names).toEqual([...names].sort());
    // ErrorProbes (every operation on its error path) is the security suite's; problem details judge it too.
    const provided = new Set([...names, 'HttpLog', 'ProbePlan', 'ErrorProbes']);
    for (const c of checks) for (const r of c.requires) expect(provided, `${c.id} needs ${r}`).toContain(r);
  });

  it.each(checks.map((c) => [c.id, c] as const))('%s has complete metadata', (id, c) => {
    expect(c.area).toBe('contract');
    if (PLANNED[id]) expect([...c.requirements]).toEqual(PLANNED[id]);
    expect(c.title).not.toBe(c.failureTitle);
    expect(c.description.length).toBeGreaterThan(80);
    expect(Object.keys(c.messages).length).toBeGreaterThan(0);
    for (const template of Object.values(c.messages)) {
      const keys = [...template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!);
      const rendered = renderMessage(template, Object.fromEntries(keys.map((k) => [k, 'x'])));
      expect(rendered).not.toMatch(/\{\{/);
    }
  });
});

describe('contract checks are proven where they look', () => {
  it('every hand-written contract check is caught failing by at least two seeded defects (in different places)', () => {
    // The flawed port's contract defects and the flawed DCSA server's (the DCSA checks').
    const proofs = (id: string) =>
      [...CONTRACT_DEFECTS, ...DCSA_DEFECTS].filter((d) => d.caughtBy.includes(id)).map((d) => d.id);
    const thin = checks
      .filter((c) => !c.id.startsWith('pact-'))
      .map((c) => [c.id, proofs(c.id)] as const)
      .filter(([, defects]) => defects.length < 2);
    expect(thin).toEqual([]);
  });
});
