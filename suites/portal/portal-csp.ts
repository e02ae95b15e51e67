// portal-csp: every portal page is under a CSP that restricts scripts, without 'unsafe-inline' (PSW-PORTAL-004).
import { defineCheck } from '../../engine/check.ts';
import { urlLabel } from '../../engine/fingerprint.ts';
import type { Finding } from '../../engine/types.ts';
import type { PageVisit } from './artifact.ts';
import { inlineVerdict, parsePolicy } from './csp.ts';
import type { Directives } from './csp.ts';
import { ids, notCollected, signedIn } from './judging.ts';
import { nonePlaces, notExposed, pageNotReached, portalPlaces } from './places.ts';

const REQUIREMENT = 'PSW-PORTAL-004';

export interface PortalCspOptions {
  /** Also fail on style-src 'unsafe-inline' (the requirement names scripts only). */
  forbidUnsafeInlineStyles: boolean;
}

type Problem =
  | 'csp-missing'
  | 'csp-unsafe-inline-script'
  | 'csp-no-script-restriction'
  | 'csp-script-wildcard'
  | 'csp-unsafe-inline-style';

/** Source expressions that admit scripts from anywhere (CSP3 §2.3.1 scheme and wildcard sources). */
const ANYWHERE = new Set(['*', 'http:', 'https:', 'data:', 'blob:']);

function scriptWildcard(d: Directives): { directive: string; source: string } | undefined {
  const { directive } = inlineVerdict(d, 'script');
  if (!directive) return undefined;
  const sources = (d.get(directive) ?? []).map((s) => s.toLowerCase());
  // With 'strict-dynamic', host and scheme sources are ignored (CSP3 §8.2).
  if (sources.includes("'strict-dynamic'")) return undefined;
  const source = sources.find((s) => ANYWHERE.has(s));
  return source ? { directive, source } : undefined;
}

/** A kind of inline script: <script> elements or event-handler attributes (onclick=...). */
type InlineKind = 'script elements' | 'event handlers';
const KINDS: readonly InlineKind[] = ['script elements', 'event handlers'];

interface PageProblem {
  problem: Problem;
  policy: string;
  directive: string | null;
  /** For an inline-script problem: the directive (or none) that lets each kind of inline script run. */
  kinds?: Partial<Record<InlineKind, string | null>>;
}

/**
 * One kind of inline script (CSP3 types "script" and "script attribute", each with its own fallback
 * chain) runs when every enforced policy lets it; the problem names the first policy that allows it by
 * 'unsafe-inline' (or the first, when none restricts it at all) and the directive it came from.
 */
function inlineScripts(
  parsed: { policy: string; d: Directives }[],
  kind: 'script' | 'script-attr',
): PageProblem | undefined {
  const verdicts = parsed.map((p) => ({ ...p, ...inlineVerdict(p.d, kind) }));
  if (verdicts.some((v) => v.verdict === 'blocked')) return undefined;
  const unsafe = verdicts.find((v) => v.verdict === 'unsafe-inline');
  const first = unsafe ?? verdicts[0]!;
  return {
    problem: unsafe ? 'csp-unsafe-inline-script' : 'csp-no-script-restriction',
    policy: first.policy,
    directive: first.directive,
  };
}

