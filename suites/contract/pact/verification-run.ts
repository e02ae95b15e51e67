// One verification run: one consumer's pacts against the target, Pact's verifier in a child process,
// this side answering its state setups and token requests and forwarding its traffic. Every piece of
// traffic is put in the segment of the interaction it belongs to (the verifier works through the
// interactions one at a time, announcing each through pact-js's beforeEach hook).
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ClientRole, HttpClient, TokenProvider } from '../../../engine/context.ts';
import { errorMessage } from '../../../engine/errors.ts';
import { redactText } from '../../../engine/redact.ts';
import { startForwardingProxy, type ProxiedExchange } from './forwarding-proxy.ts';
import type { ChildMessage, ParentMessage } from './ipc.ts';
import type { RunVerifierOptions } from './options.ts';
import { setUpState, type StateValues } from './provider-states.ts';
import { parseVerifierReport, type VerifierReport } from './report.ts';

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

const CHILD = fileURLToPath(new URL('./verifier-child.ts', import.meta.url));
/** The child runs TypeScript through the same loader as the harness. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;
/** Output of the child kept for an error message (the verifier's own report is not stored: it quotes bodies). */
const OUTPUT_TAIL = 4_096;

/** The child's environment: no PACT_* from the caller (pact-core would read them behind our options), no telemetry. */
export function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^PACT_/i.test(k)) env[k] = v;
  env.PACT_DO_NOT_TRACK = 'true';
  return env;
}

function tail(buf: string, chunk: Buffer): string {
  const s = buf + chunk.toString('utf8');
  return s.length > OUTPUT_TAIL ? s.slice(-OUTPUT_TAIL) : s;
}

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

  let child: ChildProcess | undefined;
  let output = '';
  let report: string | undefined;
  try {
    child = fork(CHILD, [], {
      execArgv: ['--import', TSX],
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    child.stdout?.on('data', (c: Buffer) => (output = tail(output, c)));
    child.stderr?.on('data', (c: Buffer) => (output = tail(output, c)));
    const reply = (msg: ParentMessage) => {
      if (child?.connected) child.send(msg);
    };
    const onMessage = async (msg: ChildMessage) => {
      switch (msg.type) {
        case 'interaction-start':
          segments.push({ states: [], requests: [] });
          return reply({ type: 'reply', id: msg.id });
        case 'token':
          try {
            return reply({ type: 'reply', id: msg.id, value: await deps.auth.token(run.role) });
          } catch (err) {
            const error = `no token for ${run.role}: ${errorMessage(err)}`;
            (current().errors ??= []).push(error);
            return reply({ type: 'reply', id: msg.id, error });
          }
        case 'state': {
          const segment = current();
          try {
            const r = await setUpState(deps.http, msg.state, msg.params);
            segment.states.push({ state: msg.state, values: r.values, evidence: r.evidence });
            return reply({ type: 'reply', id: msg.id, value: r.values });
          } catch (err) {
            const evidence = (err as { evidence?: string[] }).evidence ?? [];
            segment.states.push({ state: msg.state, error: errorMessage(err), evidence });
            return reply({ type: 'reply', id: msg.id, error: errorMessage(err) });
          }
        }
        case 'done':
          report = msg.report;
          return;
      }
    };
    child.on('message', (msg: ChildMessage) => void onMessage(msg));

    const spawned = child;
    const outcome = await new Promise<'exited' | 'timed-out' | 'aborted' | Error>((resolve) => {
      const finish = (v: 'exited' | 'timed-out' | 'aborted' | Error) => {
        clearTimeout(timer);
        deps.signal.removeEventListener('abort', onAbort);
        resolve(v);
      };
      const timer = setTimeout(() => finish('timed-out'), Math.max(1, run.deadlineMs));
      const onAbort = () => finish('aborted');
      deps.signal.addEventListener('abort', onAbort, { once: true });
      spawned.once('error', (err) => finish(err));
      // 'close', not 'exit': it comes after the IPC channel is drained, so the report has arrived.
      spawned.once('close', () => finish('exited'));
      if (deps.signal.aborted) onAbort();
      else
        spawned.send({
          type: 'start',
          options: { ...run.options, providerBaseUrl: proxy.url },
        } satisfies ParentMessage);
    });

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
      record.error = `the verifier process ended without a report (exit ${child.exitCode ?? child.signalCode})${lastLine(output)}`;
    } else {
      record.report = parseVerifierReport(report);
      if (!record.report) {
        record.status = 'error';
        record.error = `the verifier could not verify: ${redactText(report).slice(0, 400)}${lastLine(output)}`;
      }
    }
  } catch (err) {
    record.status = 'error';
    record.error = `the verification could not start: ${errorMessage(err)}`;
  } finally {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
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
