// The portal registry against the planned portal checks: ids, requirements, artifacts, seeded defects.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFECTS } from '../../../fixtures/defects.ts';
import { checks, collectors } from '../../../suites/portal/index.ts';

const PLAN: [id: string, requirement: string][] = [
  ['portal-login', 'PSW-PORTAL-001'],
  ['portal-api-agreement', 'PSW-PORTAL-002'],
  ['portal-session-cookie', 'PSW-PORTAL-003'],
  ['portal-csp', 'PSW-PORTAL-004'],
  ['portal-logout', 'PSW-PORTAL-005'],
  ['portal-accessibility', 'PSW-PORTAL-006'],
];

describe('portal suite registry', () => {
  it('holds the six checks of the plan, each in its own file, citing its requirement', () => {
    expect(checks.map((c) => [c.id, ...c.requirements])).toEqual(PLAN);
    for (const c of checks) {
      expect(existsSync(new URL(`../../../suites/portal/${c.id}.ts`, import.meta.url)), c.id).toBe(true);
      expect(c.area).toBe('portal');
      // The visit, and the probe plan whose portal places it reports.
      expect(c.requires).toEqual(['PortalSession', 'ProbePlan']);
      expect(c.title).not.toBe(c.failureTitle);
      expect(c.description.length).toBeGreaterThan(80);
      expect(existsSync(new URL(`./${c.id}.test.ts`, import.meta.url)), `${c.id} has a unit test`).toBe(true);
    }
  });

  it('has the one collector the checks need', () => {
    expect(collectors.map((c) => c.name)).toEqual(['PortalSession']);
  });

  it('every portal defect is caught by a portal check of this registry', () => {
    const ids = new Set(checks.map((c) => c.id));
    for (const d of DEFECTS.filter((x) => x.area === 'portal'))
      expect(
        d.caughtBy.every((id) => ids.has(id)),
        d.id,
      ).toBe(true);
  });

  it('every portal check is proven by at least two seeded defects', () => {
    const portal = DEFECTS.filter((x) => x.area === 'portal');
    for (const c of checks)
      expect(portal.filter((d) => d.caughtBy.includes(c.id)).length, c.id).toBeGreaterThanOrEqual(2);
  });
});
