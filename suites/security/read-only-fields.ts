// read-only-fields: server-owned members of a port call (status, tenant, clearance, portCallId,
// version) sent in a create or update body never take effect (OWASP API3:2023 mass assignment).
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import type { ReadOnlyProbe } from './collectors/read-only-probes.ts';
import { evidenceOf, isObject, opLocation } from './api-judging.ts';

/** Whether what was read back is what the client sent (for clearance: the decision it asked for). */
export function reflects(p: ReadOnlyProbe): boolean {
  const s = p.stored;
  if (!s) return false;
  if (p.field === 'portCallId' && s.portCallId === p.sent) return true;
  if (!s.present) return false;
  if (p.field === 'clearance') return isObject(s.value) && isObject(p.sent) && s.value.decision === p.sent.decision;
  return JSON.stringify(s.value) === JSON.stringify(p.sent);
}

export default defineCheck({
  id: 'read-only-fields',
  title: 'Read-only port-call fields sent by a client never take effect',
  failureTitle: 'Read-only port-call fields sent by a client take effect',
  description:
    "A port call's status, tenant, clearance, id and version belong to the server. A client that can set them can clear its own ship, move a port call into another tenant or skip the process (OWASP API3:2023 Broken Object Property Level Authorization, mass assignment). Each field is sent alone in a create body and in an update body; the profile requires a 400 pointing at it. A server that accepts the body must at least ignore the field: the port call read back must not carry the value sent.",
  area: 'security',
  requirements: ['PSW-SEC-AUTHZ-003'],
  requires: ['AuthzProbes'],
  owasp: ['API3:2023'],
  cwe: [915],
  messages: {
    fieldTakenOver:
      '{{operationId}} took over the read-only field "{{field}}" from the body: sent {{sent}}, stored {{stored}}.',
  },
  defaultOptions: {},
  run({ AuthzProbes: a }, ctx) {
    if (a.readOnly.length === 0)
      return ctx.notApplicable('The document has neither createPortCall nor updatePortCall.');
    const findings: Finding[] = [];
    const unjudged: string[] = [];
    const updateControlOk =
      a.updateControl?.status !== undefined && a.updateControl.status >= 200 && a.updateControl.status < 300;
    let refused = 0;
    for (const p of a.readOnly) {
      const what = `${p.operationId} with ${p.field}`;
      if (p.status === undefined) unjudged.push(`${what}: no answer`);
      else if (p.status === 429) unjudged.push(`${what}: 429`);
      else if (p.status >= 500) unjudged.push(`${what}: ${p.status}`);
      else if (p.status >= 400) {
        // A refused update proves something only if the same update without the field succeeds.
        if (p.operationId === 'updatePortCall' && !updateControlOk)
          unjudged.push(
            `${what}: ${p.status}, but the update control answered ${a.updateControl?.status ?? 'nothing'}`,
          );
        else refused++;
      } else if (reflects(p)) {
        findings.push(
          ctx.finding(
            'fieldTakenOver',
            {
              operationId: p.operationId,
              field: p.field,
              sent: JSON.stringify(p.sent),
              stored: JSON.stringify(
                p.field === 'portCallId' && !p.stored?.present ? p.stored?.portCallId : p.stored?.value,
              ),
            },
            opLocation(p, { jsonPointer: `/${p.field}`, in: 'request' }),
            evidenceOf(p, { evidenceId: p.stored?.evidenceId }),
          ),
        );
      } else if (!p.stored || p.stored.status !== 200) {
        unjudged.push(`${what}: accepted (${p.status}) but not readable back (${p.stored?.status ?? 'no id'})`);
      }
    }
    const metrics = { probes: a.readOnly.length, refused };
    if (findings.length > 0)
      return ctx.fail(findings, `${findings.length} read-only field(s) taken over from the body.`, metrics);
    if (unjudged.length > 0)
      return ctx.needsReview(
        `No read-only field was taken over, but ${unjudged.length} probe(s) could not be judged: ${unjudged.join('; ')}.`,
      );
    const evidence = a.readOnly.flatMap((p) => evidenceOf(p, { evidenceId: p.stored?.evidenceId }));
    return ctx.pass(
      `${refused} of ${a.readOnly.length} probe(s) were refused; the others left the read-only fields unchanged.`,
      evidence,
      metrics,
    );
  },
});
