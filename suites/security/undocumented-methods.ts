// undocumented-methods: a method the document does not define on a documented path answers 405
// with Allow and does not act (OWASP API8:2023 unnecessary features; API5:2023 method swapping).
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { evidenceOf } from './api-judging.ts';
import { METHOD_REQUIREMENT } from './collectors/hardening-probes.ts';
import { missedPlaces, reportPlaces, whyNot, type Unprobed } from './collectors/plan-places.ts';
import { NEEDS_CREDENTIALS } from './collectors/requests.ts';

export default defineCheck({
  id: 'undocumented-methods',
  title: 'Methods the profile does not define answer 405 and do nothing',
  failureTitle: 'Methods the profile does not define are served, mis-answered or act',
  description:
    "An undocumented method that works (a DELETE nobody reviewed, a PATCH that skips If-Match) is an untested way around the profile's rules (OWASP API8:2023, API5:2023). Every path of the document gets every method among GET, PUT, POST, PATCH and DELETE that no operation serves there (on a port call of our own, with a formality submitted, and on the identity endpoints); the profile requires 405 with an Allow header, and the port call and its formalities, read before and after, must be unchanged. TRACE and CONNECT are never sent. For any other OpenAPI document (`run --openapi`) the path is instantiated from the document's examples and schemas (a path parameter it gives no value for leaves the place not probed), nothing is read back, and on a path that needs credentials the run does not have, a 401 or 403 shows nothing of how the method is routed: that place is reported not probed (needs credentials).",
  remediation:
    'Answer 405 Method Not Allowed with an Allow header for every method the document does not define on a path, and remove or disable routes nobody documented.',
  area: 'security',
  requirements: [METHOD_REQUIREMENT],
  requires: ['HardeningProbes'],
  owasp: ['API8:2023'],
  cwe: [650, 693],
  messages: {
    methodServed: '{{method}} {{pathTemplate}} is not in the profile but was served with {{status}}.',
    not405: '{{method}} {{pathTemplate}} is not in the profile but answered {{status}} instead of 405.',
    allowMissing: '{{method}} {{pathTemplate}} answered 405 without an Allow header.',
    noAnswer: '{{method}} {{pathTemplate}} got no HTTP answer: {{error}}.',
    methodActed: 'After the undocumented methods, {{url}} differs in: {{fields}}.',
  },
  defaultOptions: {},
  run({ HardeningProbes: h }, ctx) {
    const findings: Finding[] = [];
    const judged = new Set<string>();
    const unjudged: Unprobed[] = [...(h.methodPlaces?.notProbed ?? [])];
    const throttled: string[] = [];
    const needCredentials: string[] = [];
    for (const p of h.methods) {
      const data = { method: p.method, pathTemplate: p.pathTemplate, url: p.url };
      const where = { method: p.method, url: p.url };
      if (p.status === 429) {
        throttled.push(`${p.method} ${p.pathTemplate}`);
        for (const id of p.placeIds ?? [])
          unjudged.push({ id, why: 'precondition-failed', detail: 'answered 429 (throttled)' });
        continue;
      }
      if (p.anonymous && (p.status === 401 || p.status === 403)) {
        needCredentials.push(`${p.method} ${p.pathTemplate}`);
        for (const id of p.placeIds ?? [])
          unjudged.push({
            id,
            why: 'precondition-failed',
            detail: `${NEEDS_CREDENTIALS}; sent without them, the request was refused with ${p.status}`,
          });
        continue;
      }
      for (const id of p.placeIds ?? []) judged.add(id);
      if (p.status === undefined)
        findings.push(ctx.finding('noAnswer', { ...data, error: p.error ?? 'no response' }, where, evidenceOf(p)));
      else if (p.status < 400)
        findings.push(ctx.finding('methodServed', { ...data, status: p.status }, where, evidenceOf(p)));
      else if (p.status !== 405)
        findings.push(ctx.finding('not405', { ...data, status: p.status }, where, evidenceOf(p)));
      else if (!p.headers.allow)
        findings.push(ctx.finding('allowMissing', data, { ...where, header: 'allow' }, evidenceOf(p)));
    }
    for (const e of h.methodPlaces?.effects ?? []) {
      const gone = e.beforeStatus === 200 && e.afterStatus !== 200;
      if (gone || e.changed.length > 0)
        findings.push(
          ctx.finding(
            'methodActed',
            { url: e.url, fields: gone ? `(now ${e.afterStatus ?? 'no answer'})` : e.changed.join(', ') || '(whole)' },
            { method: 'GET', url: e.url },
            evidenceOf({ evidenceId: e.afterEvidenceId }),
          ),
        );
    }
    const places = h.methodPlaces
      ? { [METHOD_REQUIREMENT]: reportPlaces(h.methodPlaces.places, judged, unjudged) }
      : undefined;
    const withPlaces = <T extends object>(product: T) => (places ? { ...product, places } : product);
    const metrics = {
      probes: h.methods.length,
      ...(needCredentials.length > 0 ? { needCredentials: needCredentials.length } : {}),
    };
    const unjudgedNote =
      needCredentials.length > 0
        ? ` ${needCredentials.length} probe(s) were not judged, refused for want of credentials (${NEEDS_CREDENTIALS}): ${needCredentials.join(', ')}.`
        : '';
    if (findings.length > 0)
      return withPlaces(
        ctx.fail(
          findings,
          `${findings.length} problem(s) over ${h.methods.length} undocumented method probe(s).`,
          metrics,
        ),
      );
    if (h.methods.length === 0 && missedPlaces(unjudged).length > 0)
      return withPlaces(ctx.needsReview(`No undocumented method was sent: ${whyNot(missedPlaces(unjudged))}.`));
    if (h.methods.length === 0)
      return withPlaces(ctx.notApplicable('Every path of the document defines every probed method.'));
    if (throttled.length === 0 && needCredentials.length === h.methods.length)
      return withPlaces(ctx.needsReview(`No undocumented method probe could be judged.${unjudgedNote}`));
    if (throttled.length > 0)
      return withPlaces(
        ctx.needsReview(
          `${throttled.length} probe(s) answered 429 and could not be judged: ${throttled.join(', ')}.${unjudgedNote}`,
        ),
      );
    return withPlaces(
      ctx.pass(
        `All ${h.methods.length - needCredentials.length} undocumented method probe(s) answered 405 with Allow${h.mode === 'openapi' ? ' (nothing was read back: the run has no resource of its own to compare)' : ' and changed nothing'}.${unjudgedNote}`,
        h.methods.flatMap((p) => evidenceOf(p)),
        metrics,
      ),
    );
  },
});
