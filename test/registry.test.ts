// Catalog lint (ESLint's checkRuleFiles, Lighthouse's validation.js): every check is complete,
// cites real requirements, has its own file named after its id, and is proven by a seeded defect.
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DCSA_PORT_CALL_REQUIREMENTS_FILE, loadRequirements } from '../contracts/requirements.ts';
import { renderMessage } from '../engine/check.ts';
import { DEFECTS as PORT_DEFECTS } from '../fixtures/defects.ts';
import { DCSA_DEFECTS } from '../fixtures/dcsa-port-call/defects.ts';
import { WEAK_TLS_CAUGHT_BY } from '../fixtures/tls/weak-servers.ts';
import { AREAS } from '../engine/types.ts';
import { ALL_CHECKS, ALL_COLLECTORS } from '../suites/index.ts';
import { externalEngineChecks } from '../suites/security/index.ts';

/** Every standard's catalog and seeded defects: profile v1's flawed port and the flawed DCSA server. */
const CATALOG = [...loadRequirements(), ...loadRequirements(DCSA_PORT_CALL_REQUIREMENTS_FILE)];
const DEFECTS = [...PORT_DEFECTS, ...DCSA_DEFECTS];
const requirementIds = new Set(CATALOG.map((r) => r.id));
const caught = new Set([...DEFECTS.flatMap((d) => d.caughtBy), ...Object.values(WEAK_TLS_CAUGHT_BY).flat()]);
/** Checks generated from the pact files: one per interaction, proven as a family (see suites/contract/pact). */
const isGenerated = (id: string) => id.startsWith('pact-');
/**
 * Checks whose findings come from an external engine (ZAP) that the machines running these tests do not
 * have: on the flawed port without the engine they are skipped, so no seeded defect could name them in
 * `caughtBy` (the fixture pairs would see `skipped`). They are proven instead by the stand-in engines, which
 * derive their alerts from the flawed port's real answers: that test must exist.
 */
const PROVEN_BY_STAND_IN: Record<string, string> = {
  'zap-api-scan': 'security/zap/stand-in.test.ts',
};
const isExternal = (id: string) => id in PROVEN_BY_STAND_IN;

