// hsts-header: every HTTPS response of every origin (API, token endpoint, portal) carries
// Strict-Transport-Security with max-age of at least a year. Judged on the HSTS probes' own answers (one
// per origin, so the check stands alone) and on every HTTPS answer the run recorded.
import { defineCheck, type CheckContext } from '../../engine/check.ts';
import type { HttpExchange } from '../../engine/context.ts';
import { hostPort } from '../../engine/target.ts';
import type { Finding } from '../../engine/types.ts';
import type { TestsslReport } from '../../security/testssl/findings.ts';
import { parseHsts } from '../../security/tls/hsts.ts';
import { scanHostPort } from '../../security/tls/judge.ts';
import type { TlsEndpoints, TlsOriginName } from '../../security/tls/types.ts';
import { placesReport } from '../places.ts';
import type { HstsProbes } from './collectors/hsts-probes.ts';
import {
  decide,
  ENGINES_DISAGREE,
  mergeEngines,
  testsslOf,
  type EngineName,
  type ItemJudgement,
  type MergedItems,
} from './tls-engines.ts';

export interface HstsHeaderOptions {
  /** Minimum max-age in seconds (one year). */
  minMaxAge: number;
  /** Fail when includeSubDomains is absent (otherwise only noted). */
  requireIncludeSubDomains: boolean;
}

/** Evidence ids cited per finding, at most. */
const MAX_EVIDENCE = 3;

type Problem = 'hsts-missing' | 'hsts-invalid' | 'hsts-max-age-too-short' | 'hsts-no-include-subdomains';

/** Which origin an HTTPS answer belongs to; `other` for the member's other paths (JWKS, discovery...). */
type Origin = TlsOriginName | 'other';

interface Answer {
  method: string;
  url: string;
  headers: Record<string, string>;
  evidenceId?: string;
  origin: Origin;
}

function under(url: URL, base: string | undefined): boolean {
  if (!base) return false;
  const b = new URL(base);
  const path = b.pathname.replace(/\/+$/, '');
  return url.origin === b.origin && (url.pathname === path || url.pathname.startsWith(`${path}/`));
}

/** Classifies a recorded exchange by the member's configured origin URLs. */
export function originOfUrl(urlText: string, origins: HstsProbes['origins']): Origin {
  const url = new URL(urlText);
  const token = origins['token-endpoint'] ? new URL(origins['token-endpoint']) : undefined;
  if (token && url.origin === token.origin && url.pathname === token.pathname) return 'token-endpoint';
  if (under(url, origins.portal)) return 'portal';
  if (under(url, origins.api)) return 'api';
  return 'other';
}

