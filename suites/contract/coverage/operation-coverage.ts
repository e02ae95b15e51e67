// PSW-API-012: every operation of the document was exercised in the run and is implemented where
// documented. The coverage table (statuses per operation) goes to results.extensions.
import { defineCheck } from '../../../engine/check.ts';
import type { Finding } from '../../../engine/types.ts';
import { placesReport } from '../../places.ts';
import { coverageTable } from './table.ts';

export default defineCheck({
  id: 'operation-coverage',
  title: 'Every operation of the profile is exercised and implemented',
  failureTitle: 'Some operations of the profile are never exercised or not implemented',
  description:
    'A member conforms only if every operation of the shared interface exists at its documented method ' +
    'and path (PSW-API-012, EMSWe harmonised interface): a client written against the profile breaks on the ' +
    'first one missing. Every recorded exchange is matched to the operation it calls; an operation that no ' +
    'request reached, or that only ever answered 404, 405 or 501, is reported. The OperationTour collector ' +
    'calls each operation nothing else called successfully, so the token endpoint and the discovery ' +
    'documents are covered too. The table of statuses per operation is published in ' +
    'results.extensions["operation-coverage"].',
  remediation:
    'Implement every operation of the shared OpenAPI document at its documented method and path, with the documented request and response shapes.',
  area: 'contract',
  requirements: ['PSW-API-012'],
  requires: ['HttpLog', 'OpenApi', 'OperationTour', 'ProbePlan'],
  messages: {
    'never-exercised': '{{method}} {{path}} ({{operationId}}) was never called in this run',
    'not-implemented':
      '{{method}} {{path}} ({{operationId}}) only ever answered {{statuses}}: not implemented where documented',
  },
  defaultOptions: {},
  run({ HttpLog, OpenApi, OperationTour, ProbePlan }, ctx) {
    const table = coverageTable(OpenApi, HttpLog.exchanges);
    const findings: Finding[] = [];
    const tourEvidence = new Map(OperationTour.calls.map((c) => [c.operationId, c.evidenceId]));
    for (const row of table.operations) {
      const data = { operationId: row.operationId, method: row.method, path: row.path };
      const location = { operationId: row.operationId, method: row.method, url: row.path };
      if (table.neverExercised.includes(row.operationId)) {
        const why = OperationTour.unavailable.find((u) => u.operationId === row.operationId)?.reason;
        findings.push(ctx.finding('never-exercised', { ...data, ...(why ? { reason: why } : {}) }, location));
      } else if (table.notImplemented.includes(row.operationId)) {
        const statuses = Object.keys(row.statuses).join(', ');
        const ev =
          tourEvidence.get(row.operationId) ??
          HttpLog.exchanges.find((e) => e.operationId === row.operationId)?.evidenceId;
        findings.push(ctx.finding('not-implemented', { ...data, statuses }, location, ev ? [ev] : []));
      }
    }
    const exercised = table.operations.length - table.neverExercised.length;
    const metrics = {
      operations: table.operations.length,
      exercised,
      neverExercised: table.neverExercised.length,
      notImplemented: table.notImplemented.length,
    };
    const product =
      findings.length > 0
        ? ctx.fail(
            findings,
            `${exercised} of ${table.operations.length} operations exercised; ${table.neverExercised.length} never called, ${table.notImplemented.length} not implemented`,
            metrics,
          )
        : ctx.pass(`all ${table.operations.length} operations exercised`, [], metrics);
    const never = new Set(table.neverExercised);
    const places = {
      'PSW-API-012': placesReport(
        ProbePlan,
        'PSW-API-012',
        (p) => !never.has(p.operationId ?? p.id),
        () => ({ why: 'not-reached', detail: 'no request of the run reached it' }),
      ),
    };
    return { ...product, extension: table, places };
  },
});
