// rate-limiting: for every client, a burst past the advertised limit meets 429 with a valid Retry-After
// and a problem body, and the RateLimit header fields are sent (OWASP API4:2023).
import { defineCheck, type CheckContext } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { reportPlaces, type Unprobed } from './collectors/plan-places.ts';
import { RATE_LIMIT_HEADERS, RATE_LIMIT_REQUIREMENT, type ClientBurst } from './collectors/rate-limit-burst.ts';

/** RFC 9110 §10.2.3: delta-seconds, or an HTTP-date. */
export function validRetryAfter(value: string): boolean {
  const v = value.trim();
  if (/^\d+$/.test(v)) return true;
  return /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(v) && Number.isFinite(Date.parse(v));
}

/** One client's burst judged: pass, fail (findings) or review (why, and findings that say so). */
type Verdict =
  | { kind: 'pass'; summary: string; evidence: string[] }
  | { kind: 'fail'; findings: Finding[]; summary: string }
  | { kind: 'review'; summary: string; findings: Finding[] };

/**
 * A problem details body (RFC 9457: application/problem+json, an object with a title). Whether its
 * `status` member equals 429 is PSW-API-008's to judge (problem-details-format), for every error.
 */
function isProblem(contentType: string | undefined, body: string | undefined): boolean {
  if (!/^application\/problem\+json\b/i.test(contentType ?? '')) return false;
  try {
    const json = JSON.parse(body ?? '') as unknown;
    return typeof json === 'object' && json !== null && !Array.isArray(json) && 'title' in json;
  } catch {
    return false;
  }
}

function judgeBurst<O>(b: ClientBurst, ctx: CheckContext<O>): Verdict {
  const findings: Finding[] = [];
  const who = b.client;
  const where = { operationId: b.operationId, method: b.method, url: b.url };
  const responses = [
    { name: 'normal', headers: b.baseline.headers, evidenceId: b.baseline.evidenceId },
    ...(b.first429 ? [{ name: '429', headers: b.first429.headers, evidenceId: b.first429.evidenceId }] : []),
  ];
  for (const r of responses) {
    for (const header of RATE_LIMIT_HEADERS) {
      if (r.headers[header] === undefined) {
        findings.push(
          ctx.finding(
            'rateLimitHeaderMissing',
            { client: who, response: r.name, header },
            { ...where, header },
            r.evidenceId ? [r.evidenceId] : [],
          ),
        );
      }
    }
  }
  if (b.first429) {
    const ra = b.first429.headers['retry-after'];
    const ev = b.first429.evidenceId ? [b.first429.evidenceId] : [];
    if (ra === undefined)
      findings.push(
        ctx.finding(
          'retryAfterMissing',
          { client: who, index: b.first429.index },
          { ...where, header: 'retry-after' },
          ev,
        ),
      );
    else if (!validRetryAfter(ra))
      findings.push(
        ctx.finding('retryAfterInvalid', { client: who, value: ra }, { ...where, header: 'retry-after' }, ev),
      );
    if (!isProblem(b.first429.contentType, b.first429.body))
      findings.push(
        ctx.finding(
          'notProblem',
          { client: who, contentType: b.first429.contentType ?? 'none' },
          { ...where, header: 'content-type' },
          ev,
        ),
      );
    if (findings.length > 0)
      return {
        kind: 'fail',
        findings,
        summary: `${who}: throttled after ${b.first429.index} request(s), but ${findings.length} problem(s)`,
      };
    return {
      kind: 'pass',
      summary: `${who}: 429 after ${b.first429.index} request(s) (limit ${b.advertisedLimit ?? 'unknown'}), Retry-After ${ra}`,
      evidence: [b.baseline.evidenceId, b.first429.evidenceId].filter((e): e is string => e !== undefined),
    };
  }
  // No 429. A burst that could not reach past the limit proves nothing either way.
  if (b.stoppedBy !== 'planned-exhausted')
    return {
      kind: 'review',
      summary: `${who}: the burst stopped early (${b.stoppedBy}) after ${b.sent} of ${b.planned} request(s) without a 429`,
      findings: [],
    };
  if (b.advertisedLimit !== undefined && b.sent <= b.advertisedLimit)
    return {
      kind: 'review',
      summary: `${who}: the advertised limit (${b.advertisedLimit}) is beyond the burst budget (${b.planned} requests, security.maxBurstRequests)`,
      findings: [],
    };
  // Too slow a burst never puts more than the quota into one window: no 429 is due.
  if (b.advertisedLimit !== undefined && b.windowSeconds !== undefined && b.durationMs > 0) {
    const perWindow = (b.sent / (b.durationMs / 1000)) * b.windowSeconds;
    if (perWindow <= b.advertisedLimit) {
      const data = {
        client: who,
        perWindow: Math.round(perWindow),
        windowSeconds: b.windowSeconds,
        sent: b.sent,
        durationMs: b.durationMs,
        limit: b.advertisedLimit,
      };
      return {
        kind: 'review',
        summary: `${who}: the burst reached ${data.perWindow} request(s) per ${b.windowSeconds} s window, not above the advertised ${b.advertisedLimit}`,
        findings: [ctx.finding('burstTooSlow', data, where)],
      };
    }
  }
  findings.unshift(
    ctx.finding(
      'neverThrottled',
      {
        client: who,
        sent: b.sent,
        durationMs: b.durationMs,
        method: b.method,
        url: b.url,
        limit: b.advertisedLimit ?? 'none',
      },
      where,
      b.baseline.evidenceId ? [b.baseline.evidenceId] : [],
    ),
  );
  return { kind: 'fail', findings, summary: `${who}: ${b.sent} request(s) met no 429` };
}

