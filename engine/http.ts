// The one HTTP client every collector uses. It enforces the target scope (traffic goes only to
// the configured hosts), bounds every request in time and size and the run in request count,
// waits out 429s politely, and records each exchange as redacted evidence.
import { rootCertificates } from 'node:tls';
import { Agent, request as undiciRequest } from 'undici';
import type { ClientRole, EvidenceStore, HttpClient, HttpExchange, HttpRequestOptions } from './context.ts';
import { ScopeError, TransportError } from './errors.ts';
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
  /** Most time spent waiting out one 429 before retrying. */
  maxRetryAfterMs?: number;
  signal?: AbortSignal;
}

export class BudgetExceededError extends Error {
  override name = 'BudgetExceededError';
}

const MAX_429_RETRIES = 3;

/**
 * Connections per origin: enough for the certification load's 80 VUs, so requests do not queue
 * inside the client and count as the target's latency.
 */
export const MAX_CONNECTIONS_PER_ORIGIN = 128;

export function createDispatcher(extraCa: readonly string[], connections = MAX_CONNECTIONS_PER_ORIGIN): Agent {
  return new Agent({
    connect: { ca: extraCa.length ? [...rootCertificates, ...extraCa] : undefined, timeout: 5_000 },
    connections,
    keepAliveTimeout: 4_000,
  });
}

function lowerHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(k.toLowerCase() === 'set-cookie' ? '\n' : ', ') : v;
  }
  return out;
}

export function transportCode(err: unknown): string {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.cause?.code ?? e?.code ?? 'UNKNOWN';
}

export class ScopedHttpClient implements HttpClient {
  readonly #o: Required<Omit<HttpClientOptions, 'operationOf' | 'signal'>> &
    Pick<HttpClientOptions, 'operationOf' | 'signal'>;
  readonly #dispatcher: Agent;
  readonly #log: HttpExchange[] = [];
  #count = 0;

  constructor(opts: HttpClientOptions) {
    this.#o = {
      requestTimeoutMs: 10_000,
      maxRequests: 20_000,
      maxBodyBytes: 2 * 1024 * 1024,
      maxRetryAfterMs: 5_000,
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

  async close(): Promise<void> {
    await this.#dispatcher.close();
  }

  resolve(url: string): URL {
    if (/^https?:\/\//i.test(url)) return new URL(url);
    const base = this.#o.target.apiBaseUrl.replace(/\/+$/, '');
    return new URL(url.startsWith('/') ? base + url : `${base}/${url}`);
  }

  async request(opts: HttpRequestOptions): Promise<HttpExchange> {
    for (let attempt = 0; ; attempt++) {
      const ex = await this.#once(opts);
      const retry = opts.retryOn429 !== false && ex.status === 429 && attempt < MAX_429_RETRIES;
      if (!retry) return ex;
      const after = Number(ex.headers['retry-after']);
      const waitMs = Math.min(Number.isFinite(after) && after >= 0 ? after * 1000 : 1000, this.#o.maxRetryAfterMs);
      await new Promise((r) => setTimeout(r, Math.max(waitMs, 50)));
    }
  }

  async #once(opts: HttpRequestOptions): Promise<HttpExchange> {
    const url = this.resolve(opts.url);
    if (!isAllowed(this.#o.target, url)) {
      throw new ScopeError(
        `refused to contact ${url.host}: not in the allowed hosts (${this.#o.target.allowedHosts.join(', ')})`,
      );
    }
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
    const signals = [
      AbortSignal.timeout(timeoutMs),
      ...(this.#o.signal ? [this.#o.signal] : []),
      ...(opts.signal ? [opts.signal] : []),
    ];
    const started = Date.now();
    const startedAt = new Date(started).toISOString();
    const requestText = typeof body === 'string' ? body : body ? `<${body.length} bytes>` : undefined;
    const operationId = this.#o.operationOf?.(method, url.toString());
    const record = opts.record !== false;

    try {
      const res = await undiciRequest(url, {
        method: method as 'GET',
        headers,
        body,
        dispatcher: this.#dispatcher,
        signal: AbortSignal.any(signals),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const text = await readCapped(res.body, this.#o.maxBodyBytes);
      const resHeaders = lowerHeaders(res.headers as Record<string, string | string[] | undefined>);
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
          response: { status: res.statusCode, headers: resHeaders, body: text },
        });
        this.#log.push(ex);
      }
      return ex;
    } catch (err) {
      const code = transportCode(err);
      const message = `${method} ${url.origin}${url.pathname} failed: ${code === 'UNKNOWN' ? (err as Error).message : code}`;
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
      throw new TransportError(message, code, { cause: err });
    }
  }
}

async function readCapped(body: AsyncIterable<Buffer | Uint8Array>, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (size < maxBytes) {
      const buf = Buffer.from(chunk);
      chunks.push(size + buf.length > maxBytes ? buf.subarray(0, maxBytes - size) : buf);
    }
    size += chunk.length; // keep draining so the connection can be reused
  }
  return Buffer.concat(chunks).toString('utf8');
}