export default defineCheck<'HstsProbes' | 'HttpLog' | 'ProbePlan' | 'TlsEndpoints', HstsHeaderOptions>({
  id: 'hsts-header',
  title: 'HTTPS responses of every origin carry Strict-Transport-Security for at least a year',
  failureTitle: 'HTTPS responses of some origin lack a sufficient Strict-Transport-Security header',
  description:
    'Without HSTS a client that once typed or followed an http:// link can be downgraded and intercepted ' +
    '(SSL stripping). Every HTTPS response must carry a valid Strict-Transport-Security header (RFC 6797) with ' +
    'max-age of at least one year: one request of its own to each origin the member serves (the API, the token ' +
    'endpoint, the portal) and every HTTPS response recorded in the run are judged, per origin. The header on ' +
    'plain-HTTP responses is ignored by browsers and is not judged. With --tls-engine testssl, the header ' +
    'testssl.sh saw on "/" of each endpoint is judged by the same rule, and both verdicts are reported per host.',
  remediation:
    'Send Strict-Transport-Security: max-age=31536000 (at least one year; includeSubDomains where possible) on every HTTPS response of every origin, errors included.',
  area: 'security',
  requirements: ['PSW-SEC-TLS-007'],
  // TlsEndpoints carries testssl.sh's HSTS verdict with --tls-engine testssl (with Node alone, nothing for this check).
  requires: ['HstsProbes', 'HttpLog', 'ProbePlan', 'TlsEndpoints'],
  cwe: [319, 523],
  owasp: ['API8:2023'],
  messages: {
    'hsts-missing':
      '{{count}} of {{total}} HTTPS response(s) of {{origin}} ({{host}}) carry no Strict-Transport-Security header.',
    'hsts-invalid': 'Strict-Transport-Security of {{origin}} ({{host}}) is invalid ({{problems}}): "{{value}}".',
    'hsts-max-age-too-short':
      'Strict-Transport-Security of {{origin}} ({{host}}) has max-age={{maxAge}}; at least {{minimum}} required.',
    'hsts-no-include-subdomains': 'Strict-Transport-Security of {{origin}} ({{host}}) lacks includeSubDomains.',
    'engines-disagree': ENGINES_DISAGREE,
  },
  defaultOptions: { minMaxAge: 31_536_000, requireIncludeSubDomains: false },
  run({ HstsProbes: own, HttpLog: log, ProbePlan, TlsEndpoints }, ctx) {
    const seen = new Set<string>();
    const answers: Answer[] = [];
    const add = (a: Answer) => {
      if (!a.url.startsWith('https:')) return;
      if (a.evidenceId) {
        if (seen.has(a.evidenceId)) return;
        seen.add(a.evidenceId);
      }
      answers.push(a);
    };
    for (const p of own.probes) if (p.status !== undefined) add({ ...p });
    for (const e of log.exchanges as readonly HttpExchange[])
      add({
        method: e.method,
        url: e.url,
        headers: e.headers,
        origin: originOfUrl(e.url, own.origins),
        ...(e.evidenceId ? { evidenceId: e.evidenceId } : {}),
      });

    const judgedOrigins = new Set(answers.map((a) => a.origin));
    const places = {
      'PSW-SEC-TLS-007': placesReport(
        ProbePlan,
        'PSW-SEC-TLS-007',
        (p) => judgedOrigins.has(p.variant as Origin),
        (p) => {
          const o = p.variant as TlsOriginName;
          if (!own.origins[o]) return { why: 'not-exposed', detail: `the member configures no ${o} URL` };
          if (own.origins[o]!.startsWith('http:'))
            return { why: 'not-applicable', detail: `${own.origins[o]} is plain HTTP (see tls-protocol-versions)` };
          const failed = own.probes.find((x) => x.origin === o && x.error);
          return failed
            ? { why: 'precondition-failed', detail: `no HTTP answer from ${failed.url}: ${failed.error}` }
            : { why: 'not-reached' };
        },
      ),
    };
    if (answers.length === 0) return { ...ctx.notApplicable('No HTTPS response was recorded.'), places };

    // One finding per origin, host, problem and header value, however many responses share it.
    const groups = new Map<
      string,
      { problem: Problem; origin: Origin; host: string; value: string | null; items: Answer[] }
    >();
    const group = (problem: Problem, a: Answer, host: string, value: string | null) => {
      const key = `${a.origin}\u0000${host}\u0000${problem}\u0000${value ?? ''}`;
      const g = groups.get(key) ?? { problem, origin: a.origin, host, value, items: [] };
      g.items.push(a);
      groups.set(key, g);
    };
    const totals = new Map<string, number>();
    let withoutSubdomains = 0;

    for (const a of answers) {
      const host = hostPort(a.url);
      const totalKey = `${a.origin}\u0000${host}`;
      totals.set(totalKey, (totals.get(totalKey) ?? 0) + 1);
      const raw = a.headers['strict-transport-security'];
      if (raw === undefined || raw.trim() === '') {
        group('hsts-missing', a, host, null);
        continue;
      }
      // Repeated headers arrive joined with ", "; a user agent honours only the first (RFC 6797 §8.1).
      const value = raw.split(',')[0]!.trim();
      const policy = parseHsts(value);
      if (!policy.valid) group('hsts-invalid', a, host, value);
      else if ((policy.maxAge ?? 0) < ctx.options.minMaxAge) group('hsts-max-age-too-short', a, host, value);
      else if (!policy.includeSubDomains) {
        withoutSubdomains++;
        if (ctx.options.requireIncludeSubDomains) group('hsts-no-include-subdomains', a, host, value);
      }
    }

    const findings: Finding[] = [...groups.values()].map((g) => {
      const first = g.items[0]!;
      const evidence = g.items.flatMap((e) => (e.evidenceId ? [e.evidenceId] : [])).slice(0, MAX_EVIDENCE);
      const location = { host: g.host, url: first.url, method: first.method, header: 'strict-transport-security' };
      const policy = g.value === null ? null : parseHsts(g.value);
      const data: Record<string, string | number | null> = {
        origin: g.origin,
        host: g.host,
        count: g.items.length,
        total: totals.get(`${g.origin}\u0000${g.host}`) ?? 0,
      };
      if (g.value !== null) data.value = g.value;
      if (policy) {
        data.maxAge = policy.maxAge;
        data.minimum = ctx.options.minMaxAge;
        data.problems = policy.problems.join(', ');
      }
      return ctx.finding(g.problem, data, location, evidence);
    });

    const metrics = {
      httpsResponses: answers.length,
      origins: judgedOrigins.size,
      withoutIncludeSubDomains: withoutSubdomains,
    };
    const ownEvidence = own.probes.flatMap((p) => (p.evidenceId ? [p.evidenceId] : []));
    const merged = mergeWithTestssl(ctx, TlsEndpoints, own.origins, answers, findings);
    const note = withoutSubdomains > 0 ? `; ${withoutSubdomains} without includeSubDomains` : '; includeSubDomains set';
    const judged = [...judgedOrigins].sort().join(', ');
    return {
      ...decide(ctx, merged, {
        fail: `${merged.failures.length} HSTS problem(s) over ${answers.length} HTTPS response(s).`,
        review: "The harness's own requests and testssl.sh disagree about HSTS.",
        pass: `All ${answers.length} HTTPS response(s) (${judged}) carry HSTS max-age ≥ ${ctx.options.minMaxAge}${note}.`,
        evidence: ownEvidence,
        metrics,
      }),
      places,
    };
  },
});

