// A self-contained HTML report, rendered on the server: nothing loaded, every value through escapeHtml
// (evidence bodies and headers come from the target), a CSP that admits only the one stylesheet and the
// one small script by hash. The page leads with the verdict and the failures by severity; the findings
// follow grouped by severity, with filters the script enables (without JavaScript everything is listed,
// and <details> does the expanding). Sections live in html-overview, html-findings, html-load,
// html-coverage, html-engines; evidence (rendered once, then linked) in html-evidence.
import { Anchors, e } from './html-common.ts';
import type { HtmlContext } from './html-common.ts';
import { EvidenceRenderer } from './html-evidence.ts';
import {
  areasSection,
  baselineSection,
  blockingSection,
  owaspSection,
  severitySection,
  verdictSection,
} from './html-overview.ts';
import { enginesSection } from './html-engines.ts';
import { checksSection, findingsSection } from './html-findings.ts';
import { renderLoadSection } from './html-load.ts';
import { requirementsSection, runSection, waiversSection } from './html-coverage.ts';
import { SCRIPT } from './html-script.ts';
import { CSP, STYLE } from './html-style.ts';
import { VERDICT_LABEL } from './format.ts';
import type { Results } from '../engine/types.ts';
import type { Certificate } from './certificate.ts';
import { certificateSection } from './html-certificate.ts';

export interface HtmlOptions {
  /** The payload of a certificate of this run (`certify`): the report gains its certificate page. */
  certificate?: Certificate;
}

export function renderHtml(results: Results, options: HtmlOptions = {}): string {
  const ctx: HtmlContext = {
    results,
    anchors: new Anchors(),
    known: new Set(results.requirements.map((q) => q.id)),
  };
  const evidence = new EvidenceRenderer(results);
  const profile = results.run.profile;
  const target = results.target.name ?? results.target.apiBaseUrl;
  const title = `${VERDICT_LABEL[results.verdict.status] ?? results.verdict.status}: ${target}, ${profile.title}`;
  // Rendered in reading order, so anchors and the first showing of each piece of evidence follow it.
  // With a baseline, what is new comes first.
  const parts: Array<[id: string, label: string, html: string]> = [
    ['new', 'New since baseline', baselineSection(ctx)],
    ['verdict', 'Verdict', verdictSection(ctx)],
    ['certificate', 'Certificate', certificateSection(options.certificate)],
    ['severity', 'By severity', severitySection(ctx)],
    ['blocking', 'Blocking', blockingSection(ctx)],
    ['areas', 'Areas', areasSection(ctx)],
    ['owasp', 'OWASP', owaspSection(ctx)],
    ['findings', 'Findings', findingsSection(ctx, evidence)],
    ['load', 'Load', renderLoadSection(results, ctx.anchors)],
    ['checks', 'All checks', checksSection(ctx)],
    ['engines', 'Engines', enginesSection(ctx)],
    ['waivers', 'Waivers', waiversSection(ctx)],
    ['requirements', 'Requirement coverage', requirementsSection(ctx)],
    ['run', 'Run', runSection(ctx)],
  ];
  const present = parts.filter(([, , html]) => html);
  const nav = present.map(([id, label]) => `<li><a href="#${id}">${e(label)}</a></li>`).join('');
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
<p class="muted">${e(results.tool.name)} ${e(results.tool.version)} · conformance report · ${e(profile.title)} (<code>${e(profile.id)}</code> ${e(profile.version)}) · run <code>${e(results.run.id)}</code> · ${e(results.run.startedAt)}</p>
<h1>${e(target)}</h1>
</header>
<nav aria-label="Report sections"><ul>${nav}</ul></nav>
<main>
${present.map(([, , html]) => html).join('\n')}
</main>
<footer><p>Rendered from results schema ${e(results.schemaVersion)}; evidence is redacted at capture.</p></footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
