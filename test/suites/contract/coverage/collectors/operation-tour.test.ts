import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiCollector } from '../../../../../suites/contract/collectors/openapi.ts';
import { operationTourCollector } from '../../../../../suites/contract/coverage/collectors/operation-tour.ts';
import { contextFor, startFixture, type FixtureServer } from '../../../../helpers/fixture-harness.ts';

describe('OperationTour against the reference', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixture('reference');
  });
  afterAll(() => server.close());

  it('alone, it calls every operation of profile v1 successfully, and reads an absent resource per GET that documents 404', async () => {
    const ctx = await contextFor(server);
    try {
      const OpenApi = await openApiCollector.collect(ctx, {});
      const tour = await operationTourCollector.collect(ctx, { OpenApi });
      expect(tour.unavailable).toEqual([]);
      expect(tour.alreadyExercised).toEqual([]);
      expect(tour.calls.map((c) => c.operationId).sort()).toEqual(OpenApi.operations.map((o) => o.operationId).sort());
      for (const call of tour.calls) expect(call.status, call.operationId).toBeGreaterThanOrEqual(200);
      for (const call of tour.calls) expect(call.status, call.operationId).toBeLessThan(300);
      expect(tour.absentReads.map((c) => [c.operationId, c.status])).toEqual([
        ['getPortCall', 404],
        ['listFormalities', 404],
        ['getFormality', 404],
      ]);
      // Every call is recorded evidence (the token endpoint's is the token provider's own exchange).
      for (const call of [...tour.calls, ...tour.absentReads])
        expect(ctx.evidence.get(call.evidenceId!)?.kind).toBe('http');
    } finally {
      await ctx.close();
    }
  });

  it('after other traffic, it calls only the operations still missing a success', async () => {
    const ctx = await contextFor(server);
    try {
      const OpenApi = await openApiCollector.collect(ctx, {});
      await ctx.http.request({ method: 'GET', url: '/port-calls', as: 'agentA' });
      const tour = await operationTourCollector.collect(ctx, { OpenApi });
      expect(tour.alreadyExercised).toEqual(expect.arrayContaining(['listPortCalls', 'issueToken']));
      expect(tour.calls.map((c) => c.operationId)).not.toContain('listPortCalls');
      const again = await operationTourCollector.collect(ctx, { OpenApi });
      expect(again.calls).toEqual([]);
      expect(again.alreadyExercised).toHaveLength(OpenApi.operations.length);
    } finally {
      await ctx.close();
    }
  });
});
