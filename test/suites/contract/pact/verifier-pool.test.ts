// Warm verifier children: a run's consumers and later runs share one, each run hears only its own
// messages and output, and a run cut short never hands its child on.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pactSourceFromEnv, verifierOptions } from '../../../../suites/contract/pact/options.ts';
import { RunOutput, runVerification } from '../../../../suites/contract/pact/verification-run.ts';
import {
  acquireVerifier,
  closeIdleVerifiers,
  releaseVerifier,
  verifierChildren,
} from '../../../../suites/contract/pact/verifier-pool.ts';
import { contextFor, startFixture, type FixtureServer } from '../../../helpers/fixture-harness.ts';

describe('RunOutput', () => {
  const marker = 'port-conformance: verification run 7 starts';

  it('keeps everything a fresh child printed, in arrival order', () => {
    const out = new RunOutput();
    out.add('out', Buffer.from('one\n'));
    out.add('err', Buffer.from('two\n'));
    expect(out.text).toBe('one\ntwo\n');
  });

  it('on a reused child, drops what each pipe carried before the marker, even when the marker is split', () => {
    const out = new RunOutput(marker);
    out.add('out', Buffer.from(`earlier run's report\n${marker.slice(0, 10)}`));
    out.add('err', Buffer.from(`earlier run's warning\n\n${marker}\nthis run's warning\n`));
    expect(out.text).toBe("\nthis run's warning\n");
    out.add('out', Buffer.from(`${marker.slice(10)}\nthis run's report\n`));
    expect(out.text).toBe("\nthis run's warning\n\nthis run's report\n");
  });

  it('keeps nothing of a pipe whose marker never came', () => {
    const out = new RunOutput(marker);
    out.add('out', Buffer.from('x'.repeat(10_000)));
    expect(out.text).toBe('');
  });
});

describe('the verifier pool', () => {
  // The pool is the process's: an earlier test file in this worker may have left warm children in it.
  beforeEach(() => closeIdleVerifiers());
  afterEach(() => closeIdleVerifiers());

  it('hands an idle child out again only under the same environment', () => {
    const first = acquireVerifier();
    releaseVerifier(first, true);
    expect(verifierChildren().idle).toEqual([first.process.pid]);
    const again = acquireVerifier();
    expect(again.process.pid).toBe(first.process.pid);
    expect(again.runs).toBe(1);
    releaseVerifier(again, true);
    process.env.PORT_CONFORMANCE_POOL_TEST = '1';
    try {
      const other = acquireVerifier();
      expect(other.process.pid).not.toBe(first.process.pid);
      expect(other.runs).toBe(0);
      // The one started under the other environment was ended, not kept.
      expect(verifierChildren().idle).toEqual([]);
      releaseVerifier(other, false);
      expect(verifierChildren()).toEqual({ idle: [], handedOut: [] });
    } finally {
      delete process.env.PORT_CONFORMANCE_POOL_TEST;
    }
  });
});

describe('verification runs on warm children', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixture('reference');
  });
  afterAll(async () => {
    closeIdleVerifiers();
    await server?.close();
  });

  const consumer = 'national-authority-system';
  const options = verifierOptions(pactSourceFromEnv({}, { targetHost: 'h' }), { consumer, timeoutMs: 30_000 });

  it('two runs in turn share one child, and each records only its own interactions and traffic', async () => {
    const ctx = await contextFor(server);
    try {
      const deps = { http: ctx.http, auth: ctx.auth, apiBaseUrl: ctx.target.apiBaseUrl };
      const run = { consumer, role: 'authority' as const, options, deadlineMs: 120_000 };
      const first = await runVerification({ ...deps, signal: new AbortController().signal }, run);
      const pids = verifierChildren().idle;
      expect(pids).toHaveLength(1);
      const second = await runVerification({ ...deps, signal: new AbortController().signal }, run);
      expect(verifierChildren().idle).toEqual(pids);
      for (const rec of [first, second]) {
        expect(rec.status, rec.error).toBe('completed');
        expect(rec.report?.interactions.map((i) => i.ok)).toEqual([true, true, true, true]);
        expect(rec.segments).toHaveLength(4);
        expect(rec.segments.every((s) => s.requests.length === 1)).toBe(true);
      }
      const evidence = (rec: typeof first) => rec.segments.flatMap((s) => s.requests.map((r) => r.evidenceId));
      expect(evidence(second).filter((id) => evidence(first).includes(id))).toEqual([]);
    } finally {
      await ctx.close();
    }
  });

  it('a run cut short by its deadline kills its child: it is never handed out again', async () => {
    const ctx = await contextFor(server);
    try {
      const before = verifierChildren().idle;
      const rec = await runVerification(
        { http: ctx.http, auth: ctx.auth, apiBaseUrl: ctx.target.apiBaseUrl, signal: new AbortController().signal },
        { consumer, role: 'authority', options, deadlineMs: 1 },
      );
      expect(rec).toMatchObject({ status: 'timed-out', error: 'the verification did not finish within 0 s' });
      const after = verifierChildren();
      expect(after.handedOut).toEqual([]);
      // The idle child it took (or the one it started) is gone.
      expect(after.idle.filter((pid) => before.includes(pid))).toEqual(before.slice(0, -1));
    } finally {
      await ctx.close();
    }
  });
});
