// A minimal HTTP/1.1 keep-alive client for the load engine's one request, repeated: the request's
// bytes are built once, each connection carries one request at a time (no pipelining), and the
// response parser reads only what a load sample needs (status, Content-Length or chunked framing,
// Connection: close). It exists because undici's per-request machinery (dispatcher, header objects,
// body streams, one abort listener and timers per request) cost more CPU than the whole engine.
// Bounds: every request has a deadline (swept, not one timer each), every response a size cap, an
// abort of the request's signal fails what is in flight, and only the target's allowed hosts are
// ever contacted (engine/target.ts isAllowed, as the scoped HTTP client checks).
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { performance } from 'node:perf_hooks';
import { isAllowed, type Target } from '../engine/target.ts';
import type { SendFn, SendRequest, SendResult } from './engine.ts';

export interface Http1ClientOptions {
  /** The request URL (http: or https:). */
  url: string;
  method?: string;
  /** Extra request headers (Host, Content-Length and Connection are set here). */
  headers?: Readonly<Record<string, string>>;
  body?: string | Buffer;
  /** Connections kept open at most; requests beyond them wait for one. */
  connections: number;
  /** The scope: a URL outside it is refused before any socket is opened. */
  target: Pick<Target, 'allowedHosts'>;
  /** TLS options for https (ca, servername, rejectUnauthorized). */
  tls?: Pick<ConnectionOptions, 'ca' | 'servername' | 'rejectUnauthorized'>;
  /** A response larger than this fails (default 16 MiB). */
  maxResponseBytes?: number;
  /** How often deadlines are checked (default 10 ms): a timeout fires at most this late. */
  sweepMs?: number;
}

export interface Http1Client {
  send: SendFn;
  /** Closes every connection; requests in flight fail. */
  close(): Promise<void>;
  /** Connections opened so far (for tests: keep-alive reuse). */
  readonly opened: number;
}

const DEFAULT_MAX_RESPONSE = 16 * 1024 * 1024;
// Plain-TCP reads of every connection go here in turn (each read is parsed before the next).
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);
const HTTP1 = Buffer.from('HTTP/1.', 'latin1');
// The framing headers' names, lower case; the head parser makes a string of these headers only.
const CONTENT_LENGTH = Buffer.from('content-length', 'latin1');
const TRANSFER_ENCODING = Buffer.from('transfer-encoding', 'latin1');
const CONNECTION = Buffer.from('connection', 'latin1');
const CLOSE = Buffer.from('close', 'latin1');
const KEEP_ALIVE = Buffer.from('keep-alive', 'latin1');

interface Pending {
  resolve(r: SendResult): void;
  reject(e: Error): void;
  deadline: number;
  signal: AbortSignal;
  /** Sent on a connection that had served before: a close with no byte back is retried once. */
  reused: boolean;
  retried: boolean;
}

/** Response framing state of one connection. */
const Phase = {
  Head: 0,
  Body: 1, // Content-Length bytes left in `left`
  Chunked: 2, // reading a chunk-size line
  ChunkData: 3, // `left` bytes of chunk data, then CRLF
  ChunkTrailer: 4, // trailers until an empty line
  UntilClose: 5, // no length: the body ends when the server closes
} as const;
type Phase = (typeof Phase)[keyof typeof Phase];

class Conn {
  pending: Pending | undefined;
  served = 0;
  phase: Phase = Phase.Head;
  left = 0;
  status = 0;
  bytes = 0;
  keepAlive = true;
  buf: Buffer | undefined; // unparsed bytes of the head or a chunk line
  gotBytes = false;
  closed = false;
  constructor(readonly socket: Socket) {}
}

class Client implements Http1Client {
  readonly #o: Http1ClientOptions;
  readonly #url: URL;
  readonly #request: Buffer;
  readonly #head: boolean;
  readonly #max: number;
  readonly #idle: Conn[] = [];
  readonly #busy = new Set<Conn>();
  readonly #queue: { req: SendRequest; p: Pending }[] = [];
  readonly #hooked = new WeakSet<AbortSignal>();
  #lastHooked: AbortSignal | undefined;
  #sweeper: NodeJS.Timeout | undefined;
  #closed = false;
  opened = 0;

