// The API's answers the DCSA checks judge: DcsaProbes' own and every other exchange the run recorded under
// the API's base URL (not the token endpoint's), each once.
import type { HttpExchange } from '../../../engine/context.ts';
import type { DcsaProbes } from './dcsa-probes.ts';

export function apiAnswers(probes: DcsaProbes, log: { exchanges: readonly HttpExchange[] }): HttpExchange[] {
  const base = probes.apiBaseUrl.replace(/\/+$/, '');
  return log.exchanges.filter((x) => x.status > 0 && (x.url === base || x.url.startsWith(`${base}/`)));
}

/** `GET /events`, `POST /events`, ...: the place a finding is grouped by (the query is left out). */
export function placeOf(x: Pick<HttpExchange, 'method' | 'url'>, base: string): string {
  const path = new URL(x.url).pathname.slice(new URL(base).pathname.replace(/\/+$/, '').length) || '/';
  return `${x.method} ${path}`;
}
