// Findings grouped by severity, then by check, with filters and a search that a small inline script
// (reports/html-script.ts) brings to life. Without JavaScript the filters stay hidden and every finding
// is listed. Each finding opens to its requirement, references, remediation and redacted evidence.
import {
  SEVERITY_ORDER,
  badge,
  bySeverity,
  checkLink,
  cweLink,
  detailedChecks,
  e,
  facts,
  failedCheck,
  outcomeBadge,
  requirementLinks,
  severityBadge,
  severityLabel,
  table,
} from './html-common.ts';
import type { HtmlContext } from './html-common.ts';
import type { EvidenceRenderer } from './html-evidence.ts';
import { owaspLink } from './html-overview.ts';
import {
  ATTENTION_OUTCOMES,
  OUTCOME_LABEL,
  formatDuration,
  formatEdifactPlace,
  formatLocation,
  headline,
} from './format.ts';
import type { CheckResult, Finding, FindingLocation, RequirementStatus } from '../engine/types.ts';

/** The check's remediation hint (since results 1.3.0; absent in older files). */
function remediationOf(c: CheckResult): string | undefined {
  return c.remediation?.trim() ? c.remediation : undefined;
}

function locationFacts(loc: FindingLocation | undefined): Array<[string, string | undefined]> {
  if (!loc) return [];
  const code = (v: string | undefined): string | undefined => (v === undefined ? undefined : `<code>${e(v)}</code>`);
  const request = [loc.method, loc.url].filter(Boolean).join(' ');
  return [
    ['Request', request ? code(request) : undefined],
    ['Operation', code(loc.operationId)],
    [
      'Body pointer',
      loc.jsonPointer !== undefined ? `${e(loc.in ?? 'body')} <code>${e(loc.jsonPointer || '/')}</code>` : undefined,
    ],
    ['Header', code(loc.header)],
    ['Host', code(loc.host)],
    ['Selector', code(loc.selector)],
    ['Metric', code(loc.metric)],
    ['EDIFACT', loc.edifact ? code(formatEdifactPlace(loc.edifact)) : undefined],
  ];
}

function requirementLine(id: string, q: RequirementStatus | undefined, ctx: HtmlContext): string {
  const link = requirementLinks([id], ctx);
  if (!q) return link;
  return `<span data-requirement="${e(id)}">${link} <strong>${e(q.level)}</strong> (${e(q.source.standard)} ${e(q.source.clause)}): ${e(q.text)}</span>`;
}

/** The check's requirements in full (id, level, clause, text), its references and remediation: once per check. */
function contextFacts(c: CheckResult, ctx: HtmlContext): Array<[string, string | undefined]> {
  const reqs = new Map(ctx.results.requirements.map((q) => [q.id, q]));
  const refs = [...(c.owasp ?? []).map(owaspLink), ...(c.cwe ?? []).map(cweLink)].join(', ');
  return [
    [
      c.requirements.length > 1 ? 'Requirements' : 'Requirement',
      c.requirements.map((id) => requirementLine(id, reqs.get(id), ctx)).join('<br>'),
    ],
    ['References', refs || undefined],
  ];
}

/**
 * What a finding opens to besides its evidence, kept short because a check can have hundreds of findings:
 * the requirement ids and levels (their text is in the check's "Requirements" above), the references.
 */
function findingContext(c: CheckResult, ctx: HtmlContext): Array<[string, string | undefined]> {
  const levels = new Map(ctx.results.requirements.map((q) => [q.id, q.level]));
  const refs = [...(c.owasp ?? []).map(owaspLink), ...(c.cwe ?? []).map(cweLink)].join(', ');
  return [
    [
      c.requirements.length > 1 ? 'Requirements' : 'Requirement',
      c.requirements
        .map((id) => `${requirementLinks([id], ctx)}${levels.has(id) ? ` ${e(levels.get(id)!)}` : ''}`)
        .join(', '),
    ],
    ['References', refs || undefined],
    ['How to fix', remediationOf(c) ? e(remediationOf(c)!) : undefined],
  ];
}