/**
 * The harness's verdict per host (every HTTPS answer there carries a sufficient header) and, with
 * --tls-engine testssl, testssl.sh's verdict on the same host (its request to "/", HSTS_time and
 * HSTS_subdomains) by the same rule: one item per host, both verdicts reported.
 */
function mergeWithTestssl(
  ctx: CheckContext<HstsHeaderOptions>,
  tls: TlsEndpoints | undefined,
  origins: HstsProbes['origins'],
  answers: readonly Answer[],
  findings: readonly Finding[],
): MergedItems {
  const hosts = [...new Set(answers.map((a) => hostPort(a.url)))];
  const byHost = new Map<string, Partial<Record<EngineName, ItemJudgement[]>>>();
  const add = (host: string, engine: EngineName, j: ItemJudgement) => {
    const slot = byHost.get(host) ?? {};
    (slot[engine] ??= []).push(j);
    byHost.set(host, slot);
  };
  for (const host of hosts) {
    const mine = findings.filter((f) => f.data?.host === host);
    add(host, 'node', { item: ITEM, verdict: mine.length ? 'fail' : 'pass', findings: mine });
  }
  for (const e of tls?.endpoints ?? []) {
    const report = e.scan && testsslOf(e.scan);
    if (!report?.checks.includes('headers')) continue;
    const host = scanHostPort(e.scan!);
    add(host, 'testssl', testsslItem(ctx, report.hsts, host, `https://${host}/`, origins));
  }
  const merged: MergedItems = { failures: [], unknown: [], disagreements: [], engines: [] };
  for (const [host, judged] of byHost) {
    const m = mergeEngines(
      ctx,
      { host, location: { host, header: 'strict-transport-security' }, evidence: [] },
      judged,
    );
    merged.failures.push(...m.failures);
    merged.unknown.push(...m.unknown);
    merged.disagreements.push(...m.disagreements);
    merged.engines.push(...m.engines);
  }
  return merged;
}

const ITEM = 'Strict-Transport-Security';

function testsslItem(
  ctx: CheckContext<HstsHeaderOptions>,
  hsts: TestsslReport['hsts'],
  host: string,
  url: string,
  origins: HstsProbes['origins'],
): ItemJudgement {
  if (!hsts || hsts.status === 'unknown') return { item: ITEM, verdict: 'unknown' };
  const origin = originOfUrl(url, origins);
  const location = { host, url, method: 'GET', header: 'strict-transport-security' };
  const base = { origin, host, count: 1, total: 1 };
  const fail = (id: Problem, data: Record<string, string | number | null> = {}): ItemJudgement => ({
    item: ITEM,
    verdict: 'fail',
    findings: [ctx.finding(id, { ...base, ...data }, location)],
  });
  const { minMaxAge, requireIncludeSubDomains } = ctx.options;
  if (hsts.id === 'HSTS') return fail('hsts-missing');
  if (hsts.maxAge === null) return fail('hsts-invalid', { value: hsts.finding, problems: 'max-age-missing' });
  if (hsts.maxAge < minMaxAge)
    return fail('hsts-max-age-too-short', { value: hsts.finding, maxAge: hsts.maxAge, minimum: minMaxAge });
  if (requireIncludeSubDomains && !hsts.includeSubDomains) return fail('hsts-no-include-subdomains');
  return { item: ITEM, verdict: 'pass' };
}
