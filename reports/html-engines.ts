// The items two engines judged (--tls-engine testssl: Node's TLS prober and testssl.sh), per check: each
// engine's verdict and whether they agree. Disagreements are also needs-review findings (Findings); this
// section shows what the second engine confirmed as well, so a reader can see how far the verdict rests on
// both. Absent when no check has items of more than one engine.
import { badge, checkLink, detailedChecks, e } from './html-common.ts';
import type { HtmlContext } from './html-common.ts';
import type { CheckResult, EngineItem, EngineVerdict } from '../engine/types.ts';

const VERDICT_CLASS: Record<EngineVerdict, string> = { pass: 'o-pass', fail: 'o-fail', unknown: 'o-skipped' };
const VERDICT_LABEL: Record<EngineVerdict, string> = { pass: 'Pass', fail: 'Fail', unknown: 'Could not tell' };

/** agree true, false, or absent (fewer than two engines could tell). */
type Agreement = 'agree' | 'disagree' | 'undecided';

function agreementOf(item: EngineItem): Agreement {
  return item.agree === undefined ? 'undecided' : item.agree ? 'agree' : 'disagree';
}

const AGREEMENT_CELL: Record<Agreement, string> = {
  agree: badge('o-pass', 'Agree'),
  disagree: badge('o-needs-review', 'Disagree'),
  undecided: '<span class="muted">Fewer than two could tell</span>',
};

/** Engine names in a stable order: node first (the built-in engine), then the others by name. */
function engineNames(items: readonly EngineItem[]): string[] {
  const names = [...new Set(items.flatMap((i) => Object.keys(i.verdicts)))];
  return names.sort((a, b) => (a === 'node' ? -1 : b === 'node' ? 1 : a < b ? -1 : a > b ? 1 : 0));
}

function verdictCell(v: EngineVerdict | undefined): string {
  return v ? badge(VERDICT_CLASS[v], VERDICT_LABEL[v]) : '<span class="muted">Not judged</span>';
}

function checkEngines(c: CheckResult, items: EngineItem[], ctx: HtmlContext, linked: boolean): string {
  const engines = engineNames(items);
  const count = (a: Agreement) => items.filter((i) => agreementOf(i) === a).length;
  const [agree, disagree, undecided] = [count('agree'), count('disagree'), count('undecided')];
  const head = ['Host', 'Item', ...engines.map((n) => `Engine: ${n}`), 'Agreement']
    .map((h) => `<th scope="col">${e(h)}</th>`)
    .join('');
  const rows = items
    .map((i) => {
      const verdictAttrs = engines
        .filter((n) => i.verdicts[n])
        .map((n) => ` data-verdict-${e(n.replace(/[^a-z0-9-]/gi, '-').toLowerCase())}="${e(i.verdicts[n]!)}"`)
        .join('');
      return `<tr data-engine-item="${e(i.item)}" data-host="${e(i.host)}" data-agreement="${agreementOf(i)}"${verdictAttrs}><td><code>${e(i.host)}</code></td><th scope="row">${e(i.item)}</th>${engines
        .map((n) => `<td>${verdictCell(i.verdicts[n])}</td>`)
        .join('')}<td>${AGREEMENT_CELL[agreementOf(i)]}</td></tr>`;
    })
    .join('\n');
  const summary = `${items.length} item${items.length === 1 ? '' : 's'} judged by ${engines.map(e).join(' and ')}: ${agree} agree, ${disagree} disagree${undecided ? `, ${undecided} with fewer than two verdicts` : ''}`;
  // Open when they disagree: that is what a reader came for. The link to the check's findings stays out of
  // <summary> (a link inside it is nested interactive content, axe's nested-interactive).
  return `<details class="engines" data-engine-check="${e(c.id)}" data-disagreements="${disagree}"${disagree ? ' open' : ''}>
<summary><code>${e(c.id)}</code>: ${summary}</summary>
${linked ? `<p>${checkLink(c.id, ctx, true)} is detailed in Findings.</p>\n` : ''}<div class="table-wrap"><table><caption>${e(`${c.id}: items judged by more than one engine`)}</caption><thead><tr>${head}</tr></thead><tbody>
${rows}
</tbody></table></div>
</details>`;
}

export function enginesSection(ctx: HtmlContext): string {
  const disagreements = (c: CheckResult) => (c.engines ?? []).filter((i) => agreementOf(i) === 'disagree').length;
  // Checks with a disagreement first (stable: otherwise in the results' order).
  const judged = ctx.results.checks
    .filter((c) => (c.engines ?? []).length > 0)
    .sort((a, b) => disagreements(b) - disagreements(a));
  if (!judged.length) return '';
  const detailed = new Set(detailedChecks(ctx.results).map((c) => c.id));
  const items = judged.flatMap((c) => c.engines!);
  const disagree = items.filter((i) => agreementOf(i) === 'disagree').length;
  return `<section id="engines" aria-labelledby="engines-h">
<h2 id="engines-h">Engines</h2>
<p class="muted">${items.length} item${items.length === 1 ? '' : 's'} in ${judged.length} check${judged.length === 1 ? '' : 's'} judged by more than one engine (${engineNames(items).map(e).join(', ')}); ${disagree} disagreement${disagree === 1 ? '' : 's'}, each also a needs-review finding.</p>
${judged.map((c) => checkEngines(c, c.engines!, ctx, detailed.has(c.id))).join('\n')}
</section>`;
}
