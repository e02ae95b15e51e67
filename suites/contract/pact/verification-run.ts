// One verification run: one consumer's pacts against the target, Pact's verifier in a child process
// (verifier-pool.ts: a warm one when this process has one idle), this side answering its state setups
// and token requests and forwarding its traffic. Every piece of traffic is put in the segment of the
// interaction it belongs to (the verifier works through the interactions one at a time, announcing
// each through pact-js's beforeEach hook).
import { errorMessage } from '../../../engine/errors.ts';
import type { ClientRole, HttpClient, TokenProvider } from '../../../engine/context.ts';
import { redactText } from '../../../engine/redact.ts';
import { startForwardingProxy, type ProxiedExchange } from './forwarding-proxy.ts';
import type { ChildMessage, ParentMessage } from './ipc.ts';
import type { RunVerifierOptions } from './options.ts';
import { setUpState, type StateValues } from './provider-states.ts';
import { parseVerifierReport, type VerifierReport } from './report.ts';
import { acquireVerifier, releaseVerifier, type VerifierChild } from './verifier-pool.ts';

export { childEnv } from './verifier-pool.ts';

export interface StateRecord {
  state: string;
  values?: StateValues;
  error?: string;
  evidence: string[];
}

/** What happened between two interaction boundaries. */
export interface Segment {
  states: StateRecord[];
  requests: ProxiedExchange[];
  /** Why the harness could not play its part (no token for the consumer's role). */
  errors?: string[];
}

export interface RunRecord {
  consumer: string;
  role: ClientRole;
  status: 'completed' | 'error' | 'timed-out';
  error?: string;
  durationMs: number;
  report?: VerifierReport;
  segments: Segment[];
}

export interface RunDeps {
  http: HttpClient;
  auth: TokenProvider;
  apiBaseUrl: string;
  /** Aborted when the collector's time is up. */
  signal: AbortSignal;
}

/** Output of the child kept for an error message (the verifier's own report is not stored: it quotes bodies). */
const OUTPUT_TAIL = 4_096;

function tail(buf: string, more: string): string {
  const s = buf + more;
  return s.length > OUTPUT_TAIL ? s.slice(-OUTPUT_TAIL) : s;
}

/**
 * The run's share of the child's output, in arrival order. A child that served a run before writes
 * `marker` on both pipes as this run starts: what comes before it on a pipe is an earlier run's.
 */
export class RunOutput {
  #text = '';
  /** Per pipe still waiting for the marker: the end of what came, in case the marker is split. */
  readonly #waiting = new Map<'out' | 'err', string>();

  constructor(private readonly marker?: string) {
    if (marker !== undefined) for (const pipe of ['out', 'err'] as const) this.#waiting.set(pipe, '');
  }

  add(pipe: 'out' | 'err', chunk: Buffer): void {
    let s = chunk.toString('utf8');
    const held = this.#waiting.get(pipe);
    if (held !== undefined && this.marker !== undefined) {
      s = held + s;
      const at = s.indexOf(this.marker);
      if (at < 0) {
        this.#waiting.set(pipe, s.slice(-this.marker.length));
        return;
      }
      this.#waiting.delete(pipe);
      s = s.slice(at + this.marker.length);
    }
    this.#text = tail(this.#text, s);
  }

  get text(): string {
    return this.#text;
  }
}

/** Runs in this process, numbered: a reused child's messages name theirs. */
let lastRun = 0;

