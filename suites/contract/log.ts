// Which recorded exchanges belong to the profile's API, for the checks that judge the whole HttpLog.
import { matchOperation, type OpenApiModel } from '../../contracts/openapi.ts';
import type { HttpExchange } from '../../engine/context.ts';
import type { PlacesReport, ProbePlan } from '../../engine/types.ts';
import { placesReport } from '../places.ts';

/** The exchange's operationId: as recorded by the client, else matched against the model. */
export function operationOf(
  model: OpenApiModel,
  ex: Pick<HttpExchange, 'method' | 'url' | 'operationId'>,
): string | undefined {
  const known = ex.operationId && model.operations.some((o) => o.operationId === ex.operationId);
  return known ? ex.operationId : matchOperation(model, ex.method, ex.url)?.operationId;
}

/** True when the URL is a documented path, whatever the method (a 405 on it is still the API's). */
export function isProfilePath(model: OpenApiModel, url: string): boolean {
  const methods = new Set(model.operations.map((o) => o.method));
  for (const m of methods) if (matchOperation(model, m, url)) return true;
  return false;
}

/** Submissions answered by a receipt (README "Receipt"): create, update and every formality. */
export const SUBMISSION_OPERATIONS: ReadonlySet<string> = new Set([
  'createPortCall',
  'updatePortCall',
  'submitGeneralDeclaration',
  'submitCrewList',
  'submitPassengerList',
  'submitDangerousGoods',
  'submitWasteNotification',
  'submitSecurityNotification',
]);

/**
 * The places of a requirement that applies to operations, for a check judging the HttpLog: an
 * operation is probed when the check judged at least one of its answers; one whose answers it saw but
 * could not judge is not applicable (`notJudged` says why); one never answered was not reached.
 */
export function operationPlaces(
  plan: ProbePlan | undefined,
  requirement: string,
  judged: ReadonlySet<string>,
  seen: ReadonlySet<string>,
  notJudged: string,
): PlacesReport {
  return placesReport(
    plan,
    requirement,
    (p) => judged.has(p.operationId ?? p.id),
    (p) =>
      seen.has(p.operationId ?? p.id)
        ? { why: 'not-applicable', detail: notJudged }
        : { why: 'not-reached', detail: 'no answer of this operation was recorded' },
  );
}
