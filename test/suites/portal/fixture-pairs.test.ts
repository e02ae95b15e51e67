// Every portal check passes on the reference single window; on the flawed port with only one portal
// defect on, exactly the check fixtures/defects.ts pairs with it fails and every other portal check still passes.
// One browser visit per server: all six checks judge the same PortalSession.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../../../engine/types.ts';
import { DEMO_PORTAL_USERS } from '../../../fixtures/credentials.ts';
import { checks } from '../../../suites/portal/index.ts';
import { runAgainst, startFixture, type FixtureServer } from '../../helpers/fixture-harness.ts';

/** check, defect, the finding ids it must report, and (a11y) the axe rules among them. */
const PAIRS: [check: string, defect: string, findings: string[], rules: string[]][] = [
  ['portal-login', 'portal-accepts-any-password', ['wrong-password-accepted'], []],
  ['portal-api-agreement', 'portal-fal1-crew-dropped', ['field-missing'], []],
  [
    'portal-session-cookie',
    'session-cookie-insecure',
    ['cookie-not-httponly', 'cookie-not-secure', 'cookie-samesite-missing'],
    [],
  ],
  ['portal-csp', 'csp-unsafe-inline', ['csp-unsafe-inline-script'], []],
  ['portal-logout', 'logout-keeps-session', ['session-valid-after-logout'], []],
  ['portal-accessibility', 'portal-a11y-violations', ['axe-violation'], ['color-contrast', 'html-has-lang', 'label']],
];

const IDS = checks.map((c) => c.id);

function outcomes(results: Results): Record<string, string> {
  return Object.fromEntries(
    results.checks
      .filter((c) => IDS.includes(c.id))
      .map((c) => [c.id, c.outcome === 'pass' ? 'pass' : `${c.outcome}: ${c.summary ?? c.error?.message ?? ''}`]),
  );
}

describe('portal checks on the reference', () => {
  let server: FixtureServer;
  let results: Results;
  beforeAll(async () => {
    server = await startFixture('reference');
    results = await runAgainst(server, { checks: IDS, suites: ['portal'] });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('every portal check passes, from one artifact collected without error', () => {
    expect(outcomes(results)).toEqual(Object.fromEntries(IDS.map((id) => [id, 'pass'])));
    expect(results.artifacts.filter((a) => a.name === 'PortalSession').map((a) => a.status)).toEqual(['ok']);
  });

  it('writes no secret and no personal data into the results', () => {
    const text = JSON.stringify(results);
    const user = DEMO_PORTAL_USERS[0]!;
    expect(text).not.toContain(user.password);
    expect(text).not.toContain('Conformance Test Master');
    expect(text).not.toMatch(/__Host-psw_session=(?!\[REDACTED\])/);
  });

  it('keeps screenshots and redacted exchanges as evidence', () => {
    const files = Object.values(results.evidence).filter((e) => e.kind === 'file');
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const f of files)
      expect(f).toMatchObject({
        contentType: 'image/png',
        path: expect.stringMatching(/^evidence\/[0-9a-f]{64}\.png$/),
      });
    const replays = Object.values(results.evidence).filter(
      (e) => e.kind === 'http' && e.label?.startsWith('portal: session cookie replayed'),
    );
    expect(replays).toHaveLength(2);
    for (const r of replays) {
      expect(r.kind === 'http' && r.request.headers.cookie).toMatch(/^__Host-psw_session=\[REDACTED\]$/);
    }
  });
});

describe.each(PAIRS)('%s on the flawed port with only %s', (checkId, defect, findingIds, rules) => {
  let server: FixtureServer;
  let results: Results;
  beforeAll(async () => {
    server = await startFixture('flawed', [defect]);
    results = await runAgainst(server, { checks: IDS, suites: ['portal'] });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('fails, with the expected findings carrying evidence that exists', () => {
    const result = results.checks.find((c) => c.id === checkId);
    expect(result?.outcome, result?.summary ?? result?.error?.message).toBe('fail');
    expect([...new Set(result?.findings.map((f) => f.id))].sort()).toEqual(findingIds);
    const found = new Set(result?.findings.map((f) => f.data?.ruleId));
    for (const rule of rules) expect(found.has(rule), rule).toBe(true);
    for (const f of result?.findings ?? []) {
      expect(f.evidence?.length, f.id).toBeGreaterThan(0);
      if (f.id === 'axe-violation') expect(f.location?.selector, f.message).toBeTruthy();
      for (const id of f.evidence ?? []) expect(results.evidence[id], id).toBeDefined();
    }
  });

  it('and no other portal check is affected', () => {
    const others = outcomes(results);
    delete others[checkId];
    expect(others).toEqual(Object.fromEntries(IDS.filter((id) => id !== checkId).map((id) => [id, 'pass'])));
  });
});
