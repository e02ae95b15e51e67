// Messages between the collector (parent) and a verification child process.
import type { RunVerifierOptions } from './options.ts';

export type ChildMessage =
  /** Before each interaction (pact-js beforeEach on its first state setup). */
  | { type: 'interaction-start'; id: number }
  /** Set up a provider state; the reply's value is the state's values. */
  | { type: 'state'; id: number; state: string; params: unknown }
  /** A bearer token of the run's consumer role for the request being forwarded. */
  | { type: 'token'; id: number }
  /** The verifier's JSON report (or, when it could not run, its error message). */
  | { type: 'done'; report: string };

export type ParentMessage =
  { type: 'start'; options: RunVerifierOptions } | { type: 'reply'; id: number; value?: unknown; error?: string };
