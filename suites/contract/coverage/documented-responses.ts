// PSW-API-002: every answer of an operation uses a status code and a content type the document
// lists for it (exact code, its range such as 4XX, or default; media-type wildcards respected).
import { normalizeMediaType, responseFor } from '../../../contracts/openapi.ts';
import { defineCheck } from '../../../engine/check.ts';
import type { Finding } from '../../../engine/types.ts';
import { locationOf } from '../judging.ts';
import { operationOf, operationPlaces } from '../log.ts';
import { firstSeen, tally, type FirstSeen } from './tally.ts';

interface Violation {
  id: 'undocumented-status' | 'undocumented-content-type' | 'missing-content-type';
  operationId: string;
  status: number;
  contentType: string;
  documented: string;
  count: number;
  first: FirstSeen;
}

/** Exact media type, `type/*`, then `*\/*`. */
function documentedType(documented: string[], mediaType: string): boolean {
  return (
    documented.includes(mediaType) || documented.includes(`${mediaType.split('/')[0]}/*`) || documented.includes('*/*')
  );
}

export default defineCheck({
  id: 'documented-responses',
  title: 'Operations answer only with documented status codes and content types',
  failureTitle: 'Operations answer with undocumented status codes or content types',
  description:
    'Clients generated from the shared OpenAPI document handle exactly the responses it lists; an ' +
    'undocumented status or a body in an undocumented media type (a 404 as text/plain, an HTML error page ' +
    'from a gateway) reaches them as an unhandled case (PSW-API-002; Schemathesis status_code_conformance ' +
    'and content_type_conformance). Every recorded answer of a documented operation is checked: its status ' +
    'must be documented (exact code, range such as 4XX, or default), and a body must come with a ' +
    'Content-Type the documented response lists. One finding per operation, status and content type.',
  remediation:
    'Answer only with the status codes and media types the OpenAPI document lists for the operation; map framework and gateway defaults (404 text/plain, HTML error pages) to the documented problem+json responses.',
  area: 'contract',
  requirements: ['PSW-API-002'],
  // The tour and the invalid-input probes make sure the log holds successes and errors of every operation.
  requires: ['HttpLog', 'OpenApi', 'OperationTour', 'InvalidInputProbes', 'ProbePlan'],
  messages: {
    'undocumented-status':
      '{{operationId}} answered HTTP {{status}}, which the document does not list ({{count}} time(s))',
    'undocumented-content-type':
      '{{operationId}} answered HTTP {{status}} as "{{contentType}}"; documented: {{documented}} ({{count}} time(s))',
    'missing-content-type':
      '{{operationId}} answered HTTP {{status}} with a body but no Content-Type ({{count}} time(s))',
  },
  defaultOptions: { maxFindings: 50, ignoreStatuses: [] as number[] },
  run({ HttpLog, OpenApi, ProbePlan }, ctx) {
    const byKey = new Map<string, Violation>();
    const operations = new Set<string>();
    let judged = 0;
    const ignore = new Set(ctx.options.ignoreStatuses);
    for (const ex of HttpLog.exchanges) {
      const operationId = operationOf(OpenApi, ex);
      if (!operationId || ignore.has(ex.status)) continue;
      const op = OpenApi.operations.find((o) => o.operationId === operationId)!;
      judged += 1;
      operations.add(operationId);
      const response = responseFor(op, ex.status);
      const raw = ex.headers['content-type'];
      const mediaType = raw === undefined ? '' : normalizeMediaType(raw);
      const documented = response ? Object.keys(response.contentTypes) : [];
      let id: Violation['id'] | undefined;
      if (!response) id = 'undocumented-status';
      else if (ex.method !== 'HEAD' && ex.text !== '') {
        if (mediaType === '') id = 'missing-content-type';
        else if (!documentedType(documented, mediaType)) id = 'undocumented-content-type';
      }
      if (!id) continue;
      tally(byKey, `${id} ${operationId} ${ex.status} ${mediaType}`, () => ({
        id,
        operationId,
        status: ex.status,
        contentType: mediaType,
        documented: documented.length ? documented.join(', ') : '(no body)',
        count: 1,
        first: firstSeen(ex),
      }));
    }
    const metrics = { responsesJudged: judged, distinctViolations: byKey.size };
    const places = { 'PSW-API-002': operationPlaces(ProbePlan, 'PSW-API-002', operations, operations, '') };
    if (judged === 0) return { ...ctx.notApplicable('no answer of a documented operation was recorded'), places };
    const findings: Finding[] = [...byKey.values()].slice(0, ctx.options.maxFindings).map((v) =>
      ctx.finding(
        v.id,
        {
          operationId: v.operationId,
          status: v.status,
          contentType: v.contentType,
          documented: v.documented,
          count: v.count,
        },
        locationOf(
          { operationId: v.operationId, method: v.first.method, url: v.first.url },
          v.id === 'undocumented-status' ? {} : { header: 'content-type' },
        ),
        v.first.evidenceId ? [v.first.evidenceId] : [],
      ),
    );
    if (findings.length > 0)
      return {
        ...ctx.fail(
          findings,
          `${byKey.size} undocumented (operation, status, content type) combination(s) in ${judged} answers`,
          metrics,
        ),
        places,
      };
    return {
      ...ctx.pass(
        `${judged} answers of ${operations.size} operations use documented status codes and content types`,
        [],
        metrics,
      ),
      places,
    };
  },
});
