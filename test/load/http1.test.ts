// The load engine's HTTP/1.1 client against scripted loopback servers: framing (Content-Length,
// chunked, until close, interim responses), keep-alive reuse, connections the server closes,
// timeout, abort, responses split across packets, bytes nobody asked for, HTTPS and the scope.
// Assertions are on statuses, byte counts, connection counts and error messages, never on time.
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttp1Client, type Http1Client } from '../../load/http1.ts';
import { serverTlsOptions } from '../../fixtures/tls/server-options.ts';

const servers: { close(): void }[] = [];
const clients: Http1Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const s of servers.splice(0)) s.close();
});

/** A raw TCP server: `reply` gets each request's head (as text) and the socket to answer on. */
async function rawServer(reply: (socket: Socket, n: number) => void): Promise<string> {
  const sockets = new Set<Socket>();
  let n = 0;
  const server: Server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buf = '';
    socket.on('data', (d) => {
      buf += d.toString('latin1');
      while (buf.includes('\r\n\r\n')) {
        buf = buf.slice(buf.indexOf('\r\n\r\n') + 4);
        reply(socket, n++);
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push({
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/x?y=1`;
}

function client(url: string, patch: Partial<Parameters<typeof createHttp1Client>[0]> = {}): Http1Client {
  const c = createHttp1Client({
    url,
    connections: 4,
    target: { allowedHosts: [new URL(url).host] },
    sweepMs: 5,
    ...patch,
  });
  clients.push(c);
  return c;
}

const send = (c: Http1Client, timeoutMs = 5_000, signal = new AbortController().signal) =>
  c.send({ signal, timeoutMs });

describe('createHttp1Client framing', () => {
  const cases: { name: string; response: string[]; status: number; bytes: number }[] = [
    { name: 'content-length', response: ['HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello'], status: 200, bytes: 5 },
    {
      name: 'chunked with an extension and a trailer',
      response: [
        'HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n3;x=1\r\nabc\r\nA\r\n0123456789\r\n0\r\nX-T: 1\r\n\r\n',
      ],
      status: 201,
      bytes: 13,
    },
    {
      name: 'split across packets, one byte at a time',
      response: [...'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n0\r\n\r\n'],
      status: 200,
      bytes: 4,
    },
    {
      name: 'split inside the head and the body',
      response: ['HTTP/1.1 404 Not', ' Found\r\nContent-Le', 'ngth: 6\r\n\r\nab', 'cdef'],
      status: 404,
      bytes: 6,
    },
    {
      name: 'framing headers in any letter case, with whitespace around their values, among others',
      response: ['HTTP/1.1 200 OK\r\nconnect: x\r\ncontent-LENGTH:  3 \r\nTE: y\r\nCONNECTION: Keep-Alive\r\n\r\nabc'],
      status: 200,
      bytes: 3,
    },
    { name: 'no content (204)', response: ['HTTP/1.1 204 No Content\r\n\r\n'], status: 204, bytes: 0 },
    {
      name: 'an interim 100 before the response',
      response: ['HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'],
      status: 200,
      bytes: 2,
    },
  ];
  it.each(cases)('$name', async ({ response, status, bytes }) => {
    const url = await rawServer((socket) => {
      let i = 0;
      const next = (): void => {
        if (i < response.length) socket.write(response[i++]!, () => setTimeout(next, 1));
      };
      next();
    });
    const c = client(url);
    expect(await send(c)).toEqual({ status, bytes });
    expect(await send(c)).toEqual({ status, bytes }); // the framing left the connection reusable
    expect(c.opened).toBe(1);
  });

  it('reads a body without length until the server closes, and does not reuse that connection', async () => {
    const url = await rawServer((socket) => socket.end('HTTP/1.0 200 OK\r\n\r\nuntil-close'));
    const c = client(url);
    expect(await send(c)).toEqual({ status: 200, bytes: 11 });
    expect(await send(c)).toEqual({ status: 200, bytes: 11 });
    expect(c.opened).toBe(2);
  });
});

describe('createHttp1Client connections', () => {
  it('reuses one kept-alive connection for sequential requests', async () => {
    const url = await rawServer((socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
    const c = client(url);
    for (let i = 0; i < 5; i++) expect((await send(c)).status).toBe(200);
    expect(c.opened).toBe(1);
  });

  it('opens up to `connections` sockets and queues the rest', async () => {
    const url = await rawServer((socket) =>
      setTimeout(() => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'), 5),
    );
    const c = client(url, { connections: 2 });
    const all = await Promise.all(Array.from({ length: 6 }, () => send(c)));
    expect(all.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(c.opened).toBe(2);
  });

  it('honours Connection: close with a new connection for the next request', async () => {
    const url = await rawServer((socket) =>
      socket.end('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok'),
    );
    const c = client(url);
    expect((await send(c)).status).toBe(200);
    expect((await send(c)).status).toBe(200);
    expect(c.opened).toBe(2);
  });

  it.each(['closed', 'reset'])(
    'retries once on a fresh connection when the server %s a kept-alive one unanswered',
    async (how) => {
      // The second request on each connection is dropped without an answer (a keep-alive race).
      const url = await rawServer((socket) => {
        const served = ((socket as Socket & { served?: number }).served ?? 0) + 1;
        (socket as Socket & { served?: number }).served = served;
        if (served === 1) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
        else if (how === 'reset') socket.resetAndDestroy();
        else socket.destroy();
      });
      const c = client(url);
      expect((await send(c)).status).toBe(200);
      expect((await send(c)).status).toBe(200);
      expect(c.opened).toBe(2);
    },
  );

  it('fails a request whose connection closes mid-response', async () => {
    const url = await rawServer((socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'));
    await expect(send(client(url))).rejects.toThrow(/closed before the response ended/);
  });

  it('does not reuse a connection that sent bytes nobody asked for (no pipelining)', async () => {
    const url = await rawServer((socket) =>
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'),
    );
    const c = client(url);
    expect(await send(c)).toEqual({ status: 200, bytes: 2 });
    expect(await send(c)).toEqual({ status: 200, bytes: 2 });
    expect(c.opened).toBe(2);
  });

  it('rejects a malformed status line and a body over the size cap', async () => {
    const bad = await rawServer((socket) => socket.write('HTCPCP/1.0 418\r\n\r\n'));
    await expect(send(client(bad))).rejects.toThrow(/not an HTTP\/1.x response/);
    const big = await rawServer((socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n'));
    await expect(send(client(big, { maxResponseBytes: 10 }))).rejects.toThrow(/size cap/);
  });

  it('rejects a status that is not three digits and a Content-Length that is not a number', async () => {
    const status = await rawServer((socket) => socket.write('HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n'));
    await expect(send(client(status))).rejects.toThrow(/bad status line/);
    const length = await rawServer((socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 1e2\r\n\r\n'));
    await expect(send(client(length))).rejects.toThrow(/bad Content-Length/);
  });
});

describe('createHttp1Client bounds', () => {
  it('times out a request the server never answers, and the connection is not reused', async () => {
    let answer = false;
    const url = await rawServer((socket) => {
      if (answer) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    });
    const c = client(url);
    await expect(send(c, 20)).rejects.toThrow(/timed out/);
    answer = true;
    expect((await send(c)).status).toBe(200);
    expect(c.opened).toBe(2);
  });

  it('fails requests in flight and queued when their signal aborts, and refuses an aborted one', async () => {
    const url = await rawServer(() => {});
    const c = client(url, { connections: 1 });
    const ac = new AbortController();
    const inFlight = send(c, 5_000, ac.signal);
    const queued = send(c, 5_000, ac.signal);
    setTimeout(() => ac.abort(), 5);
    await expect(inFlight).rejects.toThrow(/aborted/);
    await expect(queued).rejects.toThrow(/aborted/);
    await expect(send(c, 5_000, ac.signal)).rejects.toThrow(/aborted/);
  });

  it('fails what is in flight on close and refuses afterwards', async () => {
    const url = await rawServer(() => {});
    const c = client(url);
    const pending = send(c);
    await new Promise((r) => setTimeout(r, 5));
    const { close } = c; // detached, as callers destructure it
    await close();
    await expect(pending).rejects.toThrow(/closed/);
    await expect(send(c)).rejects.toThrow(/closed/);
  });

  it('refuses a URL outside the allowed hosts before opening any socket', () => {
    expect(() =>
      createHttp1Client({ url: 'http://127.0.0.1:9/', connections: 1, target: { allowedHosts: ['example.org'] } }),
    ).toThrow(/not in the allowed hosts/);
  });

  it('sends the method, path, headers and body it was built with', async () => {
    let seen = '';
    const server = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        seen = `${req.method} ${req.url} ${req.headers['x-k']} ${body}`;
        res.end('done');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/a/b?c=d`;
    const c = client(url, { method: 'POST', headers: { 'x-k': 'v' }, body: '{"a":1}' });
    expect(await send(c)).toEqual({ status: 200, bytes: 4 });
    expect(seen).toBe('POST /a/b?c=d v {"a":1}');
  });
});

describe('createHttp1Client over TLS', () => {
  it('speaks HTTPS with the given CA and keeps the connection alive', async () => {
    const tls = serverTlsOptions(new Set());
    const server = createHttpsServer({ ...tls }, (_req, res) => res.end('secure'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const c = client(url, { tls: { ca: tls.caPem } });
    expect(await send(c)).toEqual({ status: 200, bytes: 6 });
    expect(await send(c)).toEqual({ status: 200, bytes: 6 });
    expect(c.opened).toBe(1);
  });

  it('fails a server whose certificate the client does not trust', async () => {
    const tls = serverTlsOptions(new Set());
    const server = createHttpsServer({ ...tls }, (_req, res) => res.end('secure'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    await expect(send(client(url))).rejects.toThrow(/certificate/);
  });
});
