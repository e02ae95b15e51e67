// PSW-API-003, PSW-API-010: the response headers the document marks required (ETag, Location,
// RateLimit-*, Retry-After, WWW-Authenticate...) are present and their values fit their schemas.
import { responseFor, validateSchema, type SchemaObject } from '../../../contracts/openapi.ts';
import { defineCheck } from '../../../engine/check.ts';
import type { Finding } from '../../../engine/types.ts';
import { locationOf } from '../judging.ts';
import { operationOf, operationPlaces } from '../log.ts';
import { firstSeen, tally, type FirstSeen } from './tally.ts';

interface Violation {
  id: 'missing-header' | 'invalid-header-value';
  operationId: string;
  status: number;
  header: string;
  value: string;
  count: number;
  first: FirstSeen;
}

/** Header text as the schema's type wants it (RateLimit-Limit: "100" → 100), as Schemathesis coerces. */
function coerce(schema: SchemaObject | undefined, text: string): unknown {
  const type = typeof schema === 'object' ? schema.type : undefined;
  const types = Array.isArray(type) ? type : [type];
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?$/.test(text.trim()))
    return Number(text.trim());
  if (types.includes('boolean') && /^(true|false)$/.test(text.trim())) return text.trim() === 'true';
  return text;
}

const REQUIREMENTS = ['PSW-API-003', 'PSW-API-010'];

export default defineCheck({
  id: 'required-headers',
  title: 'Responses carry the headers the profile requires',
  failureTitle: 'Responses lack headers the profile requires',
  description:
    'Clients rely on the headers the shared document marks required: Location and ETag to follow and ' +
    'update what they created (PSW-API-003), RateLimit-Limit/-Remaining/-Reset to pace themselves before ' +
    'being throttled (PSW-API-010), Retry-After on 429 and WWW-Authenticate on 401. For every recorded ' +
    'answer of a documented operation, each header its documented response marks `required: true` must be ' +
    'present, and its value must fit the header schema (numbers coerced, as Schemathesis ' +
    'response_headers_conformance does). One finding per operation, status and header.',
  remediation:
    'Send the headers the document marks required on every response that declares them: Location and ETag after creation, RateLimit-Limit, -Remaining and -Reset on every answer, Retry-After on 429 and WWW-Authenticate on 401.',
  area: 'contract',
  requirements: REQUIREMENTS,
  requires: ['HttpLog', 'OpenApi', 'OperationTour', 'ProbePlan'],
  messages: {
    'missing-header':
      '{{operationId}} answered HTTP {{status}} without the required header {{header}} ({{count}} time(s))',
    'invalid-header-value':
      '{{operationId}} answered HTTP {{status}} with {{header}}: "{{value}}", which does not fit its schema ({{count}} time(s))',
  },
  defaultOptions: { maxFindings: 50 },
  run({ HttpLog, OpenApi, ProbePlan }, ctx) {
    const byKey = new Map<string, Violation>();
    const answered = new Set<string>();
    const withRequired = new Set<string>();
    let judged = 0;
    for (const ex of HttpLog.exchanges) {
      const operationId = operationOf(OpenApi, ex);
      if (!operationId) continue;
      const op = OpenApi.operations.find((o) => o.operationId === operationId)!;
      answered.add(operationId);
      const response = responseFor(op, ex.status);
      if (!response) continue;
      const required = Object.entries(response.headers).filter(([name, h]) => h.required && name !== 'content-type');
      if (required.length === 0) continue;
      judged += 1;
      withRequired.add(operationId);
      for (const [name, h] of required) {
        const value = ex.headers[name];
        let id: Violation['id'] | undefined;
        if (value === undefined) id = 'missing-header';
        else if (h.schema !== undefined && !validateSchema(OpenApi, h.schema, coerce(h.schema, value)).valid)
          id = 'invalid-header-value';
        if (!id) continue;
        tally(byKey, `${id} ${operationId} ${ex.status} ${name}`, () => ({
          id,
          operationId,
          status: ex.status,
          header: name,
          value: (value ?? '').slice(0, 200),
          count: 1,
          first: firstSeen(ex),
        }));
      }
    }
    const metrics = { responsesJudged: judged, distinctViolations: byKey.size };
    const places = Object.fromEntries(
      REQUIREMENTS.map((r) => [
        r,
        operationPlaces(ProbePlan, r, withRequired, answered, 'the document requires no header on its answers'),
      ]),
    );
    if (judged === 0)
      return {
        ...ctx.notApplicable('no recorded answer has a documented response with required headers'),
        places,
      };
    const findings: Finding[] = [...byKey.values()]
      .slice(0, ctx.options.maxFindings)
      .map((v) =>
        ctx.finding(
          v.id,
          { operationId: v.operationId, status: v.status, header: v.header, value: v.value, count: v.count },
          locationOf({ operationId: v.operationId, method: v.first.method, url: v.first.url }, { header: v.header }),
          v.first.evidenceId ? [v.first.evidenceId] : [],
        ),
      );
    if (findings.length > 0)
      return {
        ...ctx.fail(findings, `${byKey.size} required header(s) missing or malformed, over ${judged} answers`, metrics),
        places,
      };
    return { ...ctx.pass(`${judged} answers carry every required header`, [], metrics), places };
  },
});
