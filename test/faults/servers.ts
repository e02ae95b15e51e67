// Fault servers: loopback servers that misbehave in one way each, for the fault suite
// (test/faults/faults.test.ts). Every server listens on 127.0.0.1, port 0, answers the API paths and the
// token endpoint (/oauth/token) in its faulty way, and records every connection and every request head
// it received (Host, method, URL), so a test can prove that no traffic left the allow-list.
import { once } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { constants as zlibConstants, createGzip } from 'node:zlib';
import { issueCertificate } from '../../fixtures/tls/ca.ts';

export interface Hit {
  /** Host header as received ('' when the request had none). */
  host: string;
  method: string;
  url: string;
  /** Whether the request carried an Authorization header (its value is not kept). */
  authorization: boolean;
  at: number;
}

export interface FaultServer {
  readonly name: string;
  /** The port it listens on (for `refused`: a port nothing listens on). */
  readonly port: number;
  /** What `--target` gets. */
  readonly origin: string;
  /** TCP connections accepted. */
  connections(): number;
  /** Request heads received (parsed from the raw bytes for the TCP-level servers). */
  requests(): readonly Hit[];
  close(): Promise<void>;
}

export const TOKEN_PATH = '/oauth/token';

const LOOPBACK = '127.0.0.1';

// ---------------------------------------------------------------------------------------------
// Plumbing: a recorder, a raw TCP server and an HTTP server that both track their sockets and timers.

class Recorder {
  readonly hits: Hit[] = [];
  conns = 0;
  /** Request heads completed by this chunk of a connection's bytes (`METHOD URL HTTP/1.x` … blank line). */
  scan(state: { buf: string; seen: number }, chunk: Buffer): Hit[] {
    state.buf += chunk.toString('latin1');
    const out: Hit[] = [];
    // A request line may follow a blank line or, on a reused connection, the end of a request body.
    const re = /(?<![A-Za-z])([A-Z]{3,10}) (\S+) HTTP\/1\.[01]\r\n([\s\S]*?)\r\n\r\n/g;
    re.lastIndex = state.seen;
    for (let m = re.exec(state.buf); m; m = re.exec(state.buf)) {
      const head = `\r\n${m[3] ?? ''}`;
      const host = /\r\nhost:[ \t]*([^\r\n]*)/i.exec(head)?.[1]?.trim() ?? '';
      const authorization = /\r\nauthorization:/i.test(head);
      const hit = { host, method: m[1]!, url: m[2]!, authorization, at: Date.now() };
      this.hits.push(hit);
      out.push(hit);
      state.seen = re.lastIndex;
    }
    // Keep the text bounded: what was scanned goes once it is large (bodies, garbage).
    if (state.buf.length > 1 << 20) {
      state.buf = state.buf.slice(state.seen);
      state.seen = 0;
    }
    return out;
  }
  recordHttp(req: IncomingMessage): void {
    this.hits.push({
      host: req.headers.host ?? '',
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers.authorization !== undefined,
      at: Date.now(),
    });
  }
}

