// What a collector is handed. Collectors never build their own clients: the HTTP client
// enforces the target scope, bounds and evidence recording in one place.
import type { Evidence, FileEvidence, HttpEvidence } from './types.ts';
import type { Profile } from './profile.ts';
import type { Target } from './target.ts';

/** The engines a run may use for load and for TLS probing; chosen per run, typed end to end. */
export const LOAD_ENGINES = ['builtin', 'k6'] as const;
export type LoadEngineName = (typeof LOAD_ENGINES)[number];
export const TLS_ENGINES = ['node', 'testssl'] as const;
export type TlsEngineName = (typeof TLS_ENGINES)[number];
/**
 * How the ZAP checks reach OWASP ZAP (security/zap/): auto picks a daemon (--zap-api), else the packaged
 * scan script (container image or local), else skips; script and daemon insist on theirs; off skips.
 */
export const ZAP_MODES = ['auto', 'script', 'daemon', 'off'] as const;
export type ZapMode = (typeof ZAP_MODES)[number];
export interface ZapEngine {
  mode: ZapMode;
  /** A running ZAP daemon's API base URL (--zap-api, ZAP_API_URL). */
  apiUrl?: string;
  /** Its API key (ZAP_API_KEY): sent to the daemon only, never recorded. */
  apiKey?: string;
  /** The member's rules file in ZAP's own format (rule-id TAB level TAB name), an absolute path. */
  rulesFile?: string;
  /** Longest active scan, in minutes (ZAP's scanner.maxScanDurationInMins); the collector's budget cuts it too. */
  minutes?: number;
}
export interface Engines {
  /** The built-in open-model engine, or k6 when it is on PATH. */
  load: LoadEngineName;
  /** Protocol and cipher probing with Node, or with testssl.sh when installed. */
  tls: TlsEngineName;
  /** OWASP ZAP for the zap-api-scan check; absent: auto. */
  zap?: ZapEngine;
}
export const DEFAULT_ENGINES: Engines = { load: 'builtin', tls: 'node', zap: { mode: 'auto' } };

/** The test identities every member provides: two shipping-agent tenants and one authority. */
export type ClientRole = 'agentA' | 'agentB' | 'authority';

export interface HttpRequestOptions {
  method: string;
  /** Absolute URL, or a path resolved against the target's API base URL. */
  url: string;
  headers?: Record<string, string>;
  /** Object → JSON; string/Buffer sent as is. */
  body?: unknown;
  /** Adds `Authorization: Bearer <token>` for this client. */
  as?: ClientRole;
  /** Human label kept with the evidence, e.g. "lifecycle: stale update". */
  label?: string;
  /** Overrides the per-request timeout (ms). */
  timeoutMs?: number;
  /** When false, a 429 is returned as is instead of waited out and retried. Default true. */
  retryOn429?: boolean;
  /** Do not record evidence (bulk traffic such as load or fuzz batches). */
  record?: boolean;
  /** Cancels this request (the run's own interruption signal always applies too). */
  signal?: AbortSignal;
}

export interface HttpExchange {
  /** Evidence id (redacted copy in the evidence store), absent when record=false. */
  evidenceId?: string;
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody?: string;
  status: number;
  /** Response headers, lower-case names; one sent several times is joined (Set-Cookie by newline, others by ", "). */
  headers: Record<string, string>;
  /** The separate values of each response header that came more than once (several Set-Cookie lines). */
  repeatedHeaders?: Record<string, string[]>;
  /** Raw response text. */
  text: string;
  /** Parsed JSON when the body parses, else undefined. */
  json?: unknown;
  durationMs: number;
  /** operationId matched from the profile's OpenAPI document, when known. */
  operationId?: string;
}

export interface HttpClient {
  /** Sends one request; throws ScopeError outside the allowed hosts, TransportError on network failure. */
  request(opts: HttpRequestOptions): Promise<HttpExchange>;
  /** Every exchange recorded so far in this run (unredacted, in memory only). */
  exchanges(): readonly HttpExchange[];
  /** Requests sent so far (including unrecorded ones). */
  requestCount(): number;
  /**
   * Counts a wait on the target that ended by timeout outside HTTP (a TLS handshake never answered)
   * toward declaring it unresponsive, as a timed-out request would.
   */
  noteTimeout?(what: string): void;
}

