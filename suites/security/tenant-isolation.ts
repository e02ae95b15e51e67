// tenant-isolation: tenant B can neither see nor touch tenant A's port call (OWASP API1:2023 BOLA).
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { evidenceOf, opLocation } from './api-judging.ts';

/** The answers that keep a foreign object out of reach (the profile prefers 404: existence hidden). */
const DENIED = new Set([403, 404]);

export default defineCheck({
  id: 'tenant-isolation',
  title: "A tenant can neither read nor change another tenant's port calls",
  failureTitle: "A tenant can read or change another tenant's port calls",
  description:
    "Shipping agents of competing companies share one single window; each must see only its own port calls, crew lists and declarations (OWASP API1:2023 Broken Object Level Authorization). Tenant A creates a port call; tenant B then reads it, lists port calls, updates it with A's ETag, submits a formality to it, records its arrival and cancels it. Each attempt must be answered 403 or 404 (the profile: 404, existence not disclosed) with none of A's data (its ship's name and IMO number, or in B's list its portCallId); afterwards A reads the port call back unchanged with no formality added.",
  area: 'security',
  requirements: ['PSW-SEC-AUTHZ-001'],
  requires: ['AuthzProbes'],
  owasp: ['API1:2023'],
  cwe: [639],
  messages: {
    served:
      "Tenant B's {{action}} on tenant A's port call ({{operationId}}, {{method}} {{url}}) was served with {{status}}.",
    notDenied:
      "Tenant B's {{action}} on tenant A's port call ({{operationId}}, {{method}} {{url}}) answered {{status}} instead of 403 or 404.",
    noAnswer: "Tenant B's {{action}} on tenant A's port call ({{operationId}}) got no HTTP answer: {{error}}.",
    dataLeaked:
      "The answer to tenant B's {{action}} ({{operationId}}, {{method}} {{url}}) contains tenant A's {{leaked}}.",
    ownerPortCallChanged: "After tenant B's attempts, tenant A's port call differs in: {{fields}}.",
    ownerPortCallGone: "After tenant B's attempts, tenant A can no longer read its port call ({{status}}).",
    formalityPlanted:
      "After tenant B's attempts, tenant A's port call lists {{count}} formality record(s) A never submitted.",
  },
  defaultOptions: {},
  run({ AuthzProbes: a }, ctx) {
    const findings: Finding[] = [];
    const throttled: string[] = [];
    for (const t of a.crossTenant) {
      const data = { action: t.action, operationId: t.operationId, method: t.method, url: t.url };
      const where = opLocation(t);
      const ev = t.evidenceId ? [t.evidenceId] : (t.evidence ?? []).slice(0, 1);
      if (t.leaked.length > 0)
        findings.push(ctx.finding('dataLeaked', { ...data, leaked: t.leaked.join(', ') }, where, ev));
      if (t.action === 'list') continue; // B's own list is a 200; judged on its content only
      if (t.status === undefined)
        findings.push(ctx.finding('noAnswer', { ...data, error: t.error ?? 'no response' }, where, ev));
      else if (t.status === 429) throttled.push(t.action);
      else if (t.status < 400) findings.push(ctx.finding('served', { ...data, status: t.status }, where, ev));
      else if (!DENIED.has(t.status)) findings.push(ctx.finding('notDenied', { ...data, status: t.status }, where, ev));
    }
    const v = a.ownerView;
    const ownerLocation = { operationId: 'getPortCall', method: 'GET', url: `/port-calls/${a.owner.portCallId}` };
    if (v.afterStatus !== undefined && v.afterStatus !== 200 && v.beforeStatus === 200) {
      findings.push(
        ctx.finding(
          'ownerPortCallGone',
          { status: v.afterStatus },
          ownerLocation,
          evidenceOf({ evidenceId: v.afterEvidenceId }),
        ),
      );
    } else if (v.changed.length > 0) {
      findings.push(
        ctx.finding(
          'ownerPortCallChanged',
          { fields: v.changed.join(', ') },
          ownerLocation,
          evidenceOf({ evidenceId: v.afterEvidenceId }),
        ),
      );
    }
    if (v.formalities?.count !== undefined && v.formalities.count > 0) {
      findings.push(
        ctx.finding(
          'formalityPlanted',
          { count: v.formalities.count },
          { operationId: 'listFormalities', method: 'GET', url: `/port-calls/${a.owner.portCallId}/formalities` },
          evidenceOf(v.formalities),
        ),
      );
    }
    const metrics = { attempts: a.crossTenant.length };
    if (findings.length > 0)
      return ctx.fail(
        findings,
        `${findings.length} tenant-isolation breach(es) over ${a.crossTenant.length} cross-tenant attempt(s).`,
        metrics,
      );
    if (a.crossTenant.length === 0)
      return ctx.notApplicable('The document has none of the port-call operations the cross-tenant probes use.');
    if (throttled.length > 0)
      return ctx.needsReview(`No breach seen, but ${throttled.join(', ')} answered 429 and could not be judged.`);
    if (v.beforeStatus !== 200)
      return ctx.needsReview(
        `Tenant A could not read its own port call (${v.beforeStatus}), so "unchanged" could not be verified.`,
      );
    const evidence = a.crossTenant.flatMap((t) => (t.evidenceId ? [t.evidenceId] : []));
    return ctx.pass(
      `All ${a.crossTenant.length} cross-tenant attempt(s) were denied without disclosing data; A's port call is unchanged.`,
      evidence,
      metrics,
    );
  },
});
