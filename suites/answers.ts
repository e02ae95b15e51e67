// Every answer the run recorded, for the checks that judge a property of any answer (headers,
// disclosure, problem details): the HttpLog, plus the answers of probes made to exercise every
// operation (counted once when both hold one), each with the operation it belongs to. And the places
// report those checks give: an operation is probed when one of its answers was judged.
import { matchOperation, type OpenApiModel, type OperationModel } from '../contracts/openapi.ts';
import type { HttpExchange } from '../engine/context.ts';
import type { NotProbedReason, PlacesReport, ProbePlan } from '../engine/types.ts';
import { placesReport } from './places.ts';

export interface Answer {
  method: string;
  url: string;
  status: number;
  headers: Record<string, string>;
  /** Response body as text. */
  body: string;
  /** The request body the harness sent, when recorded (an answer may echo it). */
  requestBody?: string;
  evidenceId?: string;
  /** The documented operation it answers (the recorded one, else matched against the document). */
  operationId?: string;
}

/** A probe's answer as collectors keep it (status absent when there was no HTTP answer). */
export interface ProbeAnswer {
  operationId?: string;
  method: string;
  url: string;
  status?: number;
  headers: Record<string, string>;
  body: string;
  evidenceId?: string;
}

/**
 * The answers of the log and the probes, each once (by evidence id), with their operation. The
 * member's API base path stands in for the document's server path when matching.
 */
export function allAnswers(
  model: OpenApiModel,
  apiBaseUrl: string,
  log: readonly HttpExchange[],
  probes: readonly ProbeAnswer[] = [],
): Answer[] {
  const basePath = new URL(apiBaseUrl).pathname;
  // A recorded operationId counts only for an answer of that operation's method.
  const known = new Set(model.operations.map((o) => `${o.method} ${o.operationId}`));
  const seen = new Set<string>();
  const out: Answer[] = [];
  const add = (a: Omit<Answer, 'operationId'>, recorded: string | undefined) => {
    if (a.evidenceId) {
      if (seen.has(a.evidenceId)) return;
      seen.add(a.evidenceId);
    }
    let operationId = recorded && known.has(`${a.method.toUpperCase()} ${recorded}`) ? recorded : undefined;
    if (!operationId) {
      try {
        operationId = matchOperation(model, a.method, a.url, basePath)?.operationId;
      } catch {
        operationId = undefined;
      }
    }
    out.push({ ...a, ...(operationId ? { operationId } : {}) });
  };
  for (const e of log)
    add(
      {
        method: e.method,
        url: e.url,
        status: e.status,
        headers: e.headers,
        body: e.text,
        ...(e.requestBody !== undefined ? { requestBody: e.requestBody } : {}),
        ...(e.evidenceId ? { evidenceId: e.evidenceId } : {}),
      },
      e.operationId,
    );
  for (const p of probes) {
    if (p.status === undefined) continue; // no HTTP answer: nothing to judge
    add(
      {
        method: p.method,
        url: p.url,
        status: p.status,
        headers: p.headers,
        body: p.body,
        ...(p.evidenceId ? { evidenceId: p.evidenceId } : {}),
      },
      p.operationId,
    );
  }
  return out;
}

/**
 * Per operation place of `requirement`: probed when `judged` holds one of its answers; otherwise
 * `whyNot(op)` says why (default: not reached by any request of the run).
 */
export function operationPlaces(
  plan: ProbePlan | undefined,
  requirement: string,
  model: OpenApiModel,
  judged: ReadonlySet<string>,
  whyNot: (op: OperationModel | undefined) => { why: NotProbedReason; detail?: string } = () => ({
    why: 'not-reached',
    detail: 'no answer of this operation was recorded',
  }),
): PlacesReport {
  const byId = new Map(model.operations.map((o) => [o.operationId, o]));
  return placesReport(
    plan,
    requirement,
    (p) => p.operationId !== undefined && judged.has(p.operationId),
    (p) => whyNot(p.operationId ? byId.get(p.operationId) : undefined),
  );
}
