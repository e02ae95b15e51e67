import { describe, expect, it } from 'vitest';
import { findingFingerprint } from '../../../engine/fingerprint.ts';
import check from '../../../suites/portal/portal-csp.ts';
import type { PortalSession } from '../../../suites/portal/artifact.ts';
import { NOT_APPLICABLE, PAGE_KINDS, PORTAL, findingsOf, placesOf, runCheck, session, urlOf } from './builders.ts';

const ORIGINS = { apiBaseUrl: 'https://psw.example/api/v1/', portalUrl: PORTAL };
/** Two header policies: the first lets <script> elements run inline, the second event handlers. */
const ELEMENTS_ONLY = "script-src-elem 'unsafe-inline'";
const HANDLERS_ONLY = "script-src-attr 'unsafe-inline'";
const header = (url: string) => ({ url, header: 'content-security-policy' });
const allPages =
  (csp: string[], cspMeta: string[] = []) =>
  (a: PortalSession) => {
    for (const p of a.pages) {
      p.csp = csp;
      p.cspMeta = cspMeta;
    }
  };

describe('portal-csp', () => {
  it.each<[string, (a: PortalSession) => void]>([
    ['the reference policy', () => undefined],
    ["'unsafe-inline' neutralised by a nonce", allPages(["script-src 'nonce-abc' 'unsafe-inline'; object-src 'none'"])],
    [
      "'unsafe-inline' neutralised by a hash",
      allPages(["default-src 'self'; script-src 'self' 'sha256-abc=' 'unsafe-inline'"]),
    ],
    ['scripts restricted by default-src only', allPages(["default-src 'self'"])],
    [
      'a second policy that blocks what the first allows',
      allPages(["script-src 'unsafe-inline'", "script-src 'self'"]),
    ],
    ['a meta policy', allPages([], ["default-src 'self'"])],
    [
      "style 'unsafe-inline' (scripts only, by default)",
      allPages(["default-src 'self'; style-src 'self' 'unsafe-inline'"]),
    ],
    [
      'strict-dynamic with https: fallback',
      allPages(["script-src 'nonce-r4nd' 'strict-dynamic' https: 'unsafe-inline'"]),
    ],
    // Event handlers (onclick=...) follow script-src-attr, then script-src, then default-src.
    [
      "event handlers' 'unsafe-inline' neutralised by a hash (with 'unsafe-hashes')",
      allPages(["script-src 'self'; script-src-attr 'unsafe-inline' 'unsafe-hashes' 'sha256-abc='"]),
    ],
    [
      "event handlers' 'unsafe-inline' neutralised by a nonce",
      allPages(["script-src-elem 'self'; script-src 'unsafe-inline' 'nonce-abc'"]),
    ],
    [
      'event handlers allowed by one header policy, blocked by a second',
      allPages(["script-src 'self'; script-src-attr 'unsafe-inline'", "default-src 'self'"]),
    ],
    [
      'event handlers allowed by the header policy, blocked by a meta policy',
      allPages(["script-src-elem 'self'; script-src 'unsafe-inline'"], ["script-src 'self'"]),
    ],
    [
      "'unsafe-inline' in script-src overridden for both kinds",
      allPages(["script-src 'unsafe-inline'; script-src-elem 'self'; script-src-attr 'none'"]),
    ],
  ])('passes with %s', async (_name, change) => {
    const p = await runCheck(check, session(change));
    expect(p.outcome, p.summary).toBe('pass');
  });

  it('is not applicable without a portal', async () => {
    expect((await runCheck(check, NOT_APPLICABLE)).outcome).toBe('not-applicable');
  });

  it.each<
    [
      string,
      (a: PortalSession) => void,
      { id: string; location: unknown }[],
      Record<string, unknown>[],
      Record<string, unknown>,
    ]
  >([
    [
      "'unsafe-inline' scripts on every page (one finding)",
      allPages(["default-src 'self'; script-src 'self' 'unsafe-inline'"]),
      [{ id: 'csp-unsafe-inline-script', location: header(`${PORTAL}login`) }],
      [
        {
          pages: 'login, list, port-call, fal1-errors, fal1-result, signed-out, login-failed',
          directive: 'script-src',
          inline: 'script elements and event handlers',
        },
      ],
      {},
    ],
    [
      "'unsafe-inline' scripts only on the FAL1 form sent back with errors",
      (a) =>
        void (a.pages.find((p) => p.name === 'fal1-errors')!.csp = [
          "default-src 'self'; script-src 'self' 'unsafe-inline'",
        ]),
      [{ id: 'csp-unsafe-inline-script', location: header(urlOf('fal1-errors')) }],
      [{ pages: 'fal1-errors', directive: 'script-src' }],
      {},
    ],
    [
      "'unsafe-inline' through default-src",
      allPages(["default-src 'self' 'unsafe-inline'"]),
      [{ id: 'csp-unsafe-inline-script', location: header(`${PORTAL}login`) }],
      [{ directive: 'default-src' }],
      {},
    ],
    [
      "event handlers by script-src-attr 'unsafe-inline' under a strict script-src",
      allPages(["script-src 'self'; script-src-attr 'unsafe-inline'"]),
      [{ id: 'csp-unsafe-inline-script', location: header(`${PORTAL}login`) }],
      [{ directive: 'script-src-attr', inline: 'event handlers' }],
      {},
    ],
    [
      "event handlers by script-src 'unsafe-inline' that script-src-elem hides from <script> elements",
      allPages(["script-src-elem 'self'; script-src 'unsafe-inline'"]),
      [{ id: 'csp-unsafe-inline-script', location: header(`${PORTAL}login`) }],
      [{ directive: 'script-src', inline: 'event handlers' }],
      {},
    ],
    [
      "event handlers by 'unsafe-inline' with 'unsafe-hashes' but no hash",
      allPages(["default-src 'self'; script-src-attr 'unsafe-hashes' 'unsafe-inline'"]),
      [{ id: 'csp-unsafe-inline-script', location: header(`${PORTAL}login`) }],
      [{ directive: 'script-src-attr', inline: 'event handlers' }],
      {},
    ],
    [
      'event handlers allowed by both header policies (the first that allows them is named)',
      allPages([
        "script-src 'self'; script-src-attr 'unsafe-inline'",
        "script-src-elem 'self'; script-src 'unsafe-inline'",
      ]),
      [{ id: 'csp-unsafe-inline-script', location: header(`${PORTAL}login`) }],
      [
        {
          directive: 'script-src-attr',
          inline: 'event handlers',
          policy: "script-src 'self'; script-src-attr 'unsafe-inline'",
        },
      ],
      {},
    ],
    [
      'event handlers allowed by the header policy and a meta policy alike',
      allPages(
        ["script-src-elem 'self'; script-src 'unsafe-inline'"],
        ["default-src 'self' 'unsafe-inline'; script-src-elem 'self'"],
      ),
      [{ id: 'csp-unsafe-inline-script', location: header(`${PORTAL}login`) }],
      [{ directive: 'script-src', inline: 'event handlers' }],
      {},
    ],
    [
      'event handlers only on the FAL1 form sent back with errors',
      (a) =>
        void (a.pages.find((p) => p.name === 'fal1-errors')!.csp = [
          "default-src 'none'; script-src 'self'; script-src-attr 'unsafe-inline'",
        ]),
      [{ id: 'csp-unsafe-inline-script', location: header(urlOf('fal1-errors')) }],
      [{ pages: 'fal1-errors', directive: 'script-src-attr', inline: 'event handlers' }],
      {},
    ],
    [
      'elements and event handlers each by their own directive (one finding, both directives)',
      allPages(["script-src 'self'; script-src-elem 'unsafe-inline'; script-src-attr 'unsafe-inline'"]),
      [{ id: 'csp-unsafe-inline-script', location: header(`${PORTAL}login`) }],
      [
        {
          directive: 'script-src-elem, script-src-attr',
          inline: 'script elements and event handlers',
          elementsDirective: 'script-src-elem',
          handlersDirective: 'script-src-attr',
        },
      ],
      {},
    ],
    [
      'elements by one header policy, event handlers by a second, on every page (each at its own page)',
      allPages([ELEMENTS_ONLY, HANDLERS_ONLY]),
      [
        { id: 'csp-unsafe-inline-script', location: header(`${PORTAL}login`) },
        { id: 'csp-unsafe-inline-script', location: header(`${PORTAL}port-calls`) },
      ],
      [
        { policy: ELEMENTS_ONLY, directive: 'script-src-elem', inline: 'script elements' },
        { policy: HANDLERS_ONLY, directive: 'script-src-attr', inline: 'event handlers' },
      ],
      {},
    ],
    [
      'elements by one header policy, event handlers by a second, on the sign-in page only (one finding)',
      (a) => void (a.pages[0]!.csp = [ELEMENTS_ONLY, HANDLERS_ONLY]),
      [{ id: 'csp-unsafe-inline-script', location: header(`${PORTAL}login`) }],
      [
        {
          pages: 'login',
          policy: ELEMENTS_ONLY,
          otherPolicies: HANDLERS_ONLY,
          inline: 'script elements and event handlers',
          elementsDirective: 'script-src-elem',
          handlersDirective: 'script-src-attr',
        },
      ],
      {},
    ],
    [
      'different unsafe policies on the sign-in page and the refused sign-in, both at /login (one finding)',
      (a) => {
        a.pages.find((p) => p.name === 'login')!.csp = ["script-src 'unsafe-inline'"];
        a.pages.find((p) => p.name === 'login-failed')!.csp = ["default-src 'self' 'unsafe-inline'"];
      },
      [{ id: 'csp-unsafe-inline-script', location: header(`${PORTAL}login`) }],
      [
        {
          pages: 'login, login-failed',
          policy: "script-src 'unsafe-inline'",
          otherPolicies: "default-src 'self' 'unsafe-inline'",
          directive: 'script-src',
        },
      ],
      {},
    ],
    [
      'the same unsafe policy on the sign-in and signed-out pages, a second on the signed-out page',
      (a) => {
        a.pages.find((p) => p.name === 'login')!.csp = ["script-src 'unsafe-inline'"];
        a.pages.find((p) => p.name === 'signed-out')!.csp = ["script-src 'unsafe-inline'"];
      },
      [{ id: 'csp-unsafe-inline-script', location: header(`${PORTAL}login`) }],
      [{ pages: 'login, signed-out', directive: 'script-src' }],
      {},
    ],
    [
      'different unsafe policies on the sign-in and signed-out pages (two findings, two URLs)',
      (a) => {
        a.pages.find((p) => p.name === 'login')!.csp = ["script-src 'unsafe-inline'"];
        a.pages.find((p) => p.name === 'signed-out')!.csp = ["default-src 'self' 'unsafe-inline'"];
      },
      [
        { id: 'csp-unsafe-inline-script', location: header(`${PORTAL}login`) },
        { id: 'csp-unsafe-inline-script', location: header(`${PORTAL}login?signed-out`) },
      ],
      [
        { pages: 'login', directive: 'script-src' },
        { pages: 'signed-out', directive: 'default-src' },
      ],
      {},
    ],
    [
      'event handlers unrestricted when only script-src-elem is set',
      allPages(["script-src-elem 'self'; img-src 'self'"]),
      [{ id: 'csp-no-script-restriction', location: header(`${PORTAL}login`) }],
      [{ directive: null, inline: 'event handlers' }],
      {},
    ],
    [
      'no policy on one page',
      (a) => void (a.pages[1]!.csp = []),
      [{ id: 'csp-missing', location: header(`${PORTAL}port-calls`) }],
      [{ pages: 'list' }],
      {},
    ],
    [
      'a policy that does not restrict scripts',
      allPages(["frame-ancestors 'none'; img-src 'self'"]),
      [{ id: 'csp-no-script-restriction', location: header(`${PORTAL}login`) }],
      [{ directive: null }],
      {},
    ],
    [
      'scripts from any https: origin',
      allPages(["script-src 'self' https:"]),
      [{ id: 'csp-script-wildcard', location: header(`${PORTAL}login`) }],
      [{ directive: 'script-src' }],
      {},
    ],
    [
      "style 'unsafe-inline' when styles are judged too",
      allPages(["default-src 'self'; style-src 'self' 'unsafe-inline'"]),
      [{ id: 'csp-unsafe-inline-style', location: header(`${PORTAL}login`) }],
      [{ directive: 'style-src' }],
      { forbidUnsafeInlineStyles: true },
    ],
  ])('fails on %s', async (_name, change, expected, data, options) => {
    const p = await runCheck(check, session(change), options);
    expect(p.outcome).toBe('fail');
    expect(findingsOf(p)).toEqual(expected);
    expect(p.findings?.map((f) => f.data)).toMatchObject(data);
    for (const f of p.findings ?? []) expect(f.evidence?.length, f.id).toBeGreaterThan(0);
    // No two findings of one run share a fingerprint (baselines and waivers tell findings apart by it).
    const prints = (p.findings ?? []).map((f) => findingFingerprint(check.id, f, ORIGINS));
    expect(new Set(prints).size, JSON.stringify(findingsOf(p))).toBe(prints.length);
  });

  it('reports every kind of page it judged as a place probed', async () => {
    expect(placesOf(await runCheck(check, session()))).toEqual({
      probed: PAGE_KINDS.map((k) => `${k} page`),
      notProbed: [],
    });
  });

  it('reports the FAL1 form with errors as not probed when the portal accepted the invalid FAL1', async () => {
    const p = await runCheck(
      check,
      session((a) => {
        a.pages = a.pages.filter((v) => v.name !== 'fal1-errors');
        a.fal1!.invalidSubmit = { status: 303, refused: false };
      }),
    );
    expect(p.outcome).toBe('pass');
    expect(placesOf(p).notProbed).toEqual([['fal1-errors page', 'precondition-failed']]);
  });

  it('needs review when no page was loaded, and is an error when the sign-in step threw first', async () => {
    expect(
      (
        await runCheck(
          check,
          session((a) => void (a.pages = [])),
        )
      ).outcome,
    ).toBe('needs-review');
    const broken = session((a) => {
      a.pages = [];
      a.errors.push({ step: 'login', message: 'no password field' });
    });
    await expect(runCheck(check, broken)).rejects.toThrow(/login/);
  });
});