  constructor(o: Http1ClientOptions) {
    this.#o = o;
    this.#url = new URL(o.url);
    if (this.#url.protocol !== 'http:' && this.#url.protocol !== 'https:')
      throw new Error(`load client: ${this.#url.protocol} is not http: or https:`);
    if (!isAllowed(o.target, this.#url))
      throw new Error(
        `refused to contact ${this.#url.host}: not in the allowed hosts (${o.target.allowedHosts.join(', ')})`,
      );
    const method = (o.method ?? 'GET').toUpperCase();
    this.#head = method === 'HEAD';
    const body = o.body === undefined ? undefined : Buffer.from(o.body);
    let head = `${method} ${this.#url.pathname}${this.#url.search} HTTP/1.1\r\nHost: ${this.#url.host}\r\nConnection: keep-alive\r\n`;
    for (const [k, v] of Object.entries(o.headers ?? {})) {
      if (/[\r\n]/.test(k + v)) throw new Error(`load client: header ${k} holds a line break`);
      if (/^(host|connection|content-length|transfer-encoding)$/i.test(k)) continue;
      head += `${k}: ${v}\r\n`;
    }
    if (body) head += `Content-Length: ${body.length}\r\n`;
    head += '\r\n';
    this.#request = body ? Buffer.concat([Buffer.from(head, 'latin1'), body]) : Buffer.from(head, 'latin1');
    this.#max = o.maxResponseBytes ?? DEFAULT_MAX_RESPONSE;
  }

  send = (req: SendRequest): Promise<SendResult> =>
    new Promise<SendResult>((resolve, reject) => {
      if (this.#closed) return reject(new Error('load client closed'));
      if (req.signal.aborted) return reject(new Error('aborted'));
      this.#hook(req.signal);
      const p: Pending = {
        resolve,
        reject,
        deadline: performance.now() + req.timeoutMs,
        signal: req.signal,
        reused: false,
        retried: false,
      };
      this.#startSweeper();
      const conn = this.#idle.pop();
      if (conn) this.#write(conn, p);
      else if (this.opened - this.#closedCount < this.#o.connections) this.#write(this.#open(), p);
      else this.#queue.push({ req, p });
    });

  #closedCount = 0;

  /** One abort listener per signal (the engine passes the same one to every request). */
  #hook(signal: AbortSignal): void {
    if (signal === this.#lastHooked) return;
    this.#lastHooked = signal;
    if (this.#hooked.has(signal)) return;
    this.#hooked.add(signal);
    signal.addEventListener(
      'abort',
      () => {
        // The queue first, so a connection freed below is not handed to a request being aborted.
        for (let i = this.#queue.length - 1; i >= 0; i--) {
          const q = this.#queue[i]!;
          if (q.p.signal === signal) {
            this.#queue.splice(i, 1);
            q.p.reject(new Error('aborted'));
          }
        }
        for (const c of [...this.#busy]) if (c.pending?.signal === signal) this.#fail(c, new Error('aborted'), true);
      },
      { once: true },
    );
  }

  #startSweeper(): void {
    if (this.#sweeper) return;
    this.#sweeper = setInterval(() => {
      const now = performance.now();
      for (const c of [...this.#busy]) {
        if (c.pending && now >= c.pending.deadline) this.#fail(c, new Error('request timed out'), true);
      }
      for (let i = this.#queue.length - 1; i >= 0; i--) {
        const q = this.#queue[i]!;
        if (now >= q.p.deadline) {
          this.#queue.splice(i, 1);
          q.p.reject(new Error('request timed out waiting for a connection'));
        }
      }
      if (this.#busy.size === 0 && this.#queue.length === 0) {
        clearInterval(this.#sweeper);
        this.#sweeper = undefined;
      }
    }, this.#o.sweepMs ?? 10);
    this.#sweeper.unref();
  }

  #open(): Conn {
    this.opened++;
    const port = Number(this.#url.port) || (this.#url.protocol === 'https:' ? 443 : 80);
    const host = this.#url.hostname.replace(/^\[|\]$/g, '');
    const socket =
      this.#url.protocol === 'https:'
        ? tlsConnect({
            host,
            port,
            ...(this.#o.tls ?? {}),
            servername: this.#o.tls?.servername ?? (/^[\d.:]+$/.test(host) ? undefined : host),
            ALPNProtocols: ['http/1.1'],
          })
        : netConnect({
            host,
            port,
            // Reads land in one shared buffer, handed over synchronously: no Buffer and no stream
            // 'data' event per response. #onData copies what it keeps past the call.
            onread: {
              buffer: READ_BUFFER,
              callback: (n: number): boolean => {
                this.#onData(conn, READ_BUFFER, n);
                return true;
              },
            },
          });
    socket.setNoDelay(true);
    const conn: Conn = new Conn(socket);
    if (this.#url.protocol === 'https:') socket.on('data', (chunk: Buffer) => this.#onData(conn, chunk, chunk.length));
    socket.on('error', (err) => this.#onError(conn, err));
    socket.on('close', () => this.#onClose(conn));
    return conn;
  }

  #write(conn: Conn, p: Pending): void {
    conn.pending = p;
    p.reused = conn.served > 0;
    conn.phase = Phase.Head;
    conn.status = 0;
    conn.bytes = 0;
    conn.keepAlive = true;
    conn.buf = undefined;
    conn.gotBytes = false;
    this.#busy.add(conn);
    conn.socket.write(this.#request);
  }

  #onClose(conn: Conn): void {
    if (conn.closed) return;
    conn.closed = true;
    this.#closedCount++;
    const i = this.#idle.indexOf(conn);
    if (i !== -1) this.#idle.splice(i, 1);
    const p = conn.pending;
    if (p && conn.phase === Phase.UntilClose) {
      this.#done(conn, false);
    } else if (p) {
      this.#busy.delete(conn);
      conn.pending = undefined;
      // A kept-alive connection the server closed before answering: the usual keep-alive race;
      // one retry on a fresh connection, as a browser does for an idempotent request.
      if (p.reused && !conn.gotBytes && !p.retried && !this.#closed) {
        p.retried = true;
        this.#write(this.#open(), p);
      } else p.reject(new Error('connection closed before the response ended'));
    }
    this.#next();
  }

  /** A write to a kept-alive connection the server had just closed (EPIPE, ECONNRESET) is the same
   *  race as a close before any answer: retried once on a fresh connection; anything else fails. */
  #onError(conn: Conn, err: Error): void {
    const p = conn.pending;
    if (p && p.reused && !conn.gotBytes && !p.retried && !this.#closed) {
      conn.pending = undefined;
      this.#busy.delete(conn);
      if (!conn.closed) {
        conn.closed = true;
        this.#closedCount++;
      }
      conn.socket.destroy();
      p.retried = true;
      this.#write(this.#open(), p);
      return;
    }
    this.#fail(conn, err, true);
  }

  /** Fails the connection's request and destroys it (its framing can no longer be trusted). */
  #fail(conn: Conn, err: Error, destroy: boolean): void {
    const p = conn.pending;
    conn.pending = undefined;
    this.#busy.delete(conn);
    if (destroy) {
      if (!conn.closed) {
        conn.closed = true;
        this.#closedCount++;
        const i = this.#idle.indexOf(conn);
        if (i !== -1) this.#idle.splice(i, 1);
      }
      conn.socket.destroy();
    }
    p?.reject(err);
    this.#next();
  }

  /** The response is complete: resolve, then reuse or close the connection. */
  #done(conn: Conn, reusable: boolean): void {
    const p = conn.pending!;
    conn.pending = undefined;
    conn.served++;
    this.#busy.delete(conn);
    if (reusable && conn.keepAlive && !conn.closed && !this.#closed) this.#idle.push(conn);
    else if (!conn.closed) {
      conn.closed = true;
      this.#closedCount++;
      conn.socket.destroy();
    }
    p.resolve({ status: conn.status, bytes: conn.bytes });
    this.#next();
  }

  #next(): void {
    while (this.#queue.length > 0) {
      const conn =
        this.#idle.pop() ?? (this.opened - this.#closedCount < this.#o.connections ? this.#open() : undefined);
      if (!conn) return;
      this.#write(conn, this.#queue.shift()!.p);
    }
  }

  /** Parses `bytes[0, n)`: the shared read buffer (plain TCP) or a TLS chunk. */
  #onData(conn: Conn, bytes: Buffer, n: number): void {
    if (!conn.pending) {
      // Bytes nobody asked for (we never pipeline): the connection's framing is lost.
      this.#fail(conn, new Error('unsolicited bytes'), true);
      return;
    }
    conn.gotBytes = true;
    let data = bytes;
    let length = n;
    if (conn.buf) {
      data = Buffer.concat([conn.buf, bytes.subarray(0, n)]);
      length = data.length;
      conn.buf = undefined;
    }
    let at = 0;
    while (conn.pending && at < length) {
      switch (conn.phase) {
        case Phase.Head: {
          const end = indexOfCrlf(data, at, length, true);
          if (end === -1) {
            if (length - at > 64 * 1024) return this.#fail(conn, new Error('response head over 64 KiB'), true);
            conn.buf = Buffer.from(data.subarray(at, length)); // a copy: `data` may be the shared read buffer
            return;
          }
          const err = this.#parseHead(conn, data, at, end);
          if (err) return this.#fail(conn, new Error(err), true);
          at = end + 4;
          if (conn.status >= 100 && conn.status < 200) {
            conn.phase = Phase.Head; // an interim response: the real one follows
            continue;
          }
          if ((conn.phase as Phase) === Phase.Body && conn.left === 0) {
            at = this.#finish(conn, length, at);
          }
          break;
        }
        case Phase.Body: {
          const n = Math.min(conn.left, length - at);
          conn.left -= n;
          conn.bytes += n;
          at += n;
          if (conn.bytes > this.#max) return this.#fail(conn, new Error('response over the size cap'), true);
          if (conn.left === 0) {
            at = this.#finish(conn, length, at);
          }
          break;
        }
        case Phase.UntilClose: {
          conn.bytes += length - at;
          at = length;
          if (conn.bytes > this.#max) return this.#fail(conn, new Error('response over the size cap'), true);
          break;
        }
        case Phase.Chunked:
        case Phase.ChunkTrailer: {
          const eol = indexOfCrlf(data, at, length, false);
          if (eol === -1) {
            if (length - at > 8 * 1024) return this.#fail(conn, new Error('chunk line over 8 KiB'), true);
            conn.buf = Buffer.from(data.subarray(at, length)); // a copy: `data` may be the shared read buffer
            return;
          }
          if (conn.phase === Phase.ChunkTrailer) {
            const empty = eol === at;
            at = eol + 2;
            if (empty) {
              at = this.#finish(conn, length, at);
            }
            break;
          }
          const size = parseInt(data.toString('latin1', at, eol).split(';', 1)[0]!.trim(), 16);
          if (!Number.isFinite(size) || size < 0) return this.#fail(conn, new Error('bad chunk size'), true);
          at = eol + 2;
          if (size === 0) conn.phase = Phase.ChunkTrailer;
          else {
            conn.phase = Phase.ChunkData;
            conn.left = size + 2; // data and its CRLF
          }
          break;
        }
        case Phase.ChunkData: {
          const n = Math.min(conn.left, length - at);
          conn.bytes += Math.min(n, Math.max(0, conn.left - 2)); // the chunk's closing CRLF is framing
          conn.left -= n;
          at += n;
          if (conn.bytes > this.#max) return this.#fail(conn, new Error('response over the size cap'), true);
          if (conn.left === 0) conn.phase = Phase.Chunked;
          break;
        }
      }
    }
  }

  /** The response ended at `at`: any byte after it was not asked for (we never pipeline), so the
   *  connection is not reused; returns where parsing stops. */
  #finish(conn: Conn, length: number, at: number): number {
    if (at < length) conn.keepAlive = false;
    this.#done(conn, true);
    return length;
  }

  /** Status line and the framing headers of the head in `data[from, end)` (its final CRLF CRLF
   *  excluded); returns a problem, or sets the connection's phase. Works on the bytes: only the
   *  values of the three framing headers become strings, every other header is skipped unread. */
  #parseHead(conn: Conn, data: Buffer, from: number, end: number): string | undefined {
    // "HTTP/1.1 200 OK"
    if (!startsWith(data, from, end, HTTP1)) return 'not an HTTP/1.x response';
    if (end - from < 12) return 'bad status line';
    const d0 = data[from + 9]! - 48;
    const d1 = data[from + 10]! - 48;
    const d2 = data[from + 11]! - 48;
    if (!(d0 >= 1 && d0 <= 9 && d1 >= 0 && d1 <= 9 && d2 >= 0 && d2 <= 9)) return 'bad status line';
    const status = d0 * 100 + d1 * 10 + d2;
    conn.status = status;
    conn.keepAlive = data[from + 7] !== 48; // HTTP/1.0 closes unless told otherwise
    let length = -1;
    let chunked = false;
    // `end` is where the head's closing CRLF CRLF starts, so every header line ends with a CRLF at or before it.
    let line = indexOfCrlf(data, from, end + 2, false);
    while (line !== -1 && line < end) {
      const start = line + 2;
      const eol = indexOfCrlf(data, start, end + 2, false);
      line = eol;
      const name = headerName(data, start, eol);
      if (name === undefined) continue;
      // The value without the optional whitespace around it.
      let v0 = start + name.length + 1;
      let v1 = eol;
      while (v0 < v1 && data[v0]! <= 0x20) v0++;
      while (v1 > v0 && data[v1 - 1]! <= 0x20) v1--;
      if (name === CONTENT_LENGTH) {
        if (v0 === v1) return 'bad Content-Length';
        let n = 0;
        for (let i = v0; i < v1; i++) {
          const digit = data[i]! - 48;
          if (!(digit >= 0 && digit <= 9)) return 'bad Content-Length';
          n = n * 10 + digit;
        }
        length = n;
      } else if (name === TRANSFER_ENCODING)
        chunked = /(^|,)\s*chunked\s*$/i.test(data.toString('latin1', start + name.length + 1, eol));
      else if (sameLetters(data, v0, v1, CLOSE)) conn.keepAlive = false;
      else if (sameLetters(data, v0, v1, KEEP_ALIVE)) conn.keepAlive = true;
    }
    if (status < 200) return undefined;
    if (this.#head || status === 204 || status === 304) {
      conn.phase = Phase.Body;
      conn.left = 0;
    } else if (chunked) conn.phase = Phase.Chunked;
    else if (length >= 0) {
      if (length > this.#max) return 'response over the size cap';
      conn.phase = Phase.Body;
      conn.left = length;
    } else {
      conn.phase = Phase.UntilClose;
      conn.keepAlive = false;
    }
    return undefined;
  }

  // A property, like `send`, so either can be passed on detached from the client.
  close = async (): Promise<void> => {
    this.#closed = true;
    clearInterval(this.#sweeper);
    this.#sweeper = undefined;
    for (const q of this.#queue.splice(0)) q.p.reject(new Error('load client closed'));
    for (const c of [...this.#busy]) this.#fail(c, new Error('load client closed'), true);
    for (const c of this.#idle.splice(0)) {
      c.closed = true;
      c.socket.destroy();
    }
  };
}

/** Where CRLF (or CRLF CRLF, `twice`) starts in `data[from, to)`, or -1. A loop of our own, not
 *  Buffer#indexOf: the shared read buffer holds stale bytes past `to`, which indexOf would search. */
function indexOfCrlf(data: Buffer, from: number, to: number, twice: boolean): number {
  const last = to - (twice ? 4 : 2);
  for (let i = from; i <= last; i++) {
    if (data[i] === 13 && data[i + 1] === 10 && (!twice || (data[i + 2] === 13 && data[i + 3] === 10))) return i;
  }
  return -1;
}

/** Whether `data[from, end)` starts with `prefix`. */
function startsWith(data: Buffer, from: number, end: number, prefix: Buffer): boolean {
  if (end - from < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (data[from + i] !== prefix[i]) return false;
  return true;
}

/** Whether `data[from, to)` is `lower` in any letter case (`lower` holds no upper-case letter). */
function sameLetters(data: Buffer, from: number, to: number, lower: Buffer): boolean {
  if (to - from !== lower.length) return false;
  for (let i = 0; i < lower.length; i++) {
    const ch = data[from + i]!;
    if ((ch >= 0x41 && ch <= 0x5a ? ch | 0x20 : ch) !== lower[i]) return false;
  }
  return true;
}

const C_NAMES = [CONTENT_LENGTH, CONNECTION];
const T_NAMES = [TRANSFER_ENCODING];

/** Which framing header the line `data[start, eol)` is (its name in any case, then a colon), if any. */
function headerName(data: Buffer, start: number, eol: number): Buffer | undefined {
  const first = data[start]! | 0x20;
  const names = first === 0x63 ? C_NAMES : first === 0x74 ? T_NAMES : undefined; // c…, t…
  if (!names) return undefined;
  for (const n of names) {
    if (start + n.length >= eol || data[start + n.length] !== 0x3a) continue; // name then ':'
    if (sameLetters(data, start, start + n.length, n)) return n;
  }
  return undefined;
}

/** A keep-alive HTTP/1.1 client for one repeated request, refused unless the URL is in scope. */
export function createHttp1Client(o: Http1ClientOptions): Http1Client {
  return new Client(o);
}
