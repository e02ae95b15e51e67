// rate-limiting: a burst past the advertised limit meets 429 with a valid Retry-After, and the
// RateLimit header fields are sent (OWASP API4:2023).
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { RATE_LIMIT_HEADERS } from './collectors/rate-limit-burst.ts';

/** RFC 9110 §10.2.3: delta-seconds, or an HTTP-date. */
export function validRetryAfter(value: string): boolean {
  const v = value.trim();
  if (/^\d+$/.test(v)) return true;
  return /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(v) && Number.isFinite(Date.parse(v));
}

export default defineCheck({
  id: 'rate-limiting',
  title: 'Bursts past the rate limit are answered 429 with Retry-After',
  failureTitle: 'Bursts past the rate limit are not throttled as the profile requires',
  description:
    'Without enforced limits one client can starve every other member of the single window (OWASP API4:2023 Unrestricted Resource Consumption). One client reads RateLimit-Limit and sends a bounded burst (limit × 2 + 20 requests, at most `security.maxBurstRequests`, 16 at a time) to one of its own port calls; a 429 with a valid Retry-After must come within the burst, and responses must carry RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset.',
  area: 'security',
  requirements: ['PSW-SEC-RES-002'],
  requires: ['RateLimitBurst'],
  owasp: ['API4:2023'],
  cwe: [770],
  messages: {
    neverThrottled:
      '{{sent}} requests in {{durationMs}} ms to {{method}} {{url}} (advertised limit {{limit}}) met no 429.',
    retryAfterMissing: 'The 429 after {{index}} requests carries no Retry-After header.',
    retryAfterInvalid: 'The 429 carries Retry-After "{{value}}", neither delta-seconds nor an HTTP-date.',
    rateLimitHeaderMissing: 'The {{response}} response carries no {{header}} header.',
    burstTooSlow:
      'The burst reached {{perWindow}} request(s) per {{windowSeconds}} s window ({{sent}} in {{durationMs}} ms), not above the advertised {{limit}}: the harness could not send fast enough for a 429 to be due.',
  },
  defaultOptions: {},
  run({ RateLimitBurst: b }, ctx) {
    const findings: Finding[] = [];
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
              { response: r.name, header },
              { ...where, header },
              r.evidenceId ? [r.evidenceId] : [],
            ),
          );
        }
      }
    }
    const metrics = {
      sent: b.sent,
      planned: b.planned,
      durationMs: b.durationMs,
      ...(b.advertisedLimit !== undefined ? { advertisedLimit: b.advertisedLimit } : {}),
    };
    if (b.first429) {
      const ra = b.first429.headers['retry-after'];
      const ev = b.first429.evidenceId ? [b.first429.evidenceId] : [];
      if (ra === undefined)
        findings.push(
          ctx.finding('retryAfterMissing', { index: b.first429.index }, { ...where, header: 'retry-after' }, ev),
        );
      else if (!validRetryAfter(ra))
        findings.push(ctx.finding('retryAfterInvalid', { value: ra }, { ...where, header: 'retry-after' }, ev));
      if (findings.length > 0)
        return ctx.fail(
          findings,
          `Throttled after ${b.first429.index} request(s), but ${findings.length} header problem(s).`,
          { ...metrics, first429At: b.first429.index },
        );
      return ctx.pass(
        `Throttled with 429 after ${b.first429.index} request(s) (advertised limit ${b.advertisedLimit ?? 'unknown'}), Retry-After ${ra}.`,
        [b.baseline.evidenceId, b.first429.evidenceId].filter((e): e is string => e !== undefined),
        { ...metrics, first429At: b.first429.index },
      );
    }
    // No 429. A burst that could not reach past the limit proves nothing either way.
    if (b.stoppedBy !== 'planned-exhausted') {
      return ctx.needsReview(
        `The burst stopped early (${b.stoppedBy}) after ${b.sent} of ${b.planned} request(s) without a 429.`,
      );
    }
    if (b.advertisedLimit !== undefined && b.sent <= b.advertisedLimit) {
      return ctx.needsReview(
        `The advertised limit (${b.advertisedLimit}) is beyond the burst budget (${b.planned} requests, security.maxBurstRequests); no 429 could be expected.`,
      );
    }
    // Too slow a burst never puts more than the quota into one window: no 429 is due.
    if (b.advertisedLimit !== undefined && b.windowSeconds !== undefined && b.durationMs > 0) {
      const perWindow = (b.sent / (b.durationMs / 1000)) * b.windowSeconds;
      if (perWindow <= b.advertisedLimit) {
        const data = {
          perWindow: Math.round(perWindow),
          windowSeconds: b.windowSeconds,
          sent: b.sent,
          durationMs: b.durationMs,
          limit: b.advertisedLimit,
        };
        return ctx.needsReview(
          `The burst reached ${data.perWindow} request(s) per ${b.windowSeconds} s window, not above the advertised ${b.advertisedLimit}; no 429 could be expected.`,
          [ctx.finding('burstTooSlow', data, where)],
        );
      }
    }
    findings.unshift(
      ctx.finding(
        'neverThrottled',
        { sent: b.sent, durationMs: b.durationMs, method: b.method, url: b.url, limit: b.advertisedLimit ?? 'none' },
        where,
        b.baseline.evidenceId ? [b.baseline.evidenceId] : [],
      ),
    );
    return ctx.fail(findings, `${b.sent} request(s) met no 429.`, metrics);
  },
});
