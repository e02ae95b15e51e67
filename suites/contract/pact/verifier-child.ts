// The child process of verification runs, one at a time. Pact's verifier is native code: it prints its
// report to the process's stdout, cannot be cancelled, and a crash in it would take the harness with it.
// So it runs here, and the collector keeps the parent side: it answers provider-state setups and
// token requests over IPC, forwards the verifier's traffic, and kills this process when time is up.
// After a run's report the process waits for the next run (verifier-pool.ts) until the parent lets go.
import type { IncomingMessage } from 'node:http';
import { Verifier } from '@pact-foundation/pact';
import type { ChildMessage, ParentMessage } from './ipc.ts';
import type { RunVerifierOptions } from './options.ts';

/** pact-js's verification proxy takes state setups on this path. */
const STATE_SETUP_PATH = '/_pactSetup';
/** Property names a provider state can never have (probes of the handler table by library code). */
const NOT_STATES = new Set(['then', 'constructor', 'toJSON', 'valueOf', 'toString', '__proto__']);

const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
let lastId = 0;

function send(msg: ChildMessage): void {
  process.send?.(msg);
}

type Question = Extract<ChildMessage, { id: number }>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Asks the parent, on behalf of run `run`, and waits for its reply. */
function ask(run: number, msg: DistributiveOmit<Question, 'id' | 'run'>): Promise<unknown> {
  const id = ++lastId;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    send({ ...msg, run, id } as ChildMessage);
  });
}

/**
 * Every state name gets a handler that asks the parent, so a state the parent does not know is
 * reported by the parent instead of being skipped silently by pact-js.
 */
function stateHandlers(run: number): Record<string, { setup: (params: unknown) => Promise<Record<string, string>> }> {
  return new Proxy(
    {},
    {
      get: (_target, name) => {
        if (typeof name !== 'string' || NOT_STATES.has(name)) return undefined;
        // An interaction without provider state still gets a setup call, with an empty name.
        if (name === '') return { setup: async () => ({}) };
        return {
          setup: async (params: unknown) =>
            (await ask(run, { type: 'state', state: name, params: params ?? {} })) as Record<string, string>,
        };
      },
    },
  );
}

async function verify(run: number, options: RunVerifierOptions): Promise<void> {
  const verifier = new Verifier({
    ...options,
    stateHandlers: stateHandlers(run),
    // Called once before each interaction (on its first state setup): the parent's interaction boundary.
    beforeEach: async () => void (await ask(run, { type: 'interaction-start' })),
    requestFilter: (req: IncomingMessage & { path?: string }, _res: unknown, next: (err?: unknown) => void) => {
      if ((req.path ?? req.url ?? '').startsWith(STATE_SETUP_PATH)) return next();
      ask(run, { type: 'token' }).then(
        (token) => {
          req.headers.authorization = `Bearer ${String(token)}`;
          next();
        },
        (err: unknown) => next(err),
      );
    },
  } as ConstructorParameters<typeof Verifier>[0]);
  let done: ChildMessage;
  try {
    done = { type: 'done', run, report: String(await verifier.verifyProvider()) };
  } catch (err) {
    // A verification with failures rejects with the JSON report as the message.
    done = { type: 'done', run, report: (err as Error).message };
  }
  send(done);
}

process.on('message', (msg: ParentMessage) => {
  if (msg.type === 'start') {
    // Both pipes are written synchronously: whatever an earlier run printed comes before the marker.
    if (msg.marker !== undefined) {
      process.stdout.write(`\n${msg.marker}\n`);
      process.stderr.write(`\n${msg.marker}\n`);
    }
    void verify(msg.run, msg.options);
    return;
  }
  if (msg.type === 'end') {
    process.disconnect?.();
    return;
  }
  const p = pending.get(msg.id);
  if (!p) return;
  pending.delete(msg.id);
  if (msg.error !== undefined) p.reject(new Error(msg.error));
  else p.resolve(msg.value);
});
// The parent went away: nothing is left to report to.
process.on('disconnect', () => process.exit(0));