/** Timers that die with their socket and with the server. */
class Timers {
  readonly #all = new Set<NodeJS.Timeout>();
  /** Calls `fn` every `ms` until it returns false, the socket closes or the server closes. */
  every(ms: number, fn: () => boolean | void, socket: Socket): void {
    const t = setInterval(() => {
      if (fn() === false) this.clear(t);
    }, ms);
    this.#all.add(t);
    socket.once('close', () => this.clear(t));
  }
  clear(t: NodeJS.Timeout): void {
    clearInterval(t);
    this.#all.delete(t);
  }
  clearAll(): void {
    for (const t of this.#all) clearInterval(t);
    this.#all.clear();
  }
}

interface Ctx {
  rec: Recorder;
  timers: Timers;
  /** Port of the canary (off-scope redirects only). */
  canaryPort?: number;
}

async function listen(server: NetServer): Promise<number> {
  server.listen(0, LOOPBACK);
  await once(server, 'listening');
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  return addr.port;
}

function make(
  name: string,
  scheme: 'http' | 'https',
  server: NetServer,
  ctx: Ctx,
  sockets: Set<Socket>,
  port: number,
): FaultServer {
  return {
    name,
    port,
    origin: `${scheme}://${LOOPBACK}:${port}`,
    connections: () => ctx.rec.conns,
    requests: () => ctx.rec.hits,
    async close() {
      ctx.timers.clearAll();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      await closed;
    },
  };
}

/**
 * A TCP-level server: `onRequest` is called for each request head parsed from the bytes (with the
 * socket); `onConnect` when a connection arrives (before any bytes).
 */
async function rawServer(
  name: string,
  handlers: {
    onConnect?: (socket: Socket, ctx: Ctx) => void;
    onRequest?: (socket: Socket, hit: Hit, ctx: Ctx) => void;
    /** First bytes of a connection, whatever they are (for servers that do not speak HTTP). */
    onData?: (socket: Socket, ctx: Ctx) => void;
  },
  extra: Partial<Ctx> = {},
): Promise<FaultServer> {
  const ctx: Ctx = { rec: new Recorder(), timers: new Timers(), ...extra };
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    ctx.rec.conns += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const state = { buf: '', seen: 0 };
    let first = true;
    socket.on('data', (chunk: Buffer) => {
      if (first) {
        first = false;
        handlers.onData?.(socket, ctx);
      }
      for (const hit of ctx.rec.scan(state, chunk)) if (!socket.destroyed) handlers.onRequest?.(socket, hit, ctx);
    });
    handlers.onConnect?.(socket, ctx);
  });
  const port = await listen(server);
  return make(name, 'http', server, ctx, sockets, port);
}

async function httpServer(
  name: string,
  handler: (req: IncomingMessage, res: ServerResponse, ctx: Ctx) => void,
  extra: Partial<Ctx> & { tls?: { cert: string; key: string } } = {},
): Promise<FaultServer> {
  const { tls, ...rest } = extra;
  const ctx: Ctx = { rec: new Recorder(), timers: new Timers(), ...rest };
  const sockets = new Set<Socket>();
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    ctx.rec.recordHttp(req);
    req.resume(); // drain request bodies
    res.on('error', () => undefined);
    handler(req, res, ctx);
  };
  const server = tls ? createHttpsServer(tls, onRequest) : createHttpServer(onRequest);
  if (tls) server.on('tlsClientError', () => undefined);
  server.on('connection', (socket: Socket) => {
    ctx.rec.conns += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_err, socket: Socket) => socket.destroy());
  const port = await listen(server);
  return make(name, tls ? 'https' : 'http', server, ctx, sockets, port);
}

const isToken = (url: string | undefined) => (url ?? '').split('?')[0] === TOKEN_PATH;

function problem(status: number, title: string): string {
  return JSON.stringify({ type: 'about:blank', title, status });
}

function sendJson(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const TOKEN_BODY = JSON.stringify({ access_token: 'fault-suite-token', token_type: 'Bearer', expires_in: 300 });

/** mulberry32: a small seeded PRNG, so a "random" server says the same things from run to run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// The fault classes.

/** (1) Accepts connections, reads requests, never writes a byte. */
export const hangSilent = () => rawServer('hang-silent', {});

/** (2) Drips a response one byte every 500 ms, forever: status line, headers, then a chunked body. */
export const dripBytes = () =>
  rawServer('drip-bytes', {
    onRequest(socket, _hit, ctx) {
      const head = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n';
      const chunk = '1\r\n \r\n'; // after the head, an endless body of one-byte chunks, still a byte at a time
      let i = 0;
      ctx.timers.every(
        500,
        () => {
          socket.write(i < head.length ? head[i]! : chunk[(i - head.length) % chunk.length]!);
          i += 1;
        },
        socket,
      );
    },
  });

/** (3) Sends the headers at once, then a chunked JSON body that never ends (a piece every 100 ms). */
export const endlessBody = () =>
  httpServer('endless-body', (_req, res, ctx) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('[');
    ctx.timers.every(100, () => void res.write('0,'), res.socket!);
  });