function findingItem(c: CheckResult, f: Finding, ctx: HtmlContext, evidence: EvidenceRenderer): string {
  const attrs = [
    ` data-finding="${e(f.id)}"`,
    f.fingerprint ? ` data-fingerprint="${e(f.fingerprint)}"` : '',
    f.baselineState ? ` data-baseline-state="${e(f.baselineState)}"` : '',
    f.waiver ? ` data-waived="finding"` : '',
  ].join('');
  const marks = [
    f.baselineState === 'new' ? badge('o-fail', 'New') : '',
    f.waiver ? badge('o-skipped', `Waived until ${f.waiver.expires}`) : '',
  ]
    .filter(Boolean)
    .join(' ');
  const where = formatLocation(f.location);
  const waiver = f.waiver
    ? `<p class="muted">Waived by ${e(f.waiver.owner)} until ${e(f.waiver.expires)}: ${e(f.waiver.reason)}</p>`
    : '';
  // Data that repeats the location (url, method, operation) is shown once, as the location.
  const located = new Set(Object.values(f.location ?? {}).map(String));
  const dataEntries = Object.entries(f.data ?? {}).filter(([, v]) => !located.has(String(v)));
  const data = dataEntries.length
    ? dataEntries.map(([k, v]) => `<code>${e(k)}=${e(String(v))}</code>`).join(' ')
    : undefined;
  return `<li${attrs}><details><summary>${marks ? `${marks} ` : ''}${e(f.message)} <span class="muted">(<code>${e(f.id)}</code>)${
    where ? ` at <code>${e(where)}</code>` : ''
  }</span></summary>
${waiver}${facts([...findingContext(c, ctx), ...locationFacts(f.location), ['Data', data]])}
${(f.evidence ?? []).map((id) => evidence.inline(id)).join('\n')}</details></li>`;
}

function checkArticle(c: CheckResult, ctx: HtmlContext, evidence: EvidenceRenderer): string {
  const id = ctx.anchors.claim('check', c.id);
  const waiver = c.waiver
    ? `<p class="waiver"><strong>Waived</strong> by ${e(c.waiver.owner)} until ${e(c.waiver.expires)}: ${e(c.waiver.reason)}${
        c.waiver.ticket && /^https?:\/\//i.test(c.waiver.ticket)
          ? ` (<a href="${e(c.waiver.ticket)}" rel="noreferrer">ticket</a>)`
          : c.waiver.ticket
            ? ` (ticket ${e(c.waiver.ticket)})`
            : ''
      }. The outcome above is as measured; it does not block the verdict.</p>`
    : '';
  const waivedAttr = c.waiver ? ` data-waived="${e(c.waiver.scope ?? 'check')}"` : '';
  const error = c.error
    ? `<p>The check could not complete: ${e(c.error.message)}</p>${c.error.cause ? `<p class="muted">Cause: ${e(c.error.cause)}</p>` : ''}${
        c.error.stack ? `<details><summary>Stack trace</summary><pre>${e(c.error.stack)}</pre></details>` : ''
      }`
    : '';
  const findings = c.findings.length
    ? `<ol class="findings">${c.findings.map((f) => findingItem(c, f, ctx, evidence)).join('\n')}</ol>`
    : '';
  const findingEvidence = new Set(c.findings.flatMap((f) => f.evidence ?? []));
  const otherEvidence = c.evidence.filter((ev) => !findingEvidence.has(ev));
  const metrics =
    c.metrics && Object.keys(c.metrics).length
      ? `<p class="muted">Metrics: ${Object.entries(c.metrics)
          .map(([k, v]) => `<code>${e(k)}=${e(String(v))}</code>`)
          .join(' ')}</p>`
      : '';
  const remediation = remediationOf(c);
  return `<article class="check" id="${id}" aria-labelledby="${id}-h" data-check="${e(c.id)}"${waivedAttr} data-severity="${e(c.severity)}" data-area="${e(c.area)}" data-outcome="${e(c.outcome)}" data-requirements="${e(c.requirements.join(' '))}">
<div class="check-head">
<h4 id="${id}-h">${outcomeBadge(c)} ${severityBadge(c.severity, failedCheck(c))} <code>${e(c.id)}</code>: ${e(c.title)}</h4>
<p>${e(c.summary ?? headline(c))}</p>
<p class="muted">${c.required ? 'Required' : 'Optional'} · ${e(c.area)} · ${c.findings.length} finding${c.findings.length === 1 ? '' : 's'} · requirements ${requirementLinks(c.requirements, ctx) || 'none'}</p>
</div>
${remediation ? `<p class="remedy" data-remediation><strong>How to fix:</strong> ${e(remediation)}</p>` : ''}
${c.description ? `<details><summary>Why it matters</summary><p>${e(c.description)}</p>${facts(contextFacts(c, ctx))}</details>` : facts(contextFacts(c, ctx))}
${waiver}${error}${findings}${metrics}
${otherEvidence.map((ev) => evidence.collapsed(ev)).join('\n')}
</article>`;
}

