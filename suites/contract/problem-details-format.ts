// PSW-API-008: every error answer of the API is RFC 9457 problem+json with a title and the HTTP status.
// Every error answer the run recorded is judged, with the error probes' (every operation on its error
// path), and the check says per operation whether one of its error answers was judged.
import { defineCheck } from '../../engine/check.ts';
import type { HttpExchange } from '../../engine/context.ts';
import type { Finding } from '../../engine/types.ts';
import { operationPlaces } from '../answers.ts';
import { documentsClientError } from '../security/collectors/error-probes.ts';
import { isObject, locationOf } from './judging.ts';
import { isProfilePath, operationOf } from './log.ts';
import { mediaTypeOf } from './records.ts';

function parsed(ex: HttpExchange): unknown {
  if (ex.json !== undefined) return ex.json;
  try {
    return ex.text ? (JSON.parse(ex.text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

export default defineCheck({
  id: 'problem-details-format',
  title: 'Errors are RFC 9457 problem details matching the HTTP status',
  failureTitle: 'Errors are not RFC 9457 problem details matching the HTTP status',
  description:
    'Clients handle the errors of every member with one code path only if they all use RFC 9457 ' +
    'problem details: media type `application/problem+json` (§3), a `title`, and a `status` member ' +
    'that equals the HTTP status code (§3.1.2: "MUST be the same"); intermediaries may change the ' +
    'HTTP status, so clients read the member. Every 4xx and 5xx answer of the profile API recorded ' +
    'in the run is judged, whatever provoked it; the error probes give every operation that documents a ' +
    'client error one at least (no token, unparsable parameters, a body that is not JSON).',
  remediation:
    "Answer every error with Content-Type application/problem+json, a title, and a status member equal to the HTTP status code (RFC 9457); make the framework's default error handler produce the same.",
  area: 'contract',
  requirements: ['PSW-API-008'],
  // The scenarios are declared so that the log holds 400, 409, 412, 422 and 428 answers; the error
  // probes, an error answer of every operation that has one.
  requires: ['HttpLog', 'OpenApi', 'PortCallLifecycle', 'IdentifierProbes', 'ErrorProbes', 'ProbePlan'],
  messages: {
    'wrong-content-type': '{{where}} HTTP {{status}} answered with {{contentType}}, not application/problem+json',
    'not-json': '{{where}} HTTP {{status}}: the body is not a JSON object',
    'title-missing': '{{where}} HTTP {{status}}: the problem has no title',
    'status-mismatch': '{{where}} HTTP {{status}}: the problem says status {{problemStatus}}',
  },
  defaultOptions: { maxFindings: 50 },
  run({ HttpLog, OpenApi, ErrorProbes, ProbePlan }, ctx) {
    const seen = new Set<string>();
    const judgedOps = new Set<string>();
    // The error probes' answers are in the log (recorded); one the log lacks is judged all the same.
    const logged = new Set(HttpLog.exchanges.flatMap((e) => (e.evidenceId ? [e.evidenceId] : [])));
    const probeExchanges: HttpExchange[] = ErrorProbes.probes
      .filter((p) => p.status !== undefined && !(p.evidenceId && logged.has(p.evidenceId)))
      .map((p) => ({
        method: p.method,
        url: p.url,
        requestHeaders: {},
        status: p.status!,
        headers: p.headers,
        text: p.body,
        durationMs: 0,
        ...(p.operationId ? { operationId: p.operationId } : {}),
        ...(p.evidenceId ? { evidenceId: p.evidenceId } : {}),
      }));
    const findings: Finding[] = [];
    let judged = 0;
    let violations = 0;
    for (const ex of [...HttpLog.exchanges, ...probeExchanges]) {
      if (ex.status < 400 || ex.method === 'HEAD') continue;
      const operationId = operationOf(OpenApi, ex);
      if (!operationId && !isProfilePath(OpenApi, ex.url)) continue;
      judged += 1;
      if (operationId) judgedOps.add(operationId);
      const where = operationId ?? `${ex.method} ${new URL(ex.url).pathname}`;
      const ev = ex.evidenceId ? [ex.evidenceId] : [];
      // One finding per kind, operation and status: a flood of identical 401s is one problem.
      const report = (id: string, data: Record<string, string | number | null>, extra = {}) => {
        violations += 1;
        const key = `${id} ${where} ${ex.status}`;
        if (seen.has(key)) return;
        seen.add(key);
        if (findings.length < ctx.options.maxFindings) {
          findings.push(
            ctx.finding(
              id,
              { where, status: ex.status, ...data },
              locationOf({ ...ex, ...(operationId ? { operationId } : {}) }, extra),
              ev,
            ),
          );
        }
      };
      const contentType = mediaTypeOf(ex.headers);
      if (contentType !== 'application/problem+json')
        report('wrong-content-type', { contentType: contentType ?? null }, { header: 'Content-Type' });
      const body = parsed(ex);
      if (!isObject(body)) {
        report('not-json', {}, { jsonPointer: '', in: 'response' });
        continue;
      }
      if (typeof body.title !== 'string' || body.title === '')
        report('title-missing', {}, { jsonPointer: '/title', in: 'response' });
      if (body.status !== ex.status) {
        const problemStatus = typeof body.status === 'number' || typeof body.status === 'string' ? body.status : null;
        report('status-mismatch', { problemStatus }, { jsonPointer: '/status', in: 'response' });
      }
    }
    const places = {
      'PSW-API-008': operationPlaces(ProbePlan, 'PSW-API-008', OpenApi, judgedOps, (op) =>
        op && !documentsClientError(op)
          ? { why: 'not-applicable', detail: 'the operation documents no client error answer to provoke' }
          : { why: 'not-reached', detail: 'no error answer of this operation was recorded' },
      ),
    };
    const metrics = { errorsJudged: judged, violations, operations: judgedOps.size };
    if (judged === 0) return { ...ctx.notApplicable('no error answer of the API was recorded'), places };
    if (findings.length > 0)
      return { ...ctx.fail(findings, `${violations} violation(s) in ${judged} error answers`, metrics), places };
    return {
      ...ctx.pass(
        `${judged} error answers of ${judgedOps.size} operation(s) are problem details matching their status`,
        undefined,
        metrics,
      ),
      places,
    };
  },
});