/** The problems of one page: every enforced policy applies, so scripts run inline only if all allow it. */
function problemsOf(page: PageVisit, forbidStyles: boolean): PageProblem[] {
  const policies = [...page.csp, ...page.cspMeta];
  if (policies.length === 0) return [{ problem: 'csp-missing', policy: '', directive: null }];
  const parsed = policies.map((p) => ({ policy: p, d: parsePolicy(p) }));
  const out: PageProblem[] = [];
  // <script> elements follow script-src-elem, event handlers script-src-attr, both then script-src and
  // default-src (CSP3 §6.8.3): one directive may allow both, or each its own.
  // One problem for both when they share the problem and policy (the directive may differ): two
  // findings at one page's URL would share one fingerprint.
  const elements = inlineScripts(parsed, 'script');
  const attributes = inlineScripts(parsed, 'script-attr');
  if (elements && attributes && elements.problem === attributes.problem && elements.policy === attributes.policy)
    out.push({
      ...elements,
      kinds: { 'script elements': elements.directive, 'event handlers': attributes.directive },
    });
  else {
    if (elements) out.push({ ...elements, kinds: { 'script elements': elements.directive } });
    if (attributes) out.push({ ...attributes, kinds: { 'event handlers': attributes.directive } });
  }
  if (!elements) {
    const wild = parsed.map((p) => ({ policy: p.policy, w: scriptWildcard(p.d) }));
    if (wild.every((x) => x.w))
      out.push({ problem: 'csp-script-wildcard', policy: wild[0]!.policy, directive: wild[0]!.w!.directive });
  }
  if (forbidStyles) {
    const styles = parsed.map((p) => ({ ...p, ...inlineVerdict(p.d, 'style') }));
    const unsafe = styles.find((s) => s.verdict === 'unsafe-inline');
    if (unsafe && styles.every((s) => s.verdict !== 'blocked'))
      out.push({ problem: 'csp-unsafe-inline-style', policy: unsafe.policy, directive: unsafe.directive });
  }
  return out;
}

interface Group {
  problem: Problem;
  policy: string;
  directive: string | null;
  /** The union over the group's pages: which kinds of inline script run, each by which directive. */
  kinds: Partial<Record<InlineKind, string | null>>;
  pages: PageVisit[];
  /** The page whose URL the finding points at. */
  at: PageVisit;
  /** Policies of groups folded into this one because they had no URL of their own to point at. */
  otherPolicies: string[];
}

/**
 * One finding per problem and policy, listing the pages that share it, the kinds of inline script and
 * their directives in its data. A fingerprint is the check, the problem and the URL the finding points
 * at (engine/fingerprint.ts), so two findings of one problem must point at different URLs: each group
 * points at its first page whose URL (as labelled for fingerprints) no earlier group of the problem took,
 * and a group with none left (different policies on the sign-in page and the refused sign-in, both
 * /login) is folded into the group that holds its first page's URL.
 */
function groupsOf(pages: readonly PageVisit[], forbidStyles: boolean): Group[] {
  const byPolicy = new Map<string, Omit<Group, 'at' | 'otherPolicies'>>();
  for (const page of pages) {
    for (const p of problemsOf(page, forbidStyles)) {
      const key = [p.problem, p.policy].join('\u0000');
      const g = byPolicy.get(key) ?? {
        problem: p.problem,
        policy: p.policy,
        directive: p.directive,
        kinds: {},
        pages: [],
      };
      Object.assign(g.kinds, p.kinds);
      g.pages.push(page);
      byPolicy.set(key, g);
    }
  }
  const label = (page: PageVisit) => urlLabel(page.url, { apiBaseUrl: '' });
  const taken = new Map<string, Group>(); // problem + URL label → the group pointing there
  const out: Group[] = [];
  for (const g of byPolicy.values()) {
    const at = g.pages.find((p) => !taken.has(`${g.problem}\u0000${label(p)}`));
    if (at) {
      const group: Group = { ...g, at, otherPolicies: [] };
      taken.set(`${g.problem}\u0000${label(at)}`, group);
      out.push(group);
      continue;
    }
    const into = taken.get(`${g.problem}\u0000${label(g.pages[0]!)}`)!;
    into.pages.push(...g.pages.filter((p) => !into.pages.includes(p)));
    into.otherPolicies.push(g.policy);
    for (const [k, d] of Object.entries(g.kinds) as [InlineKind, string | null][]) {
      if (!(k in into.kinds)) into.kinds[k] = d;
    }
  }
  return out;
}

