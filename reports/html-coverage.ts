// Requirement coverage (every requirement with its checks, status and places probed), the waivers
// and the run's facts.
import { badge, e, externalLink, facts, severityBadge, table } from './html-common.ts';
import type { HtmlContext } from './html-common.ts';
import { formatDuration } from './format.ts';
import type { RequirementStatus, Results } from '../engine/types.ts';

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

const CATALOG_NAMES: Record<string, string> = { PSW: 'Profile v1', DCSA: 'DCSA Port Call 2.0.0' };

/** The catalog a requirement belongs to, named from its id's prefix (PSW-..., DCSA-...). */
function catalogOf(q: Pick<RequirementStatus, 'id'>): string {
  const prefix = q.id.split('-')[0] ?? '';
  return CATALOG_NAMES[prefix] ?? prefix;
}

export function requirementsSection(ctx: HtmlContext): string {
  const r = ctx.results;
  const outcomes = new Map(r.checks.map((c) => [c.id, c.outcome]));
  const rows = r.requirements.map((q) => {
    const source = externalLink(q.source.url, `${q.source.standard} ${q.source.clause}`);
    const coverage = q.coveredBy.length
      ? q.coveredBy
          .map(
            (id) =>
              `<code>${e(id)}</code>${outcomes.has(id) ? ` <span class="muted">${e(outcomes.get(id)!)}</span>` : ''}`,
          )
          .join(', ')
      : `Not covered${q.notTestedReason ? `: ${e(q.notTestedReason)}` : ''}`;
    return [
      `<span id="${ctx.anchors.claim('req', q.id)}">${e(q.id)}</span>`,
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
  // One table per catalog (the id's prefix): a DCSA run lists DCSA Port Call's catalog and profile v1's,
  // whose requirements the generic checks (TLS, headers, load...) cover.
  const standards = [...new Set(r.requirements.map(catalogOf))];
  const body = r.requirements.length
    ? standards
        .map((standard) => {
          const mine = r.requirements.flatMap((q, i) => (catalogOf(q) === standard ? [i] : []));
          const notTested = mine.filter((i) => r.requirements[i]!.status === 'not-tested').length;
          const covered = mine.filter((i) => r.requirements[i]!.coveredBy.length > 0).length;
          return table(
            `${standards.length > 1 ? `${standard}: ` : ''}${mine.length} requirements, ${covered} covered by a check, ${notTested} not tested`,
            head,
            mine.map((i) => rows[i]!),
            [],
            ['w10', 'w8', 'w8', 'w8', 'w8', 'w25', 'w15', 'w10', 'w8'],
          );
        })
        .join('\n')
    : '<p>This run lists no requirements.</p>';
  return `<section id="requirements" aria-labelledby="requirements-h">
<h2 id="requirements-h">Requirement coverage</h2>
${body}
</section>`;
}

export function waiversSection(ctx: HtmlContext): string {
  const r = ctx.results;
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
${rows.length ? table(`${rows.length} waivers, judged at the run's start (${r.run.startedAt})`, head, rows, [], ['w8', 'w10', 'w12', 'w12', 'w8', 'w8', 'w10', 'w12', 'w10', 'w10']) : '<p>The waivers file lists none.</p>'}
</section>`;
}

function optionValue(v: Results['run']['options'][string]): string {
  if (v === null) return 'null';
  return Array.isArray(v) ? v.join(', ') : String(v);
}

export function runSection(ctx: HtmlContext): string {
  const r = ctx.results;
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
