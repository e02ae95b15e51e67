// A self-contained HTML report, rendered on the server: no scripts, no external resources, works with
// JavaScript disabled; <details> does the expanding. Every value goes through escapeHtml, because
// evidence bodies and headers come from the target. A CSP with a hash for the one inline <style>
// means that even an escaping bug could not run a script or load anything.
import { loadChartsSection } from './charts.ts';
import { escapeHtml } from './escape.ts';
import { CSP, STYLE } from './html-style.ts';
import {
  ATTENTION_OUTCOMES,
  OUTCOME_LABEL,
  SEVERITY_LABEL,
  VERDICT_LABEL,
  areaDurationMs,
  checksIn,
  countOutcomes,
  describeEvidence,
  formatDuration,
  formatLocation,
  headline,
  reportAreas,
} from './format.ts';
import { OUTCOMES } from '../engine/types.ts';
import type {
  CheckResult,
  Evidence,
  Finding,
  FindingLocation,
  HttpMessageRecord,
  RequirementStatus,
  Results,
  Severity,
} from '../engine/types.ts';

const e = escapeHtml;

/** Element ids derived from data, made safe and unique within one report. */
class Anchors {
  private readonly canonical = new Map<string, string>();
  private readonly claimed = new Set<string>();
  private readonly taken = new Set<string>();
  private fresh(prefix: string, key: string): string {
    const base = `${prefix}-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    let candidate = base;
    for (let n = 2; this.taken.has(candidate); n++) candidate = `${base}-${n}`;
    this.taken.add(candidate);
    return candidate;
  }
  /** The id links point to. */
  id(prefix: string, key: string): string {
    const k = `${prefix}:${key}`;
    let id = this.canonical.get(k);
    if (!id) this.canonical.set(k, (id = this.fresh(prefix, key)));
    return id;
  }
  /** The id an element carries: the linked one the first time, a new one for a repeated key. */
  claim(prefix: string, key: string): string {
    const id = this.id(prefix, key);
    if (!this.claimed.has(id)) {
      this.claimed.add(id);
      return id;
    }
    return this.fresh(prefix, key);
  }
}

const badge = (cls: string, text: string): string => `<span class="badge ${cls}">${e(text)}</span>`;
const outcomeBadge = (c: CheckResult): string => badge(`o-${c.outcome}`, OUTCOME_LABEL[c.outcome] ?? c.outcome);
// Severity is coloured only where something failed: a red "High" next to a pass would contradict it.
const severityBadge = (severity: Severity, failed: boolean): string =>
  failed ? badge(`s-${severity}`, SEVERITY_LABEL[severity] ?? severity) : e(SEVERITY_LABEL[severity] ?? severity);
const failedCheck = (c: CheckResult): boolean => c.outcome === 'fail' || c.outcome === 'error';

/** Only http(s) URLs become links; anything else (javascript:, data:) is shown as text. */
function externalLink(url: string | undefined, text: string): string {
  return url && /^https?:\/\//i.test(url) ? `<a href="${e(url)}" rel="noreferrer">${e(text)}</a>` : e(text);
}

function facts(rows: Array<[string, string | undefined]>): string {
  const items = rows
    .filter((r): r is [string, string] => r[1] !== undefined && r[1] !== '')
    .map(([k, v]) => `<dt>${e(k)}</dt><dd>${v}</dd>`)
    .join('');
  return items ? `<dl class="facts">${items}</dl>` : '';
}

function table(caption: string, head: string[], rows: string[][], numeric: number[] = []): string {
  const th = head.map((h, i) => `<th scope="col"${numeric.includes(i) ? ' class="num"' : ''}>${e(h)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((cell, i) => (i === 0 ? `<th scope="row">${cell}</th>` : `<td${numeric.includes(i) ? ' class="num"' : ''}>${cell}</td>`)).join('')}</tr>`,
    )
    .join('\n');
  return `<table><caption>${e(caption)}</caption><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

// ---------------------------------------------------------------- sections

function verdictSection(r: Results, anchors: Anchors): string {
  const v = r.verdict;
  const blocking = r.summary.blocking.length
    ? `<p>Blocking checks:</p><ul>${r.summary.blocking
        .map((id) => `<li><a href="#${anchors.id('check', id)}"><code>${e(id)}</code></a></li>`)
        .join('')}</ul>`
    : '';
  const waived = r.summary.waived?.length
    ? `<p>Waived failures (not blocking):</p><ul>${r.summary.waived
        .map(
          (id) =>
            `<li data-waived-check="${e(id)}"><a href="#${anchors.id('check', id)}"><code>${e(id)}</code></a></li>`,
        )
        .join('')}</ul>`
    : '';
  return `<section id="verdict" class="verdict v-${e(v.status)}" aria-labelledby="verdict-h">
<h2 id="verdict-h">Verdict: ${e(VERDICT_LABEL[v.status] ?? v.status)}</h2>
<p>${e(v.reason)}</p>
<p class="muted">${v.conformant ? 'Conformant' : 'Not conformant'} · exit code ${e(String(v.exitCode))}</p>
${blocking}${waived}
</section>`;
}

function summarySection(r: Results): string {
  const areas = reportAreas(r);
  const head = ['Area', ...OUTCOMES.map((o) => OUTCOME_LABEL[o]), 'Total', 'Duration'];
  const numeric = head.map((_, i) => i).slice(1);
  const row = (label: string, checks: CheckResult[], ms: number): string[] => {
    const counts = countOutcomes(checks);
    return [e(label), ...OUTCOMES.map((o) => String(counts[o])), String(checks.length), e(formatDuration(ms))];
  };
  const rows = areas.map((a) => row(a, checksIn(r, a), areaDurationMs(r, a)));
  rows.push(row('All areas', r.checks, r.run.durationMs));
  return `<section id="summary" aria-labelledby="summary-h">
<h2 id="summary-h">Summary</h2>
${table('Check outcomes and duration per area', head, rows, numeric)}
</section>`;
}

function refsCell(c: CheckResult): string {
  const owasp = (c.owasp ?? []).map((id) => `<code>${e(id)}</code>`);
  const cwe = (c.cwe ?? []).map(
    (n) =>
      `<a href="https://cwe.mitre.org/data/definitions/${encodeURIComponent(String(n))}.html" rel="noreferrer">CWE-${e(String(n))}</a>`,
  );
  return [...owasp, ...cwe].join(', ');
}

function requirementLinks(ids: string[], anchors: Anchors, known: Set<string>): string {
  return ids.map((id) => (known.has(id) ? `<a href="#${anchors.id('req', id)}">${e(id)}</a>` : e(id))).join(', ');
}

function checksSection(r: Results, anchors: Anchors, known: Set<string>): string {
  const detailed = new Set(detailedChecks(r).map((c) => c.id));
  const rows = r.checks.map((c) => [
    detailed.has(c.id)
      ? `<a href="#${anchors.id('check', c.id)}"><code>${e(c.id)}</code></a>`
      : `<code>${e(c.id)}</code>`,
    outcomeBadge(c) +
      (c.waiver
        ? ` <span class="muted" data-waived="${e(c.waiver.scope ?? 'check')}">(waived until ${e(c.waiver.expires)})</span>`
        : ''),
    severityBadge(c.severity, failedCheck(c)),
    c.required ? 'Required' : 'Optional',
    e(c.area),
    e(c.title),
    requirementLinks(c.requirements, anchors, known),
    refsCell(c),
    e(formatDuration(c.durationMs)),
  ]);
  const head = ['Check', 'Outcome', 'Severity', 'Required', 'Area', 'Title', 'Requirements', 'OWASP / CWE', 'Duration'];
  const body = r.checks.length ? table(`${r.checks.length} checks`, head, rows, [8]) : '<p>No checks ran.</p>';
  return `<section id="checks" aria-labelledby="checks-h">
<h2 id="checks-h">Checks</h2>
${body}
</section>`;
}

// ---------------------------------------------------------------- evidence

function httpMessage(first: string, m: HttpMessageRecord): string {
  // A header that came several times is shown as it came: one line per value.
  const headers = Object.entries(m.headers).flatMap(([k, v]) =>
    (m.repeatedHeaders?.[k] ?? [v]).map((value) => `${k}: ${value}`),
  );
  const lines = [first, ...headers];
  const body = m.body !== undefined && m.body !== '' ? `\n\n${m.body}` : '';
  const truncated = m.bodyTruncated ? '\n\n[body truncated]' : '';
  return `<pre>${e(lines.join('\n') + body + truncated)}</pre>`;
}

function fileLink(path: string): string {
  // The schema already refuses absolute paths and "..", but re-check: old files are not trusted.
  const safe = !/^[/\\]|^[A-Za-z]:|(^|[/\\])\.\.([/\\]|$)|^[A-Za-z][A-Za-z0-9+.-]*:/.test(path);
  const href = path.split('/').map(encodeURIComponent).join('/');
  return safe ? `<a href="${e(href)}">${e(path)}</a>` : `<code>${e(path)}</code>`;
}

function evidenceBody(ev: Evidence): string {
  switch (ev.kind) {
    case 'http': {
      const req = ev.request;
      const parts = [
        `<p>Request${ev.operationId ? ` (<code>${e(ev.operationId)}</code>)` : ''}, started ${e(ev.startedAt)}, took ${e(formatDuration(ev.durationMs))}</p>`,
        httpMessage(`${req.method ?? ''} ${req.url ?? ''}`.trim(), req),
      ];
      if (ev.response)
        parts.push('<p>Response</p>', httpMessage(`HTTP ${ev.response.status ?? '(no status)'}`, ev.response));
      if (ev.error) parts.push(`<p>No response: ${e(ev.error)}</p>`);
      return parts.join('\n');
    }
    case 'text':
      return `<p>${e(ev.contentType)}</p><pre>${e(ev.text)}</pre>`;
    case 'file':
      return `<p>File ${fileLink(ev.path)} (${e(ev.contentType)}), SHA-256 <code>${e(ev.sha256)}</code></p>`;
    default:
      // A kind added by a newer minor version.
      return `<pre>${e(JSON.stringify(ev, null, 2))}</pre>`;
  }
}

function evidenceBlock(r: Results, id: string): string {
  const ev = r.evidence[id];
  const title = `Evidence <code>${e(id)}</code>: ${e(describeEvidence(ev))}`;
  if (!ev) return `<p>${title}</p>`;
  return `<details><summary>${title}</summary>\n${evidenceBody(ev)}\n</details>`;
}

// ---------------------------------------------------------------- findings

function locationFacts(loc: FindingLocation | undefined): string {
  if (!loc) return '';
  const code = (v: string | undefined): string | undefined => (v === undefined ? undefined : `<code>${e(v)}</code>`);
  return facts([
    [
      'Request',
      [loc.method, loc.url].filter(Boolean).length ? code([loc.method, loc.url].filter(Boolean).join(' ')) : undefined,
    ],
    ['Operation', code(loc.operationId)],
    [
      'Body pointer',
      loc.jsonPointer !== undefined ? `${e(loc.in ?? 'body')} <code>${e(loc.jsonPointer || '/')}</code>` : undefined,
    ],
    ['Header', code(loc.header)],
    ['Host', code(loc.host)],
    ['Selector', code(loc.selector)],
    ['Metric', code(loc.metric)],
  ]);
}

function findingItem(r: Results, f: Finding): string {
  const attrs = [
    f.fingerprint ? ` data-fingerprint="${e(f.fingerprint)}"` : '',
    f.baselineState ? ` data-baseline-state="${e(f.baselineState)}"` : '',
    f.waiver ? ` data-waived="finding"` : '',
  ].join('');
  const marks = [
    f.baselineState === 'new' ? badge('o-fail', 'New') : '',
    f.waiver ? badge('o-skipped', `Waived until ${f.waiver.expires}`) : '',
  ].join(' ');
  const waiver = f.waiver
    ? `<p class="muted">Waived by ${e(f.waiver.owner)} until ${e(f.waiver.expires)}: ${e(f.waiver.reason)}</p>`
    : '';
  const data =
    f.data && Object.keys(f.data).length
      ? `<p class="muted">Data: ${Object.entries(f.data)
          .map(([k, v]) => `<code>${e(k)}=${e(String(v))}</code>`)
          .join(' ')}</p>`
      : '';
  return `<li${attrs}><p>${marks ? `${marks} ` : ''}${e(f.message)} <span class="muted">(<code>${e(f.id)}</code>)</span></p>
${waiver}${locationFacts(f.location)}${data}
${(f.evidence ?? []).map((id) => evidenceBlock(r, id)).join('\n')}</li>`;
}

/** Checks that get a detail block: everything that did not pass cleanly. */
function detailedChecks(r: Results): CheckResult[] {
  return r.checks.filter((c) => ATTENTION_OUTCOMES.includes(c.outcome));
}

function checkArticle(r: Results, c: CheckResult, anchors: Anchors, known: Set<string>): string {
  const id = anchors.claim('check', c.id);
  const waiver = c.waiver
    ? `<p class="waiver"><strong>Waived</strong> by ${e(c.waiver.owner)} until ${e(c.waiver.expires)}: ${e(c.waiver.reason)}${
        c.waiver.ticket ? ` (${externalLink(c.waiver.ticket, 'ticket')})` : ''
      }. The outcome above is as measured; it does not block the verdict.</p>`
    : '';
  const waivedAttr = c.waiver ? ` data-waived="${e(c.waiver.scope ?? 'check')}"` : '';
  const error = c.error
    ? `<p>The check could not complete: ${e(c.error.message)}</p>${c.error.cause ? `<p class="muted">Cause: ${e(c.error.cause)}</p>` : ''}${
        c.error.stack ? `<details><summary>Stack trace</summary><pre>${e(c.error.stack)}</pre></details>` : ''
      }`
    : '';
  const findings = c.findings.length
    ? `<ol class="findings">${c.findings.map((f) => findingItem(r, f)).join('\n')}</ol>`
    : '';
  const findingEvidence = new Set(c.findings.flatMap((f) => f.evidence ?? []));
  const otherEvidence = c.evidence.filter((id) => !findingEvidence.has(id));
  const metrics =
    c.metrics && Object.keys(c.metrics).length
      ? `<p class="muted">Metrics: ${Object.entries(c.metrics)
          .map(([k, v]) => `<code>${e(k)}=${e(String(v))}</code>`)
          .join(' ')}</p>`
      : '';
  return `<article class="check" id="${id}" aria-labelledby="${id}-h" data-check="${e(c.id)}"${waivedAttr}>
<h3 id="${id}-h">${outcomeBadge(c)} ${severityBadge(c.severity, failedCheck(c))} <code>${e(c.id)}</code>: ${e(c.title)}</h3>
<p>${e(c.summary ?? headline(c))}</p>
<p class="muted">${c.required ? 'Required' : 'Optional'} · ${e(c.area)} · requirements ${requirementLinks(c.requirements, anchors, known) || 'none'}</p>
${c.description ? `<details><summary>Why it matters</summary><p>${e(c.description)}</p></details>` : ''}
${remediationBlock(c)}${waiver}${error}${findings}${metrics}
${otherEvidence.map((ev) => evidenceBlock(r, ev)).join('\n')}
</article>`;
}

/** What to change, shown for every check that did not pass cleanly (since results 1.3.0). */
function remediationBlock(c: CheckResult): string {
  return c.remediation
    ? `<p class="remediation" data-remediation=""><strong>How to fix:</strong> ${e(c.remediation)}</p>`
    : '';
}

function findingsSection(r: Results, anchors: Anchors, known: Set<string>): string {
  const list = detailedChecks(r);
  const body = list.length
    ? list.map((c) => checkArticle(r, c, anchors, known)).join('\n')
    : '<p>No check failed, errored or needs review.</p>';
  return `<section id="findings" aria-labelledby="findings-h">
<h2 id="findings-h">Findings</h2>
${body}
</section>`;
}

// ---------------------------------------------------------------- baseline and waivers

function baselineSection(r: Results, anchors: Anchors): string {
  const b = r.baseline;
  if (!b) return '';
  const fresh = r.checks.flatMap((c) => c.findings.filter((f) => f.baselineState === 'new').map((f) => ({ c, f })));
  const detailed = new Set(detailedChecks(r).map((c) => c.id));
  const row = (check: string, id: string, message: string, loc: FindingLocation | undefined, attrs: string) =>
    `<li${attrs}>${
      detailed.has(check)
        ? `<a href="#${anchors.id('check', check)}"><code>${e(check)}</code></a>`
        : `<code>${e(check)}</code>`
    } <code>${e(id)}</code>: ${e(message)}${
      formatLocation(loc) ? ` <span class="muted">at ${e(formatLocation(loc))}</span>` : ''
    }</li>`;
  const newList = fresh.length
    ? `<ul>${fresh
        .map(({ c, f }) =>
          row(
            c.id,
            f.id,
            f.message,
            f.location,
            ` data-baseline-state="new" data-fingerprint="${e(f.fingerprint ?? '')}"${f.waiver || c.waiver ? ' data-waived="true"' : ''}`,
          ),
        )
        .join('\n')}</ul>`
    : '<p>Nothing new since the baseline.</p>';
  const fixedList = b.fixed.length
    ? `<details><summary>${b.fixed.length} fixed since the baseline</summary><ul>${b.fixed
        .map((f) =>
          row(
            f.check,
            f.id,
            f.message,
            f.location,
            ` data-baseline-state="absent" data-fingerprint="${e(f.fingerprint)}"`,
          ),
        )
        .join('\n')}</ul></details>`
    : '<p>Nothing fixed since the baseline.</p>';
  return `<section id="new" aria-labelledby="new-h" data-new="${b.counts.new}" data-unchanged="${b.counts.unchanged}" data-fixed="${b.counts.fixed}">
<h2 id="new-h">New since baseline</h2>
<p>${b.counts.new} new, ${b.counts.unchanged} unchanged, ${b.counts.fixed} fixed${
    b.counts.notRechecked ? `, ${b.counts.notRechecked} not rechecked (their check was not judged in this run)` : ''
  } · baseline <code>${e(b.from)}</code>, run <code>${e(b.runId)}</code> of ${e(b.startedAt)}</p>
${newList}
${fixedList}
</section>`;
}

function waiversSection(r: Results): string {
  if (!r.waivers) return '';
  const rows = r.waivers.map((w) => [
    `<span data-waiver="${e(w.id)}" data-waiver-status="${e(w.status)}">${e(w.id)}</span>`,
    badge(w.status === 'applied' ? 'o-pass' : w.status === 'not-applied' ? 'o-error' : 'o-skipped', w.status),
    w.check ? `<code>${e(w.check)}</code>` : '',
    w.fingerprint ? `<code>${e(w.fingerprint)}</code>` : '',
    e(w.member ?? '*'),
    e(w.owner),
    e(w.expires),
    e(w.reason),
    e(w.note ?? ''),
    w.ticket ? externalLink(w.ticket, w.ticket) : '',
  ]);
  const head = ['Waiver', 'Status', 'Check', 'Fingerprint', 'Member', 'Owner', 'Expires', 'Reason', 'Note', 'Ticket'];
  return `<section id="waivers" aria-labelledby="waivers-h">
<h2 id="waivers-h">Waivers</h2>
${rows.length ? table(`${rows.length} waivers, judged at the run's start (${r.run.startedAt})`, head, rows) : '<p>The waivers file lists none.</p>'}
</section>`;
}

// ---------------------------------------------------------------- requirements and run

const REQUIREMENT_STATUS_LABEL: Record<RequirementStatus['status'], string> = {
  pass: 'Pass',
  fail: 'Fail',
  'not-tested': 'Not tested',
  inconclusive: 'Inconclusive',
};
const REQUIREMENT_STATUS_CLASS: Record<RequirementStatus['status'], string> = {
  pass: 'o-pass',
  fail: 'o-fail',
  'not-tested': 'o-skipped',
  inconclusive: 'o-needs-review',
};

/** Places probed out of those planned, with the ones not probed (and why) behind a disclosure. */
function placesCell(q: RequirementStatus): string {
  const p = q.places;
  if (!p) return '<span class="muted">—</span>';
  const head = `${p.probed.length} of ${p.planned.length} probed`;
  if (p.planned.length === 0) return '<span class="muted">none in this document</span>';
  const notProbed = p.notProbed.map(
    (n) => `<li><code>${e(n.id)}</code>: ${e(n.why)}${n.detail ? ` (${e(n.detail)})` : ''}</li>`,
  );
  const probed = p.probed.map((id) => `<li><code>${e(id)}</code></li>`);
  return `<details><summary>${e(head)}</summary>${
    notProbed.length ? `<p>Not probed:</p><ul>${notProbed.join('')}</ul>` : ''
  }${probed.length ? `<p>Probed:</p><ul>${probed.join('')}</ul>` : ''}</details>`;
}

function requirementsSection(r: Results, anchors: Anchors): string {
  const rows = r.requirements.map((q) => {
    const source = externalLink(q.source.url, `${q.source.standard} ${q.source.clause}`);
    const coverage = q.coveredBy.length
      ? q.coveredBy.map((id) => `<code>${e(id)}</code>`).join(', ')
      : `Not covered${q.notTestedReason ? `: ${e(q.notTestedReason)}` : ''}`;
    return [
      `<span id="${anchors.claim('req', q.id)}">${e(q.id)}</span>`,
      badge(REQUIREMENT_STATUS_CLASS[q.status] ?? 'o-skipped', REQUIREMENT_STATUS_LABEL[q.status] ?? q.status),
      e(q.level),
      severityBadge(q.severity, q.status === 'fail'),
      e(q.area),
      e(q.text),
      coverage +
        (q.coveredBy.length && q.notTestedReason ? ` <span class="muted">(${e(q.notTestedReason)})</span>` : ''),
      placesCell(q),
      source,
    ];
  });
  const head = ['Requirement', 'Status', 'Level', 'Severity', 'Area', 'Text', 'Covered by', 'Places', 'Source'];
  const notTested = r.requirements.filter((q) => q.status === 'not-tested').length;
  const body = r.requirements.length
    ? table(`${r.requirements.length} requirements, ${notTested} not tested`, head, rows)
    : '<p>This run lists no requirements.</p>';
  return `<section id="requirements" aria-labelledby="requirements-h">
<h2 id="requirements-h">Requirement coverage</h2>
${body}
</section>`;
}

function optionValue(v: Results['run']['options'][string]): string {
  if (v === null) return 'null';
  return Array.isArray(v) ? v.join(', ') : String(v);
}

function runSection(r: Results): string {
  const run = r.run;
  const t = r.target;
  const options = Object.entries(run.options);
  const artifacts = r.artifacts.length
    ? table(
        'Artifacts collected',
        ['Artifact', 'Status', 'Duration', 'Error'],
        r.artifacts.map((a) => [e(a.name), e(a.status), e(formatDuration(a.durationMs)), e(a.error ?? '')]),
        [2],
      )
    : '';
  const errors = r.errors.length
    ? `<h3>Run errors</h3><ul>${r.errors.map((x) => `<li><code>${e(x.code)}</code>: ${e(x.message)}</li>`).join('')}</ul>`
    : '';
  const extensions =
    r.extensions && Object.keys(r.extensions).length
      ? `<details><summary>Extensions (area-specific data)</summary><pre>${e(JSON.stringify(r.extensions, null, 2))}</pre></details>`
      : '';
  return `<section id="run" aria-labelledby="run-h">
<h2 id="run-h">Run, target and environment</h2>
${facts([
  ['Run', `<code>${e(run.id)}</code>`],
  ['Started', e(run.startedAt)],
  ['Finished', e(run.finishedAt)],
  ['Duration', e(formatDuration(run.durationMs))],
  ['Seed', e(String(run.seed))],
  ['Profile', `${e(run.profile.title)} (<code>${e(run.profile.id)}</code> ${e(run.profile.version)})`],
  ['Suites', e(run.suites.join(', ') || 'none')],
  [
    'Target',
    e(t.name ?? (t.kind === 'embedded-reference' ? 'embedded reference single window' : 'remote single window')),
  ],
  ['Target kind', e(t.kind)],
  ['API base URL', `<code>${e(t.apiBaseUrl)}</code>`],
  ['Portal URL', t.portalUrl ? `<code>${e(t.portalUrl)}</code>` : undefined],
  ['Tool', e(`${r.tool.name} ${r.tool.version}`)],
  ['Results schema', e(r.schemaVersion)],
  ['Node.js', e(r.environment.node)],
  ['Platform', e(`${r.environment.platform} ${r.environment.arch}`)],
])}
${options.length ? `<h3>Options</h3>${facts(options.map(([k, v]) => [k, `<code>${e(optionValue(v))}</code>`]))}` : ''}
${artifacts}${errors}${extensions}
</section>`;
}

export function renderHtml(results: Results): string {
  const anchors = new Anchors();
  const known = new Set(results.requirements.map((q) => q.id));
  const profile = results.run.profile;
  const target = results.target.name ?? results.target.apiBaseUrl;
  const title = `${VERDICT_LABEL[results.verdict.status] ?? results.verdict.status}: ${target}, ${profile.title}`;
  // Sections are rendered before the navigation so anchors are assigned in reading order.
  // With a baseline, what is new comes first.
  const sections = [
    baselineSection(results, anchors),
    verdictSection(results, anchors),
    summarySection(results),
    checksSection(results, anchors, known),
    findingsSection(results, anchors, known),
    loadChartsSection(results),
    waiversSection(results),
    requirementsSection(results, anchors),
    runSection(results),
  ].filter(Boolean);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${e(CSP)}">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="${e(`${results.tool.name} ${results.tool.version}`)}">
<title>${e(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<p class="muted">${e(results.tool.name)} ${e(results.tool.version)} · conformance report</p>
<h1>${e(target)}</h1>
<p>${e(profile.title)} (<code>${e(profile.id)}</code> ${e(profile.version)}) · run <code>${e(results.run.id)}</code> · ${e(results.run.startedAt)}</p>
</header>
<nav aria-label="Report sections"><ul>
${results.baseline ? '<li><a href="#new">New since baseline</a></li>' : ''}<li><a href="#verdict">Verdict</a></li><li><a href="#summary">Summary</a></li><li><a href="#checks">Checks</a></li>
<li><a href="#findings">Findings</a></li>${results.waivers ? '<li><a href="#waivers">Waivers</a></li>' : ''}<li><a href="#requirements">Requirement coverage</a></li><li><a href="#run">Run</a></li>
</ul></nav>
<main>
${sections.join('\n')}
</main>
<footer><p>Rendered from results schema ${e(results.schemaVersion)}; evidence is redacted at capture.</p></footer>
</body>
</html>
`;
}
