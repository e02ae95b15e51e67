// The certificate page (certificate.html): a pure function of a certificate's payload, self-contained like
// report.html (no scripts, no external resources, one inline stylesheet admitted by hash) and laid out for
// printing to PDF (A4, no navigation chrome, tables not split mid-row). Elements a reader or a test looks
// for carry data-field / data-area attributes.
import { createHash } from 'node:crypto';
import { escapeHtml } from './escape.ts';
import { STYLE } from './html-style.ts';
import { OUTCOME_LABEL } from './format.ts';
import { AREAS, type Outcome } from '../engine/types.ts';
import type { AreaVerdict, Certificate } from './certificate.ts';

const e = escapeHtml;

const CERT_STYLE = `${STYLE}
.cert-head{border:2px solid var(--fg);padding:.8rem 1rem;margin:1rem 0;border-radius:.25rem}
.cert-head h1{font-size:1.5rem}
.fingerprint{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.a-conformant{color:#0b5a1e;background:#e6f4ea}
.a-not-conformant{color:#8b0f12;background:#fdeaea}
.a-not-run{color:#3a4350;background:#eef1f4}
@page{size:A4;margin:15mm}
@media print{
  body{font-size:10.5pt}
  header,main,footer{max-width:none;padding:0}
  a{color:inherit;text-decoration:none}
  table,dl{break-inside:auto}
  tr,h2,h3,.cert-head{break-inside:avoid}
  h2{break-after:avoid}
  .badge,.verdict,.a-conformant,.a-not-conformant,.a-not-run{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;

const CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(CERT_STYLE).digest('base64')}'; base-uri 'none'; form-action 'none'`;

const AREA_LABEL: Record<AreaVerdict, string> = {
  conformant: 'Conformant',
  'not-conformant': 'Not conformant',
  'not-run': 'Not run',
};

function row(field: string, label: string, value: string): string {
  return `<dt>${e(label)}</dt><dd data-field="${e(field)}">${value}</dd>`;
}

function table(caption: string, head: string[], rows: string[][]): string {
  const th = head.map((h) => `<th scope="col">${e(h)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${c}</th>` : `<td>${c}</td>`)).join('')}</tr>`)
    .join('\n');
  return `<table><caption>${e(caption)}</caption><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const outcomeBadge = (o: Outcome): string => `<span class="badge o-${e(o)}">${e(OUTCOME_LABEL[o] ?? o)}</span>`;
const code = (s: string): string => `<code>${e(s)}</code>`;

