// portal-api-agreement: what a declarant types into the portal is what the API returns (PSW-PORTAL-002).
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { requireStep } from './artifact.ts';
import { sameValue } from './fal1.ts';
import { ids, notCollected, scalar, signedIn } from './judging.ts';
import { PERSONAL_FIELDS } from './layout.ts';
import { nonePlaces, notExposed, portalPlaces } from './places.ts';

export { sameValue };

const REQUIREMENT = 'PSW-PORTAL-002';

export default defineCheck({
  id: 'portal-api-agreement',
  title: 'A general declaration made in the portal is the one the API returns',
  failureTitle: 'The portal and the API disagree about a general declaration',
  description:
    'The single window is one system with two doors: a FAL1 general declaration typed into the portal must reach the ' +
    'authorities exactly as typed (Regulation (EU) 2019/1239). The visit creates a port call through the API, finds it ' +
    "in the portal's list, fills in every field of the FAL1 form (the profile's GeneralDeclaration properties) with a " +
    'value the form did not already show (seed-dependent crew and passenger counts, ports and ship details other than ' +
    "the port call's, so a portal that keeps a pre-filled value or a default cannot pass), and reads the declaration " +
    'back with getFormality. Every typed field must come back with the same value.',
  remediation:
    'Make the portal store and display general declarations through the same service and validation as the API, so a FAL1 typed into the portal is returned by the API field for field.',
  area: 'portal',
  requirements: [REQUIREMENT],
  requires: ['PortalSession', 'ProbePlan'],
  messages: {
    'port-call-not-listed':
      'The port call {{portCallId}} created through the API is not in the portal list ({{pages}} page(s) searched).',
    'fal1-not-accepted': 'The portal did not accept the FAL1 form (answer {{status}}).',
    'fal1-not-visible':
      'The FAL1 submitted in the portal is not visible through the API (getFormality answered {{status}}).',
    'field-missing':
      'The FAL1 field {{field}} typed as {{typed}} in the portal is missing from the declaration the API returns.',
    'field-disagrees': 'The FAL1 field {{field}} was typed as {{typed}} in the portal; the API returns {{api}}.',
  },
  defaultOptions: {},
  run({ PortalSession: a, ProbePlan: plan }, ctx) {
    const na = notCollected(a);
    if (na) return { ...ctx.notApplicable(na), places: nonePlaces(plan, REQUIREMENT, notExposed(a)) };
    /** No field compared: every one unprobed for the same reason. */
    const unprobed = (detail: string) => nonePlaces(plan, REQUIREMENT, { why: 'precondition-failed', detail });
    if (!signedIn(a))
      return {
        ...ctx.needsReview('The portal sign-in failed (see portal-login), so no declaration could be made.'),
        places: unprobed('the sign-in failed'),
      };
    requireStep(a, 'listing');
    const listing = a.listing;
    if (!listing) throw new Error('the portal visit recorded no port call list');
    if (!listing.found) {
      const f = ctx.finding(
        'port-call-not-listed',
        { portCallId: a.portCallId ?? null, pages: listing.pagesSearched },
        { url: listing.url },
        ids(listing.screenshot),
      );
      return {
        ...ctx.fail([f], 'The port call made through the API does not appear in the portal.'),
        places: unprobed('the port call is not in the portal list'),
      };
    }
    requireStep(a, 'fal1');
    const fal1 = a.fal1;
    if (!fal1) throw new Error('the portal visit recorded no FAL1 submission');
    if (fal1.submitStatus === null || fal1.submitStatus >= 400) {
      const f = ctx.finding(
        'fal1-not-accepted',
        { status: fal1.submitStatus },
        { method: 'POST', url: fal1.submitUrl ?? fal1.formUrl },
        ids(fal1.resultScreenshot),
      );
      return {
        ...ctx.needsReview(
          'The portal refused the FAL1 form the harness filled in; see the screenshot for its reasons.',
          [f],
        ),
        places: unprobed('the portal refused the FAL1 form'),
      };
    }
    requireStep(a, 'api-readback');
    const rb = a.apiReadback;
    if (!rb) throw new Error('the portal visit recorded no API read-back');
    const where = { method: 'GET', url: rb.url, operationId: 'getFormality' };
    const evidence = ids(rb.evidenceId, fal1.screenshot);
    if (rb.status !== 200 || !rb.document) {
      return {
        ...ctx.fail(
          [ctx.finding('fal1-not-visible', { status: rb.status }, where, evidence)],
          'The declaration made in the portal is not in the API.',
        ),
        places: unprobed('the API does not return the declaration'),
      };
    }
    const places = portalPlaces(
      plan,
      REQUIREMENT,
      (p) => {
        const field = p.pointer?.slice(1) ?? '';
        return field in fal1.typed && !fal1.missingFields.includes(field);
      },
      (p) =>
        fal1.missingFields.includes(p.pointer?.slice(1) ?? '')
          ? { why: 'not-exposed', detail: "the portal's FAL1 form has no such field" }
          : { why: 'not-reached' },
    );
    const findings: Finding[] = [];
    let compared = 0;
    for (const [field, typed] of Object.entries(fal1.typed)) {
      if (fal1.missingFields.includes(field)) continue;
      compared++;
      const api = rb.document[field];
      if (sameValue(typed, api)) continue;
      const personal = PERSONAL_FIELDS.has(field);
      const location = { ...where, jsonPointer: `/document/${field}`, in: 'response' as const };
      if (api === undefined || api === null) {
        findings.push(
          ctx.finding('field-missing', { field, typed: personal ? '[personal data]' : typed }, location, evidence),
        );
      } else {
        findings.push(
          ctx.finding(
            'field-disagrees',
            { field, typed: personal ? '[personal data]' : typed, api: personal ? '[personal data]' : scalar(api) },
            location,
            evidence,
          ),
        );
      }
    }
    if (findings.length > 0)
      return {
        ...ctx.fail(
          findings,
          `${findings.length} of ${compared} FAL1 field(s) differ between the portal and the API.`,
          {
            fieldsCompared: compared,
          },
        ),
        places,
      };
    const skipped = fal1.missingFields.length ? `; the form had no ${fal1.missingFields.join(', ')}` : '';
    return {
      ...ctx.pass(
        `All ${compared} FAL1 field(s) typed in the portal come back unchanged through the API${skipped}.`,
        evidence,
        { fieldsCompared: compared },
      ),
      places,
    };
  },
});
