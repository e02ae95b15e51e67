// Judging every TLS endpoint of the member (the probe plan's `origin` places: API, token endpoint,
// portal). Each TLS check judges one scan as before; this runs it on each distinct endpoint, merges the
// outcomes (a failure anywhere fails the check) and reports, per requirement, the origins judged and
// those that could not be (not served, or not scannable).
import type { CheckContext, CheckProduct } from '../../engine/check.ts';
import type { Finding, PlacesReport, ProbePlan } from '../../engine/types.ts';
import { scanHostPort } from '../../security/tls/judge.ts';
import type { TlsEndpoints, TlsOriginName, TlsScan } from '../../security/tls/types.ts';
import { placesReport } from '../places.ts';

const ORIGIN_LABEL: Record<TlsOriginName, string> = {
  api: 'the API',
  'token-endpoint': 'the token endpoint',
  portal: 'the portal',
};

/** The origin name an `origin` place stands for (its variant). */
function originOf(place: { variant?: string }): TlsOriginName | undefined {
  return place.variant === 'api' || place.variant === 'token-endpoint' || place.variant === 'portal'
    ? place.variant
    : undefined;
}

/** Where each origin stands: judged, not served by the member, or not scannable (with why). */
export function originPlaces(
  art: TlsEndpoints,
  plan: ProbePlan | undefined,
  requirement: string,
  judged: ReadonlySet<TlsOriginName>,
): PlacesReport {
  return placesReport(
    plan,
    requirement,
    (p) => {
      const o = originOf(p);
      return o !== undefined && judged.has(o);
    },
    (p) => {
      const o = originOf(p);
      if (o && art.notServed.includes(o))
        return { why: 'not-exposed', detail: `the member configures no URL for ${ORIGIN_LABEL[o]}` };
      const failed = art.endpoints.find((e) => o && e.origins.includes(o) && !e.scan);
      if (failed?.failure)
        return {
          why: 'precondition-failed',
          detail: `${failed.url}: ${failed.failure.code} ${failed.failure.message}`,
        };
      return { why: 'not-reached' };
    },
  );
}

const RANK: Record<string, number> = { fail: 4, 'needs-review': 2, pass: 1, 'not-applicable': 0 };

/**
 * Runs `judgeOne` on every scanned endpoint and merges: findings of all endpoints, the worst outcome
 * (fail, then an endpoint that could not be judged, then needs-review, pass, not-applicable), the
 * summaries prefixed by host when there is more than one endpoint, the first endpoint's metrics (the
 * API's), the places of `requirements`, and the engines' verdicts of every endpoint.
 */
export function judgeTlsEndpoints<O>(
  art: TlsEndpoints,
  plan: ProbePlan | undefined,
  requirements: readonly string[],
  ctx: CheckContext<O>,
  judgeOne: (scan: TlsScan) => CheckProduct,
): CheckProduct {
  const products: { scan: TlsScan; origins: TlsOriginName[]; product: CheckProduct }[] = [];
  const errors: Error[] = [];
  const judged = new Set<TlsOriginName>();
  for (const e of art.endpoints) {
    if (!e.scan) continue;
    try {
      products.push({ scan: e.scan, origins: e.origins, product: judgeOne(e.scan) });
      for (const o of e.origins) judged.add(o);
    } catch (err) {
      errors.push(err instanceof Error ? err : new Error(String(err)));
    }
  }
  const places = Object.fromEntries(requirements.map((r) => [r, originPlaces(art, plan, r, judged)]));
  const worst = products.reduce<number>((m, p) => Math.max(m, RANK[p.product.outcome] ?? 0), -1);
  // An endpoint that could not be judged makes the check an error, unless another one failed.
  if (errors.length > 0 && worst < RANK.fail!) throw errors[0]!;
  if (products.length === 0) throw new Error('no TLS endpoint of the member could be scanned');

  const many = products.length > 1;
  const summary = products
    .map((p) =>
      many ? `${scanHostPort(p.scan)} (${p.origins.join(', ')}): ${p.product.summary ?? ''}` : p.product.summary,
    )
    .filter((s) => s)
    .join(' ');
  const findings: Finding[] = products.flatMap((p) => p.product.findings ?? []);
  const evidence = products.flatMap((p) => p.product.evidence ?? []);
  const metrics = products[0]!.product.metrics;
  const engines = products.flatMap((p) => p.product.engines ?? []);
  const outcome = products.find((p) => (RANK[p.product.outcome] ?? 0) === worst)!.product.outcome;
  return {
    outcome,
    ...(summary ? { summary } : {}),
    ...(findings.length > 0 ? { findings } : {}),
    ...(evidence.length > 0 ? { evidence } : {}),
    ...(metrics ? { metrics } : {}),
    places,
    ...(engines.length > 0 ? { engines } : {}),
  };
}
