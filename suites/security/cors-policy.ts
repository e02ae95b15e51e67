// cors-policy: a foreign origin is never granted credentialed access (OWASP API8:2023).
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { evidenceOf } from './api-judging.ts';

export default defineCheck({
  id: 'cors-policy',
  title: 'CORS never grants an arbitrary origin credentialed access',
  failureTitle: 'CORS grants an arbitrary origin credentialed access',
  description:
    'When a server echoes any Origin in Access-Control-Allow-Origin together with Access-Control-Allow-Credentials: true, any web page a logged-in user visits can read the API\'s answers with the user\'s credentials (OWASP API8:2023; Mozilla Observatory "universal access"). A preflight and a simple request are sent from `https://evil.example`; the check fails when that origin is reflected, or `*` is given, with credentials allowed.',
  area: 'security',
  requirements: ['PSW-SEC-HDR-003'],
  requires: ['HardeningProbes'],
  owasp: ['API8:2023'],
  cwe: [942],
  messages: {
    reflectsWithCredentials:
      'The {{kind}} request from {{origin}} ({{method}} {{url}}) was answered with Access-Control-Allow-Origin: {{allowOrigin}} and Access-Control-Allow-Credentials: true.',
    wildcardWithCredentials:
      'The {{kind}} request from {{origin}} ({{method}} {{url}}) was answered with Access-Control-Allow-Origin: * and Access-Control-Allow-Credentials: true.',
  },
  defaultOptions: {},
  run({ HardeningProbes: h }, ctx) {
    const origin = h.cors.origin;
    const answered = h.cors.probes.filter((p) => p.status !== undefined);
    if (answered.length === 0) return ctx.needsReview('Neither CORS request got an HTTP answer.');
    const findings: Finding[] = [];
    for (const p of answered) {
      const allowOrigin = (p.headers['access-control-allow-origin'] ?? '').trim();
      const credentials = (p.headers['access-control-allow-credentials'] ?? '').trim().toLowerCase() === 'true';
      if (!credentials) continue;
      const data = { kind: p.kind, origin, method: p.method, url: p.url, allowOrigin };
      const where = { method: p.method, url: p.url, header: 'access-control-allow-origin' };
      if (allowOrigin.toLowerCase() === origin.toLowerCase())
        findings.push(ctx.finding('reflectsWithCredentials', data, where, evidenceOf(p)));
      else if (allowOrigin === '*') findings.push(ctx.finding('wildcardWithCredentials', data, where, evidenceOf(p)));
    }
    if (findings.length > 0) return ctx.fail(findings, `${origin} is granted credentialed cross-origin access.`);
    return ctx.pass(
      `Neither the preflight nor the request from ${origin} was granted credentialed access.`,
      answered.flatMap((p) => evidenceOf(p)),
    );
  },
});
