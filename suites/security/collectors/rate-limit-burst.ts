// RateLimitBurst: a bounded burst against one cheap read until the first 429 (OWASP API4). Runs
// alone (exclusive) as agentB, so no other collector's traffic is throttled or counted; afterwards it
// waits out Retry-After so what runs next starts with a fresh window.
import { defineCollector, type ArtifactMap } from '../../../engine/check.ts';
import type { CollectContext, HttpExchange } from '../../../engine/context.ts';
import { TransportError } from '../../../engine/errors.ts';
import { createPortCall, openApiOf, operationUrl, sleep } from './requests.ts';

export const RATE_LIMIT_HEADERS = ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'] as const;

export interface ObservedResponse {
  status: number;
  /** The RateLimit-* and Retry-After headers as received (lower-case names). */
  headers: Record<string, string>;
  evidenceId?: string;
}

export interface RateLimitBurst {
  operationId: string;
  method: string;
  url: string;
  /** The one normal response before the burst (recorded). */
  baseline: ObservedResponse;
  /** RateLimit-Limit as advertised, when it parses. */
  advertisedLimit?: number;
  /** The window of RateLimit-Policy (`w=`), in seconds, when advertised. */
  windowSeconds?: number;
  /** Requests the burst was allowed: min(limit × 2 + 20, maxBurstRequests). */
  planned: number;
  maxBurstRequests: number;
  concurrency: number;
  /** Requests actually sent in the burst. */
  sent: number;
  statusCounts: Record<string, number>;
  transportErrors: number;
  /** The first 429 met, with the number of burst requests sent before it. */
  first429?: ObservedResponse & { index: number };
  stoppedBy: 'throttled' | 'planned-exhausted' | 'deadline' | 'too-many-errors';
  durationMs: number;
  /** Time waited afterwards for the window to reset. */
  waitedMs: number;
}

declare module '../../../engine/check.ts' {
  interface ArtifactMap {
    RateLimitBurst: RateLimitBurst;
  }
}

export const DEFAULT_MAX_BURST_REQUESTS = 600;
export const MAX_CONCURRENCY = 16;
/** The burst stops here whatever happens. */
const BURST_DEADLINE_MS = 60_000;
/** Longest wait for the window to reset afterwards. */
const MAX_RESET_WAIT_MS = 5_000;
const MAX_TRANSPORT_ERRORS = 10;

function rateHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => k.startsWith('ratelimit') || k === 'retry-after'));
}

/** RateLimit-Limit (leading integer), else `limit=` of a combined RateLimit field, else RateLimit-Policy's quota. */
export function advertisedLimit(headers: Record<string, string>): number | undefined {
  const candidates = [
    /^\s*(\d+)/.exec(headers['ratelimit-limit'] ?? '')?.[1],
    /(?:^|[,;\s])limit=(\d+)/.exec(headers.ratelimit ?? '')?.[1],
    /^\s*(?:"[^"]*"\s*;\s*q=)?(\d+)/.exec(headers['ratelimit-policy'] ?? '')?.[1],
  ];
  for (const c of candidates) if (c !== undefined && Number(c) > 0) return Number(c);
  return undefined;
}

/** The `w=` parameter of RateLimit-Policy (e.g. `100;w=60`), in seconds. */
export function policyWindow(headers: Record<string, string>): number | undefined {
  const w = /;\s*w=(\d+)/.exec(headers['ratelimit-policy'] ?? '')?.[1];
  return w !== undefined && Number(w) > 0 ? Number(w) : undefined;
}

export function burstSize(limit: number | undefined, maxBurstRequests: number): number {
  return Math.max(1, Math.min(limit === undefined ? maxBurstRequests : limit * 2 + 20, maxBurstRequests));
}

/** Seconds to wait from Retry-After (delta-seconds or HTTP-date), else RateLimit-Reset. */
function resetWaitMs(headers: Record<string, string>): number {
  const ra = headers['retry-after'];
  if (ra !== undefined) {
    if (/^\s*\d+\s*$/.test(ra)) return Number(ra) * 1000;
    const at = Date.parse(ra);
    if (Number.isFinite(at)) return at - Date.now();
  }
  const reset = /^\s*(\d+)/.exec(headers['ratelimit-reset'] ?? '')?.[1];
  return reset === undefined ? 1000 : Number(reset) * 1000;
}

