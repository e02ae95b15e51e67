// Every portal check passes on the reference single window, every portal place probed; on the flawed
// port with only one portal defect on, exactly the checks of its caughtBy (fixtures/defects/portal.ts)
// fail, with the findings and at the place (page, field, attempt) the table below says, and every other
// portal check still passes. One browser visit per server: all six checks judge the same PortalSession.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Results } from '../../../engine/types.ts';
import { DEMO_PORTAL_USERS } from '../../../fixtures/credentials.ts';
import { PORTAL_DEFECTS } from '../../../fixtures/defects/portal.ts';
import { sharePortalBrowser } from '../../../suites/portal/browser.ts';
import { checks } from '../../../suites/portal/index.ts';
import { launchChromium } from '../../helpers/chromium.ts';
import { runAgainst, startFixture, type FixtureServer } from '../../helpers/fixture-harness.ts';

// Each run has its own server and session: two at a time, so one run's waits (page loads) are spent
// on the other's work; a busy renderer per core is as many as two cores bear.
const RUNS_AT_ONCE = 2;
vi.setConfig({ maxConcurrency: RUNS_AT_ONCE });

// One Chromium for the file: each run's visit gets a fresh context of it (no cookies, storage or cache
// shared), instead of starting and stopping a browser of its own.
let browser: Browser | undefined;
beforeAll(async () => {
  browser = await launchChromium();
  sharePortalBrowser(browser);
});
afterAll(async () => {
  sharePortalBrowser(undefined);
  await browser?.close();
  // The bound is this file's: nothing after it in the same worker inherits it.
  vi.resetConfig();
});

/** Per defect and failing check: the finding ids, and what their data must hold (the place: page, field, rule). */
type Expected = Record<string, { findings: string[]; data?: Record<string, unknown>[] }>;
const EXPECTED: Record<string, Expected> = {
  'portal-accepts-any-password': {
    // Any password: the wrong one and the empty one alike.
    'portal-login': { findings: ['empty-password-accepted', 'wrong-password-accepted'] },
  },
  'portal-accepts-empty-password': { 'portal-login': { findings: ['empty-password-accepted'] } },
  'portal-accepts-unknown-user': { 'portal-login': { findings: ['unknown-user-accepted'] } },
  'portal-fal1-crew-dropped': {
    'portal-api-agreement': { findings: ['field-missing'], data: [{ field: 'numberOfCrew' }] },
  },
  'portal-fal1-passengers-zeroed': {
    'portal-api-agreement': { findings: ['field-disagrees'], data: [{ field: 'numberOfPassengers', api: 0 }] },
  },
  'portal-fal1-last-port-from-port-call': {
    'portal-api-agreement': { findings: ['field-disagrees'], data: [{ field: 'lastPortOfCall', api: 'GBSOU' }] },
  },
  'session-cookie-insecure': {
    'portal-session-cookie': { findings: ['cookie-not-httponly', 'cookie-not-secure', 'cookie-samesite-missing'] },
  },
  'session-cookie-rotated-without-httponly': {
    'portal-session-cookie': { findings: ['cookie-not-httponly'], data: [{ pages: 'fal1-result' }] },
  },
  'csp-unsafe-inline': { 'portal-csp': { findings: ['csp-unsafe-inline-script'] } },
  'csp-unsafe-inline-on-form-errors': {
    'portal-csp': { findings: ['csp-unsafe-inline-script'], data: [{ pages: 'fal1-errors' }] },
  },
  // Event handlers only: <script> elements stay blocked, so the one finding names the attribute chain.
  'csp-unsafe-inline-handlers-on-list': {
    'portal-csp': {
      findings: ['csp-unsafe-inline-script'],
      data: [
        { pages: 'list', directive: 'script-src-attr', inline: 'event handlers', handlersDirective: 'script-src-attr' },
      ],
    },
  },
  'csp-unsafe-inline-handlers-on-signed-out': {
    'portal-csp': {
      findings: ['csp-unsafe-inline-script'],
      data: [
        {
          pages: 'signed-out',
          directive: 'script-src',
          inline: 'event handlers',
          handlersDirective: 'script-src',
          policy:
            "default-src 'none'; script-src-elem 'self'; script-src 'unsafe-inline'; style-src 'self'; img-src 'self'; base-uri 'none'",
        },
      ],
    },
  },
  'logout-keeps-session': {
    'portal-logout': {
      findings: ['session-valid-after-logout'],
      data: [{ page: 'list' }, { page: 'port-call' }, { page: 'fal1-result' }],
    },
  },
  'logout-keeps-remember-cookie': {
    'portal-logout': {
      findings: ['session-valid-after-logout'],
      data: [{ page: 'list' }, { page: 'port-call' }, { page: 'fal1-result' }],
    },
  },
  'logout-list-still-served': {
    'portal-logout': { findings: ['session-valid-after-logout'], data: [{ page: 'list' }] },
  },
  // Broken on every page (the rules it must break are A11Y_RULES).
  'portal-a11y-violations': { 'portal-accessibility': { findings: ['axe-violation'] } },
  'portal-a11y-form-errors-faint': {
    'portal-accessibility': {
      findings: ['axe-violation'],
      data: [{ ruleId: 'color-contrast', page: 'fal1-errors' }],
    },
  },
};