describe('check registry', () => {
  it('has unique kebab-case ids', () => {
    const ids = ALL_CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it.each(ALL_CHECKS.filter((c) => !isGenerated(c.id)).map((c) => [c.id, c] as const))(
    '%s has a file of its own named after it',
    (id, c) => {
      const dir = new URL(`../suites/${c.area}/`, import.meta.url);
      const files = readdirSync(dir, { recursive: true }).map(String);
      expect(files.some((f) => f === `${id}.ts` || f.endsWith(`/${id}.ts`))).toBe(true);
    },
  );

  it.each(ALL_CHECKS.map((c) => [c.id, c] as const))('%s is complete and cites catalogued requirements', (_id, c) => {
    expect(c.title.trim()).not.toBe('');
    expect(c.failureTitle.trim()).not.toBe('');
    expect(c.failureTitle).not.toBe(c.title);
    expect(c.description.trim().length).toBeGreaterThan(20);
    expect(c.requirements.length).toBeGreaterThan(0);
    for (const r of c.requirements) expect(requirementIds, `${c.id} cites ${r}`).toContain(r);
    expect(c.requires.length).toBeGreaterThan(0);
    expect(Object.keys(c.messages).length).toBeGreaterThan(0);
    for (const m of Object.values(c.messages)) expect(renderMessage(m, {})).toBeTypeOf('string');
  });

  it.each(ALL_CHECKS.filter((c) => !isGenerated(c.id)).map((c) => [c.id, c] as const))(
    '%s says what to change when it fails (remediation)',
    (_id, c) => {
      expect(c.remediation?.trim().length ?? 0).toBeGreaterThan(20);
    },
  );

  it('every artifact a check needs has a collector', () => {
    const provided = new Set(ALL_COLLECTORS.map((c) => c.name));
    for (const c of ALL_CHECKS) for (const a of c.requires) expect(provided, `${c.id} needs ${a}`).toContain(a);
    expect(new Set(ALL_COLLECTORS.map((c) => c.name)).size).toBe(ALL_COLLECTORS.length);
  });

  it('every hand-written check is proven by a seeded defect (flawed port or weak TLS server)', () => {
    const unproven = ALL_CHECKS.filter((c) => !isGenerated(c.id) && !isExternal(c.id) && !caught.has(c.id)).map(
      (c) => c.id,
    );
    expect(unproven).toEqual([]);
  });

  it("every external-engine check is exempt only with its stand-in test, and is no defect's prover", () => {
    expect(externalEngineChecks.map((c) => c.id).sort()).toEqual(Object.keys(PROVEN_BY_STAND_IN).sort());
    for (const file of Object.values(PROVEN_BY_STAND_IN))
      expect(existsSync(new URL(`./${file}`, import.meta.url))).toBe(true);
    for (const id of Object.keys(PROVEN_BY_STAND_IN)) expect(caught.has(id), id).toBe(false);
  });

  it('every hand-written check is proven by at least two seeded defects, and the pact family by two', () => {
    // Mutation testing's lesson: one defect proves the check sees one place; a second, in another place
    // (field, route, method, boundary, item, direction), proves it looks where its requirement applies.
    const provers = (id: string) =>
      DEFECTS.filter((d) => d.caughtBy.includes(id)).length +
      Object.values(WEAK_TLS_CAUGHT_BY).filter((checks) => checks.includes(id)).length;
    const weak = ALL_CHECKS.filter((c) => !isGenerated(c.id) && !isExternal(c.id) && provers(c.id) < 2).map(
      (c) => `${c.id}: ${provers(c.id)}`,
    );
    expect(weak).toEqual([]);
    expect(DEFECTS.filter((d) => d.caughtBy.some(isGenerated)).length).toBeGreaterThanOrEqual(2);
  });

  it('every defect names checks that exist', () => {
    const ids = new Set(ALL_CHECKS.map((c) => c.id));
    for (const d of DEFECTS) for (const c of d.caughtBy) expect(ids, `${d.id} → ${c}`).toContain(c);
    for (const [kind, checks] of Object.entries(WEAK_TLS_CAUGHT_BY))
      for (const c of checks) expect(ids, `${kind} → ${c}`).toContain(c);
  });

  it('has a unit test file for every hand-written check', () => {
    const missing = ALL_CHECKS.filter((c) => !isGenerated(c.id)).filter((c) => {
      const base = new URL(`./suites/${c.area}/`, import.meta.url);
      if (!existsSync(base)) return true;
      return !readdirSync(base, { recursive: true })
        .map(String)
        .some((f) => f.endsWith(`${c.id}.test.ts`));
    });
    expect(missing.map((c) => c.id)).toEqual([]);
  });

  it('every MUST requirement judged black-box has a check, unless the catalog says why not', () => {
    // Every area is judged from outside the target (contract, security, load, portal). A requirement
    // counts as covered by a hand-written check that cites it, or by the generated pact family as a
    // whole (the requirement every pact check cites): one interaction that happens to touch a rule
    // does not judge the rule (a passenger list sent once does not compare passenger counts).
    const generated = ALL_CHECKS.filter((c) => isGenerated(c.id));
    const family = new Set(
      generated.length === 0
        ? []
        : generated[0]!.requirements.filter((r) => generated.every((c) => c.requirements.includes(r))),
    );
    const handWritten = new Set(ALL_CHECKS.filter((c) => !isGenerated(c.id)).flatMap((c) => [...c.requirements]));
    const uncovered = CATALOG.filter(
      (r) => r.level === 'MUST' && (AREAS as readonly string[]).includes(r.area) && !r.notTestedReason,
    )
      .filter((r) => !handWritten.has(r.id) && !family.has(r.id))
      .map((r) => r.id);
    expect(uncovered).toEqual([]);
  });
});