/** (4) Every request, the token endpoint included: 429 with Retry-After: 3600. */
export const retryAfterHour = () =>
  httpServer('retry-after-3600', (_req, res) => {
    const body = problem(429, 'Too Many Requests');
    res.writeHead(429, {
      'content-type': 'application/problem+json',
      'retry-after': '3600',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  });

/** (5) Resets (RST) every connection as soon as a request arrives. */
export const resetEveryConnection = () =>
  rawServer('reset', {
    onData(socket) {
      socket.resetAndDestroy();
    },
  });

const FIFTY_MB = 50 * 1024 * 1024;
let hugeBody: Buffer | undefined;

/** (6) Every answer is a 50 MB JSON document (a string of 50 MB). */
export const hugeBody50Mb = () =>
  httpServer('huge-body-50mb', (_req, res) => {
    if (!hugeBody) {
      hugeBody = Buffer.alloc(FIFTY_MB, 0x61);
      hugeBody.write('{"data":"', 0, 'latin1');
      hugeBody.write('"}', FIFTY_MB - 2, 'latin1');
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': FIFTY_MB });
    res.end(hugeBody);
  });

const BOMB_INFLATED = 1024 * 1024 * 1024; // 1 GiB of zeros, about 1 MB compressed
let bomb: Promise<Buffer> | undefined;

/** 1 GiB of zeros through gzip, once per process. */
export function gzipBomb(): Promise<Buffer> {
  bomb ??= new Promise<Buffer>((resolve, reject) => {
    const gz = createGzip({
      level: zlibConstants.Z_BEST_COMPRESSION,
      strategy: zlibConstants.Z_RLE,
      chunkSize: 64 * 1024,
    });
    const out: Buffer[] = [];
    gz.on('data', (c: Buffer) => out.push(c));
    gz.on('end', () => resolve(Buffer.concat(out)));
    gz.on('error', reject);
    const zeros = Buffer.alloc(1024 * 1024);
    let left = BOMB_INFLATED / zeros.length;
    const pump = () => {
      while (left > 0) {
        left -= 1;
        if (!gz.write(zeros)) return void gz.once('drain', pump);
      }
      gz.end();
    };
    pump();
  });
  return bomb;
}

/** (7) Content-Encoding: gzip of 1 GiB of zeros, labelled application/json. */
export const gzipBombServer = async () => {
  const body = await gzipBomb();
  return httpServer('gzip-bomb', (_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
      'content-length': body.length,
    });
    res.end(body);
  });
};

/** (8) 5,000 headers (about 300 KB of header block) before a small JSON body. */
export const headerFlood = () =>
  rawServer('header-flood', {
    onRequest(socket) {
      const lines = ['HTTP/1.1 200 OK', 'Content-Type: application/json', 'Content-Length: 2', 'Connection: close'];
      for (let i = 0; i < 5000; i++) lines.push(`X-Flood-${i}: ${'v'.repeat(48)}`);
      socket.end(`${lines.join('\r\n')}\r\n\r\n{}`);
    },
  });

/** (9) 200 application/json whose body is not JSON (cut off mid-object), token endpoint included. */
export const invalidJson = () =>
  httpServer('invalid-json', (req, res) =>
    sendJson(res, req.method === 'POST' && !isToken(req.url) ? 201 : 200, '{"access_token": "abc", "items": [1, 2,'),
  );

/** (10) Every request redirects (307) to itself: a loop for any client that follows. */
export const redirectLoop = () =>
  httpServer('redirect-loop', (req, res) => {
    res.writeHead(307, { location: req.url ?? '/', 'content-length': 0 });
    res.end();
  });

/**
 * (11) Every API request redirects (307, method and body kept) to the same path on the canary, another
 * loopback port outside the allow-list. The token endpoint issues tokens to agent-a and authority, so
 * requests carrying Bearer tokens are redirected too, and redirects agent-b's token request (client
 * secret in its body) to the canary.
 */
export const redirectOffScope = (canaryPort: number) =>
  httpServer(
    'redirect-off-scope',
    (req, res, ctx) => {
      const away = () => {
        res.writeHead(307, { location: `http://${LOOPBACK}:${ctx.canaryPort}${req.url ?? '/'}`, 'content-length': 0 });
        res.end();
      };
      if (!isToken(req.url)) return away();
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => (/client_id=agent-b/.test(body) ? away() : sendJson(res, 200, TOKEN_BODY)));
    },
    { canaryPort },
  );

