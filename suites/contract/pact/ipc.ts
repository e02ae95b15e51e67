// Messages between the collector (parent) and a verification child process. A child verifies one run
// at a time and may serve several runs in turn (verifier-pool.ts): every message of the child names the
// run it belongs to, and the parent hears only its own run's.
import type { RunVerifierOptions } from './options.ts';

export type ChildMessage =
  /** Before each interaction (pact-js beforeEach on its first state setup). */
  | { type: 'interaction-start'; run: number; id: number }
  /** Set up a provider state; the reply's value is the state's values. */
  | { type: 'state'; run: number; id: number; state: string; params: unknown }
  /** A bearer token of the run's consumer role for the request being forwarded. */
  | { type: 'token'; run: number; id: number }
  /** The verifier's JSON report (or, when it could not run, its error message). */
  | { type: 'done'; run: number; report: string };

export type ParentMessage =
  | {
      type: 'start';
      run: number;
      options: RunVerifierOptions;
      /**
       * Written on its own line to stdout and stderr before the verification starts, when the child has
       * served a run before: the parent keeps only what follows it as this run's output.
       */
      marker?: string;
    }
  | { type: 'reply'; id: number; value?: unknown; error?: string }
  /** Serve no more runs: let go of the channel and end. */
  | { type: 'end' };
