// body-size-limit: a request body over the profile's 1 MiB limit is refused with 413 (OWASP API4:2023).
import { defineCheck } from '../../engine/check.ts';
import { evidenceOf } from './api-judging.ts';

export default defineCheck({
  id: 'body-size-limit',
  title: 'Request bodies over the size limit are refused with 413',
  failureTitle: 'Request bodies over the size limit are not refused with 413',
  description:
    "A server that reads and parses bodies of any size can be exhausted by a handful of requests (OWASP API4:2023 Unrestricted Resource Consumption). A JSON body of 2 MiB, twice the profile's 1 MiB limit, is posted to createPortCall; the answer must be 413.",
  area: 'security',
  requirements: ['PSW-SEC-RES-001'],
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
    const { probe: p, bytes } = h.bodySize;
    const data = { bytes, method: p.method, url: p.url };
    const where = { ...(p.operationId ? { operationId: p.operationId } : {}), method: p.method, url: p.url };
    if (p.status === 413) return ctx.pass(`A ${bytes}-byte body was refused with 413.`, evidenceOf(p));
    // A dropped connection may be a refusal without an answer, or a crash: it cannot be told apart.
    if (p.status === undefined)
      return ctx.needsReview(
        `The ${bytes}-byte body got no HTTP answer (${p.error ?? 'no response'}); a refusal cannot be told from a failure.`,
      );
    if (p.status === 429) return ctx.needsReview('The oversized body was answered 429 and could not be judged.');
    const id = p.status < 400 ? 'accepted' : 'not413';
    return ctx.fail(
      [ctx.finding(id, { ...data, status: p.status }, where, evidenceOf(p))],
      `A ${bytes}-byte body answered ${p.status}.`,
    );
  },
});