export interface TokenProvider {
  /** A valid access token for the role (cached until near expiry). */
  token(role: ClientRole): Promise<string>;
  /** Raw token response exchange, for checks on the token endpoint. */
  tokenExchange(role: ClientRole): Promise<HttpExchange>;
}

export interface EvidenceStore {
  addHttp(e: Omit<HttpEvidence, 'id' | 'kind'>): string;
  addText(label: string, text: string, contentType?: string): string;
  /** Writes bytes under the results directory, content-addressed. */
  addFile(label: string, bytes: Uint8Array, contentType: string, ext: string): FileEvidence['id'];
  get(id: string): Evidence | undefined;
  all(): Record<string, Evidence>;
}

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  debug(msg: string): void;
}

/** Live progress of an external scanner (ZAP) as it runs, for progress displays (not results). */
export interface ScanProgress {
  /** e.g. zap */
  engine: string;
  /** What it is doing, e.g. "active scan". */
  phase: string;
  /** 0-100 when the scanner says; absent when it does not (the packaged script). */
  percent?: number;
  elapsedS: number;
}

/** Live figures of a load scenario as it runs, for progress displays (not results). */
export interface LoadProgress {
  scenario: string;
  /** Responses per second over the last interval. */
  rps: number;
  /** 95th percentile latency over the last interval (ms); 0 when nothing answered in it. */
  p95Ms: number;
  elapsedS: number;
  /** The scenario's planned duration (s), without its graceful stop. */
  durationS: number;
}

export interface CollectContext {
  target: Target;
  profile: Profile;
  http: HttpClient;
  auth: TokenProvider;
  evidence: EvidenceStore;
  log: Logger;
  /** Seed for any randomised probing (fuzzing); recorded in results. */
  seed: number;
  /**
   * Aborted when the collector's budget is spent or the run stops (deadline, interrupt, unresponsive
   * target); its reason says which. Every request made through `http` already carries it.
   */
  signal: AbortSignal;
  /** Epoch ms by which the collector must have finished (its budget within the run's deadline). */
  endsBy: number;
  /** Directory where results are written (for file evidence). */
  outDir: string;
  /** The engines chosen for this run. */
  engines: Engines;
  /**
   * Waits until `untilMs` (epoch ms) for something that happens on the target's clock: a token expiring,
   * a rate-limit window resetting. Use it for every such wait rather than a sleep: in a run, the schedule
   * lets the exclusive collectors run meanwhile (nothing is sent during the wait) and, once the time has
   * come, resumes the collector when no exclusive one is running (engine/schedule.ts). Rejects with the
   * reason when the collector's signal aborts. `why` is for the log. Call it only with nothing else of
   * the collector's in flight: while it waits, the schedule counts the collector as silent. (So the HTTP
   * client's own Retry-After wait, beside a collector's other requests, stays a plain sleep.)
   */
  waitOnTargetClock(untilMs: number, why: string): Promise<void>;
  /**
   * Says that the moment this collector's wait on the target's clock is measured from has been taken
   * (the token left to expire has arrived). A collector that `waitsOnTargetClock` calls it then: the
   * schedule starts the run's other ordinary collectors only after it, so their start-up work (a browser
   * launching, a module compiling) cannot delay that moment and lengthen the wait. Optional: outside a
   * schedule nothing waits for it.
   */
  targetClockStarted?(): void;
  /** Reports live figures while the collector runs (only load runs have any); optional, must not throw. */
  onProgress?(progress: LoadProgress): void;
  /** Reports an external scanner's progress (the ZAP daemon's active scan); optional, must not throw. */
  onScanProgress?(progress: ScanProgress): void;
}

/**
 * Resolves at `untilMs` (epoch ms), or rejects with the signal's reason when it aborts first: the wait
 * on the target's clock of a collector driven outside a schedule (and inside one, once it is its turn).
 */
export function sleepUntil(untilMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const reason = () => (signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (signal.aborted) return reject(reason());
    const onAbort = () => {
      clearTimeout(timer);
      reject(reason());
    };
    const timer = setTimeout(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, untilMs - Date.now()),
    );
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
