// portal-accessibility: no axe-core WCAG 2.1 A/AA violation on the portal's pages (PSW-PORTAL-006).
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { ids, notCollected } from './judging.ts';

/** The pages the visit scans (sign-in, port call list, FAL1 form). */
export const SCANNED_PAGES: readonly string[] = ['login', 'list', 'form'];

export default defineCheck({
  id: 'portal-accessibility',
  title: 'Portal pages have no automatically detectable WCAG 2.1 AA violation',
  failureTitle: 'Portal pages have WCAG 2.1 AA violations',
  description:
    'Public-sector portals must meet WCAG 2.1 AA (Directive (EU) 2016/2102, EN 301 549 clause 9). axe-core runs ' +
    'its WCAG 2.1 level A and AA rules (tags wcag2a, wcag2aa, wcag21a, wcag21aa) on the sign-in page, the port call ' +
    'list and the FAL1 form. Each violated rule is a finding pointing at its first offending element; automated rules ' +
    'find a part of the problems only, so a pass is necessary, not sufficient.',
  area: 'portal',
  requirements: ['PSW-PORTAL-006'],
  requires: ['PortalSession'],
  messages: {
    'axe-violation': 'axe rule {{ruleId}} ({{impact}}) fails on {{nodes}} element(s) of the {{page}} page: {{help}}',
  },
  defaultOptions: {},
  run({ PortalSession: a }, ctx) {
    const na = notCollected(a);
    if (na) return ctx.notApplicable(na);
    const findings: Finding[] = [];
    for (const scan of a.accessibility) {
      for (const v of scan.violations) {
        const data = {
          ruleId: v.ruleId,
          impact: v.impact,
          nodes: v.nodes,
          page: scan.page,
          help: v.help,
          helpUrl: v.helpUrl,
        };
        findings.push(
          ctx.finding(
            'axe-violation',
            data,
            { url: scan.url, ...(v.selectors[0] ? { selector: v.selectors[0] } : {}) },
            ids(scan.screenshot),
          ),
        );
      }
    }
    const metrics = { pagesScanned: a.accessibility.filter((s) => !s.error).length, violations: findings.length };
    if (findings.length > 0)
      return ctx.fail(
        findings,
        `${findings.length} WCAG 2.1 A/AA rule violation(s) on ${metrics.pagesScanned} page(s).`,
        metrics,
      );
    const failed = a.accessibility.filter((s) => s.error).map((s) => `${s.page} (${s.error})`);
    const missing = SCANNED_PAGES.filter((p) => !a.accessibility.some((s) => s.page === p));
    if (failed.length > 0 || missing.length > 0) {
      const parts = [
        ...(failed.length ? [`axe failed on ${failed.join(', ')}`] : []),
        ...(missing.length ? [`not reached: ${missing.join(', ')}`] : []),
      ];
      return ctx.needsReview(`No violation on the pages scanned, but ${parts.join('; ')}.`);
    }
    const passes = a.accessibility.reduce((n, s) => n + s.passes, 0);
    return ctx.pass(
      `No WCAG 2.1 A/AA violation on ${SCANNED_PAGES.join(', ')} (${passes} rule checks passed).`,
      ids(...a.accessibility.map((s) => s.screenshot)),
      metrics,
    );
  },
});
