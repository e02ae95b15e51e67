// portal-accessibility: no axe-core WCAG 2.1 A/AA violation on any kind of portal page (PSW-PORTAL-006).
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { ids, notCollected } from './judging.ts';
import { PAGE_KINDS } from './layout.ts';
import { invalidFal1Accepted, nonePlaces, notExposed, pageNotReached, portalPlaces } from './places.ts';
import { plannedPlaces } from '../places.ts';

const REQUIREMENT = 'PSW-PORTAL-006';

/** The kinds of page scanned when the run has no probe plan (the visit's own list). */
export const SCANNED_PAGES: readonly string[] = PAGE_KINDS;

export default defineCheck({
  id: 'portal-accessibility',
  title: 'Portal pages have no automatically detectable WCAG 2.1 AA violation',
  failureTitle: 'Portal pages have WCAG 2.1 AA violations',
  description:
    'Public-sector portals must meet WCAG 2.1 AA (Directive (EU) 2016/2102, EN 301 549 clause 9). axe-core runs ' +
    'its WCAG 2.1 level A and AA rules (tags wcag2a, wcag2aa, wcag21a, wcag21aa) on every kind of page the profile ' +
    'names: the sign-in form, the sign-in form after wrong credentials, the port call list, a port call with its FAL1 ' +
    'form, that form sent back with errors, the declaration received and the signed-out page (error states are where ' +
    'accessibility most often breaks). Each violated rule is a finding pointing at its first offending element; ' +
    'automated rules find a part of the problems only, so a pass is necessary, not sufficient.',
  remediation:
    "Fix each axe-core violation listed (labels, contrast, landmarks, names of controls) in the portal's templates and recheck every page kind against WCAG 2.1 AA.",
  area: 'portal',
  requirements: [REQUIREMENT],
  requires: ['PortalSession', 'ProbePlan'],
  messages: {
    'axe-violation': 'axe rule {{ruleId}} ({{impact}}) fails on {{nodes}} element(s) of the {{page}} page: {{help}}',
  },
  defaultOptions: {},
  run({ PortalSession: a, ProbePlan: plan }, ctx) {
    const na = notCollected(a);
    if (na) return { ...ctx.notApplicable(na), places: nonePlaces(plan, REQUIREMENT, notExposed(a)) };
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
    const scanned = new Set(a.accessibility.filter((s) => !s.error).map((s) => s.page));
    const places = portalPlaces(
      plan,
      REQUIREMENT,
      (p) => scanned.has(p.variant ?? ''),
      (p) => {
        const failed = a.accessibility.find((s) => s.page === p.variant && s.error);
        return failed
          ? { why: 'precondition-failed', detail: `axe failed: ${failed.error}` }
          : pageNotReached(a, p.variant);
      },
    );
    const metrics = { pagesScanned: scanned.size, violations: findings.length };
    if (findings.length > 0)
      return {
        ...ctx.fail(
          findings,
          `${findings.length} WCAG 2.1 A/AA rule violation(s) on ${metrics.pagesScanned} page(s).`,
          metrics,
        ),
        places,
      };
    const expected = plan ? plannedPlaces(plan, REQUIREMENT).map((p) => p.variant ?? p.id) : SCANNED_PAGES;
    const failed = a.accessibility.filter((s) => s.error).map((s) => `${s.page} (${s.error})`);
    // A page the visit could not reach is unjudged; one it needed a refused invalid FAL1 for is only unprobed.
    const missing = expected.filter(
      (p) => !a.accessibility.some((s) => s.page === p) && !(p === 'fal1-errors' && invalidFal1Accepted(a)),
    );
    if (failed.length > 0 || missing.length > 0) {
      const parts = [
        ...(failed.length ? [`axe failed on ${failed.join(', ')}`] : []),
        ...(missing.length ? [`not reached: ${missing.join(', ')}`] : []),
      ];
      return { ...ctx.needsReview(`No violation on the pages scanned, but ${parts.join('; ')}.`), places };
    }
    const passes = a.accessibility.reduce((n, s) => n + s.passes, 0);
    return {
      ...ctx.pass(
        `No WCAG 2.1 A/AA violation on ${[...scanned].join(', ')} (${passes} rule checks passed).`,
        ids(...a.accessibility.map((s) => s.screenshot)),
        metrics,
      ),
      places,
    };
  },
});
