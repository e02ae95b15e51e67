// read-only-fields: every server-owned member of a port call (the schema's readOnly members: id,
// tenant, status, ata, atd, clearance, createdAt, updatedAt, version) sent in a create or update body
// is rejected with 400 pointing at it and never takes effect (OWASP API3:2023 mass assignment).
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { READ_ONLY_REQUIREMENT, type ReadOnlyProbe } from './collectors/read-only-probes.ts';
import { reportPlaces, type Unprobed } from './collectors/plan-places.ts';
import { evidenceOf, isObject, opLocation } from './api-judging.ts';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T/;

/** Whether what was read back is what the client sent (clearance: its decision; times: the instant). */
export function reflects(p: ReadOnlyProbe): boolean {
  const s = p.stored;
  if (!s) return false;
  if (p.field === 'portCallId' && p.kind === 'create' && s.portCallId === p.sent) return true;
  if (!s.present) return false;
  if (p.field === 'clearance') return isObject(s.value) && isObject(p.sent) && s.value.decision === p.sent.decision;
  if (typeof s.value === 'string' && typeof p.sent === 'string' && DATE_TIME.test(p.sent))
    return Date.parse(s.value) === Date.parse(p.sent);
  return JSON.stringify(s.value) === JSON.stringify(p.sent);
}

export default defineCheck({
  id: 'read-only-fields',
  title: 'Read-only port-call members sent by a client are rejected and never take effect',
  failureTitle: 'Read-only port-call members sent by a client are accepted or take effect',
  description:
    "A port call's id, tenant, status, arrival and departure times, clearance, timestamps and version belong to the server. A client that can set them can clear its own ship, move a port call into another tenant or skip the process (OWASP API3:2023 Broken Object Property Level Authorization, mass assignment). Each member the schema marks `readOnly` is sent alone in every body that writes a port call (create and update); the profile requires a 400 whose errors point at the member, and a refused update must leave the port call as it was. Accepting the body and silently dropping the member is a failure too: the profile says MUST reject, and a client is never told its data was not taken.",
  remediation:
    'Refuse (422) or ignore request members the schema marks read-only (id, tenant, status, times, clearance, version) and set them only in server code.',
  area: 'security',
  requirements: [READ_ONLY_REQUIREMENT],
  requires: ['AuthzProbes'],
  owasp: ['API3:2023'],
  cwe: [915],
  messages: {
    fieldTakenOver:
      '{{operationId}} took over the read-only member "{{field}}" from the body: sent {{sent}}, stored {{stored}}.',
    notRejected:
      '{{operationId}} accepted a body carrying the read-only member "{{field}}" ({{status}}) instead of rejecting it with 400.',
    not400: '{{operationId}} answered {{status}} to a body carrying the read-only member "{{field}}" instead of 400.',
    pointerMissing:
      '{{operationId}} refused a body carrying the read-only member "{{field}}" with 400, but no error points at /{{field}} (pointers: {{pointers}}).',
    changedDespiteRefusal:
      '{{operationId}} refused the read-only member "{{field}}", yet the port call changed (version {{before}} → {{after}}).',
    noAnswer: '{{operationId}} with the read-only member "{{field}}" got no HTTP answer: {{error}}.',
  },
  defaultOptions: {},
  run({ AuthzProbes: { readOnly: r } }, ctx) {
    const findings: Finding[] = [];
    const judged = new Set<string>();
    const unjudged: Unprobed[] = [...r.notProbed];
    const controlOk =
      r.updateControl?.status !== undefined && r.updateControl.status >= 200 && r.updateControl.status < 300;
    let refused = 0;
    for (const p of r.probes) {
      const data = { operationId: p.operationId, field: p.field };
      const where = opLocation(p, { jsonPointer: `/${p.field}`, in: 'request' });
      const ev = evidenceOf(p, { evidenceId: p.stored?.evidenceId });
      if (p.status === 429) {
        unjudged.push({ id: p.placeId, why: 'precondition-failed', detail: 'answered 429 (throttled)' });
        continue;
      }
      if (p.status === undefined) {
        judged.add(p.placeId);
        findings.push(ctx.finding('noAnswer', { ...data, error: p.error ?? 'no response' }, where, ev));
        continue;
      }
      if (p.status >= 200 && p.status < 300) {
        judged.add(p.placeId);
        if (reflects(p)) {
          const stored = p.field === 'portCallId' && !p.stored?.present ? p.stored?.portCallId : p.stored?.value;
          findings.push(
            ctx.finding(
              'fieldTakenOver',
              { ...data, sent: JSON.stringify(p.sent), stored: JSON.stringify(stored) ?? 'nothing' },
              where,
              ev,
            ),
          );
        } else findings.push(ctx.finding('notRejected', { ...data, status: p.status }, where, ev));
        continue;
      }
      // A refused update proves something only if the same update without the member succeeds.
      if (p.kind === 'update' && !controlOk) {
        unjudged.push({
          id: p.placeId,
          why: 'precondition-failed',
          detail: `the update control answered ${r.updateControl?.status ?? r.updateControl?.error ?? 'nothing'}`,
        });
        continue;
      }
      judged.add(p.placeId);
      if (p.status !== 400) findings.push(ctx.finding('not400', { ...data, status: p.status }, where, ev));
      else if (!(p.pointers ?? []).includes(`/${p.field}`))
        findings.push(
          ctx.finding('pointerMissing', { ...data, pointers: (p.pointers ?? []).join(', ') || 'none' }, where, ev),
        );
      else refused++;
      const s = p.stored;
      if (
        p.kind === 'update' &&
        s?.status === 200 &&
        s.versionBefore !== undefined &&
        JSON.stringify(s.version) !== JSON.stringify(s.versionBefore)
      )
        findings.push(
          ctx.finding(
            'changedDespiteRefusal',
            { ...data, before: String(s.versionBefore), after: String(s.version) },
            where,
            ev,
          ),
        );
    }
    const places = { [READ_ONLY_REQUIREMENT]: reportPlaces(r.places, judged, unjudged) };
    const metrics = { probes: r.probes.length, refused, places: r.places.length };
    if (findings.length > 0)
      return {
        ...ctx.fail(
          findings,
          `${findings.length} problem(s) over ${r.probes.length} read-only member probe(s).`,
          metrics,
        ),
        places,
      };
    if (r.places.length === 0)
      return { ...ctx.notApplicable('The document marks no member of a written resource readOnly.'), places };
    if (judged.size === 0)
      return {
        ...ctx.needsReview(
          `No read-only member probe could be judged: ${[...new Set(unjudged.map((u) => u.detail ?? u.why))].join('; ') || 'none was made'}.`,
        ),
        places,
      };
    if (unjudged.some((u) => u.why === 'precondition-failed'))
      return {
        ...ctx.needsReview(
          `No read-only member was accepted, but ${unjudged.length} probe(s) could not be judged: ${[...new Set(unjudged.map((u) => u.detail ?? u.why))].join('; ')}.`,
        ),
        places,
      };
    return {
      ...ctx.pass(
        `All ${refused} read-only member probe(s) were rejected with 400 pointing at the member.`,
        r.probes.flatMap((p) => evidenceOf(p)),
        metrics,
      ),
      places,
    };
  },
});
