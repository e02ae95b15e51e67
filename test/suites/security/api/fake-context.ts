// A collect context whose HTTP client is a scripted function: for driving collectors without a
// server, and seeing exactly what they send.
import { SignJWT, generateKeyPair } from 'jose';
import { SILENT_LOGGER } from '../../../../engine/wiring.ts';
import {
  sleepUntil,
  type CollectContext,
  type HttpExchange,
  type HttpRequestOptions,
} from '../../../../engine/context.ts';
import { MemoryEvidenceStore } from '../../../../engine/evidence.ts';
import { loadProfile, type Profile } from '../../../../engine/profile.ts';
import type { Target } from '../../../../engine/target.ts';

export const BASE = 'https://127.0.0.1:9443/api/v1';
export const TOKEN_URL = 'https://127.0.0.1:9443/oauth/token';

export interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  as?: string;
  record?: boolean;
  retryOn429?: boolean;
}

export type Reply = { status: number; json?: unknown; headers?: Record<string, string> };

/** A real RS256 JWT (its own key) with the given audience and lifetime; `claims` override (undefined: drop). */
export async function jwt(
  opts: { aud?: string; ttl?: number; claims?: Record<string, unknown> } = {},
): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256');
  const iat = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {
    tenant: 'tenant-a',
    role: 'agent',
    iss: 'https://127.0.0.1:9443',
    sub: 'agent-a',
    aud: opts.aud ?? 'psw-api',
    iat,
    exp: iat + (opts.ttl ?? 60),
    ...opts.claims,
  };
  for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'JWT' }).sign(privateKey);
}

export function fakeContext(opts: {
  reply: (req: Sent) => Reply | Promise<Reply>;
  token: string;
  security?: Record<string, unknown>;
}) {
  const sent: Sent[] = [];
  const evidence = new MemoryEvidenceStore();
  const base: Profile = loadProfile('default');
  const profile: Profile = { ...base, security: opts.security ?? {} };
  const target: Target = {
    name: 'fake',
    kind: 'remote',
    apiBaseUrl: BASE,
    tokenUrl: TOKEN_URL,
    jwksUrl: 'https://127.0.0.1:9443/.well-known/jwks.json',
    allowedHosts: ['127.0.0.1:9443'],
    ca: [],
    credentials: {
      agentA: { clientId: 'agent-a', clientSecret: 's-a' },
      agentB: { clientId: 'agent-b', clientSecret: 's-b' },
      authority: { clientId: 'authority', clientSecret: 's-x' },
    },
    notes: [],
  };
  const resolve = (url: string) => (/^https?:/.test(url) ? url : BASE + url);
  let count = 0;
  const ctx: CollectContext = {
    target,
    profile,
    evidence,
    log: SILENT_LOGGER,
    seed: 1,
    signal: new AbortController().signal,
    outDir: '',
    endsBy: Date.now() + 60_000,
    waitOnTargetClock: (untilMs) => sleepUntil(untilMs, ctx.signal),
    engines: { load: 'builtin', tls: 'node' },
    auth: {
      token: async () => opts.token,
      tokenExchange: async () => {
        throw new Error('not used');
      },
    },
    http: {
      requestCount: () => count,
      exchanges: () => [],
      async request(o: HttpRequestOptions): Promise<HttpExchange> {
        count++;
        const headers = { ...(o.headers ?? {}) };
        if (o.as) headers.authorization = `Bearer ${opts.token}`;
        const req: Sent = {
          method: o.method.toUpperCase(),
          url: resolve(o.url),
          headers,
          body: o.body,
          ...(o.as ? { as: o.as } : {}),
          ...(o.record !== undefined ? { record: o.record } : {}),
          ...(o.retryOn429 !== undefined ? { retryOn429: o.retryOn429 } : {}),
        };
        sent.push(req);
        const r = await opts.reply(req);
        const text = r.json === undefined ? '' : JSON.stringify(r.json);
        const evidenceId = evidence.addHttp({
          startedAt: new Date().toISOString(),
          durationMs: 1,
          request: { method: req.method, url: req.url, headers },
          response: { status: r.status, headers: r.headers ?? {}, body: text },
        });
        return {
          method: req.method,
          url: req.url,
          requestHeaders: headers,
          status: r.status,
          headers: r.headers ?? {},
          text,
          json: r.json,
          durationMs: 1,
          evidenceId,
        };
      },
    },
  };
  return { ctx, sent };
}

/** Form fields of a token request body. */
export function form(req: Sent): URLSearchParams {
  return new URLSearchParams(typeof req.body === 'string' ? req.body : '');
}
