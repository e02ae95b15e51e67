// TlsEndpoints: probes the TLS endpoint of each origin the member serves (API, token endpoint,
// portal; the probe plan's `origin` places), each distinct scheme://host:port once, and keeps a text
// account of the handshakes of each as evidence. With --tls-engine testssl, testssl.sh scans each
// endpoint too; its report rides on the scan (and its rows are evidence) for the checks to judge beside Node's.
import { defineCollector } from '../../../engine/check.ts';
import type { CollectContext } from '../../../engine/context.ts';
import { errorMessage, ScopeError, TransportError } from '../../../engine/errors.ts';
import { hostPort, isAllowed } from '../../../engine/target.ts';
import { describeScan } from '../../../security/tls/describe.ts';
import { probeTls } from '../../../security/tls/probe.ts';
import { runTestssl, type TestsslRun } from '../../../security/testssl/run.ts';
import type { TlsEndpoint, TlsEndpoints, TlsOriginName, TlsScan } from '../../../security/tls/types.ts';

/** Per handshake; a scan is about 35 handshakes, three at a time. */
const HANDSHAKE_TIMEOUT_MS = 4000;

/** The configured URL of each origin, in the order the plan names them (the API first). */
export function originUrls(target: CollectContext['target']): { origin: TlsOriginName; url?: string }[] {
  return [
    { origin: 'api', url: target.apiBaseUrl },
    { origin: 'token-endpoint', url: target.tokenUrl },
    { origin: 'portal', url: target.portalUrl },
  ];
}

/** scheme://host:port, the unit a TLS scan is about. */
function endpointKey(url: URL): string {
  return `${url.protocol}//${hostPort(url)}`;
}

/** Groups the origins by endpoint: one scan per distinct scheme://host:port. */
export function groupEndpoints(target: CollectContext['target']): {
  groups: { url: string; origins: TlsOriginName[] }[];
  notServed: TlsOriginName[];
} {
  const groups = new Map<string, { url: string; origins: TlsOriginName[] }>();
  const notServed: TlsOriginName[] = [];
  for (const { origin, url } of originUrls(target)) {
    if (!url) {
      notServed.push(origin);
      continue;
    }
    const u = new URL(url);
    const key = endpointKey(u);
    const g = groups.get(key) ?? { url: u.toString(), origins: [] };
    g.origins.push(origin);
    groups.set(key, g);
  }
  return { groups: [...groups.values()], notServed };
}

/** Scans one endpoint. Throws ScopeError outside allowedHosts, TransportError when nothing answers. */
export async function scanEndpoint(ctx: CollectContext, urlText: string): Promise<TlsScan> {
  const url = new URL(urlText);
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
    // Both engines: Node's facts stay the scan's, testssl.sh's ride along and every TLS check judges both
    // (suites/security/tls-engines.ts). testssl.sh gets the target's extra CAs for its trust verdict.
    const run = await runTestssl(`${scan.host}:${scan.port}`, {
      allowedHosts: ctx.target.allowedHosts,
      caPems: ctx.target.ca,
      signal: ctx.signal,
      timeoutMs: Math.max(1, ctx.endsBy - Date.now()),
    });
    ctx.log.debug(`testssl.sh: ${run.command.join(' ')} (exit ${run.exitCode}, ${run.durationMs} ms)`);
    if (run.report.failure) {
      throw new TransportError(
        `testssl.sh could not scan ${scan.host}:${scan.port}: ${run.report.failure.message}`,
        run.report.failure.code,
      );
    }
    const label = `testssl.sh findings for ${scan.host}:${scan.port}`;
    const evidenceId = ctx.evidence.addText(label, describeTestssl(run), 'application/json');
    scan.testssl = { ...run.report, evidenceId };
  }
  // A handshake never answered is the target not answering, as a timed-out request is.
  if (scan.failure?.code === 'ETIMEDOUT') {
    ctx.http.noteTimeout?.(`TLS handshake with ${hostPort(url)}: ${scan.failure.message}`);
  }
  scan.evidenceId = ctx.evidence.addText(`TLS scan of ${scan.host}:${scan.port}`, describeScan(scan));
  ctx.log.debug(`TLS scan of ${scan.host}:${scan.port}: ${scan.handshakes} handshakes in ${scan.durationMs} ms`);
  if (!scan.reachable) {
    throw new TransportError(
      `TLS scan: no connection to ${scan.host}:${scan.port} (${scan.failure?.message ?? 'unknown'})`,
      scan.failure?.code ?? 'ERR_UNKNOWN',
    );
  }
  return scan;
}

/** The evidence of a testssl.sh run: how it ran and every row it wrote (flat JSON). */
function describeTestssl(run: TestsslRun): string {
  return JSON.stringify(
    { command: run.command, exitCode: run.exitCode, durationMs: run.durationMs, findings: run.findings },
    null,
    2,
  );
}

export const tlsScanCollector = defineCollector({
  name: 'TlsEndpoints',
  description:
    "TLS protocol versions, weak cipher suites and certificate of each origin's endpoint (API, token endpoint, portal), each distinct host:port probed once with Node's TLS, and with --tls-engine testssl by testssl.sh as well (certificate, vulnerabilities, forward secrecy, HSTS).",
  // testssl.sh's full set (-p -E -S -f -h -U) takes about a minute on loopback, a few on a real host.
  timeoutMs: 360_000,
  async collect(ctx): Promise<TlsEndpoints> {
    const { groups, notServed } = groupEndpoints(ctx.target);
    const endpoints: TlsEndpoint[] = [];
    for (const g of groups) {
      try {
        endpoints.push({ ...g, scan: await scanEndpoint(ctx, g.url) });
      } catch (err) {
        // The API's own endpoint is what every TLS check is about: nothing to judge without it.
        if (g.origins.includes('api') || ctx.signal.aborted) throw err;
        const code = err instanceof TransportError ? err.code : err instanceof ScopeError ? 'ERR_SCOPE' : 'ERR_UNKNOWN';
        endpoints.push({ ...g, failure: { code, message: errorMessage(err) } });
      }
    }
    return { endpoints, notServed };
  },
});
