// portal-api-agreement: what a declarant types into the portal is what the API returns (PSW-PORTAL-002).
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { requireStep } from './artifact.ts';
import { ids, notCollected, scalar, signedIn } from './judging.ts';
import { PERSONAL_FIELDS } from './layout.ts';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

/** Typed form value vs the API's: numbers by value, date-times by instant, text trimmed. */
export function sameValue(typed: string | number, api: unknown): boolean {
  if (typeof typed === 'number') {
    if (typeof api === 'number') return api === typed;
    return typeof api === 'string' && api.trim() !== '' && Number(api) === typed;
  }
  if (typeof api !== 'string' && typeof api !== 'number') return false;
  const t = typed.trim();
  const v = String(api).trim();
  if (t === v) return true;
  return RFC3339.test(t) && RFC3339.test(v) && Date.parse(t) === Date.parse(v);
}

export default defineCheck({
  id: 'portal-api-agreement',
  title: 'A general declaration made in the portal is the one the API returns',
  failureTitle: 'The portal and the API disagree about a general declaration',
  description:
    'The single window is one system with two doors: a FAL1 general declaration typed into the portal must reach the ' +
    'authorities exactly as typed (Regulation (EU) 2019/1239). The visit creates a port call through the API, finds it ' +
    "in the portal's list, fills in the FAL1 form with known values (a seed-dependent crew count among them), and reads " +
    'the declaration back with getFormality. Every typed field must come back with the same value.',
  area: 'portal',
  requirements: ['PSW-PORTAL-002'],
  requires: ['PortalSession'],
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
  run({ PortalSession: a }, ctx) {
    const na = notCollected(a);
    if (na) return ctx.notApplicable(na);
    if (!signedIn(a))
      return ctx.needsReview('The portal sign-in failed (see portal-login), so no declaration could be made.');
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
      return ctx.fail([f], 'The port call made through the API does not appear in the portal.');
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
      return ctx.needsReview(
        'The portal refused the FAL1 form the harness filled in; see the screenshot for its reasons.',
        [f],
      );
    }
    requireStep(a, 'api-readback');
    const rb = a.apiReadback;
    if (!rb) throw new Error('the portal visit recorded no API read-back');
    const where = { method: 'GET', url: rb.url, operationId: 'getFormality' };
    const evidence = ids(rb.evidenceId, fal1.screenshot);
    if (rb.status !== 200 || !rb.document) {
      return ctx.fail(
        [ctx.finding('fal1-not-visible', { status: rb.status }, where, evidence)],
        'The declaration made in the portal is not in the API.',
      );
    }
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
      return ctx.fail(
        findings,
        `${findings.length} of ${compared} FAL1 field(s) differ between the portal and the API.`,
        { fieldsCompared: compared },
      );
    const skipped = fal1.missingFields.length ? `; the form had no ${fal1.missingFields.join(', ')}` : '';
    return ctx.pass(
      `All ${compared} FAL1 field(s) typed in the portal come back unchanged through the API${skipped}.`,
      evidence,
      { fieldsCompared: compared },
    );
  },
});
