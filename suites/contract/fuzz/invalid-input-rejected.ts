// PSW-API-011: a request broken at one field is refused with a 4xx that points at that field;
// never accepted, never a 5xx. The requests come from the document's schemas (and profile v1's
// identifier rules), seeded by the run seed and shrunk by fast-check to the smallest failing one.
import { defineCheck } from '../../../engine/check.ts';
import type { Finding, FindingLocation, NotProbedReason, PlacesReport, ProbePlan } from '../../../engine/types.ts';
import { placesReport } from '../../places.ts';
import { NEEDS_CREDENTIALS } from '../../security/collectors/requests.ts';
import { judgeProbe, type FieldLocationRule } from './judge.ts';
import type {
  InvalidInputOperation,
  InvalidInputProbe,
  InvalidInputProbes,
} from './collectors/invalid-input-probes.ts';

export interface InvalidInputOptions {
  /** How strictly the error body must locate the field (see judge.ts); profile v1 requires errors[].pointer. */
  fieldLocation: FieldLocationRule;
  maxFindings: number;
}

const defaultOptions: InvalidInputOptions = { fieldLocation: 'required', maxFindings: 50 };

function locationOf(p: InvalidInputProbe): FindingLocation {
  return {
    operationId: p.operationId,
    method: p.method,
    url: p.url,
    ...(p.in === 'header' ? { header: p.pointer.slice(1) } : { jsonPointer: p.pointer, in: 'request' as const }),
  };
}