export async function runVerification(
  deps: RunDeps,
  run: { consumer: string; role: ClientRole; options: Omit<RunVerifierOptions, 'providerBaseUrl'>; deadlineMs: number },
): Promise<RunRecord> {
  const started = Date.now();
  const segments: Segment[] = [];
  const current = (): Segment => {
    // Traffic before the first boundary (should not happen) still lands somewhere visible.
    if (segments.length === 0) segments.push({ states: [], requests: [] });
    return segments[segments.length - 1]!;
  };
  const record: RunRecord = { consumer: run.consumer, role: run.role, status: 'completed', durationMs: 0, segments };
  const proxy = await startForwardingProxy({
    http: deps.http,
    apiBaseUrl: deps.apiBaseUrl,
    // Which interaction a request belongs to is known once the report is in; the check links it then.
    label: () => `pact verification of ${run.consumer}'s contract`,
    onExchange: (e) => current().requests.push(e),
  });

  const runId = ++lastRun;
  let verifier: VerifierChild | undefined;
  /** Whether the child may serve another run: it ended this one cleanly, or was never given it. */
  let reusable = false;
  const detach: (() => void)[] = [];
  try {
    verifier = acquireVerifier();
    const child = verifier.process;
    const marker = verifier.runs > 0 ? `port-conformance: verification run ${runId} starts` : undefined;
    const output = new RunOutput(marker);
    const onOut = (c: Buffer) => output.add('out', c);
    const onErr = (c: Buffer) => output.add('err', c);
    child.stdout?.on('data', onOut);
    child.stderr?.on('data', onErr);
    detach.push(() => {
      child.stdout?.off('data', onOut);
      child.stderr?.off('data', onErr);
    });

    let report: string | undefined;
    let parsed: VerifierReport | undefined;
    /** Parent-side answers (state setups, tokens) still being worked out. */
    let inFlight = 0;
    let onDone = () => {};
    const reply = (msg: ParentMessage) => {
      if (child.connected) child.send(msg);
    };
    const onMessage = async (msg: ChildMessage) => {
      // An earlier run's message on a reused child is not this run's business.
      if (msg.run !== runId) return;
      switch (msg.type) {
        case 'interaction-start':
          segments.push({ states: [], requests: [] });
          return reply({ type: 'reply', id: msg.id });
        case 'token':
          inFlight += 1;
          try {
            return reply({ type: 'reply', id: msg.id, value: await deps.auth.token(run.role) });
          } catch (err) {
            const error = `no token for ${run.role}: ${errorMessage(err)}`;
            (current().errors ??= []).push(error);
            return reply({ type: 'reply', id: msg.id, error });
          } finally {
            inFlight -= 1;
          }
        case 'state': {
          inFlight += 1;
          const segment = current();
          try {
            const r = await setUpState(deps.http, msg.state, msg.params);
            segment.states.push({ state: msg.state, values: r.values, evidence: r.evidence });
            return reply({ type: 'reply', id: msg.id, value: r.values });
          } catch (err) {
            const evidence = (err as { evidence?: string[] }).evidence ?? [];
            segment.states.push({ state: msg.state, error: errorMessage(err), evidence });
            return reply({ type: 'reply', id: msg.id, error: errorMessage(err) });
          } finally {
            inFlight -= 1;
          }
        }
        case 'done':
          report = msg.report;
          return onDone();
      }
    };
    const listener = (msg: ChildMessage) => void onMessage(msg);
    child.on('message', listener);
    detach.push(() => child.off('message', listener));

    let sent = false;
    const outcome = await new Promise<'done' | 'exited' | 'timed-out' | 'aborted' | Error>((resolve) => {
      const finish = (v: 'done' | 'exited' | 'timed-out' | 'aborted' | Error) => {
        clearTimeout(timer);
        deps.signal.removeEventListener('abort', onAbort);
        resolve(v);
      };
      const timer = setTimeout(() => finish('timed-out'), Math.max(1, run.deadlineMs));
      const onAbort = () => finish('aborted');
      const onError = (err: Error) => finish(err);
      // 'close', not 'exit': it comes after the pipes and the IPC channel are drained.
      const onClose = () => finish('exited');
      deps.signal.addEventListener('abort', onAbort, { once: true });
      child.once('error', onError);
      child.once('close', onClose);
      detach.push(() => {
        child.off('error', onError);
        child.off('close', onClose);
      });
      onDone = () => {
        parsed = parseVerifierReport(report!);
        // A clean end: the report is readable and nothing of the run is pending, so the child may serve
        // again. Otherwise it is let go, and its end awaited so that all it printed is in (as for a crash).
        // The child lets go of the channel itself: then 'close' comes (a disconnect from this side ends
        // the channel without it).
        if (parsed && inFlight === 0) finish('done');
        else reply({ type: 'end' });
      };
      if (deps.signal.aborted) onAbort();
      else {
        sent = true;
        child.send({
          type: 'start',
          run: runId,
          options: { ...run.options, providerBaseUrl: proxy.url },
          ...(marker !== undefined ? { marker } : {}),
        } satisfies ParentMessage);
      }
    });
    reusable = outcome === 'done' || (outcome === 'aborted' && !sent);

    if (outcome === 'timed-out' || outcome === 'aborted') {
      record.status = 'timed-out';
      record.error =
        outcome === 'timed-out'
          ? `the verification did not finish within ${Math.round(run.deadlineMs / 1000)} s`
          : 'the verification was interrupted';
    } else if (outcome instanceof Error) {
      record.status = 'error';
      record.error = `the verifier process could not run: ${outcome.message}`;
    } else if (!report) {
      record.status = 'error';
      record.error = `the verifier process ended without a report (exit ${child.exitCode ?? child.signalCode})${lastLine(output.text)}`;
    } else {
      record.report = parsed;
      if (!record.report) {
        record.status = 'error';
        record.error = `the verifier could not verify: ${redactText(report).slice(0, 400)}${lastLine(output.text)}`;
      }
    }
  } catch (err) {
    record.status = 'error';
    record.error = `the verification could not start: ${errorMessage(err)}`;
  } finally {
    for (const off of detach) off();
    // Back to the pool, or killed (a verification cut short cannot be cancelled, only ended).
    if (verifier) releaseVerifier(verifier, reusable);
    await proxy.close();
    record.durationMs = Date.now() - started;
  }
  return record;
}

/** The verifier colours its output with ANSI escapes (ESC [ ... m). */
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

function lastLine(output: string): string {
  const lines = output
    .replace(ANSI_COLOUR, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const last = lines[lines.length - 1];
  return last ? `; last output: ${redactText(last).slice(0, 200)}` : '';
}
