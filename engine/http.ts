// The one HTTP client every collector uses. It enforces the target scope (traffic goes only to
// the configured hosts), bounds every request in time and size and the run in request count,
// waits out 429s politely, and records each exchange as redacted evidence.
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { Agent, request as undiciRequest } from 'undici';
import type { ClientRole, EvidenceStore, HttpClient, HttpExchange, HttpRequestOptions } from './context.ts';
import { RateLimitedError, ScopeError, TargetUnresponsiveError, TransportError } from './errors.ts';
import { abortableSleep, formatSeconds } from './run-control.ts';
import { isAllowed, type Target } from './target.ts';

export interface HttpClientOptions {
  target: Target;
  evidence: EvidenceStore;
  token: (role: ClientRole) => Promise<string>;
  /** Maps a request to the profile's operationId, when known. */
  operationOf?: (method: string, url: string) => string | undefined;
  requestTimeoutMs?: number;
  maxRequests?: number;
  /** Largest response body kept, in bytes; the rest is discarded. */
  maxBodyBytes?: number;
  /**
   * Longest Retry-After the client waits out. A longer one is not slept through: that request and
   * the client's next ones until then fail with RateLimitedError, unsent.
   */
  maxRetryAfterMs?: number;
  /** After this many consecutive requests end by timeout, the target is declared unresponsive. */
  unresponsiveAfter?: number;
  /** Called once when the target is declared unresponsive. */
  onUnresponsive?: (message: string) => void;
  /** The run's stop signal: aborts every request and wait. */
  signal?: AbortSignal;
}

export class BudgetExceededError extends Error {
  override name = 'BudgetExceededError';
}

const MAX_429_RETRIES = 3;
/** Wait before retrying a 429 that names no Retry-After. */
const DEFAULT_429_WAIT_MS = 1000;

/** Retry-After as milliseconds from now (delta-seconds or an HTTP-date), if it parses. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** undici's own timeouts; our AbortSignal.timeout is recognised by the signal itself. */
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Connections per origin: enough for the certification load's 80 VUs, so requests do not queue
 * inside the client and count as the target's latency.
 */
export const MAX_CONNECTIONS_PER_ORIGIN = 128;

/**
 * One secure context for all of a client's connections: given \`ca\`, every TLS connection would parse
 * the system roots and the extra anchors anew (most of a run's CPU against a loopback fixture). Anchors
 * that do not parse are passed as they are, so each connection fails as it did.
 */
function trustOptions(ca: string[] | undefined): { secureContext?: SecureContext; ca?: string[] } {
  if (!ca) return {};
  try {
    return { secureContext: createSecureContext({ ca }) };
  } catch {
    return { ca };
  }
}

export function createDispatcher(extraCa: readonly string[], connections = MAX_CONNECTIONS_PER_ORIGIN): Agent {
  const ca = extraCa.length ? [...rootCertificates, ...extraCa] : undefined;
  return new Agent({
    connect: { ...trustOptions(ca), timeout: 5_000 },
    connections,
    keepAliveTimeout: 4_000,
  });
}

/** Lower-case names; a header sent several times is joined (Set-Cookie lines by newline, others by ", "). */
function lowerHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(k.toLowerCase() === 'set-cookie' ? '\n' : ', ') : v;
  }
  return out;
}

/** The separate values of each header that came more than once (several Set-Cookie lines), for evidence. */
export function repeatedHeaders(
  raw: Record<string, string | string[] | undefined>,
): Record<string, string[]> | undefined {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(raw)) if (Array.isArray(v) && v.length > 1) out[k.toLowerCase()] = [...v];
  return Object.keys(out).length ? out : undefined;
}

/** The symbolic error code (ECONNRESET, UND_ERR_…) of a transport failure; numeric DOMException codes are not codes. */
export function transportCode(err: unknown): string {
  const e = err as { code?: unknown; cause?: { code?: unknown } };
  for (const c of [e?.cause?.code, e?.code]) if (typeof c === 'string' && c) return c;
  return 'UNKNOWN';
}

export class ScopedHttpClient implements HttpClient {
  readonly #o: Required<Omit<HttpClientOptions, 'operationOf' | 'signal' | 'onUnresponsive'>> &
    Pick<HttpClientOptions, 'operationOf' | 'signal' | 'onUnresponsive'>;
  readonly #dispatcher: Agent;
  readonly #log: HttpExchange[] = [];
  /** Per client (role, or anonymous): no request before this time (a Retry-After being honoured). */
  readonly #retryAt = new Map<string, number>();
  #count = 0;
  #timeoutStreak = 0;
  #unresponsive: string | undefined;

