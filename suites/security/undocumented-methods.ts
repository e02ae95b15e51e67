// undocumented-methods: a method the document does not define on a documented path answers 405
// with Allow (OWASP API8:2023 unnecessary features; API5:2023 method swapping).
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { evidenceOf } from './api-judging.ts';

export default defineCheck({
  id: 'undocumented-methods',
  title: 'Methods the profile does not define answer 405',
  failureTitle: 'Methods the profile does not define are served or mis-answered',
  description:
    "An undocumented method that works (a DELETE nobody reviewed, a PATCH that skips If-Match) is an untested way around the profile's rules (OWASP API8:2023, API5:2023). On a port call of its own, PUT, PATCH and DELETE are sent to every documented URL that does not define them; the profile requires 405 with an Allow header. TRACE and CONNECT are never sent.",
  area: 'security',
  requirements: ['PSW-SEC-HDR-004'],
  requires: ['HardeningProbes'],
  owasp: ['API8:2023'],
  cwe: [650, 693],
  messages: {
    methodServed: '{{method}} {{pathTemplate}} is not in the profile but was served with {{status}}.',
    not405: '{{method}} {{pathTemplate}} is not in the profile but answered {{status}} instead of 405.',
    allowMissing: '{{method}} {{pathTemplate}} answered 405 without an Allow header.',
    noAnswer: '{{method}} {{pathTemplate}} got no HTTP answer: {{error}}.',
  },
  defaultOptions: {},
  run({ HardeningProbes: h }, ctx) {
    if (h.methods.length === 0)
      return ctx.notApplicable('Every documented URL of a port call defines PUT, PATCH and DELETE.');
    const findings: Finding[] = [];
    const throttled: string[] = [];
    for (const p of h.methods) {
      const data = { method: p.method, pathTemplate: p.pathTemplate, url: p.url };
      const where = { method: p.method, url: p.url };
      if (p.status === undefined)
        findings.push(ctx.finding('noAnswer', { ...data, error: p.error ?? 'no response' }, where, evidenceOf(p)));
      else if (p.status === 429) throttled.push(`${p.method} ${p.pathTemplate}`);
      else if (p.status < 400)
        findings.push(ctx.finding('methodServed', { ...data, status: p.status }, where, evidenceOf(p)));
      else if (p.status !== 405)
        findings.push(ctx.finding('not405', { ...data, status: p.status }, where, evidenceOf(p)));
      else if (!p.headers.allow)
        findings.push(ctx.finding('allowMissing', data, { ...where, header: 'allow' }, evidenceOf(p)));
    }
    const metrics = { probes: h.methods.length };
    if (findings.length > 0)
      return ctx.fail(
        findings,
        `${findings.length} of ${h.methods.length} undocumented method probe(s) were not answered 405 with Allow.`,
        metrics,
      );
    if (throttled.length > 0)
      return ctx.needsReview(
        `${throttled.length} probe(s) answered 429 and could not be judged: ${throttled.join(', ')}.`,
      );
    return ctx.pass(
      `All ${h.methods.length} undocumented method probe(s) answered 405 with Allow.`,
      h.methods.flatMap((p) => evidenceOf(p)),
      metrics,
    );
  },
});
