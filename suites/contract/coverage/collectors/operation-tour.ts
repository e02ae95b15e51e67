// The OperationTour artifact: one valid request for each operation that nothing else in the run has
// yet called successfully (typically the token endpoint, the JWKS and the discovery document), so
// the HttpLog holds an answer from every operation; and it reads one absent resource per GET that
// documents 404, so the not-found answer is exercised too. It runs alone after the ordinary
// collectors, so it sees their traffic and adds only what is missing; on its own it tours everything.
import { defineCollector } from '../../../../engine/check.ts';
import type { HttpExchange } from '../../../../engine/context.ts';
import { errorMessage } from '../../../../engine/errors.ts';
import { dayOf, isProfileV1 } from '../../fuzz/collectors/invalid-input-probes.ts';
import { profileV1Plan } from '../../fuzz/plan-v1.ts';
import { RequestPlanner } from '../../fuzz/requests.ts';
import { RawDocument } from '../../fuzz/schema-doc.ts';
import { Traffic, type Sent } from '../../fuzz/traffic.ts';
import { succeededOperations } from '../table.ts';

export interface TourCall {
  operationId: string;
  /** 0 when no response came. */
  status: number;
  evidenceId?: string;
  error?: string;
}

export interface OperationTour {
  /** Operations the tour called (or whose exchange it took from the token provider). */
  calls: TourCall[];
  /** Operations already answered 2xx before the tour. */
  alreadyExercised: string[];
  /** Operations the tour could not build a valid request for, with why. */
  unavailable: Array<{ operationId: string; reason: string }>;
  /** Reads of a resource that does not exist, for each GET that documents 404 (exercises the not-found answer). */
  absentReads: TourCall[];
}

declare module '../../../../engine/check.ts' {
  interface ArtifactMap {
    OperationTour: OperationTour;
  }
}

/** Requests per operation at most (the call plus resources and their setup). */
const REQUESTS_PER_OPERATION = 8;
const TIME_LIMIT_MS = 60_000;

export const operationTourCollector = defineCollector({
  name: 'OperationTour',
  description: 'One valid request for every operation no other collector has called successfully',
  dependsOn: ['OpenApi'],
  // Alone, after the ordinary collectors: it must see their traffic to call only what is missing.
  exclusive: true,
  timeoutMs: TIME_LIMIT_MS + 30_000,
  async collect(ctx, deps) {
    const model = deps.OpenApi;
    if (!model) throw new Error('the OpenApi artifact is missing');
    const done = succeededOperations(model, ctx.http.exchanges());
    const traffic = new Traffic(ctx, model.operations.length * REQUESTS_PER_OPERATION, TIME_LIMIT_MS);
    const now = dayOf(new Date());
    const plan = isProfileV1(ctx) ? profileV1Plan(now) : undefined;
    const planner = new RequestPlanner(ctx, model, new RawDocument(model), traffic, {
      seed: ctx.seed,
      now,
      label: 'operation tour',
      ...(plan ? { plan } : {}),
    });
    const tour: OperationTour = { calls: [], alreadyExercised: [], unavailable: [], absentReads: [] };
    for (const op of model.operations) {
      if (done.has(op.operationId)) {
        tour.alreadyExercised.push(op.operationId);
        continue;
      }
      let own: HttpExchange | undefined;
      try {
        own = await plan?.tour?.(op, ctx);
      } catch (err) {
        tour.unavailable.push({ operationId: op.operationId, reason: errorMessage(err) });
        continue;
      }
      if (own) {
        tour.calls.push({
          operationId: op.operationId,
          status: own.status,
          ...(own.evidenceId ? { evidenceId: own.evidenceId } : {}),
        });
        continue;
      }
      let req: Awaited<ReturnType<RequestPlanner['prepare']>>;
      try {
        req = await planner.prepare(op);
      } catch (err) {
        req = { unavailable: errorMessage(err) };
      }
      if ('unavailable' in req) {
        tour.unavailable.push({ operationId: op.operationId, reason: req.unavailable });
        continue;
      }
      const sent = await planner.send(req, op.operationId);
      if (!sent) {
        tour.unavailable.push({ operationId: op.operationId, reason: `not sent: ${traffic.stoppedBy ?? 'budget'}` });
        continue;
      }
      tour.calls.push(callOf(op.operationId, sent));
    }
    for (const op of model.operations) {
      if (op.method !== 'GET' || !op.responses['404']) continue;
      const req = await planner.absentResource(op).catch(() => undefined);
      if (!req || 'unavailable' in req) continue;
      const sent = await planner.send(req, `${op.operationId} of a resource that does not exist`);
      if (sent) tour.absentReads.push(callOf(op.operationId, sent));
    }
    return tour;
  },
});

function callOf(operationId: string, sent: Sent): TourCall {
  const ex = sent.exchange;
  return {
    operationId,
    status: ex?.status ?? 0,
    ...(ex?.evidenceId ? { evidenceId: ex.evidenceId } : {}),
    ...(sent.error ? { error: sent.error } : {}),
  };
}