/** The axe rules the broad a11y defect must break (among others). */
const A11Y_RULES = ['color-contrast', 'html-has-lang', 'label'];

const IDS = checks.map((c) => c.id);

function outcomes(results: Results): Record<string, string> {
  return Object.fromEntries(
    results.checks
      .filter((c) => IDS.includes(c.id))
      .map((c) => [c.id, c.outcome === 'pass' ? 'pass' : `${c.outcome}: ${c.summary ?? c.error?.message ?? ''}`]),
  );
}

describe.concurrent('portal checks on the reference', () => {
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

  it('probes every portal place the plan derives from the profile', () => {
    for (const r of results.requirements.filter((x) => x.id.startsWith('PSW-PORTAL-'))) {
      expect(r.places?.planned.length, r.id).toBeGreaterThan(0);
      expect(r.places?.notProbed, r.id).toEqual([]);
    }
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
    expect(replays).toHaveLength(6); // list, port call and declaration received, before and after signing out
    for (const r of replays) {
      expect(r.kind === 'http' && r.request.headers.cookie).toMatch(/^__Host-psw_session=\[REDACTED\]$/);
    }
  });
});

it('every portal defect has its expected findings, for exactly the checks of its caughtBy', () => {
  expect(Object.keys(EXPECTED).sort()).toEqual(PORTAL_DEFECTS.map((d) => d.id).sort());
  for (const d of PORTAL_DEFECTS) expect(Object.keys(EXPECTED[d.id]!).sort(), d.id).toEqual([...d.caughtBy].sort());
});

describe.concurrent.each(PORTAL_DEFECTS.map((d) => [d.id, d.caughtBy] as const))(
  'the flawed port with only %s',
  (defect, caughtBy) => {
    let server: FixtureServer;
    let results: Results;
    beforeAll(async () => {
      server = await startFixture('flawed', [defect]);
      results = await runAgainst(server, { checks: IDS, suites: ['portal'] });
    });
    afterAll(async () => {
      await server?.close();
    });

    it(`fails ${caughtBy.join(', ')}, with the expected findings at their place, carrying evidence that exists`, () => {
      for (const [checkId, want] of Object.entries(EXPECTED[defect] ?? {})) {
        const result = results.checks.find((c) => c.id === checkId);
        expect(result?.outcome, result?.summary ?? result?.error?.message).toBe('fail');
        expect([...new Set(result?.findings.map((f) => f.id))].sort()).toEqual(want.findings);
        if (want.data)
          expect(result?.findings.map((f) => f.data)).toEqual(want.data.map((d) => expect.objectContaining(d)));
        // Baselines and waivers tell findings apart by fingerprint: portal-csp's are each their own.
        if (checkId === 'portal-csp') {
          const prints = result?.findings.map((f) => f.fingerprint) ?? [];
          expect(prints.every(Boolean) && new Set(prints).size === prints.length, prints.join(' ')).toBe(true);
        }
        if (defect === 'portal-a11y-violations') {
          const found = new Set(result?.findings.map((f) => f.data?.ruleId));
          for (const rule of A11Y_RULES) expect(found.has(rule), rule).toBe(true);
        }
        for (const f of result?.findings ?? []) {
          expect(f.evidence?.length, f.id).toBeGreaterThan(0);
          if (f.id === 'axe-violation') expect(f.location?.selector, f.message).toBeTruthy();
          for (const id of f.evidence ?? []) expect(results.evidence[id], id).toBeDefined();
        }
      }
    });

    it('and no other portal check is affected', () => {
      const others = outcomes(results);
      for (const id of caughtBy) delete others[id];
      expect(others).toEqual(Object.fromEntries(IDS.filter((id) => !caughtBy.includes(id)).map((id) => [id, 'pass'])));
    });
  },
);
