// PSW-API-001: every documented response of the run validates against the profile's schema.
import { defineCheck } from '../../engine/check.ts';
import { validateResponse } from '../../contracts/openapi.ts';
import type { Finding } from '../../engine/types.ts';
import { locationOf } from './judging.ts';
import { operationOf, operationPlaces } from './log.ts';

// Array indices are folded so a list of 100 bad items is one violation, not 100.
const foldIndices = (pointer: string) => pointer.replace(/\/\d+(?=\/|$)/g, '/*');

export default defineCheck({
  id: 'response-schema',
  title: 'Responses conform to the profile schemas',
  failureTitle: 'Responses do not conform to the profile schemas',
  description:
    'Every member implements the same interface so that one client works against all of them; a ' +
    'response that deviates from the published schema breaks those clients (psw-v1 openapi.yaml and ' +
    'schemas/, JSON Schema 2020-12). Every response recorded in the run whose status and content type ' +
    'the profile documents for its operation is validated against the documented schema; ' +
    'undocumented statuses and content types are the concern of documented-responses.',
  remediation:
    "Make every response body match the profile's JSON Schema for its operation and status: add missing required members, use the documented types and formats, and drop members the schema does not allow.",
  area: 'contract',
  requirements: ['PSW-API-001'],
  // The operation tour and the invalid-input probes call every operation of ANY document, so the log
  // holds an answer per operation even when this check runs alone (the scenarios add more when they run).
  requires: ['HttpLog', 'OpenApi', 'OperationTour', 'InvalidInputProbes', 'ProbePlan'],
  messages: {
    'schema-violation': '{{operationId}} HTTP {{status}} at "{{pointer}}": {{detail}} ({{code}})',
  },
  defaultOptions: { maxFindings: 50 },
  run({ HttpLog, OpenApi, ProbePlan }, ctx) {
    const seen = new Set<string>();
    const answered = new Set<string>();
    const judged = new Set<string>();
    const findings: Finding[] = [];
    let validated = 0;
    let invalid = 0;
    for (const ex of HttpLog.exchanges) {
      const operationId = operationOf(OpenApi, ex);
      // HEAD answers carry no body to validate.
      if (!operationId || ex.method === 'HEAD') continue;
      answered.add(operationId);
      const v = validateResponse(OpenApi, operationId, ex.status, ex.headers['content-type'], ex.text);
      if (!v.statusDocumented || !v.contentTypeDocumented || v.schemaValid === undefined) continue;
      validated += 1;
      judged.add(operationId);
      if (v.schemaValid) continue;
      invalid += 1;
      // One finding per wrong value: a value failing both pattern and format is one violation.
      const byPointer = new Map<string, { codes: string[]; details: string[] }>();
      for (const e of v.errors) {
        const g = byPointer.get(e.pointer) ?? { codes: [], details: [] };
        if (!g.codes.includes(e.code)) g.codes.push(e.code);
        g.details.push(e.detail);
        byPointer.set(e.pointer, g);
      }
      for (const [pointer, g] of byPointer) {
        const key = `${operationId} ${ex.status} ${foldIndices(pointer)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (findings.length >= ctx.options.maxFindings) continue;
        findings.push(
          ctx.finding(
            'schema-violation',
            { operationId, status: ex.status, pointer, code: g.codes.join(', '), detail: g.details.join('; ') },
            locationOf({ ...ex, operationId }, { jsonPointer: pointer, in: 'response' }),
            ex.evidenceId ? [ex.evidenceId] : [],
          ),
        );
      }
    }
    const metrics = { responsesValidated: validated, responsesInvalid: invalid, distinctViolations: seen.size };
    const places = {
      'PSW-API-001': operationPlaces(
        ProbePlan,
        'PSW-API-001',
        judged,
        answered,
        'no answer of it had a documented status, content type and schema',
      ),
    };
    if (validated === 0) return { ...ctx.notApplicable('no documented response was recorded'), places };
    if (findings.length > 0) {
      const shown = seen.size > findings.length ? ` (first ${findings.length} shown)` : '';
      return {
        ...ctx.fail(
          findings,
          `${invalid} of ${validated} responses off-schema, ${seen.size} distinct violation(s)${shown}`,
          metrics,
        ),
        places,
      };
    }
    return {
      ...ctx.pass(`${validated} responses of ${judged.size} operations conform to their schemas`, undefined, metrics),
      places,
    };
  },
});