export default defineCheck({
  id: 'rate-limiting',
  title: 'Bursts past the rate limit are answered 429 with Retry-After, for every client',
  failureTitle: 'Bursts past the rate limit are not throttled as the profile requires',
  description:
    "Without enforced limits one client can starve every other member of the single window (OWASP API4:2023 Unrestricted Resource Consumption), and a limit that exempts one role (the authority's systems, say) leaves that door open. Each test identity of the profile reads RateLimit-Limit and sends a bounded burst (limit × 2 + 20 requests, at most `security.maxBurstRequests`, 16 at a time) to a port call of its own, the identities side by side; each must meet a 429 within its burst, with a valid Retry-After and a problem+json body, and responses must carry RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset.",
  remediation:
    "Enforce the profile's per-client rate limit for every identity, the authority's included, answering 429 with Retry-After and RateLimit headers once it is exceeded.",
  area: 'security',
  requirements: [RATE_LIMIT_REQUIREMENT],
  requires: ['RateLimitBurst'],
  owasp: ['API4:2023'],
  cwe: [770],
  messages: {
    neverThrottled:
      '{{client}}: {{sent}} requests in {{durationMs}} ms to {{method}} {{url}} (advertised limit {{limit}}) met no 429.',
    retryAfterMissing: '{{client}}: the 429 after {{index}} requests carries no Retry-After header.',
    retryAfterInvalid: '{{client}}: the 429 carries Retry-After "{{value}}", neither delta-seconds nor an HTTP-date.',
    notProblem: '{{client}}: the 429 carries no problem details body (Content-Type {{contentType}}).',
    rateLimitHeaderMissing: '{{client}}: the {{response}} response carries no {{header}} header.',
    burstTooSlow:
      '{{client}}: the burst reached {{perWindow}} request(s) per {{windowSeconds}} s window ({{sent}} in {{durationMs}} ms), not above the advertised {{limit}}: the harness could not send fast enough for a 429 to be due.',
  },
  defaultOptions: {},
  run({ RateLimitBurst: r }, ctx) {
    const verdicts = r.bursts.map((b) => ({ b, v: judgeBurst(b, ctx) }));
    const judged = new Set(verdicts.filter(({ v }) => v.kind !== 'review').map(({ b }) => b.placeId));
    const unjudged: Unprobed[] = [
      ...r.notProbed,
      ...verdicts
        .filter(({ v }) => v.kind === 'review')
        .map(({ b, v }) => ({ id: b.placeId, why: 'precondition-failed' as const, detail: v.summary })),
    ];
    const places = { [RATE_LIMIT_REQUIREMENT]: reportPlaces(r.places, judged, unjudged) };
    const metrics = {
      clients: r.bursts.length,
      sent: r.bursts.reduce((n, b) => n + b.sent, 0),
      durationMs: Math.max(0, ...r.bursts.map((b) => b.durationMs)),
    };
    const failed = verdicts.flatMap(({ v }) => (v.kind === 'fail' ? [v] : []));
    if (failed.length > 0)
      return {
        ...ctx.fail(
          failed.flatMap((v) => v.findings),
          failed.map((v) => v.summary).join('; ') + '.',
          metrics,
        ),
        places,
      };
    const review = verdicts.flatMap(({ v }) => (v.kind === 'review' ? [v] : []));
    if (review.length > 0)
      return {
        ...ctx.needsReview(
          `No 429 could be expected: ${review.map((v) => v.summary).join('; ')}.`,
          review.flatMap((v) => v.findings),
        ),
        places,
      };
    if (r.bursts.length === 0)
      return {
        ...ctx.needsReview(
          `No client could send a burst: ${r.notProbed.map((n) => n.detail ?? n.why).join('; ') || 'none planned'}.`,
        ),
        places,
      };
    return {
      ...ctx.pass(
        `Every client was throttled: ${verdicts.map(({ v }) => v.summary).join('; ')}.`,
        verdicts.flatMap(({ v }) => (v.kind === 'pass' ? v.evidence : [])),
        metrics,
      ),
      places,
    };
  },
});
