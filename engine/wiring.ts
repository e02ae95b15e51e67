// The one place a run's services are wired: evidence store, scoped HTTP client and token provider.
// The session uses it for every run; collector tests use it to drive one collector for real.
import { ClientCredentialsTokenProvider } from './auth.ts';
import { DEFAULT_ENGINES, sleepUntil, type CollectContext, type Engines, type Logger } from './context.ts';
import { MemoryEvidenceStore } from './evidence.ts';
import { ScopedHttpClient } from './http.ts';
import { loadProfile, type Profile } from './profile.ts';
import type { Target } from './target.ts';

export const SILENT_LOGGER: Logger = { info: () => undefined, warn: () => undefined, debug: () => undefined };

export interface RunServices {
  evidence: MemoryEvidenceStore;
  http: ScopedHttpClient;
  auth: ClientCredentialsTokenProvider;
  close(): Promise<void>;
}

export interface WireOptions {
  target: Target;
  profile: Profile;
  /** Where file evidence goes; nothing is written without it. */
  outDir?: string;
  operationOf?: (method: string, url: string) => string | undefined;
  /** The run's stop signal. */
  signal?: AbortSignal;
  onUnresponsive?: (message: string) => void;
}

export function wireServices(o: WireOptions): RunServices {
  const evidence = new MemoryEvidenceStore(o.outDir);
  // The token provider sends through the client, and the client asks it for tokens: the closure is
  // only called on a request, by which time the provider exists.
  const http: ScopedHttpClient = new ScopedHttpClient({
    target: o.target,
    evidence,
    token: (role) => auth.token(role),
    operationOf: o.operationOf,
    requestTimeoutMs: o.profile.limits.requestTimeoutMs,
    maxRequests: o.profile.limits.maxRequests,
    maxRetryAfterMs: o.profile.limits.maxRetryAfterMs,
    unresponsiveAfter: o.profile.limits.unresponsiveAfter,
    onUnresponsive: o.onUnresponsive,
    signal: o.signal,
  });
  const auth: ClientCredentialsTokenProvider = new ClientCredentialsTokenProvider(o.target, http);
  return { evidence, http, auth, close: () => http.close() };
}

/** A real collect context (scoped client, tokens, evidence) for driving one collector directly. */
export function createCollectContext(
  target: Target,
  opts: Partial<Omit<WireOptions, 'target'>> & { seed?: number; log?: Logger; engines?: Partial<Engines> } = {},
): CollectContext & RunServices & { evidenceStore: MemoryEvidenceStore } {
  const o = { ...opts, target, profile: opts.profile ?? loadProfile('default') };
  const services = wireServices(o);
  const signal = o.signal ?? new AbortController().signal;
  return {
    ...services,
    evidenceStore: services.evidence,
    target: o.target,
    profile: o.profile,
    log: o.log ?? SILENT_LOGGER,
    seed: o.seed ?? 1,
    signal,
    endsBy: Date.now() + o.profile.limits.collectorTimeoutMs,
    // Driven alone, outside a schedule: a wait on the target's clock is a plain sleep.
    waitOnTargetClock: (untilMs) => sleepUntil(untilMs, signal),
    outDir: o.outDir ?? '',
    engines: { ...DEFAULT_ENGINES, ...o.engines },
  };
}
