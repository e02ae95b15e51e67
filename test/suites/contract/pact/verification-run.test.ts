// The verification child process: its environment, and that an interrupted run ends at once with
// its cause and leaves nothing behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pactSourceFromEnv, verifierOptions } from '../../../../suites/contract/pact/options.ts';
import { childEnv, runVerification } from '../../../../suites/contract/pact/verification-run.ts';
import { contextFor, startFixture, type FixtureServer } from '../../../helpers/fixture-harness.ts';

describe('childEnv', () => {
  it('passes no PACT_* variable of the caller (pact-core would act on them) and turns telemetry off', () => {
    const saved = { ...process.env };
    try {
      process.env.PACT_BROKER_TOKEN = 'secret';
      process.env.PACT_DESCRIPTION = 'only this';
      process.env.pact_do_not_track = 'false';
      const env = childEnv();
      expect(Object.keys(env).filter((k) => /^pact_/i.test(k))).toEqual(['PACT_DO_NOT_TRACK']);
      expect(env.PACT_DO_NOT_TRACK).toBe('true');
      expect(env.PATH).toBe(process.env.PATH);
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    }
  });
});

describe('runVerification', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixture('reference');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('an interrupted run ends as timed-out without a report and without traffic', async () => {
    const ctx = await contextFor(server);
    try {
      const controller = new AbortController();
      controller.abort();
      const consumer = 'shipping-agent-system';
      const rec = await runVerification(
        { http: ctx.http, auth: ctx.auth, apiBaseUrl: ctx.target.apiBaseUrl, signal: controller.signal },
        {
          consumer,
          role: 'agentA',
          options: verifierOptions(pactSourceFromEnv({}, { targetHost: 'h' }), { consumer, timeoutMs: 5_000 }),
          deadlineMs: 60_000,
        },
      );
      expect(rec).toMatchObject({
        consumer,
        status: 'timed-out',
        error: 'the verification was interrupted',
        segments: [],
      });
      expect(rec.report).toBeUndefined();
      expect(ctx.http.requestCount()).toBe(0);
    } finally {
      await ctx.close();
    }
  });

  it('a pact file that does not exist is an error with the verifier’s reason', async () => {
    const ctx = await contextFor(server);
    try {
      const consumer = 'no-such-consumer';
      const rec = await runVerification(
        { http: ctx.http, auth: ctx.auth, apiBaseUrl: ctx.target.apiBaseUrl, signal: new AbortController().signal },
        {
          consumer,
          role: 'agentA',
          options: verifierOptions({ mode: 'local', pactDir: '/nonexistent' }, { consumer, timeoutMs: 5_000 }),
          deadlineMs: 60_000,
        },
      );
      expect(rec.status).toBe('error');
      expect(rec.error).toMatch(/does not exist/);
      expect(ctx.http.requestCount()).toBe(0);
    } finally {
      await ctx.close();
    }
  });
});
