// RateLimitBurst: a bounded burst against one cheap read until the first 429 (OWASP API4), by each
// test identity the probe plan names (a limit must hold for every client, whatever its role), each on
// a port call of its own, one after the other so each burst has the harness's full speed. Runs alone
// (exclusive), so no other collector's traffic is throttled or counted; afterwards it waits out the
// longest Retry-After still running so what runs next starts with fresh windows.
import type { OperationModel, OpenApiModel } from '../../../contracts/openapi.ts';
import { defineCollector, type ArtifactMap } from '../../../engine/check.ts';
import type { ClientRole, CollectContext, HttpExchange } from '../../../engine/context.ts';
import { errorMessage, TransportError } from '../../../engine/errors.ts';
import type { Place } from '../../../engine/types.ts';
import { clientOf, placesToProbe, type Unprobed } from './plan-places.ts';
import { createPortCall, openApiOf, operationUrl, SetupError } from './requests.ts';

export const RATE_LIMIT_REQUIREMENT = 'PSW-SEC-RES-002';

export const RATE_LIMIT_HEADERS = ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'] as const;

export interface ObservedResponse {
  status: number;
  /** The RateLimit-* and Retry-After headers as received (lower-case names). */
  headers: Record<string, string>;
  evidenceId?: string;
}

/** One client's burst. */
export interface ClientBurst {
  placeId: string;
  client: ClientRole;
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
  /** The first 429 met, with the number of burst requests sent before it and its body. */
  first429?: ObservedResponse & { index: number; contentType?: string; body?: string };
  stoppedBy: 'throttled' | 'planned-exhausted' | 'deadline' | 'too-many-errors';
  durationMs: number;
  /** When this client's window resets (epoch ms), after its 429. */
  resetAt?: number;
}

export interface RateLimitBurst {
  /** The planned places of PSW-SEC-RES-002 (the clients). */
  places: Place[];
  bursts: ClientBurst[];
  notProbed: Unprobed[];
  /** Time waited after the last burst for every client's window to reset. */
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
  description:
    'A bounded burst of reads by each client until its first 429, side by side, then a wait for the window to reset',
  dependsOn: ['OpenApi', 'ProbePlan'],
  // Bursts by each of profile v1's clients (agents and authority), with their tokens.
  standard: 'psw-v1',
  exclusive: true,
  timeoutMs: BURST_DEADLINE_MS + 60_000,
  async collect(ctx: CollectContext, deps: Partial<ArtifactMap>): Promise<RateLimitBurst> {
    const model = await openApiOf(ctx, deps);
    const get = model.operations.find((o) => o.operationId === 'getPortCall');
    if (!get) throw new Error('the document has no getPortCall operation to send the burst to');
    const { places, chosen, skipped } = placesToProbe(ctx, deps, model, RATE_LIMIT_REQUIREMENT);
    const notProbed: Unprobed[] = [...skipped];
    const runs: { place: Place; client: ClientRole }[] = [];
    for (const place of chosen) {
      const client = clientOf(ctx, place.variant);
      if (client) runs.push({ place, client });
      else notProbed.push({ id: place.id, why: 'not-exposed', detail: `no credentials for ${place.variant}` });
    }
    // One client at a time: side by side, each burst would get a third of the harness's speed and
    // might not outrun the limit on a busy machine. Each client has a window of its own, so nobody
    // waits between bursts; the longest Retry-After still running is waited out at the end.
    const bursts: ClientBurst[] = [];
    for (const { place, client } of runs) {
      if (ctx.signal.aborted) {
        notProbed.push({ id: place.id, why: 'stopped', detail: 'the run stopped first' });
        continue;
      }
      try {
        bursts.push(await burstAs(ctx, model, get, place, client, bursts.length === 0));
      } catch (err) {
        if (!(err instanceof SetupError)) throw err;
        notProbed.push({ id: place.id, why: 'precondition-failed', detail: errorMessage(err) });
      }
    }
    const resetAt = Math.max(0, ...bursts.map((b) => b.resetAt ?? 0));
    const waitedMs = Math.max(0, Math.min(resetAt - Date.now(), MAX_RESET_WAIT_MS));
    // An exclusive collector keeps its turn through this wait: the load runs after it find the quotas reset.
    if (waitedMs > 0) await ctx.waitOnTargetClock(Date.now() + waitedMs, 'the rate-limit windows reset');
    return { places, bursts, notProbed, waitedMs };
  },
});

async function burstAs(
  ctx: CollectContext,
  model: OpenApiModel,
  get: OperationModel,
  place: Place,
  client: ClientRole,
  /** Open the connections first (the first burst would otherwise time TLS handshakes, not the target). */
  warmUp: boolean,
): Promise<ClientBurst> {
  const own = await createPortCall(ctx, client, `rate limit: ${client}'s port call`);
  const url = operationUrl(model, get, ctx.target.apiBaseUrl, { portCallId: own.portCallId });

  const base = await ctx.http.request({
    method: 'GET',
    url,
    as: client,
    label: `rate limit: ${client}'s normal response before the burst`,
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

  if (warmUp) {
    await Promise.all(
      Array.from({ length: concurrency }, () =>
        ctx.http.request({ method: 'GET', url, as: client, retryOn429: false, record: false }).catch((err: unknown) => {
          if (!(err instanceof TransportError)) throw err;
        }),
      ),
    );
  }

  const statusCounts: Record<string, number> = {};
  let sent = 0;
  let transportErrors = 0;
  let first429: ClientBurst['first429'];
  let stoppedBy: ClientBurst['stoppedBy'] = 'planned-exhausted';
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
        ex = await ctx.http.request({ method: 'GET', url, as: client, retryOn429: false, record: false });
      } catch (err) {
        if (!(err instanceof TransportError)) throw err;
        transportErrors++;
        continue;
      }
      statusCounts[ex.status] = (statusCounts[ex.status] ?? 0) + 1;
      if (ex.status === 429 && first429 === undefined) {
        // The burst is not recorded; this one answer is, as the evidence of the limit.
        const evidenceId = ctx.evidence.addHttp({
          label: `rate limit: ${client}'s first 429 of the burst`,
          operationId: get.operationId,
          startedAt: new Date(at).toISOString(),
          durationMs: ex.durationMs,
          request: { method: ex.method, url: ex.url, headers: ex.requestHeaders },
          response: { status: ex.status, headers: ex.headers, repeatedHeaders: ex.repeatedHeaders, body: ex.text },
        });
        first429 = {
          index,
          status: 429,
          headers: rateHeaders(ex.headers),
          ...(ex.headers['content-type'] ? { contentType: ex.headers['content-type'] } : {}),
          body: ex.text.slice(0, 4096),
          evidenceId,
        };
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (first429) stoppedBy = 'throttled';
  else if (transportErrors >= MAX_TRANSPORT_ERRORS) stoppedBy = 'too-many-errors';
  else if (sent < planned) stoppedBy = 'deadline';
  const durationMs = Date.now() - started;

  const resetAt = first429 ? Date.now() + Math.max(0, resetWaitMs(first429.headers)) : undefined;
  return {
    placeId: place.id,
    client,
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
    ...(resetAt !== undefined ? { resetAt } : {}),
  };
}