export function renderCertificateHtml(c: Certificate): string {
  const conformant = c.verdict.status === 'conformant';
  const endpoints: Array<[string, string, string | undefined]> = [
    ['api', 'API', c.target.api.url],
    ['token-endpoint', 'Token endpoint', c.target.tokenEndpoint?.url],
    ['portal', 'Portal', c.target.portal?.url],
  ];
  const areas = AREAS.map((a) => {
    const v = c.verdict.areas[a];
    const counts = v.counts;
    return [
      e(a),
      `<span class="badge a-${e(v.status)}" data-area="${e(a)}" data-status="${e(v.status)}">${e(AREA_LABEL[v.status])}</span>`,
      counts ? e(`${counts.pass} passed, ${counts.fail} failed, ${counts['needs-review']} to review`) : '',
      v.blocking.map(code).join(', '),
    ];
  });
  const waivers = c.waivers.length
    ? table(
        `${c.waivers.length} waived check(s): the outcome shown is as measured`,
        ['Check', 'Outcome', 'Owner', 'Expires', 'Reason'],
        c.waivers.map((w) => [
          `<span data-waiver="${e(w.check)}">${code(w.check)}</span>`,
          outcomeBadge(w.outcome),
          e(w.owner),
          e(w.expires),
          e(w.reason),
        ]),
      )
    : '<p data-field="waivers-none">No check was waived.</p>';
  const requirements = table(
    `${c.requirements.length} requirements`,
    ['Requirement', 'Status', 'Level', 'Area', 'Places probed', 'Covered by'],
    c.requirements.map((q) => [
      `<span data-requirement="${e(q.id)}" data-status="${e(q.status)}">${e(q.id)}</span>`,
      e(q.status),
      e(q.level),
      e(q.area),
      q.places ? e(`${q.places.probed} of ${q.places.planned}`) : '—',
      q.coveredBy.map(code).join(', '),
    ]),
  );
  const files = table(
    `${c.files.length} certified files (SHA-256)`,
    ['File', 'Role', 'Bytes', 'SHA-256'],
    c.files.map((f) => [
      code(f.path),
      e(f.role),
      e(String(f.bytes)),
      `<span class="fingerprint">${e(f.sha256)}</span>`,
    ]),
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${e(CSP)}">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="${e(`${c.issuer.name} ${c.issuer.version}`)}">
<title>${e(`Certificate: ${c.member.name}, ${c.profile.title}`)}</title>
<style>${CERT_STYLE}</style>
</head>
<body>
<header>
<p class="muted">${e(c.issuer.name)} ${e(c.issuer.version)} · conformance certificate <code data-field="certificate-id">${e(c.id)}</code></p>
</header>
<main>
<section class="cert-head" aria-labelledby="member">
<h1 id="member" data-field="member">${e(c.member.name)}</h1>
<p>${e(c.profile.title)} (<code data-field="profile">${e(c.profile.id)}</code> <span data-field="profile-version">${e(c.profile.version)}</span>)</p>
</section>
<section id="verdict" class="verdict v-${e(c.verdict.status)}" aria-labelledby="verdict-h" data-field="verdict" data-status="${e(c.verdict.status)}">
<h2 id="verdict-h">Verdict: ${conformant ? 'Conformant' : 'Not conformant'}</h2>
<p>${e(c.verdict.reason)}</p>
</section>
<section id="validity" aria-labelledby="validity-h">
<h2 id="validity-h">Validity and signature</h2>
<dl class="facts">
${row('issued-at', 'Issued', e(c.issuedAt))}
${row('valid-from', 'Valid from', `<time datetime="${e(c.validFrom)}">${e(c.validFrom)}</time>`)}
${row('valid-until', 'Valid until', `<time datetime="${e(c.validUntil)}">${e(c.validUntil)}</time>`)}
${row('validity-months', 'Validity (profile)', e(`${c.profile.validityMonths} months`))}
${row('key-fingerprint', 'Signing key (RFC 7638 thumbprint, SHA-256)', `<span class="fingerprint">${e(c.signer.keyThumbprint)}</span>`)}
${row('algorithm', 'Signature algorithm', e(c.signer.alg))}
</dl>
<p class="muted">This page is a rendering. The signed certificate is certificate.jws: check it with <code>port-conformance verify certificate.jws --key KEY --evidence DIR</code>, and compare the signing key's thumbprint with the one the consortium publishes.</p>
</section>
<section id="target" aria-labelledby="target-h">
<h2 id="target-h">Member and run</h2>
<dl class="facts">
${endpoints
  .filter((x): x is [string, string, string] => x[2] !== undefined)
  .map(([field, label, url]) => row(field, label, code(url)))
  .join('\n')}
${row('target-kind', 'Target kind', e(c.target.kind))}
${row('harness', 'Harness', e(`${c.harness.name} ${c.harness.version}`))}
${row('run-id', 'Run', code(c.run.id))}
${row('run-time', 'Run time', e(`${c.run.startedAt} to ${c.run.finishedAt}`))}
${row('suites', 'Suites', e(c.run.suites.join(', ')))}
${row('seed', 'Seed', e(String(c.run.seed)))}
${row('unprobed-places', 'Unprobed places (profile)', e(c.profile.unprobedPlaces))}
</dl>
</section>
<section id="areas" aria-labelledby="areas-h">
<h2 id="areas-h">Verdict per area</h2>
${table('Areas', ['Area', 'Verdict', 'Checks', 'Blocking'], areas)}
</section>
<section id="waivers" aria-labelledby="waivers-h">
<h2 id="waivers-h">Waivers</h2>
${waivers}
</section>
<section id="requirements" aria-labelledby="requirements-h">
<h2 id="requirements-h">Requirements</h2>
${requirements}
</section>
<section id="files" aria-labelledby="files-h">
<h2 id="files-h">Certified files</h2>
${files}
</section>
</main>
<footer><p>Certificate format ${e(c.certificateVersion)}; results schema ${e(c.run.resultsSchemaVersion)}.</p></footer>
</body>
</html>
`;
}