function maxBurstOption(security: Record<string, unknown> | undefined): number {
  const v = security?.maxBurstRequests;
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : DEFAULT_MAX_BURST_REQUESTS;
}

export const rateLimitBurstCollector = defineCollector({
  name: 'RateLimitBurst',
  description: 'A bounded burst of reads by one client until the first 429, then a wait for the window to reset',
  dependsOn: ['OpenApi'],
  exclusive: true,
  timeoutMs: BURST_DEADLINE_MS + 60_000,
  async collect(ctx: CollectContext, deps: Partial<ArtifactMap>): Promise<RateLimitBurst> {
    const model = await openApiOf(ctx, deps);
    const get = model.operations.find((o) => o.operationId === 'getPortCall');
    if (!get) throw new Error('the document has no getPortCall operation to send the burst to');
    const own = await createPortCall(ctx, 'agentB', 'rate limit: port call of our own');
    const url = operationUrl(model, get, ctx.target.apiBaseUrl, { portCallId: own.portCallId });

    const base = await ctx.http.request({
      method: 'GET',
      url,
      as: 'agentB',
      label: 'rate limit: normal response before the burst',
    });
    const baseline: ObservedResponse = {
      status: base.status,
      headers: rateHeaders(base.headers),
      ...(base.evidenceId ? { evidenceId: base.evidenceId } : {}),
    };
    const limit = advertisedLimit(base.headers);
    const windowSeconds = policyWindow(base.headers);
    const maxBurstRequests = maxBurstOption(ctx.profile.security);
    const planned = burstSize(limit, maxBurstRequests);
    const concurrency = Math.min(MAX_CONCURRENCY, planned);

    const statusCounts: Record<string, number> = {};
    let sent = 0;
    let transportErrors = 0;
    let first429: RateLimitBurst['first429'];
    let stoppedBy: RateLimitBurst['stoppedBy'] = 'planned-exhausted';
    const started = Date.now();
    const deadline = started + BURST_DEADLINE_MS;
    const stop = () =>
      first429 !== undefined || transportErrors >= MAX_TRANSPORT_ERRORS || Date.now() >= deadline || ctx.signal.aborted;

    const worker = async () => {
      while (sent < planned && !stop()) {
        const index = sent++;
        let ex: HttpExchange;
        const at = Date.now();
        try {
          ex = await ctx.http.request({ method: 'GET', url, as: 'agentB', retryOn429: false, record: false });
        } catch (err) {
          if (!(err instanceof TransportError)) throw err;
          transportErrors++;
          continue;
        }
        statusCounts[ex.status] = (statusCounts[ex.status] ?? 0) + 1;
        if (ex.status === 429 && first429 === undefined) {
          // The burst is not recorded; this one answer is, as the evidence of the limit.
          const evidenceId = ctx.evidence.addHttp({
            label: 'rate limit: first 429 of the burst',
            operationId: get.operationId,
            startedAt: new Date(at).toISOString(),
            durationMs: ex.durationMs,
            request: { method: ex.method, url: ex.url, headers: ex.requestHeaders },
            response: { status: ex.status, headers: ex.headers, body: ex.text },
          });
          first429 = { index, status: 429, headers: rateHeaders(ex.headers), evidenceId };
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    if (first429) stoppedBy = 'throttled';
    else if (transportErrors >= MAX_TRANSPORT_ERRORS) stoppedBy = 'too-many-errors';
    else if (sent < planned) stoppedBy = 'deadline';
    const durationMs = Date.now() - started;

    // Let the window reset so whatever runs next is not throttled by our burst.
    let waitedMs = 0;
    if (first429) {
      waitedMs = Math.max(0, Math.min(resetWaitMs(first429.headers), MAX_RESET_WAIT_MS));
      await sleep(waitedMs, ctx.signal);
    }
    return {
      operationId: get.operationId,
      method: 'GET',
      url,
      baseline,
      ...(limit !== undefined ? { advertisedLimit: limit } : {}),
      ...(windowSeconds !== undefined ? { windowSeconds } : {}),
      planned,
      maxBurstRequests,
      concurrency,
      sent,
      statusCounts,
      transportErrors,
      ...(first429 ? { first429 } : {}),
      stoppedBy,
      durationMs,
      waitedMs,
    };
  },
});