export default defineCheck({
  id: 'invalid-input-rejected',
  title: 'Invalid input is refused at the offending field',
  failureTitle: 'Invalid input is accepted, crashes the target or is refused without locating the field',
  description:
    'A single window that accepts a malformed declaration stores data no authority can rely on, and one that ' +
    'answers 5xx to bad input can be crashed by any client (PSW-API-011; OWASP API8:2023, CWE-20). For each ' +
    'operation taking input, a valid request is sent first (it must succeed), then requests that each break ' +
    'exactly one field of it: wrong type, missing required member, bad format, pattern, unknown enum value, ' +
    'out of range, too short or long, unknown member where the schema is closed, and for profile v1 ' +
    'identifiers in the right format with a wrong check digit or unknown to the code list. Each must be ' +
    'answered 4xx with an error locating the field (errors[].pointer, or jsonPath/property in other ' +
    'standards); path and header parameters only need the 4xx. Requests are generated with fast-check from ' +
    'the run seed (`--seed` replays them) within the profile budget (contract.fuzz.budget, default 150 ' +
    'requests); failures are shrunk to the smallest failing request, kept as evidence.',
  remediation:
    "Validate every request body and parameter against the profile's schemas before any processing, answer 400 or 422 with a problem document pointing at the offending field, and never let bad input reach code that can fail with 5xx.",
  area: 'contract',
  requirements: ['PSW-API-011'],
  cwe: [20],
  owasp: ['API8:2023'],
  requires: ['InvalidInputProbes', 'ProbePlan'],
  messages: {
    accepted: '{{operationId}} accepted an invalid request ({{kind}} at "{{pointer}}": {{value}}) with HTTP {{status}}',
    'server-error':
      '{{operationId}} answered HTTP {{status}} to an invalid request ({{kind}} at "{{pointer}}": {{value}})',
    'unexpected-status':
      '{{operationId}} answered HTTP {{status}}, not a 4xx, to an invalid request ({{kind}} at "{{pointer}}")',
    'field-not-located':
      '{{operationId}} refused an invalid request ({{kind}} at "{{pointer}}") with HTTP {{status}} but no error points at "{{pointer}}"',
  },
  defaultOptions,
  run({ InvalidInputProbes: a, ProbePlan }, ctx) {
    const places = { 'PSW-API-011': operationPlaces(ProbePlan, a) };
    const uncontrolled = a.operations.filter((o) => o.status === 'uncontrolled');
    const withInput = a.operations.filter((o) => o.status !== 'no-input');
    const metrics = {
      probes: a.probes.length,
      requests: a.requests,
      operationsProbed: a.operations.filter((o) => o.status === 'probed').length,
      operationsUncontrolled: uncontrolled.length,
    };
    if (withInput.length === 0)
      return { ...ctx.notApplicable('no operation of the document takes parameters or a JSON body'), places };
    // Every operation with input needs credentials the run does not have (`run --openapi` without a
    // token endpoint): nothing can be judged, and that is no error of the harness nor of the target.
    if (a.probes.length === 0 && withInput.every((o) => o.status === 'uncontrolled' && o.reason === NEEDS_CREDENTIALS))
      return { ...ctx.notApplicable(`every operation that takes input ${NEEDS_CREDENTIALS}`), places };
    if (a.probes.length === 0) {
      const why = uncontrolled
        .map((o) => `${o.operationId}: ${o.reason}`)
        .slice(0, 3)
        .join('; ');
      throw new Error(
        `no invalid request could be judged${why ? ` (${why})` : a.stoppedBy ? ` (stopped by ${a.stoppedBy})` : ''}`,
      );
    }
    const findings: Finding[] = [];
    let failing = 0;
    for (const p of a.probes) {
      const verdict = judgeProbe(p, ctx.options.fieldLocation);
      if (verdict === 'pass') continue;
      failing += 1;
      if (findings.length >= ctx.options.maxFindings) continue;
      findings.push(
        ctx.finding(
          verdict,
          {
            operationId: p.operationId,
            kind: p.kind,
            pointer: p.pointer,
            in: p.in,
            value: p.value,
            status: p.status,
            runSeed: a.seed,
            seed: p.seed,
            path: p.path ?? null,
            shrinks: p.shrinks,
          },
          locationOf(p),
          p.evidenceId ? [p.evidenceId] : [],
        ),
      );
    }
    const notProbed = uncontrolled.length
      ? `; ${uncontrolled.length} operation(s) not probed: their valid request failed (${uncontrolled.map((o) => o.operationId).join(', ')})`
      : '';
    const stop = a.stoppedBy ? `; stopped by ${a.stoppedBy} after ${a.requests} requests` : '';
    if (findings.length > 0) {
      return {
        ...ctx.fail(
          findings,
          `${failing} of ${a.probes.length} invalid requests not refused at the field (seed ${a.seed})${notProbed}${stop}`,
          metrics,
        ),
        places,
      };
    }
    const evidence = a.probes.flatMap((p) => (p.evidenceId ? [p.evidenceId] : [])).slice(0, 20);
    return {
      ...ctx.pass(
        `${a.probes.length} invalid requests over ${metrics.operationsProbed} operations refused at the field (seed ${a.seed})${notProbed}${stop}`,
        evidence,
        metrics,
      ),
      places,
    };
  },
});

/** An operation is probed when invalid requests of it were judged; the others say why not. */
function operationPlaces(plan: ProbePlan | undefined, a: InvalidInputProbes): PlacesReport {
  const byId = new Map(a.operations.map((o) => [o.operationId, o]));
  const why = (o: InvalidInputOperation | undefined): { why: NotProbedReason; detail?: string } => {
    if (!o) return { why: 'not-reached' };
    if (o.status === 'no-input') return { why: 'not-applicable', detail: 'it takes no parameter and no JSON body' };
    if (o.status === 'uncontrolled')
      return { why: 'precondition-failed', detail: o.reason ?? 'its valid request failed' };
    return { why: 'budget', detail: `the request budget (${a.budget}) ran out before its probes` };
  };
  return placesReport(
    plan,
    'PSW-API-011',
    (p) => {
      const o = byId.get(p.operationId ?? p.id);
      return o?.status === 'probed' && o.probes > 0;
    },
    (p) => why(byId.get(p.operationId ?? p.id)),
  );
}
