// body-size-limit: a request body over the profile's 1 MiB limit is refused with 413, by every
// operation that takes a body (OWASP API4:2023).
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { evidenceOf } from './api-judging.ts';
import { BODY_SIZE_REQUIREMENT, type HardeningExchange } from './collectors/hardening-probes.ts';
import { missedPlaces, reportPlaces, whyNot, type Unprobed } from './collectors/plan-places.ts';
import { NEEDS_CREDENTIALS } from './collectors/requests.ts';

export default defineCheck({
  id: 'body-size-limit',
  title: 'Request bodies over the size limit are refused with 413',
  failureTitle: 'Request bodies over the size limit are not refused with 413',
  description:
    "A server that reads and parses bodies of any size can be exhausted by a handful of requests (OWASP API4:2023 Unrestricted Resource Consumption), and a limit set on one family of routes protects nothing if another family has none. A body one byte over the profile's 1 MiB limit (1,048,577 bytes: a limit set above the profile's is caught as surely as none), in the media type the operation documents, is sent to every operation of the document that takes a body (port-call writes, every formality submission, state changes, the token endpoint); each answer must be 413. In a run without credentials for an operation that requires them, the body is sent anonymously: a 401 or 403 refuses the caller, not the size (the server may never have looked at the body), so that operation is reported not probed (needs credentials), never a pass.",
  remediation:
    "Set a request body limit of the profile's size on every route (e.g. the body parser's limit or client_max_body_size) and answer 413 before reading the rest of the body.",
  area: 'security',
  requirements: [BODY_SIZE_REQUIREMENT],
  requires: ['HardeningProbes'],
  owasp: ['API4:2023'],
  cwe: [770],
  messages: {
    accepted: 'A {{bytes}}-byte body ({{method}} {{url}}) was accepted with {{status}}.',
    not413:
      'A {{bytes}}-byte body ({{method}} {{url}}) answered {{status}} instead of 413: it was read rather than refused.',
  },
  defaultOptions: {},
  run({ HardeningProbes: h }, ctx) {
    const { bytes } = h.bodySize;
    const probes: (HardeningExchange & { placeId?: string })[] = h.bodySize.probes ?? [h.bodySize.probe];
    const findings: Finding[] = [];
    const judged = new Set<string>();
    const unjudged: Unprobed[] = [...(h.bodySize.notProbed ?? [])];
    const unanswered: string[] = [];
    const needCredentials: string[] = [];
    let refused = 0;
    for (const p of probes) {
      const data = { bytes, method: p.method, url: p.url };
      const where = { ...(p.operationId ? { operationId: p.operationId } : {}), method: p.method, url: p.url };
      // A dropped connection may be a refusal without an answer, or a crash: it cannot be told apart.
      if (p.status === undefined || p.status === 429) {
        const detail = p.status === 429 ? 'answered 429 (throttled)' : `no HTTP answer: ${p.error ?? 'none'}`;
        unanswered.push(`${p.operationId ?? p.url}: ${detail}`);
        if (p.placeId) unjudged.push({ id: p.placeId, why: 'precondition-failed', detail });
        continue;
      }
      if (p.anonymous && (p.status === 401 || p.status === 403)) {
        needCredentials.push(p.operationId ?? p.url);
        if (p.placeId)
          unjudged.push({
            id: p.placeId,
            why: 'precondition-failed',
            detail: `${NEEDS_CREDENTIALS}; sent without them, the body was refused with ${p.status}, which says nothing of its size`,
          });
        continue;
      }
      if (p.placeId) judged.add(p.placeId);
      if (p.status === 413) refused++;
      else
        findings.push(
          ctx.finding(p.status < 400 ? 'accepted' : 'not413', { ...data, status: p.status }, where, evidenceOf(p)),
        );
    }
    const places = h.bodySize.places
      ? { [BODY_SIZE_REQUIREMENT]: reportPlaces(h.bodySize.places, judged, unjudged) }
      : undefined;
    const withPlaces = <T extends object>(product: T) => (places ? { ...product, places } : product);
    const metrics = {
      probes: probes.length,
      refused,
      ...(needCredentials.length > 0 ? { needCredentials: needCredentials.length } : {}),
    };
    const unjudgedNote =
      needCredentials.length > 0
        ? ` ${needCredentials.length} operation(s) were not judged, refused for want of credentials (${NEEDS_CREDENTIALS}): ${needCredentials.join(', ')}.`
        : '';
    if (findings.length > 0)
      return withPlaces(
        ctx.fail(
          findings,
          `${findings.length} of ${probes.length} oversized bodies were not refused with 413.`,
          metrics,
        ),
      );
    if (unanswered.length > 0)
      return withPlaces(
        ctx.needsReview(
          `${refused} oversized bodies were refused with 413; ${unanswered.length} could not be judged (${unanswered.join('; ')}): a refusal cannot be told from a failure.${unjudgedNote}`,
        ),
      );
    if (probes.length === 0 && missedPlaces(unjudged).length > 0)
      return withPlaces(ctx.needsReview(`No oversized body was sent: ${whyNot(missedPlaces(unjudged))}.`));
    if (probes.length === 0) return withPlaces(ctx.notApplicable('No operation of the document takes a body.'));
    if (refused === 0) return withPlaces(ctx.needsReview(`No oversized body could be judged.${unjudgedNote}`));
    return withPlaces(
      ctx.pass(
        `All ${refused} ${bytes}-byte bodies were refused with 413.${unjudgedNote}`,
        probes.flatMap((p) => evidenceOf(p)),
        metrics,
      ),
    );
  },
});
