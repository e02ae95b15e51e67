// authority-only-clearance: no shipping agent can call the authority's operations (deciding
// clearance), on its own port call or on another tenant's (OWASP API5:2023 Broken Function Level
// Authorization).
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { evidenceOf, opLocation } from './api-judging.ts';
import { ROLE_REQUIREMENT } from './collectors/authz-probes.ts';
import { reportPlaces, type Unprobed } from './collectors/plan-places.ts';

export default defineCheck({
  id: 'authority-only-clearance',
  title: 'Only the authority can decide clearance',
  failureTitle: 'A shipping agent can decide clearance',
  description:
    "Clearance is the national authority's decision; an agent who can grant it to its own ship, or to a competitor's, bypasses port-state control (OWASP API5:2023 Broken Function Level Authorization). Every operation the document reserves to some roles (`x-psw-roles`) is called by each agent of another role, on a port call of its own tenant and on one of the other tenant's. On its own port call the profile requires 403 (a 404 from tenant isolation cannot mask it there); on another tenant's, 403 or 404. Either way the port call, read back by its owner, carries no clearance and the same version.",
  remediation:
    "Enforce the roles the document declares (x-psw-roles) on the server for every operation, taken from the token's claims; answer 403 to an agent calling an authority-only operation such as clearance.",
  area: 'security',
  requirements: [ROLE_REQUIREMENT],
  requires: ['AuthzProbes'],
  owasp: ['API5:2023'],
  cwe: [285],
  messages: {
    agentDecided:
      "{{actor}} called {{operationId}} on {{owner}}'s port call ({{method}} {{url}}) and was served: {{status}}.",
    notForbidden:
      "{{actor}}'s {{operationId}} on {{owner}}'s port call ({{method}} {{url}}) answered {{status}} instead of {{expected}}.",
    noAnswer: "{{actor}}'s {{operationId}} on {{owner}}'s port call got no HTTP answer: {{error}}.",
    clearanceRecorded:
      "After {{actor}}'s {{operationId}} attempt, {{owner}}'s port call carries a clearance ({{decision}}).",
    portCallChanged:
      "After {{actor}}'s refused {{operationId}} attempt, {{owner}}'s port call changed (version {{before}} → {{after}}).",
  },
  defaultOptions: {},
  run({ AuthzProbes: { roles: r } }, ctx) {
    const findings: Finding[] = [];
    const judged = new Set<string>();
    const unjudged: Unprobed[] = [...r.notProbed];
    const unread: string[] = [];
    for (const c of r.attempts) {
      const own = c.actor === c.owner;
      const data = { actor: c.actor, owner: c.owner, operationId: c.operationId, method: c.method, url: c.url };
      const where = opLocation(c);
      if (c.status === 429) {
        unjudged.push({ id: c.placeId, why: 'precondition-failed', detail: 'answered 429 (throttled)' });
        continue;
      }
      judged.add(c.placeId);
      if (c.status === undefined)
        findings.push(ctx.finding('noAnswer', { ...data, error: c.error ?? 'no response' }, where, evidenceOf(c)));
      else if (c.status < 400)
        findings.push(ctx.finding('agentDecided', { ...data, status: c.status }, where, evidenceOf(c)));
      else if (c.status !== 403 && (own || c.status !== 404))
        findings.push(
          ctx.finding(
            'notForbidden',
            { ...data, status: c.status, expected: own ? '403' : '403 or 404' },
            where,
            evidenceOf(c),
          ),
        );
      const after = c.clearanceAfter;
      const readEv = evidenceOf({ evidenceId: c.readEvidenceId });
      if (after !== undefined && after !== null) {
        const decision =
          typeof after === 'object' && 'decision' in after
            ? String((after as { decision: unknown }).decision)
            : JSON.stringify(after);
        findings.push(
          ctx.finding(
            'clearanceRecorded',
            { ...data, decision },
            opLocation(c, { jsonPointer: '/clearance', in: 'response' }),
            readEv,
          ),
        );
      } else if (
        c.status !== undefined &&
        c.status >= 400 &&
        c.versionBefore !== undefined &&
        c.versionAfter !== undefined &&
        JSON.stringify(c.versionBefore) !== JSON.stringify(c.versionAfter)
      ) {
        findings.push(
          ctx.finding(
            'portCallChanged',
            { ...data, before: String(c.versionBefore), after: String(c.versionAfter) },
            where,
            readEv,
          ),
        );
      }
      if (c.readStatus !== 200) unread.push(c.placeId);
    }
    const places = { [ROLE_REQUIREMENT]: reportPlaces(r.places, judged, unjudged) };
    const metrics = { attempts: r.attempts.length, places: r.places.length, probed: judged.size };
    if (findings.length > 0)
      return {
        ...ctx.fail(
          findings,
          `${findings.length} agent call(s) of authority-only operations were not refused.`,
          metrics,
        ),
        places,
      };
    if (r.places.length === 0)
      return { ...ctx.notApplicable('The document reserves no operation to a role (x-psw-roles).'), places };
    if (judged.size === 0)
      return {
        ...ctx.needsReview(
          `No agent call of an authority-only operation could be judged: ${unjudged.map((u) => u.detail ?? u.why).join('; ') || 'none was made'}.`,
        ),
        places,
      };
    if (unread.length > 0)
      return {
        ...ctx.needsReview(
          `Every agent was refused, but ${unread.length} port call(s) could not be read back to confirm nothing was recorded.`,
        ),
        places,
      };
    return {
      ...ctx.pass(
        `All ${judged.size} agent call(s) of authority-only operations were refused and changed nothing.`,
        r.attempts.flatMap((c) => evidenceOf(c, { evidenceId: c.readEvidenceId })),
        metrics,
      ),
      places,
    };
  },
});