/** The canary: must never be contacted. Answers 200 so that a leak would look like success. */
export const canary = () => httpServer('canary', (_req, res) => sendJson(res, 200, TOKEN_BODY));

/** (12) 500, 502, 503, 500, … on every request. */
export const fiveHundredStorm = () => {
  const statuses = [500, 502, 503];
  let n = 0;
  return httpServer('5xx-storm', (_req, res) => {
    const status = statuses[n++ % statuses.length]!;
    sendJson(res, status, problem(status, 'Server Error'), 'application/problem+json');
  });
};

/** (13) A seeded random status on every request; 2xx with a JSON body (a token on the token endpoint). */
export const randomStatuses = (seed = 1) => {
  const statuses = [200, 201, 202, 204, 301, 400, 401, 403, 404, 405, 409, 412, 418, 422, 429, 500, 503];
  const rnd = prng(seed);
  return httpServer('random-status', (req, res) => {
    const status = statuses[Math.floor(rnd() * statuses.length)]!;
    if (status === 204) return void res.writeHead(204).end();
    if (status === 301) return void res.writeHead(301, { location: req.url ?? '/', 'content-length': 0 }).end();
    if (status < 300) return sendJson(res, status, isToken(req.url) ? TOKEN_BODY : '{"id":"x","items":[]}');
    sendJson(res, status, problem(status, 'Random'), 'application/problem+json');
  });
};

/** (14) A TCP port that speaks no HTTP: writes 512 seeded random bytes on connect, then closes. */
export const garbageTcp = () => {
  const rnd = prng(14);
  return rawServer('garbage-tcp', {
    onConnect(socket) {
      const junk = Buffer.from(Array.from({ length: 512 }, () => Math.floor(rnd() * 256)));
      socket.end(junk);
    },
  });
};

/** (15) Nothing listens: a port reserved by listening once and closing again. */
export async function refused(): Promise<FaultServer> {
  const probe = createNetServer();
  const port = await listen(probe);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return {
    name: 'refused',
    port,
    origin: `http://${LOOPBACK}:${port}`,
    connections: () => 0,
    requests: () => [],
    close: async () => undefined,
  };
}

/**
 * (16) An https target whose certificate is self-signed (trusted by nobody, the harness test CA
 * included). Behind it, a polite server: tokens on the token endpoint, 404 problem details elsewhere.
 * A request that reaches it was sent over a connection the harness should not have trusted.
 */
export const tlsUntrustedCert = () => {
  const cert = issueCertificate(null, { hosts: [LOOPBACK], keyType: 'ec' });
  return httpServer(
    'tls-untrusted-cert',
    (req, res) =>
      isToken(req.url)
        ? sendJson(res, 200, TOKEN_BODY)
        : sendJson(res, 404, problem(404, 'Not Found'), 'application/problem+json'),
    { tls: { cert: cert.chainPem, key: cert.keyPem } },
  );
};

/**
 * (17) TLS handshake that stalls: an https target whose port accepts the connection, reads the
 * ClientHello and never answers it.
 */
export const tlsHandshakeStall = async () => {
  const s = await rawServer('tls-handshake-stall', {});
  return { ...s, origin: s.origin.replace(/^http:/, 'https:') };
};

/** (18) Announces Content-Length: 100000, sends 1,000 bytes of JSON and drops the connection. */
export const closeMidBody = () =>
  rawServer('close-mid-body', {
    onRequest(socket) {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n');
      socket.write(`{"items":[${'1,'.repeat(495)}`, () => socket.destroy());
    },
  });

/** (19) Transfer-Encoding: chunked with a chunk size that is not hexadecimal. */
export const badChunked = () =>
  rawServer('bad-chunked', {
    onRequest(socket) {
      socket.end(
        'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n' +
          'zz\r\n{"items":[]}\r\n0\r\n\r\n',
      );
    },
  });