function select(name: string, label: string, options: Array<[string, string]>): string {
  return `<label>${e(label)} <select name="${name}" id="filter-${name}"><option value="">All</option>${options
    .map(([v, t]) => `<option value="${e(v)}">${e(t)}</option>`)
    .join('')}</select></label>`;
}

function filters(list: CheckResult[]): string {
  const uniq = <T>(xs: T[]): T[] => [...new Set(xs)];
  const areas = uniq(list.map((c) => c.area));
  const severities = SEVERITY_ORDER.filter((s) => list.some((c) => c.severity === s));
  const outcomes = ATTENTION_OUTCOMES.filter((o) => list.some((c) => c.outcome === o));
  const reqs = uniq(list.flatMap((c) => c.requirements)).sort();
  // Hidden until the script runs: without JavaScript a filter that does nothing would mislead.
  return `<form id="filters" class="filters" hidden role="search" aria-label="Filter findings">
${select(
  'severity',
  'Severity',
  severities.map((s) => [s, severityLabel(s)]),
)}
${select(
  'area',
  'Area',
  areas.map((a) => [a, a]),
)}
${select(
  'outcome',
  'Outcome',
  outcomes.map((o) => [o, OUTCOME_LABEL[o]]),
)}
${select(
  'requirement',
  'Requirement',
  reqs.map((q) => [q, q]),
)}
<label>Search <input type="search" name="q" id="filter-q" placeholder="message, id, URL"></label>
<p id="filter-status" class="muted" aria-live="polite"></p>
</form>`;
}

export function findingsSection(ctx: HtmlContext, evidence: EvidenceRenderer): string {
  const list = detailedChecks(ctx.results).sort(bySeverity);
  if (!list.length)
    return `<section id="findings" aria-labelledby="findings-h">
<h2 id="findings-h">Findings</h2>
<p>No check failed, errored or needs review.</p>
</section>`;
  const groups = SEVERITY_ORDER.map((s) => {
    const of = list.filter((c) => c.severity === s);
    if (!of.length) return '';
    const n = of.reduce((sum, c) => sum + c.findings.length, 0);
    return `<div class="sev-group" data-severity-group="${s}">
<h3 id="findings-${s}">${badge(`s-${s}`, severityLabel(s))} ${of.length} check${of.length === 1 ? '' : 's'}, ${n} finding${n === 1 ? '' : 's'}</h3>
${of.map((c) => checkArticle(c, ctx, evidence)).join('\n')}
</div>`;
  });
  return `<section id="findings" aria-labelledby="findings-h">
<h2 id="findings-h">Findings</h2>
<p class="muted">Grouped by severity, worst first; open a finding for its requirement, evidence, request and response.</p>
${filters(list)}
${groups.join('\n')}
</section>`;
}

function refsCell(c: CheckResult): string {
  return [...(c.owasp ?? []).map(owaspLink), ...(c.cwe ?? []).map(cweLink)].join(', ');
}

/** Every check in one table, folded: the findings above are what a reader works from. */
export function checksSection(ctx: HtmlContext): string {
  const r = ctx.results;
  const detailed = new Set(detailedChecks(r).map((c) => c.id));
  const rows = r.checks.map((c) => [
    checkLink(c.id, ctx, detailed.has(c.id)),
    outcomeBadge(c) +
      (c.waiver
        ? ` <span class="muted" data-waived="${e(c.waiver.scope ?? 'check')}">(waived until ${e(c.waiver.expires)})</span>`
        : ''),
    severityBadge(c.severity, failedCheck(c)),
    c.required ? 'Required' : 'Optional',
    e(c.area),
    e(c.title),
    requirementLinks(c.requirements, ctx),
    refsCell(c),
    e(formatDuration(c.durationMs)),
  ]);
  const head = ['Check', 'Outcome', 'Severity', 'Required', 'Area', 'Title', 'Requirements', 'OWASP / CWE', 'Duration'];
  const body = r.checks.length
    ? `<details><summary>All ${r.checks.length} checks</summary>${table(
        `${r.checks.length} checks`,
        head,
        rows,
        [8],
        ['w15', 'w10', 'w8', 'w8', 'w8', 'w20', 'w12', 'w12', 'w8'],
      )}</details>`
    : '<p>No checks ran.</p>';
  return `<section id="checks" aria-labelledby="checks-h">
<h2 id="checks-h">Checks</h2>
${body}
</section>`;
}