export default defineCheck<'PortalSession' | 'ProbePlan', PortalCspOptions>({
  id: 'portal-csp',
  title: "Portal pages send a Content-Security-Policy that restricts scripts without 'unsafe-inline'",
  failureTitle: "Portal pages lack a Content-Security-Policy that restricts scripts without 'unsafe-inline'",
  description:
    'A Content-Security-Policy that forbids inline scripts turns most cross-site scripting (CWE-79) into a blocked ' +
    'request ([CSP Level 3](https://www.w3.org/TR/CSP3/)). Every kind of page the portal visit loads (sign-in, sign-in ' +
    'refused, list, port call with its FAL1 form, that form sent back with errors, the declaration received, ' +
    'signed out) is judged with all its enforced policies (headers and meta): inline scripts must be restricted, without ' +
    "'unsafe-inline' in force (a nonce or hash neutralises it), both <script> elements (script-src-elem, script-src, " +
    'default-src) and event-handler attributes such as onclick (script-src-attr, script-src, default-src), and scripts ' +
    'may not come from anywhere (`*`, `https:`, `data:`).',
  remediation:
    "Send a Content-Security-Policy on every portal page with script-src restricted to your own origin (or nonces or hashes) and without 'unsafe-inline' (nor in script-src-elem or script-src-attr); move inline scripts and event handlers (onclick=...) to files.",
  area: 'portal',
  requirements: [REQUIREMENT],
  requires: ['PortalSession', 'ProbePlan'],
  cwe: [79],
  messages: {
    'csp-missing': 'No Content-Security-Policy on the {{pages}} page(s).',
    'csp-unsafe-inline-script':
      "The Content-Security-Policy of the {{pages}} page(s) allows inline scripts, {{inline}} ({{directive}} 'unsafe-inline'): {{policy}}",
    'csp-no-script-restriction':
      'The Content-Security-Policy of the {{pages}} page(s) does not restrict scripts, {{inline}} (no script-src or default-src): {{policy}}',
    'csp-script-wildcard':
      'The Content-Security-Policy of the {{pages}} page(s) allows scripts from anywhere ({{directive}}): {{policy}}',
    'csp-unsafe-inline-style':
      "The Content-Security-Policy of the {{pages}} page(s) allows inline styles ({{directive}} 'unsafe-inline'): {{policy}}",
  },
  defaultOptions: { forbidUnsafeInlineStyles: false },
  run({ PortalSession: a, ProbePlan: plan }, ctx) {
    const na = notCollected(a);
    if (na) return { ...ctx.notApplicable(na), places: nonePlaces(plan, REQUIREMENT, notExposed(a)) };
    if (a.pages.length === 0) {
      signedIn(a); // a sign-in step that threw explains why; make it the cause
      return {
        ...ctx.needsReview('The portal visit loaded no page.'),
        places: nonePlaces(plan, REQUIREMENT, { why: 'not-reached' }),
      };
    }
    const visited = new Set(a.pages.map((p) => p.name));
    const places = portalPlaces(
      plan,
      REQUIREMENT,
      (p) => visited.has(p.variant ?? ''),
      (p) => pageNotReached(a, p.variant),
    );
    const findings: Finding[] = groupsOf(a.pages, ctx.options.forbidUnsafeInlineStyles).map((g) => {
      const directives = [...new Set(Object.values(g.kinds).filter((d): d is string => d !== null))];
      const present = KINDS.filter((k) => k in g.kinds);
      const data = {
        pages: g.pages.map((p) => p.name).join(', '),
        policy: g.policy,
        ...(g.otherPolicies.length ? { otherPolicies: g.otherPolicies.join(' | ') } : {}),
        // Inline scripts: every directive that lets a kind run (none: nothing restricts them), and per kind.
        directive: present.length ? directives.join(', ') || null : g.directive,
        ...(present.length ? { inline: present.join(' and ') } : {}),
        ...('script elements' in g.kinds ? { elementsDirective: g.kinds['script elements'] ?? null } : {}),
        ...('event handlers' in g.kinds ? { handlersDirective: g.kinds['event handlers'] ?? null } : {}),
      };
      return ctx.finding(
        g.problem,
        data,
        { url: g.at.url, header: 'content-security-policy' },
        [...new Set(ids(g.at.screenshot, ...g.pages.map((p) => p.screenshot)))].slice(0, 3),
      );
    });
    if (findings.length > 0)
      return { ...ctx.fail(findings, `${findings.length} CSP problem(s) over ${a.pages.length} page(s).`), places };
    return {
      ...ctx.pass(
        `All ${a.pages.length} portal page(s) (${[...visited].join(', ')}) restrict scripts without 'unsafe-inline'.`,
        ids(a.pages[0]?.screenshot),
        { pages: a.pages.length },
      ),
      places,
    };
  },
});
