// Shared pieces of the HTML report: escaping, element ids, badges, tables and the severity order.
import { escapeHtml } from './escape.ts';
import { ATTENTION_OUTCOMES, OUTCOME_LABEL, SEVERITY_LABEL } from './format.ts';
import { SEVERITIES, severityRank } from '../engine/types.ts';
import type { CheckResult, Results, Severity } from '../engine/types.ts';

export const e = escapeHtml;

/** Element ids derived from data, made safe and unique within one report. */
export class Anchors {
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

/** What every section renderer needs besides the results. */
export interface HtmlContext {
  results: Results;
  anchors: Anchors;
  /** Requirement ids this results file describes (links to them resolve). */
  known: Set<string>;
}

export const badge = (cls: string, text: string): string => `<span class="badge ${cls}">${e(text)}</span>`;
export const outcomeBadge = (c: CheckResult): string => badge(`o-${c.outcome}`, OUTCOME_LABEL[c.outcome] ?? c.outcome);
export const severityLabel = (s: Severity): string => SEVERITY_LABEL[s] ?? s;
// Severity is coloured only where something failed: a red "High" next to a pass would contradict it.
export const severityBadge = (severity: Severity, failed: boolean): string =>
  failed ? badge(`s-${severity}`, severityLabel(severity)) : e(severityLabel(severity));
export const failedCheck = (c: CheckResult): boolean => c.outcome === 'fail' || c.outcome === 'error';

/** Severities in the order a reader triages them, worst first. */
export const SEVERITY_ORDER: readonly Severity[] = [...SEVERITIES].sort((a, b) => severityRank(b) - severityRank(a));

/** Worst severity first, then blocking before the rest, then by id: the order of every list of checks. */
export function bySeverity(a: CheckResult, b: CheckResult): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    ATTENTION_OUTCOMES.indexOf(a.outcome) - ATTENTION_OUTCOMES.indexOf(b.outcome) ||
    a.id.localeCompare(b.id)
  );
}

/** Checks that get a detail block: everything that did not pass cleanly. */
export function detailedChecks(r: Results): CheckResult[] {
  return r.checks.filter((c) => ATTENTION_OUTCOMES.includes(c.outcome));
}

/** Only http(s) URLs become links; anything else (javascript:, data:) is shown as text. */
export function externalLink(url: string | undefined, text: string): string {
  return url && /^https?:\/\//i.test(url) ? `<a href="${e(url)}" rel="noreferrer">${e(text)}</a>` : e(text);
}

export function facts(rows: Array<[string, string | undefined]>): string {
  const items = rows
    .filter((r): r is [string, string] => r[1] !== undefined && r[1] !== '')
    .map(([k, v]) => `<dt>${e(k)}</dt><dd>${v}</dd>`)
    .join('');
  return items ? `<dl class="facts">${items}</dl>` : '';
}

/**
 * A table that stays inside the page: fixed layout with the given column widths (classes w5…w30 of the
 * stylesheet, percentages; the CSP admits no style attributes), inside a container that scrolls on its
 * own if a cell still cannot wrap.
 */
export function table(
  caption: string,
  head: string[],
  rows: string[][],
  numeric: number[] = [],
  widths?: string[],
): string {
  const cols = widths ? `<colgroup>${widths.map((w) => `<col class="${w}">`).join('')}</colgroup>` : '';
  const th = head.map((h, i) => `<th scope="col"${numeric.includes(i) ? ' class="num"' : ''}>${e(h)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((cell, i) => (i === 0 ? `<th scope="row">${cell}</th>` : `<td${numeric.includes(i) ? ' class="num"' : ''}>${cell}</td>`)).join('')}</tr>`,
    )
    .join('\n');
  return `<div class="table-wrap"><table${widths ? ' class="fixed"' : ''}><caption>${e(caption)}</caption>${cols}<thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

export function requirementLinks(ids: string[], ctx: HtmlContext): string {
  return ids
    .map((id) => (ctx.known.has(id) ? `<a href="#${ctx.anchors.id('req', id)}">${e(id)}</a>` : e(id)))
    .join(', ');
}

export function checkLink(id: string, ctx: HtmlContext, linked: boolean): string {
  return linked ? `<a href="#${ctx.anchors.id('check', id)}"><code>${e(id)}</code></a>` : `<code>${e(id)}</code>`;
}

export const cweLink = (n: number): string =>
  `<a href="https://cwe.mitre.org/data/definitions/${encodeURIComponent(String(n))}.html" rel="noreferrer">CWE-${e(String(n))}</a>`;