  constructor(opts: HttpClientOptions) {
    this.#o = {
      requestTimeoutMs: 10_000,
      maxRequests: 20_000,
      maxBodyBytes: 2 * 1024 * 1024,
      maxRetryAfterMs: 30_000,
      unresponsiveAfter: 3,
      ...opts,
    };
    this.#dispatcher = createDispatcher(opts.target.ca);
  }

  requestCount(): number {
    return this.#count;
  }

  exchanges(): readonly HttpExchange[] {
    return this.#log;
  }

  /** Why the target was declared unresponsive, once it was. */
  unresponsive(): string | undefined {
    return this.#unresponsive;
  }

  /** The same client, with every request also bound to `signal` (a collector's budget). */
  withSignal(signal: AbortSignal): HttpClient {
    return {
      request: (opts) =>
        this.request({ ...opts, signal: opts.signal ? AbortSignal.any([opts.signal, signal]) : signal }),
      exchanges: () => this.exchanges(),
      requestCount: () => this.requestCount(),
    };
  }

  async close(): Promise<void> {
    await this.#dispatcher.close();
  }

  resolve(url: string): URL {
    if (/^https?:\/\//i.test(url)) return new URL(url);
    const base = this.#o.target.apiBaseUrl.replace(/\/+$/, '');
    return new URL(url.startsWith('/') ? base + url : `${base}/${url}`);
  }

  async request(opts: HttpRequestOptions): Promise<HttpExchange> {
    const client = opts.as ?? 'anonymous';
    const signal = opts.signal ? AbortSignal.any([opts.signal, ...this.#signals()]) : this.#o.signal;
    for (let attempt = 0; ; attempt++) {
      await this.#honourRetryAfter(client, opts, signal);
      const ex = await this.#once(opts);
      if (ex.status !== 429 || opts.retryOn429 === false) return ex;
      const waitMs = retryAfterMs(ex.headers['retry-after']) ?? DEFAULT_429_WAIT_MS;
      this.#retryAt.set(client, Date.now() + waitMs);
      if (waitMs > this.#o.maxRetryAfterMs) throw this.#rateLimited(opts, waitMs);
      if (attempt >= MAX_429_RETRIES) return ex;
    }
  }

  #signals(): AbortSignal[] {
    return this.#o.signal ? [this.#o.signal] : [];
  }

  /** Waits until the client may send again, or refuses when that is beyond the cap. */
  async #honourRetryAfter(client: string, opts: HttpRequestOptions, signal?: AbortSignal): Promise<void> {
    const waitMs = (this.#retryAt.get(client) ?? 0) - Date.now();
    if (waitMs <= 0) return;
    if (waitMs > this.#o.maxRetryAfterMs) throw this.#rateLimited(opts, waitMs);
    await abortableSleep(Math.max(waitMs, 50), signal);
  }

  #rateLimited(opts: HttpRequestOptions, waitMs: number): RateLimitedError {
    const url = this.resolve(opts.url);
    return new RateLimitedError(
      `${opts.method.toUpperCase()} ${url.origin}${url.pathname} not sent: the target asked (Retry-After) for ` +
        `${formatSeconds(waitMs)} before the next request, beyond the ${formatSeconds(this.#o.maxRetryAfterMs)} ` +
        'this run waits (profile limits.maxRetryAfterMs)',
      waitMs,
    );
  }

  async #once(opts: HttpRequestOptions): Promise<HttpExchange> {
    const url = this.resolve(opts.url);
    if (!isAllowed(this.#o.target, url)) {
      throw new ScopeError(
        `refused to contact ${url.host}: not in the allowed hosts (${this.#o.target.allowedHosts.join(', ')})`,
      );
    }
    if (this.#unresponsive !== undefined) throw new TargetUnresponsiveError(this.#unresponsive);
    if (this.#count >= this.#o.maxRequests) {
      throw new BudgetExceededError(`request budget of ${this.#o.maxRequests} exhausted`);
    }
    this.#count += 1;
    const method = opts.method.toUpperCase();
    const headers: Record<string, string> = {
      accept: 'application/json, application/problem+json',
      ...lowerHeaders(opts.headers ?? {}),
    };
    let body: string | Buffer | undefined;
    if (opts.body !== undefined) {
      if (typeof opts.body === 'string' || Buffer.isBuffer(opts.body)) body = opts.body as string | Buffer;
      else {
        body = JSON.stringify(opts.body);
        headers['content-type'] ??= 'application/json';
      }
    }
    if (opts.as) headers.authorization = `Bearer ${await this.#o.token(opts.as)}`;

    const timeoutMs = opts.timeoutMs ?? this.#o.requestTimeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signals = [timeout, ...this.#signals(), ...(opts.signal ? [opts.signal] : [])];
    const started = Date.now();
    const startedAt = new Date(started).toISOString();
    const requestText = typeof body === 'string' ? body : body ? `<${body.length} bytes>` : undefined;
    const operationId = this.#o.operationOf?.(method, url.toString());
    const record = opts.record !== false;

    try {
      const signal = AbortSignal.any(signals);
      const res = await abortable(
        undiciRequest(url, {
          method: method as 'GET',
          headers,
          body,
          dispatcher: this.#dispatcher,
          signal,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        }),
        signal,
      );
      const text = await readCapped(res.body, this.#o.maxBodyBytes);
      this.#timeoutStreak = 0;
      const rawHeaders = res.headers as Record<string, string | string[] | undefined>;
      const resHeaders = lowerHeaders(rawHeaders);
      const repeated = repeatedHeaders(rawHeaders);
      let json: unknown;
      if (text && /json/i.test(resHeaders['content-type'] ?? '')) {
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
      }
      const durationMs = Date.now() - started;
      const ex: HttpExchange = {
        method,
        url: url.toString(),
        requestHeaders: headers,
        requestBody: requestText,
        status: res.statusCode,
        headers: resHeaders,
        ...(repeated ? { repeatedHeaders: repeated } : {}),
        text,
        json,
        durationMs,
        operationId,
      };
      if (record) {
        ex.evidenceId = this.#o.evidence.addHttp({
          label: opts.label,
          operationId,
          startedAt,
          durationMs,
          request: { method, url: url.toString(), headers, body: requestText },
          response: {
            status: res.statusCode,
            headers: resHeaders,
            ...(repeated ? { repeatedHeaders: repeated } : {}),
            body: text,
          },
        });
        this.#log.push(ex);
      }
      return ex;
    } catch (err) {
      const timedOut = timeout.aborted || TIMEOUT_CODES.has(transportCode(err));
      const code = timedOut ? 'TIMEOUT' : transportCode(err);
      const stoppedBy = this.#o.signal?.aborted ? this.#o.signal : opts.signal?.aborted ? opts.signal : undefined;
      const why = timedOut
        ? `no complete answer within ${formatSeconds(timeoutMs)}`
        : stoppedBy
          ? `stopped: ${(stoppedBy.reason as Error | undefined)?.message ?? 'aborted'}`
          : code === 'UNKNOWN'
            ? (err as Error).message
            : code;
      const message = `${method} ${url.origin}${url.pathname} failed: ${why}`;
      if (record) {
        this.#o.evidence.addHttp({
          label: opts.label,
          operationId,
          startedAt,
          durationMs: Date.now() - started,
          request: { method, url: url.toString(), headers, body: requestText },
          error: message,
        });
      }
      if (timedOut && !stoppedBy) this.#countTimeout(message);
      throw new TransportError(message, code, { cause: err });
    }
  }

  noteTimeout(what: string): void {
    if (!this.#o.signal?.aborted) this.#countTimeout(what);
  }

  /** N timeouts in a row, with no answer between them: the target has stopped answering. */
  #countTimeout(last: string): void {
    this.#timeoutStreak += 1;
    if (this.#timeoutStreak < this.#o.unresponsiveAfter || this.#unresponsive !== undefined) return;
    this.#unresponsive =
      `the target stopped answering: ${this.#timeoutStreak} requests in a row timed out ` +
      `(last: ${last}); the remaining probes were not sent`;
    this.#o.onUnresponsive?.(this.#unresponsive);
  }
}

/**
 * Settles when `work` does or when `signal` aborts, whichever is first. undici notices an abort only
 * once the connection is up, so a TLS handshake that never completes would hold the request until the
 * dispatcher's connect timeout, past the request's own bound.
 */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(signal.reason as Error);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      work.then((late) => (late as { body?: { destroy?: () => void } }).body?.destroy?.()).catch(() => undefined);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e as Error);
      },
    );
  });
}

/**
 * Reads at most maxBytes of a body. Past that the rest is not read: the stream is destroyed (the
 * connection is not reused), so a 50 MB or endless body costs no more than the cap.
 */
async function readCapped(
  body: AsyncIterable<Buffer | Uint8Array> & { destroy?: (err?: Error) => void },
  maxBytes: number,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = Buffer.from(chunk);
    chunks.push(size + buf.length > maxBytes ? buf.subarray(0, maxBytes - size) : buf);
    size += buf.length;
    if (size >= maxBytes) {
      body.destroy?.();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}
