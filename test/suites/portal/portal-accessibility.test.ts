import { describe, expect, it } from 'vitest';
import check from '../../../suites/portal/portal-accessibility.ts';
import type { AxeViolation, PortalSession } from '../../../suites/portal/artifact.ts';
import {
  CALL_PAGE,
  NOT_APPLICABLE,
  PAGE_KINDS,
  PORTAL,
  findingsOf,
  placesOf,
  runCheck,
  session,
  urlOf,
} from './builders.ts';

const violation = (ruleId: string, selectors: string[], impact = 'serious'): AxeViolation => ({
  ruleId,
  impact,
  help: `${ruleId} help`,
  helpUrl: `https://dequeuniversity.com/rules/axe/4.14/${ruleId}`,
  tags: ['wcag2a'],
  nodes: selectors.length,
  selectors,
});
const on =
  (page: string, ...v: AxeViolation[]) =>
  (a: PortalSession) =>
    void a.accessibility.find((s) => s.page === page)!.violations.push(...v);

describe('portal-accessibility', () => {
  it('passes when axe finds nothing on any kind of page, every one a place probed', async () => {
    const p = await runCheck(check, session());
    expect(p.outcome).toBe('pass');
    expect(p.evidence).toEqual(PAGE_KINDS.map((k) => `shot-axe-${k}`));
    expect(p.metrics).toEqual({ pagesScanned: 7, violations: 0 });
    expect(placesOf(p)).toEqual({ probed: PAGE_KINDS.map((k) => `${k} page`), notProbed: [] });
  });

  it('passes, the FAL1 form with errors unprobed, when the portal accepted the invalid FAL1', async () => {
    const p = await runCheck(
      check,
      session((a) => {
        a.accessibility = a.accessibility.filter((s) => s.page !== 'fal1-errors');
        a.fal1!.invalidSubmit = { status: 303, refused: false };
      }),
    );
    expect(p.outcome).toBe('pass');
    expect(placesOf(p).notProbed).toEqual([['fal1-errors page', 'precondition-failed']]);
  });

  it('is not applicable without a portal', async () => {
    expect((await runCheck(check, NOT_APPLICABLE)).outcome).toBe('not-applicable');
  });

  it.each<[string, (a: PortalSession) => void, { id: string; location: unknown }[], Record<string, unknown>[]]>([
    [
      'a missing lang on the sign-in page',
      on('login', violation('html-has-lang', ['html'])),
      [{ id: 'axe-violation', location: { url: `${PORTAL}login`, selector: 'html' } }],
      [{ ruleId: 'html-has-lang', page: 'login', nodes: 1 }],
    ],
    [
      'unlabelled inputs and low contrast on the form (one finding per rule, first node)',
      on(
        'port-call',
        violation('label', ['#f-shipName', '#f-imoNumber'], 'critical'),
        violation('color-contrast', ['.hint']),
      ),
      [
        { id: 'axe-violation', location: { url: CALL_PAGE, selector: '#f-shipName' } },
        { id: 'axe-violation', location: { url: CALL_PAGE, selector: '.hint' } },
      ],
      [
        { ruleId: 'label', impact: 'critical', nodes: 2, page: 'port-call' },
        { ruleId: 'color-contrast', page: 'port-call' },
      ],
    ],
    [
      'faint error messages on the FAL1 form sent back with errors only',
      on('fal1-errors', violation('color-contrast', ['.error-message'])),
      [{ id: 'axe-violation', location: { url: urlOf('fal1-errors'), selector: '.error-message' } }],
      [{ ruleId: 'color-contrast', page: 'fal1-errors' }],
    ],
    [
      'the same rule on two pages (one finding per page)',
      (a) => {
        on('login', violation('label', ['#u']))(a);
        on('list', violation('label', ['#q']))(a);
      },
      [
        { id: 'axe-violation', location: { url: `${PORTAL}login`, selector: '#u' } },
        { id: 'axe-violation', location: { url: `${PORTAL}port-calls`, selector: '#q' } },
      ],
      [{ page: 'login' }, { page: 'list' }],
    ],
    [
      'a violation without a node selector',
      on('list', violation('document-title', [])),
      [{ id: 'axe-violation', location: { url: `${PORTAL}port-calls` } }],
      [{ ruleId: 'document-title', nodes: 0 }],
    ],
  ])('fails on %s', async (_name, change, expected, data) => {
    const p = await runCheck(check, session(change));
    expect(p.outcome).toBe('fail');
    expect(findingsOf(p)).toEqual(expected);
    expect(p.findings?.map((f) => f.data)).toMatchObject(data);
    for (const f of p.findings ?? []) expect(f.evidence?.length, f.id).toBe(1);
  });

  it('still fails on violations when another page could not be scanned', async () => {
    const p = await runCheck(
      check,
      session((a) => {
        on('login', violation('label', ['#u']))(a);
        a.accessibility[2]!.error = 'axe on port-call took longer than 30000 ms';
      }),
    );
    expect(p.outcome).toBe('fail');
  });

  it.each<[string, (a: PortalSession) => void]>([
    ['axe failed on a page', (a) => void (a.accessibility[1]!.error = 'Execution context was destroyed')],
    ['the sign-in page after wrong credentials was never reached', (a) => void a.accessibility.pop()],
    [
      'the FAL1 form with errors was never reached (its step threw)',
      (a) => {
        a.accessibility = a.accessibility.filter((s) => s.page !== 'fal1-errors');
        a.errors.push({ step: 'fal1-errors', message: 'timeout' });
      },
    ],
    ['nothing was scanned', (a) => void (a.accessibility = [])],
  ])('needs review when %s and nothing was found', async (_name, change) => {
    expect((await runCheck(check, session(change))).outcome).toBe('needs-review');
  });
});
