import { defineCheck } from '../../engine/check.ts';
import type { HttpExchange } from '../../engine/context.ts';
import { hostPort } from '../../engine/target.ts';
import type { Finding } from '../../engine/types.ts';
import { parseHsts } from '../../security/tls/hsts.ts';

export interface HstsHeaderOptions {
  /** Minimum max-age in seconds (one year). */
  minMaxAge: number;
  /** Fail when includeSubDomains is absent (otherwise only noted). */
  requireIncludeSubDomains: boolean;
}

/** Evidence ids cited per finding, at most. */
const MAX_EVIDENCE = 3;

type Problem = 'hsts-missing' | 'hsts-invalid' | 'hsts-max-age-too-short' | 'hsts-no-include-subdomains';

export default defineCheck<'HttpLog', HstsHeaderOptions>({
  id: 'hsts-header',
  title: 'HTTPS responses carry Strict-Transport-Security for at least a year',
  failureTitle: 'HTTPS responses lack a sufficient Strict-Transport-Security header',
  description:
    'Without HSTS a client that once typed or followed an http:// link can be downgraded and intercepted ' +
    '(SSL stripping). Every HTTPS response recorded in the run must carry a valid Strict-Transport-Security ' +
    'header (RFC 6797) with max-age of at least one year. The header on plain-HTTP responses is ignored by ' +
    'browsers and is not judged.',
  area: 'security',
  requirements: ['PSW-SEC-TLS-007'],
  requires: ['HttpLog'],
  cwe: [319, 523],
  owasp: ['API8:2023'],
  messages: {
    'hsts-missing': '{{count}} of {{total}} HTTPS response(s) from {{host}} carry no Strict-Transport-Security header.',
    'hsts-invalid': 'Strict-Transport-Security from {{host}} is invalid ({{problems}}): "{{value}}".',
    'hsts-max-age-too-short':
      'Strict-Transport-Security from {{host}} has max-age={{maxAge}}; at least {{minimum}} required.',
    'hsts-no-include-subdomains': 'Strict-Transport-Security from {{host}} lacks includeSubDomains.',
  },
  defaultOptions: { minMaxAge: 31_536_000, requireIncludeSubDomains: false },
  run({ HttpLog: log }, ctx) {
    const https = log.exchanges.filter((e) => e.url.startsWith('https:'));
    if (https.length === 0) return ctx.notApplicable('No HTTPS response was recorded.');

    // One finding per host, problem and header value, however many responses share it.
    const groups = new Map<
      string,
      { problem: Problem; host: string; value: string | null; exchanges: HttpExchange[] }
    >();
    const add = (problem: Problem, host: string, value: string | null, e: HttpExchange) => {
      const key = `${host}\u0000${problem}\u0000${value ?? ''}`;
      const g = groups.get(key) ?? { problem, host, value, exchanges: [] };
      g.exchanges.push(e);
      groups.set(key, g);
    };
    const totals = new Map<string, number>();
    let withoutSubdomains = 0;

    for (const e of https) {
      const host = hostPort(e.url);
      totals.set(host, (totals.get(host) ?? 0) + 1);
      const raw = e.headers['strict-transport-security'];
      if (raw === undefined || raw.trim() === '') {
        add('hsts-missing', host, null, e);
        continue;
      }
      // Repeated headers arrive joined with ", "; a user agent honours only the first (RFC 6797 §8.1).
      const value = raw.split(',')[0]!.trim();
      const policy = parseHsts(value);
      if (!policy.valid) add('hsts-invalid', host, value, e);
      else if ((policy.maxAge ?? 0) < ctx.options.minMaxAge) add('hsts-max-age-too-short', host, value, e);
      else if (!policy.includeSubDomains) {
        withoutSubdomains++;
        if (ctx.options.requireIncludeSubDomains) add('hsts-no-include-subdomains', host, value, e);
      }
    }

    const findings: Finding[] = [...groups.values()].map((g) => {
      const first = g.exchanges[0]!;
      const evidence = g.exchanges.flatMap((e) => (e.evidenceId ? [e.evidenceId] : [])).slice(0, MAX_EVIDENCE);
      const location = { host: g.host, url: first.url, method: first.method, header: 'strict-transport-security' };
      const policy = g.value === null ? null : parseHsts(g.value);
      const data: Record<string, string | number | null> = {
        host: g.host,
        count: g.exchanges.length,
        total: totals.get(g.host) ?? 0,
      };
      if (g.value !== null) data.value = g.value;
      if (policy) {
        data.maxAge = policy.maxAge;
        data.minimum = ctx.options.minMaxAge;
        data.problems = policy.problems.join(', ');
      }
      return ctx.finding(g.problem, data, location, evidence);
    });

    if (findings.length > 0)
      return ctx.fail(findings, `${findings.length} HSTS problem(s) over ${https.length} HTTPS response(s).`);
    const note = withoutSubdomains > 0 ? `; ${withoutSubdomains} without includeSubDomains` : '; includeSubDomains set';
    return ctx.pass(
      `All ${https.length} HTTPS response(s) carry HSTS max-age ≥ ${ctx.options.minMaxAge}${note}.`,
      undefined,
      {
        httpsResponses: https.length,
        withoutIncludeSubDomains: withoutSubdomains,
      },
    );
  },
});
