// security-headers: every answer of the API says `X-Content-Type-Options: nosniff` and
// `Cache-Control: no-store` (OWASP API8:2023 security misconfiguration): every answer the run recorded,
// errors included, and at least one answer of every operation (the error probes see to that).
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { allAnswers, operationPlaces, type Answer } from '../answers.ts';

const UUID_SEGMENT = /\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=\/|$)/gi;

/** Evidence ids cited per finding, at most. */
const MAX_EVIDENCE = 3;

type Problem = 'nosniffMissing' | 'nosniffInvalid' | 'noStoreMissing';

/** Whether `url` lies under the API base (same origin, path at or below the base path). */
export function underApiBase(url: string, apiBaseUrl: string): boolean {
  try {
    const u = new URL(url);
    const b = new URL(apiBaseUrl);
    const base = b.pathname.replace(/\/+$/, '');
    return u.origin === b.origin && (u.pathname === base || u.pathname.startsWith(`${base}/`));
  } catch {
    return false;
  }
}

/** The problems of one response's headers. */
export function headerProblems(
  headers: Record<string, string>,
): { problem: Problem; header: string; value: string | null }[] {
  const out: { problem: Problem; header: string; value: string | null }[] = [];
  const xcto = headers['x-content-type-options'];
  if (xcto === undefined) out.push({ problem: 'nosniffMissing', header: 'x-content-type-options', value: null });
  else if (xcto.trim().toLowerCase() !== 'nosniff')
    out.push({ problem: 'nosniffInvalid', header: 'x-content-type-options', value: xcto });
  const cc = headers['cache-control'];
  const directives = (cc ?? '').split(',').map((d) => d.trim().toLowerCase().split('=')[0]);
  if (!directives.includes('no-store'))
    out.push({ problem: 'noStoreMissing', header: 'cache-control', value: cc ?? null });
  return out;
}

export default defineCheck({
  id: 'security-headers',
  title: 'API responses forbid content sniffing and caching',
  failureTitle: 'API responses allow content sniffing or caching',
  description:
    'Port-call, crew and passenger data must not linger in browser or proxy caches, and a JSON answer must never be sniffed into something a browser executes (OWASP API8:2023; the profile: every response carries `X-Content-Type-Options: nosniff` and `Cache-Control: no-store`). Every answer the run recorded of every documented operation and of any path under the API base is judged, success and error alike; the error probes give every operation at least one answer (no token, unparsable parameters, a body that is not JSON). One finding per header and operation.',
  remediation:
    'Send X-Content-Type-Options: nosniff and Cache-Control: no-store on every API response, errors included, e.g. in one response middleware.',
  area: 'security',
  requirements: ['PSW-SEC-HDR-001'],
  requires: ['HttpLog', 'ErrorProbes', 'OpenApi', 'ProbePlan'],
  owasp: ['API8:2023'],
  cwe: [693, 524],
  messages: {
    nosniffMissing: '{{count}} of {{total}} response(s) of {{operation}} carry no X-Content-Type-Options header.',
    nosniffInvalid:
      '{{count}} of {{total}} response(s) of {{operation}} carry X-Content-Type-Options "{{value}}" instead of nosniff.',
    noStoreMissing: '{{count}} of {{total}} response(s) of {{operation}} lack Cache-Control no-store (got {{value}}).',
  },
  defaultOptions: {},
  run({ HttpLog, ErrorProbes, OpenApi, ProbePlan }, ctx) {
    const responses = allAnswers(OpenApi, ErrorProbes.apiBaseUrl, HttpLog.exchanges, ErrorProbes.probes).filter(
      (a) => a.operationId !== undefined || underApiBase(a.url, ErrorProbes.apiBaseUrl),
    );
    const judged = new Set(responses.flatMap((r) => (r.operationId ? [r.operationId] : [])));
    const places = { 'PSW-SEC-HDR-001': operationPlaces(ProbePlan, 'PSW-SEC-HDR-001', OpenApi, judged) };
    if (responses.length === 0) return { ...ctx.notApplicable('No API response was recorded.'), places };

    // Undocumented exchanges (e.g. method probes) are grouped by method and path, ids folded.
    const operationOf = (r: Answer) =>
      r.operationId ?? `${r.method} ${new URL(r.url).pathname.replace(UUID_SEGMENT, '/{id}')}`;
    const totals = new Map<string, number>();
    const groups = new Map<
      string,
      { problem: Problem; header: string; operation: string; value: string | null; items: Answer[] }
    >();
    for (const r of responses) {
      const operation = operationOf(r);
      totals.set(operation, (totals.get(operation) ?? 0) + 1);
      for (const p of headerProblems(r.headers)) {
        const key = `${p.problem}\u0000${operation}`;
        const g = groups.get(key) ?? { ...p, operation, items: [] };
        g.items.push(r);
        groups.set(key, g);
      }
    }
    const findings: Finding[] = [...groups.values()].map((g) => {
      const first = g.items[0]!;
      return ctx.finding(
        g.problem,
        { operation: g.operation, count: g.items.length, total: totals.get(g.operation) ?? 0, value: g.value },
        {
          ...(first.operationId ? { operationId: first.operationId } : {}),
          method: first.method,
          url: first.url,
          header: g.header,
        },
        g.items.flatMap((i) => (i.evidenceId ? [i.evidenceId] : [])).slice(0, MAX_EVIDENCE),
      );
    });
    const errors = responses.filter((r) => r.status >= 400).length;
    const metrics = { responses: responses.length, errorResponses: errors, operations: totals.size };
    if (findings.length > 0)
      return {
        ...ctx.fail(
          findings,
          `${findings.length} header problem(s) over ${responses.length} API response(s) of ${totals.size} operation(s).`,
          metrics,
        ),
        places,
      };
    return {
      ...ctx.pass(
        `All ${responses.length} API response(s) (${errors} error answers) of ${totals.size} operation(s) carry nosniff and no-store.`,
        undefined,
        metrics,
      ),
      places,
    };
  },
});
