// The consortium run with a stand-in run session: what one member does (hangs, throws, ends in an
// internal error, lacks its secrets) is that member's row, and the others finish; each member gets its
// own request (output folder, member id, signal, the shared gate, the history store); an outer stop
// stops them all.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { interruptStop } from '../../engine/run-control.ts';
import type { Results } from '../../engine/types.ts';
import { loadMembersFile } from '../../consortium/members.ts';
import { runConsortium, type ConsortiumProgress } from '../../consortium/run.ts';
import type { RunOutcome, RunRequest } from '../../session/index.ts';
import { sampleResults } from '../reports/sample-results.ts';

const dir = mkdtempSync(join(tmpdir(), 'pc-consortium-run-'));

function members(entries: { id: string; api?: string }[]) {
  const file = join(dir, `members-${entries.map((e) => e.id).join('-')}.yaml`);
  writeFileSync(file, stringify({ members: entries.map((e) => ({ api: `https://127.0.0.1:8443/api/v1`, ...e })) }));
  return loadMembersFile(file).members;
}

function outcomeFor(id: string, verdict: Results['verdict']): RunOutcome {
  const r = sampleResults();
  return {
    results: { ...r, target: { ...r.target, member: id }, verdict },
    exitCode: verdict.exitCode,
    written: { written: [], failed: [], schemaErrors: [] },
  };
}

const CONFORMANT = { status: 'conformant', conformant: true, exitCode: 0, reason: 'ok' } as const;

/** What each member's stand-in run does, by the member's id. */
function standIn(seen: RunRequest[]) {
  return async (req: RunRequest): Promise<RunOutcome> => {
    seen.push(req);
    const config = req.target!.config as { member: string };
    const id = config.member;
    if (id === 'hangs') {
      // Takes the load gate and never gives it back, ignoring its signal.
      await req.exclusiveGate!.acquire(new AbortController().signal);
      return new Promise<RunOutcome>(() => undefined);
    }
    if (id === 'throws') throw new Error('the session exploded');
    if (id === 'errs')
      return outcomeFor(id, { status: 'error', conformant: false, exitCode: 4, reason: 'internal error: boom' });
    // The load phase: waits for the gate the hung member holds until that member is abandoned.
    const release = await req.exclusiveGate!.acquire(req.signal!);
    release();
    return outcomeFor(id, CONFORMANT);
  };
}

describe('runConsortium, one member at odds', () => {
  it('a hung member is abandoned (its turn at the gate handed back), a crash is a crash; the others finish', async () => {
    const seen: RunRequest[] = [];
    const events: ConsortiumProgress[] = [];
    const { summary } = await runConsortium({
      members: members([{ id: 'hangs' }, { id: 'ok-1' }, { id: 'throws' }, { id: 'errs' }, { id: 'ok-2' }]),
      concurrency: 2,
      outDir: join(dir, 'out-1'),
      maxTimeMs: 300,
      graceMs: 200,
      history: join(dir, 'history.db'),
      runSession: standIn(seen),
      onProgress: (e) => events.push(e),
    });
    expect(summary.members.map((m) => [m.id, m.status])).toEqual([
      ['errs', 'crashed'],
      ['hangs', 'hung'],
      ['ok-1', 'ran'],
      ['ok-2', 'ran'],
      ['throws', 'crashed'],
    ]);
    expect(summary.members.find((m) => m.id === 'throws')!.reason).toContain('the session exploded');
    expect(summary.exitCode).toBe(3);
    expect(
      events
        .filter((e) => e.type === 'member-finished')
        .map((e) => e.member)
        .sort(),
    ).toEqual(['errs', 'hangs', 'ok-1', 'ok-2', 'throws']);
    // Each member its own request: its folder, its id, its signal; the gate and the history shared.
    expect(seen.map((r) => r.output!.dir)).toEqual(
      seen.map((r) => join(dir, 'out-1', 'members', (r.target!.config as { member: string }).member)),
    );
    expect(new Set(seen.map((r) => r.signal)).size).toBe(seen.length);
    expect(seen.every((r) => r.history === join(dir, 'history.db') && r.exclusiveGate)).toBe(true);
    const hung = seen.find((r) => (r.target!.config as { member: string }).member === 'hangs')!;
    expect(hung.signal!.aborted).toBe(true);
  });

  it('a member whose credential variables are not set is skipped, naming them; the others run', async () => {
    const seen: RunRequest[] = [];
    const { summary } = await runConsortium({
      members: members([{ id: 'remote', api: 'https://psw.example.org/api/v1' }, { id: 'local' }]),
      outDir: join(dir, 'out-2'),
      env: {},
      runSession: standIn(seen),
    });
    const remote = summary.members.find((m) => m.id === 'remote')!;
    expect(remote.status).toBe('skipped');
    expect(remote.reason).toContain('PSW_AGENT_A_CLIENT_ID');
    expect(summary.members.find((m) => m.id === 'local')!.status).toBe('ran');
    expect(seen.map((r) => (r.target!.config as { member: string }).member)).toEqual(['local']);
    expect(summary.exitCode).toBe(3);
  });

  it('with the variables set, the same member runs with them', async () => {
    const seen: RunRequest[] = [];
    const env = Object.fromEntries(
      ['AGENT_A', 'AGENT_B', 'AUTHORITY']
        .flatMap((r) => [`PSW_${r}_CLIENT_ID`, `PSW_${r}_CLIENT_SECRET`])
        .map((v) => [v, 'x']),
    );
    const { summary } = await runConsortium({
      members: members([{ id: 'remote', api: 'https://psw.example.org/api/v1' }]),
      outDir: join(dir, 'out-3'),
      env,
      runSession: standIn(seen),
    });
    expect(summary.members.map((m) => m.status)).toEqual(['ran']);
    expect(seen[0]!.target!.env).toBe(env);
    expect(summary.exitCode).toBe(0);
  });

  it('an outer stop before members start: none starts, the exit code is the signal’s', async () => {
    const seen: RunRequest[] = [];
    const stop = new AbortController();
    stop.abort(interruptStop('SIGTERM'));
    const { summary } = await runConsortium({
      members: members([{ id: 'ok-1' }, { id: 'ok-2' }]),
      outDir: join(dir, 'out-4'),
      signal: stop.signal,
      runSession: standIn(seen),
    });
    expect(seen).toEqual([]);
    expect(summary.members.map((m) => m.status)).toEqual(['skipped', 'skipped']);
    expect(summary.exitCode).toBe(143);
  });

  it('an outer stop during the run reaches every running member', async () => {
    const stop = new AbortController();
    const signals: AbortSignal[] = [];
    const { summary } = await runConsortium({
      members: members([{ id: 'ok-1' }, { id: 'ok-2' }]),
      outDir: join(dir, 'out-5'),
      signal: stop.signal,
      runSession: (req) => {
        signals.push(req.signal!);
        if (signals.length === 2) setTimeout(() => stop.abort(interruptStop('SIGINT')), 10);
        return new Promise((resolve) =>
          req.signal!.addEventListener('abort', () =>
            resolve(
              outcomeFor((req.target!.config as { member: string }).member, {
                status: 'incomplete',
                conformant: false,
                exitCode: 130,
                reason: 'interrupted',
              }),
            ),
          ),
        );
      },
    });
    expect(signals.every((s) => s.aborted)).toBe(true);
    expect(summary.exitCode).toBe(130);
  });
});
