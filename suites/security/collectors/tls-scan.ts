// TlsScan: probes the TLS endpoint of the target's API host (protocol versions, weak suites,
// certificate) and keeps a text account of the handshakes as evidence.
import { defineCollector } from '../../../engine/check.ts';
import { ScopeError, TransportError } from '../../../engine/errors.ts';
import { hostPort, isAllowed } from '../../../engine/target.ts';
import { describeScan } from '../../../security/tls/describe.ts';
import { probeTls } from '../../../security/tls/probe.ts';
import { runTestssl } from '../../../security/testssl/run.ts';
import type { TlsScan } from '../../../security/tls/types.ts';

/** Per handshake; a scan is about 35 handshakes, three at a time. */
const HANDSHAKE_TIMEOUT_MS = 4000;

export const tlsScanCollector = defineCollector({
  name: 'TlsScan',
  description: "TLS protocol versions, weak cipher suites and certificate of the API host, probed with Node's TLS.",
  // testssl.sh alone may take a few minutes on a real host.
  timeoutMs: 240_000,
  async collect(ctx): Promise<TlsScan> {
    const url = new URL(ctx.target.apiBaseUrl);
    if (!isAllowed(ctx.target, url)) {
      throw new ScopeError(`${hostPort(url)} is not in the target's allowed hosts; TLS scan refused`);
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (url.protocol === 'http:') {
      const scan: TlsScan = {
        source: 'node-tls',
        transport: 'plaintext',
        host,
        port: Number(url.port || 80),
        servername: null,
        scannedAt: new Date().toISOString(),
        reachable: true,
        protocols: [],
        cipherSuites: [],
        certificate: null,
        trustStore: { system: true, extraCas: 0 },
        handshakes: 0,
        durationMs: 0,
      };
      scan.evidenceId = ctx.evidence.addText(`TLS scan of ${hostPort(url)}`, `${url.origin} is plain HTTP: no TLS.\n`);
      return scan;
    }
    if (url.protocol !== 'https:') throw new Error(`TLS scan: unsupported scheme ${url.protocol} in ${url.origin}`);

    const scan = await probeTls({
      host,
      port: Number(url.port || 443),
      servername: host,
      extraCa: ctx.target.ca,
      timeoutMs: HANDSHAKE_TIMEOUT_MS,
      signal: ctx.signal,
    });
    if (scan.reachable && ctx.engines.tls === 'testssl') {
      // testssl.sh judges what it knows best (protocols, suites, over OpenSSL builds Node lacks);
      // the certificate facts stay Node's, checked against the configured trust set.
      const run = await runTestssl(`${scan.host}:${scan.port}`, {
        allowedHosts: ctx.target.allowedHosts,
        signal: ctx.signal,
        timeoutMs: Math.max(1, ctx.endsBy - Date.now()),
      });
      Object.assign(scan, { source: 'testssl', protocols: run.scan.protocols, cipherSuites: run.scan.cipherSuites });
      ctx.log.debug(`testssl.sh: ${run.command.join(' ')} (exit ${run.exitCode}, ${run.durationMs} ms)`);
    }
    scan.evidenceId = ctx.evidence.addText(`TLS scan of ${scan.host}:${scan.port}`, describeScan(scan));
    ctx.log.debug(`TLS scan of ${scan.host}:${scan.port}: ${scan.handshakes} handshakes in ${scan.durationMs} ms`);
    if (!scan.reachable) {
      // Nothing to judge: the checks become errors carrying this cause.
      throw new TransportError(
        `TLS scan: no connection to ${scan.host}:${scan.port} (${scan.failure?.message ?? 'unknown'})`,
        scan.failure?.code ?? 'ERR_UNKNOWN',
      );
    }
    return scan;
  },
});
