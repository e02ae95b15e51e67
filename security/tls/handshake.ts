// One bounded TLS handshake. Never throws: every way it can end is a HandshakeResult, so the
// prober records "refused", "timed out" and "rejected by the server" as data.
import net from 'node:net';
import tls from 'node:tls';
import type { ProbeFailure, ProbeStatus, TlsVersion } from './types.ts';

export interface HandshakeOptions {
  host: string;
  port: number;
  /** SNI; omitted for IP literals. */
  servername?: string;
  minVersion?: TlsVersion;
  maxVersion?: TlsVersion;
  /** OpenSSL cipher string (TLS 1.3 suites may be listed too; Node splits them). */
  ciphers?: string;
  /** Trust anchors; the chain is verified but never rejected (rejectUnauthorized: false). */
  ca?: string[];
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface HandshakeResult {
  status: Exclude<ProbeStatus, 'not-tested'> | 'not-tested';
  /** The TCP connection was established (a TLS answer, even a refusal, means the port is open). */
  connected: boolean;
  failure?: ProbeFailure;
  /** Present when status is accepted. */
  socket?: AcceptedHandshake;
}

export interface AcceptedHandshake {
  protocol: string | null;
  cipher: { name: string; standardName: string };
  ephemeralKey?: { type: string; name?: string; size?: number };
  authorized: boolean;
  authorizationError: string | null;
  peer: tls.DetailedPeerCertificate | null;
}

/** Errors raised by this client before anything is sent: the client cannot offer what was asked. */
const CLIENT_SIDE = new Set([
  'ERR_SSL_NO_CIPHER_MATCH',
  'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
  'ERR_TLS_INVALID_PROTOCOL_VERSION',
]);

function failureOf(err: unknown): ProbeFailure {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : 'ERR_UNKNOWN';
  // OpenSSL messages carry "80BC63F6...:error:0A00042E:SSL routines:...": keep the readable reason only.
  const message = String(e?.message ?? err)
    .replace(/^(?:[0-9A-F]+:)?error:[0-9A-F]+:/, '')
    .replace(/:\.\.\/[^\s]*:\d+:/, ':')
    .trim();
  return { code, message };
}

export function handshake(opts: HandshakeOptions): Promise<HandshakeResult> {
  return new Promise((resolve) => {
    if (opts.signal?.aborted) {
      resolve({ status: 'error', connected: false, failure: { code: 'ABORT_ERR', message: 'aborted before start' } });
      return;
    }
    let connected = false;
    let settled = false;
    let socket: tls.TLSSocket;
    const finish = (result: HandshakeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      socket?.destroy();
      resolve(result);
    };
    const onAbort = () => finish({ status: 'error', connected, failure: { code: 'ABORT_ERR', message: 'aborted' } });
    const timer = setTimeout(
      () =>
        finish({
          status: 'error',
          connected,
          failure: { code: 'ETIMEDOUT', message: `no TLS answer within ${opts.timeoutMs} ms` },
        }),
      opts.timeoutMs,
    );
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    try {
      socket = tls.connect({
        host: opts.host,
        port: opts.port,
        ...(opts.servername && !net.isIP(opts.servername) ? { servername: opts.servername } : {}),
        ...(opts.minVersion ? { minVersion: opts.minVersion } : {}),
        ...(opts.maxVersion ? { maxVersion: opts.maxVersion } : {}),
        ...(opts.ciphers ? { ciphers: opts.ciphers } : {}),
        ...(opts.ca ? { ca: opts.ca } : {}),
        rejectUnauthorized: false,
        // Judged separately (tls.checkServerIdentity); never let Node abort the probe on a mismatch.
        checkServerIdentity: () => undefined,
      });
    } catch (err) {
      const failure = failureOf(err);
      finish({ status: CLIENT_SIDE.has(failure.code) ? 'not-tested' : 'error', connected: false, failure });
      return;
    }
    socket.once('connect', () => {
      connected = true;
    });
    socket.once('secureConnect', () => {
      const cipher = socket.getCipher();
      const eph = socket.getEphemeralKeyInfo();
      const peer = socket.getPeerCertificate(true);
      finish({
        status: 'accepted',
        connected: true,
        socket: {
          protocol: socket.getProtocol(),
          cipher: { name: cipher.name, standardName: cipher.standardName },
          ...(eph && 'type' in eph && eph.type ? { ephemeralKey: eph as AcceptedHandshake['ephemeralKey'] } : {}),
          authorized: socket.authorized,
          authorizationError: socket.authorizationError ? String(socket.authorizationError) : null,
          peer: peer && Object.keys(peer).length > 0 ? peer : null,
        },
      });
    });
    // on, not once: a late second error on a socket being torn down must not go unhandled.
    socket.on('error', (err) => {
      const failure = failureOf(err);
      if (CLIENT_SIDE.has(failure.code)) finish({ status: 'not-tested', connected, failure });
      // Connected, then refused (alert, reset, close): the server said no to this handshake.
      else finish({ status: connected ? 'rejected' : 'error', connected, failure });
    });
    socket.once('close', () =>
      finish({
        status: connected ? 'rejected' : 'error',
        connected,
        failure: { code: 'ECONNRESET', message: 'connection closed before the handshake completed' },
      }),
    );
  });
}
