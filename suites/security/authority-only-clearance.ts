// authority-only-clearance: a shipping agent cannot decide clearance, even on its own port call
// (OWASP API5:2023 Broken Function Level Authorization).
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { evidenceOf, opLocation } from './api-judging.ts';

export default defineCheck({
  id: 'authority-only-clearance',
  title: 'Only the authority can decide clearance',
  failureTitle: 'A shipping agent can decide clearance',
  description:
    "Clearance is the national authority's decision; an agent who can grant it to its own ship bypasses port-state control (OWASP API5:2023 Broken Function Level Authorization). A shipping agent calls decideClearance on a port call of its own tenant (so that a 404 from tenant isolation cannot mask the answer); the profile requires 403, and the port call read back must carry no clearance.",
  area: 'security',
  requirements: ['PSW-SEC-AUTHZ-002'],
  requires: ['AuthzProbes'],
  owasp: ['API5:2023'],
  cwe: [285],
  messages: {
    agentDecided: 'An agent decided clearance on its own port call ({{operationId}}, {{method}} {{url}}): {{status}}.',
    notForbidden:
      "An agent's clearance decision ({{operationId}}, {{method}} {{url}}) answered {{status}} instead of 403.",
    noAnswer: "An agent's clearance decision ({{operationId}}) got no HTTP answer: {{error}}.",
    clearanceRecorded: "After an agent's clearance attempt, the port call carries a clearance ({{decision}}).",
  },
  defaultOptions: {},
  run({ AuthzProbes: a }, ctx) {
    const c = a.clearance;
    if (!c) return ctx.notApplicable('The document has no decideClearance operation.');
    const data = { operationId: c.operationId, method: c.method, url: c.url };
    const findings: Finding[] = [];
    if (c.status === undefined)
      findings.push(
        ctx.finding('noAnswer', { ...data, error: c.error ?? 'no response' }, opLocation(c), evidenceOf(c)),
      );
    else if (c.status === 429) return ctx.needsReview('The clearance attempt answered 429 and could not be judged.');
    else if (c.status < 400)
      findings.push(ctx.finding('agentDecided', { ...data, status: c.status }, opLocation(c), evidenceOf(c)));
    else if (c.status !== 403)
      findings.push(ctx.finding('notForbidden', { ...data, status: c.status }, opLocation(c), evidenceOf(c)));
    const after = c.clearanceAfter;
    if (after !== undefined && after !== null) {
      const decision =
        typeof after === 'object' && 'decision' in after
          ? String((after as { decision: unknown }).decision)
          : JSON.stringify(after);
      findings.push(
        ctx.finding(
          'clearanceRecorded',
          { decision },
          opLocation(c, { jsonPointer: '/clearance', in: 'response' }),
          evidenceOf({ evidenceId: c.readEvidenceId }),
        ),
      );
    }
    if (findings.length > 0)
      return ctx.fail(
        findings,
        `An agent's clearance decision was not refused as the profile requires (${c.status ?? 'no answer'}).`,
      );
    if (c.readStatus !== 200)
      return ctx.needsReview(
        `The agent was refused (403), but the port call could not be read back (${c.readStatus ?? 'no answer'}) to confirm no clearance was recorded.`,
      );
    return ctx.pass(
      "An agent's clearance decision was refused with 403 and no clearance was recorded.",
      evidenceOf(c, { evidenceId: c.readEvidenceId }),
    );
  },
});
