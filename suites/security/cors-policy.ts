// cors-policy: no origin is granted credentialed access, and `*` is never allowed, on any authenticated
// operation, in preflights or in the requests themselves (OWASP API8:2023).
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { evidenceOf } from './api-judging.ts';
import { CORS_REQUIREMENT } from './collectors/hardening-probes.ts';
import { missedPlaces, reportPlaces, whyNot, type Unprobed } from './collectors/plan-places.ts';
import { NEEDS_CREDENTIALS } from './collectors/requests.ts';

export default defineCheck({
  id: 'cors-policy',
  title: 'CORS never grants an arbitrary origin credentialed access, nor * on authenticated operations',
  failureTitle: 'CORS grants an arbitrary origin credentialed access, or * on authenticated operations',
  description:
    "When a server echoes any Origin in Access-Control-Allow-Origin together with Access-Control-Allow-Credentials: true, any web page a logged-in user visits can read the API's answers with the user's credentials (OWASP API8:2023; Mozilla Observatory \"universal access\"); `Origin: null` is what sandboxed frames and local files send, so reflecting it is the same hole. PSW-SEC-HDR-003 also forbids `*` on authenticated resources, with or without credentials. For every authenticated operation of the document, a preflight (OPTIONS with the method and headers the operation needs) and the request itself (with the client's token; writes with an empty body, refused without acting) are sent from `https://evil.example` and from `null`; each answer is judged. In a run without credentials for a document that requires them, a request refused with 401 or 403 shows nothing of what a signed-in client's answer allows: it is reported not probed (needs credentials) unless its answer already grants the origin access.",
  remediation:
    'Answer CORS requests only for an explicit allow-list of origins, never echo an arbitrary Origin together with Access-Control-Allow-Credentials: true, and do not use * on authenticated operations.',
  area: 'security',
  requirements: [CORS_REQUIREMENT],
  requires: ['HardeningProbes'],
  owasp: ['API8:2023'],
  cwe: [942],
  messages: {
    reflectsWithCredentials:
      'The {{kind}} from Origin {{origin}} ({{method}} {{url}}) was answered with Access-Control-Allow-Origin: {{allowOrigin}} and Access-Control-Allow-Credentials: true.',
    wildcardWithCredentials:
      'The {{kind}} from Origin {{origin}} ({{method}} {{url}}) was answered with Access-Control-Allow-Origin: * and Access-Control-Allow-Credentials: true.',
    wildcardOnAuthenticated:
      'The {{kind}} from Origin {{origin}} to an authenticated operation ({{method}} {{url}}) was answered with Access-Control-Allow-Origin: *.',
  },
  defaultOptions: {},
  run({ HardeningProbes: h }, ctx) {
    const findings: Finding[] = [];
    const judged = new Set<string>();
    const unjudged: Unprobed[] = [...(h.cors.notProbed ?? [])];
    const answered = h.cors.probes.filter((p) => p.status !== undefined);
    const needCredentials: string[] = [];
    for (const p of h.cors.probes) {
      if (p.status === undefined || p.status === 429) {
        for (const id of p.placeIds ?? [])
          unjudged.push({
            id,
            why: 'precondition-failed',
            detail: p.status === 429 ? 'answered 429 (throttled)' : `no HTTP answer: ${p.error ?? 'none'}`,
          });
        continue;
      }
      const origin = p.origin ?? h.cors.origin;
      const allowOrigin = (p.headers['access-control-allow-origin'] ?? '').trim();
      const credentials = (p.headers['access-control-allow-credentials'] ?? '').trim().toLowerCase() === 'true';
      const grants = allowOrigin === '*' || (credentials && allowOrigin.toLowerCase() === origin.toLowerCase());
      // Refused for want of credentials the run does not have: the signed-in answer is unknown.
      if (p.anonymous && (p.status === 401 || p.status === 403) && !grants) {
        needCredentials.push(`${p.operationId ?? p.url} from ${origin}`);
        for (const id of p.placeIds ?? [])
          unjudged.push({
            id,
            why: 'precondition-failed',
            detail: `${NEEDS_CREDENTIALS}; sent without them, the request was refused with ${p.status}`,
          });
        continue;
      }
      for (const id of p.placeIds ?? []) judged.add(id);
      const data = { kind: p.kind, origin, method: p.method, url: p.url, allowOrigin };
      const where = {
        ...(p.operationId ? { operationId: p.operationId } : {}),
        method: p.method,
        url: p.url,
        header: 'access-control-allow-origin',
      };
      if (allowOrigin === '*')
        findings.push(
          ctx.finding(credentials ? 'wildcardWithCredentials' : 'wildcardOnAuthenticated', data, where, evidenceOf(p)),
        );
      else if (credentials && allowOrigin.toLowerCase() === origin.toLowerCase())
        findings.push(ctx.finding('reflectsWithCredentials', data, where, evidenceOf(p)));
    }
    const places = h.cors.places ? { [CORS_REQUIREMENT]: reportPlaces(h.cors.places, judged, unjudged) } : undefined;
    const metrics = {
      probes: h.cors.probes.length,
      answered: answered.length,
      ...(needCredentials.length > 0 ? { needCredentials: needCredentials.length } : {}),
    };
    const judgedAnswers = answered.length - needCredentials.length;
    const unjudgedNote =
      needCredentials.length > 0
        ? ` ${needCredentials.length} request(s) to operations that need credentials were not judged (${NEEDS_CREDENTIALS}).`
        : '';
    const withPlaces = <T extends object>(product: T) => (places ? { ...product, places } : product);
    if (findings.length > 0)
      return withPlaces(
        ctx.fail(
          findings,
          `${findings.length} of ${answered.length} CORS answer(s) grant a foreign origin access the profile forbids.`,
          metrics,
        ),
      );
    if (h.cors.places?.length === 0 && h.cors.probes.length === 0)
      return withPlaces(
        ctx.notApplicable(
          'The document declares no authenticated operation: PSW-SEC-HDR-003 applies to the CORS answers of authenticated operations.',
        ),
      );
    if (h.cors.probes.length === 0 && missedPlaces(unjudged).length > 0)
      return withPlaces(ctx.needsReview(`No CORS request was sent: ${whyNot(missedPlaces(unjudged))}.`));
    if (answered.length === 0) return withPlaces(ctx.needsReview('No CORS request got an HTTP answer.'));
    if (judgedAnswers === 0) return withPlaces(ctx.needsReview(`No CORS answer could be judged.${unjudgedNote}`));
    return withPlaces(
      ctx.pass(
        `None of the ${judgedAnswers} CORS preflight(s) and request(s) from a foreign or null origin was granted credentialed or wildcard access.${unjudgedNote}`,
        answered.flatMap((p) => evidenceOf(p)),
        metrics,
      ),
    );
  },
});
