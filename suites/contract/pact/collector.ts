// The PactVerification artifact: the target verified against the consumer contracts with Pact's
// Verifier, one run per consumer (whose credentials its requests carry), and each interaction's
// result with its mismatches and the evidence of its state setup and its request.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineCollector } from '../../../engine/check.ts';
import type { ClientRole } from '../../../engine/context.ts';
import { CONSUMERS, pactFileName, type ConsumerName } from '../../../contracts/pact/names.ts';
import { describeSource, pactSourceFromEnv, verifierOptions, type PactSource } from './options.ts';
import type { PactMismatch } from './report.ts';
import { runVerification, type RunRecord } from './verification-run.ts';

/** Whose credentials each consumer's requests carry (the PCS acts for tenant A's agent). */
export const CONSUMER_ROLES: Readonly<Record<ConsumerName, ClientRole>> = {
  'shipping-agent-system': 'agentA',
  'national-authority-system': 'authority',
  'port-community-system': 'agentA',
};

export type InteractionOutcome = 'pass' | 'fail' | 'pending-fail' | 'error';

export interface InteractionVerification {
  consumer: string;
  description: string;
  outcome: InteractionOutcome;
  mismatches: PactMismatch[];
  /** Why it could not be judged (outcome error). */
  error?: string;
  /** The request the verifier sent, where the forwarding proxy sent it, and the answer's status. */
  request?: { method: string; path: string; url?: string; status?: number };
  /** Evidence ids: the state setup requests, then the interaction's own request. */
  evidence: string[];
}

export interface RunSummary {
  consumer: string;
  role: ClientRole;
  status: RunRecord['status'] | 'skipped';
  error?: string;
  durationMs: number;
  /** Interactions the verifier reported. */
  verified: number;
  /** False when the traffic could not be matched to interactions one to one (no evidence attached). */
  evidenceAttributed: boolean;
}

export interface PactVerification {
  source: Record<string, string | boolean>;
  runs: RunSummary[];
  interactions: InteractionVerification[];
}

declare module '../../../engine/check.ts' {
  interface ArtifactMap {
    PactVerification: PactVerification;
  }
}

const COLLECTOR_TIMEOUT_MS = 300_000;
/** Kept back from the collector's limit so a late run still returns the earlier runs' results. */
const MARGIN_MS = 15_000;
const RUN_DEADLINE_MS = 150_000;
/** Per request of the verifier (to the proxy, to the state setup); the scoped client's own limits apply inside. */
const VERIFIER_REQUEST_TIMEOUT_MS = 60_000;

/** Interaction descriptions of a local pact file, in file order. */
export function pactDescriptions(file: string): string[] {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { interactions?: { description?: unknown }[] };
  return (doc.interactions ?? []).map((i) => String(i.description));
}

/** The per-interaction results of one run, with its segments' evidence when they line up. */
export function interactionsOf(
  run: RunRecord,
  expected: readonly string[] = [],
): { interactions: InteractionVerification[]; attributed: boolean } {
  if (!run.report) {
    const error = run.error ?? 'the verification produced no report';
    return {
      interactions: expected.map((description) => ({
        consumer: run.consumer,
        description,
        outcome: 'error',
        mismatches: [],
        error,
        evidence: [],
      })),
      attributed: false,
    };
  }
  const reported = run.report.interactions;
  // One boundary per interaction and at most one request each, or the traffic cannot be told apart.
  const attributed = run.segments.length === reported.length && run.segments.every((s) => s.requests.length <= 1);
  const interactions = reported.map((r, i): InteractionVerification => {
    const seg = attributed ? run.segments[i] : undefined;
    const request = seg?.requests[0];
    const stateError = seg?.states.find((s) => s.error !== undefined);
    const base = {
      consumer: run.consumer,
      description: r.description,
      mismatches: r.mismatches,
      evidence: seg
        ? [...seg.states.flatMap((s) => s.evidence), ...(request?.evidenceId ? [request.evidenceId] : [])]
        : [],
      ...(request
        ? {
            request: {
              method: request.method,
              path: request.path,
              ...(request.url !== undefined ? { url: request.url } : {}),
              ...(request.status !== undefined ? { status: request.status } : {}),
            },
          }
        : {}),
    };
    const harnessError = seg?.errors?.[0];
    if (harnessError) return { ...base, outcome: 'error', error: harnessError };
    if (stateError)
      return {
        ...base,
        outcome: 'error',
        error: `provider state "${stateError.state}" could not be set up: ${stateError.error}`,
      };
    if (request?.error) return { ...base, outcome: 'error', error: `the target did not answer: ${request.error}` };
    if (r.ok) return { ...base, outcome: 'pass' };
    if (r.error) return { ...base, outcome: 'error', error: r.error };
    return { ...base, outcome: r.pending ? 'pending-fail' : 'fail' };
  });
  return { interactions, attributed };
}

export const pactVerificationCollector = defineCollector({
  name: 'PactVerification',
  // One of the longest: started early (engine/schedule.ts startOrder).
  expectedMs: 15_000,
  description:
    "Verifies the target against the consumers' Pact contracts (local files or a Pact Broker), one consumer at a time.",
  // Verifies profile v1's consumers' pacts.
  standard: 'psw-v1',
  timeoutMs: COLLECTOR_TIMEOUT_MS,
  async collect(ctx) {
    const started = Date.now();
    const source: PactSource = pactSourceFromEnv(process.env, { targetHost: new URL(ctx.target.apiBaseUrl).host });
    const runs: RunSummary[] = [];
    const interactions: InteractionVerification[] = [];
    for (const consumer of CONSUMERS) {
      const role = CONSUMER_ROLES[consumer];
      const skipped = (error: string) =>
        runs.push({ consumer, role, status: 'skipped', error, durationMs: 0, verified: 0, evidenceAttributed: false });
      const expected = source.mode === 'local' ? join(source.pactDir, pactFileName(consumer)) : undefined;
      if (expected && !existsSync(expected)) {
        skipped(`no pact file ${expected}`);
        continue;
      }
      // Within the collector's own limit and its budget in the run, whichever ends first.
      const remaining = Math.min(COLLECTOR_TIMEOUT_MS - (Date.now() - started), ctx.endsBy - Date.now()) - MARGIN_MS;
      if (remaining <= 0 || ctx.signal.aborted) {
        skipped('no time left for this consumer');
        continue;
      }
      ctx.log.debug(`pact: verifying ${consumer}'s pacts as ${role}`);
      const run = await runVerification(
        { http: ctx.http, auth: ctx.auth, apiBaseUrl: ctx.target.apiBaseUrl, signal: ctx.signal },
        {
          consumer,
          role,
          options: verifierOptions(source, { consumer, timeoutMs: VERIFIER_REQUEST_TIMEOUT_MS }),
          deadlineMs: Math.min(RUN_DEADLINE_MS, remaining),
        },
      );
      const got = interactionsOf(run, expected ? pactDescriptions(expected) : []);
      interactions.push(...got.interactions);
      runs.push({
        consumer,
        role,
        status: run.status,
        ...(run.error ? { error: run.error } : {}),
        durationMs: run.durationMs,
        verified: run.report?.interactions.length ?? 0,
        evidenceAttributed: got.attributed,
      });
      if (run.error) ctx.log.warn(`pact: ${consumer}: ${run.error}`);
    }
    return { source: describeSource(source), runs, interactions };
  },
});
