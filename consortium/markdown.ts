// consortium.md: the consortium summary as GitHub-flavoured Markdown (pipe tables, no HTML), a pure
// function of the summary: members × areas, then members × the requirements some member fails or
// could not settle.
import { AREAS, SEVERITIES } from '../engine/types.ts';
import type { AreaStatus } from '../history/record.ts';
import { markdownText } from '../reports/markdown.ts';
import type { ConsortiumSummary, MemberRow, MemberRunStatus, RequirementCell } from './types.ts';

const AREA_MARK: Record<AreaStatus, string> = { pass: '✅', fail: '❌', incomplete: '⚠️', 'not-run': '—' };
const CELL_MARK: Record<RequirementCell, string> = {
  pass: '✅',
  fail: '❌',
  inconclusive: '⚠️',
  'not-tested': '·',
  'not-run': '—',
};
const STATUS_LABEL: Record<MemberRunStatus, string> = {
  ran: 'ran',
  unreachable: 'unreachable',
  skipped: 'skipped',
  crashed: 'crashed',
  hung: 'hung',
  usage: 'refused',
};
const COUNTED = SEVERITIES.filter((s) => s !== 'info');

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

function link(label: string, path: string | undefined): string {
  return path ? `[${label}](${encodeURI(path).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)})` : '';
}

function memberCells(m: MemberRow, summary: ConsortiumSummary): string[] {
  const areas = summary.areas[m.id];
  const rate = m.record && m.status === 'ran' ? `${m.record.required.passed}/${m.record.required.judged}` : '—';
  const open = m.record && m.status === 'ran' ? COUNTED.map((s) => m.record!.openFindings[s]).join(' / ') : '—';
  return [
    markdownText(m.name ? `${m.id} (${m.name})` : m.id),
    STATUS_LABEL[m.status],
    m.verdict ? `${m.verdict} (exit ${m.exitCode})` : `— (exit ${m.exitCode})`,
    ...AREAS.map((a) => AREA_MARK[areas?.[a] ?? 'not-run']),
    rate,
    open,
    [link('report', m.reportPath), link('results.json', m.resultsPath)].filter(Boolean).join(' '),
    markdownText(m.reason, 120),
  ];
}

export function renderConsortiumMarkdown(summary: ConsortiumSummary): string {
  const t = summary.totals;
  const from = summary.source === 'run' ? 'a consortium run' : "members' results.json files (ingest)";
  const lines = [
    '# Consortium conformance',
    '',
    `Generated ${summary.generatedAt} from ${from}; exit code ${summary.exitCode}.`,
    '',
    `**${t.members} members**: ${t.conformant} conformant, ${t.notConformant} not conformant, ` +
      `${t.unreachable} unreachable, ${t.notRun} not run. Open findings: ` +
      COUNTED.map((s) => `${t.openFindings[s]} ${s}`).join(', ') +
      '.',
    '',
    '## Members',
    '',
    ...table(
      [
        'Member',
        'Status',
        'Verdict',
        ...AREAS.map((a) => a[0]!.toUpperCase() + a.slice(1)),
        'Required passed',
        `Open findings (${COUNTED.join(' / ')})`,
        'Files',
        'Reason',
      ],
      summary.members.map((m) => memberCells(m, summary)),
    ),
    '',
    `Areas: ${Object.entries(AREA_MARK)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}.`,
    '',
  ];
  const members = summary.members.map((m) => m.id);
  const unsettled = summary.requirements
    .filter((r) => Object.values(r.byMember).some((c) => c === 'fail' || c === 'inconclusive'))
    .sort((a, b) => b.failing - a.failing || (a.id < b.id ? -1 : 1));
  const passedByAll = summary.requirements.filter((r) => {
    const ran = Object.values(r.byMember).filter((c) => c !== 'not-run');
    return ran.length > 0 && ran.every((c) => c === 'pass');
  }).length;
  lines.push('## Requirements failed or inconclusive', '');
  if (unsettled.length) {
    lines.push(
      ...table(
        ['Requirement', 'Level', 'Severity', 'Area', ...members.map((m) => markdownText(m)), 'Failing'],
        unsettled.map((r) => [
          `\`${r.id}\``,
          r.level,
          r.severity,
          r.area,
          ...members.map((m) => CELL_MARK[r.byMember[m] ?? 'not-run']),
          String(r.failing),
        ]),
      ),
      '',
      `Requirements: ${Object.entries(CELL_MARK)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}.`,
      '',
    );
  } else lines.push('None: no member that ran fails a requirement or leaves one inconclusive.', '');
  lines.push(`${passedByAll} of ${summary.requirements.length} requirements are passed by every member that ran.`, '');
  return lines.join('\n');
}
