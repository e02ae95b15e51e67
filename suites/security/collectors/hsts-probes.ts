// HstsProbes: one ordinary request of our own to each origin the member serves (the API, its token
// endpoint, its portal: the probe plan's `origin` places), so hsts-header has an answer from every
// origin to judge even when it runs alone.
import type { OpenApiModel } from '../../../contracts/openapi.ts';
import { defineCollector, type ArtifactMap } from '../../../engine/check.ts';
import type { CollectContext, HttpRequestOptions } from '../../../engine/context.ts';
import { errorMessage } from '../../../engine/errors.ts';
import type { TlsOriginName } from '../../../security/tls/types.ts';
import { openApiOf, operationUrl, underDocumentServer } from './requests.ts';

export interface HstsProbe {
  origin: TlsOriginName;
  method: string;
  url: string;
  /** Absent when there was no HTTP answer (see error). */
  status?: number;
  /** Response headers (lower-case names). */
  headers: Record<string, string>;
  error?: string;
  evidenceId?: string;
}

export interface HstsProbes {
  /** The configured URL of each origin (absent: the member does not serve it). */
  origins: Partial<Record<TlsOriginName, string>>;
  probes: HstsProbe[];
}

declare module '../../../engine/check.ts' {
  interface ArtifactMap {
    HstsProbes: HstsProbes;
  }
}

/**
 * The request to the API: its first documented read that needs no path parameter (as agentA when it is
 * protected and credentials exist; a 401 carries HSTS all the same), else the API base itself.
 */
function apiRequest(model: OpenApiModel, ctx: CollectContext): HttpRequestOptions {
  const op = model.operations.find(
    (o) =>
      o.method === 'GET' &&
      underDocumentServer(model, o) &&
      !o.parameters.some((p) => p.in === 'path' || (p.required && p.in !== 'query')),
  );
  if (!op) return { method: 'GET', url: ctx.target.apiBaseUrl };
  const url = operationUrl(model, op, ctx.target.apiBaseUrl, { portCallId: '' });
  return { method: 'GET', url, ...(op.security && ctx.target.credentials.agentA ? { as: 'agentA' as const } : {}) };
}

/** The request sent to each origin: what any client of it sends first. */
export function hstsRequests(
  model: OpenApiModel,
  ctx: CollectContext,
): { origin: TlsOriginName; request: HttpRequestOptions }[] {
  const t = ctx.target;
  const out: { origin: TlsOriginName; request: HttpRequestOptions }[] = [
    { origin: 'api', request: apiRequest(model, ctx) },
  ];
  const creds = t.credentials.agentA;
  // No token endpoint (an API without authentication): that origin is not served.
  if (t.tokenUrl)
    out.push({
      origin: 'token-endpoint',
      request: {
        method: 'POST',
        url: t.tokenUrl,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        // A token request of our own client (a refused one when no credentials are configured): any
        // HTTPS answer of the origin must carry HSTS.
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          ...(creds ? { client_id: creds.clientId, client_secret: creds.clientSecret } : {}),
        }).toString(),
      },
    });
  if (t.portalUrl) out.push({ origin: 'portal', request: { method: 'GET', url: t.portalUrl } });
  return out;
}

export const hstsProbesCollector = defineCollector({
  name: 'HstsProbes',
  description: 'One request of our own to each origin (API, token endpoint, portal) for its Strict-Transport-Security',
  dependsOn: ['OpenApi'],
  timeoutMs: 60_000,
  async collect(ctx: CollectContext, deps: Partial<ArtifactMap>): Promise<HstsProbes> {
    const t = ctx.target;
    const model = await openApiOf(ctx, deps);
    const origins: HstsProbes['origins'] = {
      api: t.apiBaseUrl,
      ...(t.tokenUrl ? { 'token-endpoint': t.tokenUrl } : {}),
      ...(t.portalUrl ? { portal: t.portalUrl } : {}),
    };
    const probes: HstsProbe[] = [];
    for (const { origin, request } of hstsRequests(model, ctx)) {
      const label = `hsts: ${origin} origin`;
      try {
        const ex = await ctx.http.request({ ...request, label });
        probes.push({
          origin,
          method: ex.method,
          url: ex.url,
          status: ex.status,
          headers: ex.headers,
          ...(ex.evidenceId ? { evidenceId: ex.evidenceId } : {}),
        });
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        probes.push({ origin, method: request.method, url: request.url, headers: {}, error: errorMessage(err) });
      }
    }
    return { origins, probes };
  },
});
