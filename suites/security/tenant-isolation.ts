// tenant-isolation: no tenant can see or touch another tenant's port calls, at any tenant-scoped
// operation, in either direction; the authority reaches every tenant's (OWASP API1:2023 BOLA).
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { evidenceOf, opLocation } from './api-judging.ts';
import { TENANT_REQUIREMENT } from './collectors/authz-probes.ts';
import { reportPlaces, type Unprobed } from './collectors/plan-places.ts';

/** The answers that keep a foreign object out of reach (the profile prefers 404: existence hidden). */
const DENIED = new Set([403, 404]);

export default defineCheck({
  id: 'tenant-isolation',
  title: "A tenant can neither read nor change another tenant's port calls",
  failureTitle: "A tenant can read or change another tenant's port calls",
  description:
    "Shipping agents of competing companies share one single window; each must see only its own port calls, crew lists and declarations (OWASP API1:2023 Broken Object Level Authorization). Each agent tenant creates a port call and submits every formality to it; the other tenant then goes through every tenant-scoped operation of the document (reads, each formality type, lists, updates with the owner's ETag, submissions, arrival, departure, cancellation), in both directions. Each attempt must be answered 403 or 404 (the profile: 404, existence not disclosed) with none of the owner's data, and a tenant's list must hold no port call of another tenant; afterwards each owner reads its data back unchanged. The authority, in turn, must read and list every tenant's port calls (PSW-API-009).",
  remediation:
    "Authorise every read, write and list against the caller's tenant taken from the token, not from the path; return 404 for another tenant's resources.",
  area: 'security',
  requirements: [TENANT_REQUIREMENT, 'PSW-API-009'],
  requires: ['AuthzProbes'],
  owasp: ['API1:2023'],
  cwe: [639],
  messages: {
    served: "{{actor}}'s {{operationId}} on {{owner}}'s port call ({{method}} {{url}}) was served with {{status}}.",
    notDenied:
      "{{actor}}'s {{operationId}} on {{owner}}'s port call ({{method}} {{url}}) answered {{status}} instead of 403 or 404.",
    noAnswer: "{{actor}}'s {{operationId}} on {{owner}}'s port call got no HTTP answer: {{error}}.",
    dataLeaked: "The answer to {{actor}}'s {{operationId}} ({{method}} {{url}}) contains {{owner}}'s {{leaked}}.",
    foreignItems: "{{actor}}'s list ({{method}} {{url}}) holds {{count}} port call(s) of another tenant.",
    ownerDataChanged:
      "After the other tenant's attempts, {{owner}}'s {{operationId}} ({{url}}) differs in: {{fields}}.",
    ownerDataGone: "After the other tenant's attempts, {{owner}} can no longer read its {{operationId}} ({{status}}).",
    authorityDenied: "The authority could not read {{owner}}'s port call ({{method}} {{url}}): {{status}}.",
    authorityListMissing: "{{owner}}'s port call is not in the authority's list ({{pages}} page(s) read to its end).",
  },
  defaultOptions: {},
  run({ AuthzProbes: { tenant: t } }, ctx) {
    const findings: Finding[] = [];
    const judged = new Set<string>();
    const unjudged: Unprobed[] = [...t.notProbed];
    for (const a of t.attempts) {
      const data = { actor: a.actor, owner: a.owner, operationId: a.operationId, method: a.method, url: a.url };
      const where = opLocation(a);
      const ev = a.evidenceId ? [a.evidenceId] : (a.evidence ?? []).slice(0, 1);
      if (a.leaked.length > 0)
        findings.push(ctx.finding('dataLeaked', { ...data, leaked: a.leaked.join(', ') }, where, ev));
      if (a.access === 'list') {
        // The actor's own list is a 200: judged on its content only.
        if (a.foreignItems !== undefined && a.foreignItems > 0)
          findings.push(ctx.finding('foreignItems', { ...data, count: a.foreignItems }, where, ev));
        if (a.status === 200 || a.leaked.length > 0 || (a.foreignItems ?? 0) > 0) judged.add(a.placeId);
        else
          unjudged.push({
            id: a.placeId,
            why: 'precondition-failed',
            detail: `${a.actor}'s own list answered ${a.status ?? a.error ?? 'nothing'}`,
          });
        continue;
      }
      if (a.status === 429) {
        unjudged.push({ id: a.placeId, why: 'precondition-failed', detail: 'answered 429 (throttled)' });
        continue;
      }
      judged.add(a.placeId);
      if (a.status === undefined)
        findings.push(ctx.finding('noAnswer', { ...data, error: a.error ?? 'no response' }, where, ev));
      else if (a.status < 400) findings.push(ctx.finding('served', { ...data, status: a.status }, where, ev));
      else if (!DENIED.has(a.status)) findings.push(ctx.finding('notDenied', { ...data, status: a.status }, where, ev));
    }
    const unverified: string[] = [];
    for (const r of t.ownerReads) {
      const where = { operationId: r.operationId, method: 'GET', url: r.url };
      const data = { owner: r.owner, operationId: r.operationId, url: r.url };
      const ev = evidenceOf({ evidenceId: r.afterEvidenceId });
      if (r.beforeStatus !== 200) unverified.push(`${r.owner}'s ${r.operationId} (${r.beforeStatus ?? 'no answer'})`);
      else if (r.afterStatus !== 200)
        findings.push(ctx.finding('ownerDataGone', { ...data, status: r.afterStatus ?? 'no answer' }, where, ev));
      else if (r.changed.length > 0)
        findings.push(
          ctx.finding('ownerDataChanged', { ...data, fields: r.changed.join(', ') || '(whole)' }, where, ev),
        );
    }
    for (const r of t.authority) {
      if (r.read?.status !== undefined && r.read.status !== 200 && r.read.status !== 429)
        findings.push(
          ctx.finding(
            'authorityDenied',
            { owner: r.owner, method: r.read.method, url: r.read.url, status: r.read.status },
            opLocation(r.read),
            evidenceOf(r.read),
          ),
        );
      if (r.listed === false)
        findings.push(
          ctx.finding(
            'authorityListMissing',
            { owner: r.owner, pages: r.listPages },
            { operationId: 'listPortCalls', method: 'GET' },
            evidenceOf({ evidenceId: r.listEvidenceId }),
          ),
        );
    }
    const places = { [TENANT_REQUIREMENT]: reportPlaces(t.places, judged, unjudged) };
    const metrics = { attempts: t.attempts.length, places: t.places.length, probed: judged.size };
    if (findings.length > 0)
      return {
        ...ctx.fail(
          findings,
          `${findings.length} tenant-isolation breach(es) over ${t.attempts.length} cross-tenant attempt(s).`,
          metrics,
        ),
        places,
      };
    if (t.places.length === 0)
      return {
        ...ctx.notApplicable('The document marks no operation as tenant-scoped (x-psw-tenant-scoped).'),
        places,
      };
    const throttled = unjudged.filter((u) => u.detail?.includes('429'));
    if (judged.size === 0)
      return { ...ctx.needsReview(`No cross-tenant attempt could be judged: ${describe(unjudged)}.`), places };
    if (throttled.length > 0)
      return {
        ...ctx.needsReview(`No breach seen, but ${throttled.length} attempt(s) answered 429 and could not be judged.`),
        places,
      };
    if (unverified.length > 0)
      return {
        ...ctx.needsReview(
          `No breach seen, but the owners could not read ${unverified.join(', ')} first, so "unchanged" could not be verified.`,
        ),
        places,
      };
    const evidence = t.attempts.flatMap((a) => (a.evidenceId ? [a.evidenceId] : []));
    return {
      ...ctx.pass(
        `All ${judged.size} cross-tenant place(s) were denied without disclosing data; the owners' data is unchanged and the authority reaches it.`,
        evidence,
        metrics,
      ),
      places,
    };
  },
});

function describe(list: readonly Unprobed[]): string {
  const reasons = [...new Set(list.map((u) => u.detail ?? u.why))];
  return reasons.slice(0, 3).join('; ') || 'nothing was attempted';
}
