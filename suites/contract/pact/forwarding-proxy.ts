// The loopback forwarding proxy between Pact's verifier and the target. The verifier (native code)
// would trust neither the harness's CA set nor its scope rules, so it speaks plain HTTP to this
// proxy on 127.0.0.1, and the proxy sends each request through the scoped client: allowed hosts
// only, TLS verified with the configured trust, bounded in time, recorded as redacted evidence.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { HttpClient } from '../../../engine/context.ts';
import { errorMessage } from '../../../engine/errors.ts';

/** The profile's base path: pact paths are written against it (/api/v1/port-calls/...). */
export const PROFILE_BASE_PATH = '/api/v1';

/** Largest request body forwarded (the profile's own limit is 1 MiB). */
const MAX_REQUEST_BYTES = 2 * 1024 * 1024;

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  // The scoped client hands back decoded text; asking for compression would garble it.
  'accept-encoding',
]);

export interface ProxiedExchange {
  method: string;
  /** Path and query as the verifier sent them. */
  path: string;
  /** Where the proxy sent it. */
  url?: string;
  status?: number;
  evidenceId?: string;
  /** Why no response came back from the target (transport, scope, budget). */
  error?: string;
}

export interface ForwardingProxy {
  /** http://127.0.0.1:<port> */
  url: string;
  close(): Promise<void>;
}

/**
 * Where a verifier path goes: under the profile's base path it is resolved against the target's API
 * base URL (a member may serve the API under another prefix); anything else against its origin.
 */
export function targetUrlFor(apiBaseUrl: string, pathAndQuery: string): string {
  const base = apiBaseUrl.replace(/\/+$/, '');
  if (
    pathAndQuery === PROFILE_BASE_PATH ||
    pathAndQuery.startsWith(`${PROFILE_BASE_PATH}/`) ||
    pathAndQuery.startsWith(`${PROFILE_BASE_PATH}?`)
  ) {
    return base + pathAndQuery.slice(PROFILE_BASE_PATH.length);
  }
  return new URL(pathAndQuery, new URL(base).origin).toString();
}

/** Proxy path that carries a redirect target: the proxy sends it through the scoped client like any request. */
export const REDIRECT_PATH = '/__port-conformance-redirect';

/**
 * The Location of a redirect (3xx), rewritten to lead back through this proxy: the verifier follows
 * redirects itself and must never reach a host the scoped client would refuse (it gets a 502 with the
 * scope error from the proxy instead). A relative Location already resolves against the proxy, and the
 * Location of any other answer (201 Created) is not followed, so both are left as the target sent them.
 */
export function locationThroughProxy(
  location: string,
  status: number,
  requestUrl: string,
  proxyOrigin: string,
): string {
  if (status < 300 || status > 399 || !/^[a-z][a-z0-9+.-]*:|^\/\//i.test(location)) return location;
  let to: URL;
  try {
    to = new URL(location, requestUrl); // a protocol-relative Location takes the request's scheme
  } catch {
    return location;
  }
  return `${proxyOrigin}${REDIRECT_PATH}?to=${encodeURIComponent(to.toString())}`;
}

/** Where a proxy request goes: a redirect target it handed out, or a verifier path. */
function destinationOf(apiBaseUrl: string, pathAndQuery: string, proxyOrigin: string): string {
  if (pathAndQuery.startsWith(`${REDIRECT_PATH}?`)) {
    const to = new URL(pathAndQuery, proxyOrigin).searchParams.get('to');
    if (to) return to;
  }
  return targetUrlFor(apiBaseUrl, pathAndQuery);
}

export function forwardedHeaders(raw: IncomingMessage['headers'] | Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    const name = k.toLowerCase();
    if (v === undefined || HOP_BY_HOP.has(name)) continue;
    out[name] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function startForwardingProxy(opts: {
  http: HttpClient;
  apiBaseUrl: string;
  /** Evidence label of each forwarded exchange. */
  label: () => string;
  onExchange: (e: ProxiedExchange) => void;
}): Promise<ForwardingProxy> {
  const sockets = new Set<Socket>();
  let proxyOrigin = '';
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = req.url ?? '/';
    const record: ProxiedExchange = { method, path };
    try {
      const body = await readBody(req);
      if (body === 'too-large') throw new Error(`request body over ${MAX_REQUEST_BYTES} bytes`);
      record.url = destinationOf(opts.apiBaseUrl, path, proxyOrigin);
      const ex = await opts.http.request({
        method,
        url: record.url,
        headers: forwardedHeaders(req.headers),
        body: body.length > 0 ? body.toString('utf8') : undefined,
        label: opts.label(),
      });
      record.status = ex.status;
      record.evidenceId = ex.evidenceId;
      opts.onExchange(record);
      const headers = forwardedHeaders(ex.headers);
      delete headers['content-encoding'];
      if (headers.location)
        headers.location = locationThroughProxy(headers.location, ex.status, record.url, proxyOrigin);
      res.writeHead(ex.status, headers);
      res.end(ex.text);
    } catch (err) {
      record.error = errorMessage(err);
      opts.onExchange(record);
      // 502 tells the verifier there was no answer; the recorded error says why.
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`port-conformance forwarding proxy: ${record.error}`);
    }
  };
  const server = createServer((req, res) => void handle(req, res));
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  proxyOrigin = `http://127.0.0.1:${port}`;
  return {
    url: proxyOrigin,
    close: () =>
      new Promise<void>((resolve) => {
        // Open keep-alive sockets would hold close() until the verifier lets go of them.
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
