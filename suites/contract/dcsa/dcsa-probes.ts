// DcsaProbes: the few requests of its own a DCSA Port Call run needs so that its checks stand alone: the
// events (GET /events, unfiltered and with a limit), and an error answer of each kind the API must give in
// DCSA's error schema (a refused query, a refused POST body, a path it does not serve). The DCSA checks judge
// these and every other answer of the API the run recorded (HttpLog).
import { defineCollector, type ArtifactMap } from '../../../engine/check.ts';
import type { CollectContext } from '../../../engine/context.ts';
import { errorMessage } from '../../../engine/errors.ts';

export const DCSA_STANDARD = 'dcsa-port-call-v2';

export interface DcsaProbe {
  label: string;
  method: string;
  url: string;
  status?: number;
  error?: string;
  evidenceId?: string;
}

export interface DcsaProbes {
  /** Where the API is served: answers under it are the API's (not the token endpoint's). */
  apiBaseUrl: string;
  probes: DcsaProbe[];
}

declare module '../../../engine/check.ts' {
  interface ArtifactMap {
    DcsaProbes: DcsaProbes;
  }
}

const REQUESTS: readonly { label: string; method: string; path: string; body?: unknown }[] = [
  { label: 'dcsa: events', method: 'GET', path: '/events' },
  { label: 'dcsa: events, limit 1', method: 'GET', path: '/events?limit=1' },
  { label: 'dcsa: refused query (limit 0)', method: 'GET', path: '/events?limit=0' },
  { label: 'dcsa: refused body', method: 'POST', path: '/events', body: { events: 'not a list' } },
  { label: 'dcsa: a path not served', method: 'GET', path: '/events-not-served' },
];

export const dcsaProbesCollector = defineCollector({
  name: 'DcsaProbes',
  description: 'GET /events and one error answer of each kind (refused query, refused body, unknown path)',
  standard: DCSA_STANDARD,
  timeoutMs: 30_000,
  async collect(ctx: CollectContext, _deps: Partial<ArtifactMap>): Promise<DcsaProbes> {
    const base = ctx.target.apiBaseUrl.replace(/\/+$/, '');
    const probes: DcsaProbe[] = [];
    for (const r of REQUESTS) {
      const url = `${base}${r.path}`;
      try {
        const x = await ctx.http.request({
          method: r.method,
          url,
          label: r.label,
          headers: { 'api-version': '2.0.0' },
          ...(r.body !== undefined ? { body: r.body } : {}),
          ...(ctx.target.credentials.agentA ? { as: 'agentA' as const } : {}),
        });
        probes.push({
          label: r.label,
          method: r.method,
          url,
          status: x.status,
          ...(x.evidenceId ? { evidenceId: x.evidenceId } : {}),
        });
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        probes.push({ label: r.label, method: r.method, url, error: errorMessage(err) });
      }
    }
    return { apiBaseUrl: base, probes };
  },
});
