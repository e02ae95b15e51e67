// The dashboard's stylesheet (report.html's, plus the matrix and trend grid) and its one tiny script, and
// the Content-Security-Policy that admits exactly those two by hash and nothing else: no network, no
// other script, no images, even if an escaping bug let markup through.
import { createHash } from 'node:crypto';
import { STYLE as REPORT_STYLE } from '../reports/html-style.ts';

// Status colours are dark text on light tints (contrast ≥ 7:1); the status is always spelled out too.
export const STYLE = `${REPORT_STYLE}
.st-pass,.st-ran-conformant{color:#0b5a1e;background:#e6f4ea}
.st-fail,.st-unreachable,.st-crashed,.st-hung,.st-usage,.st-expired{color:#8b0f12;background:#fdeaea}
.st-incomplete,.st-skipped,.st-inconclusive,.st-expiring,.st-not-yet-valid{color:#6a4a00;background:#fff4d1}
.st-not-run,.st-not-tested,.st-none{color:#3a4350;background:#eef1f4}
.st-valid{color:#0b5a1e;background:#e6f4ea}
table.matrix td{white-space:nowrap}
table.matrix td.reason{white-space:normal}
ul.totals{list-style:none;padding:0;margin:.4rem 0;display:flex;flex-wrap:wrap;gap:.4rem 1.6rem}
ul.totals .big{font-size:1.5rem;font-weight:700;font-variant-numeric:tabular-nums;margin-right:.3rem}
.trend-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(24rem,1fr));gap:.6rem 1.2rem}
figure.trend{margin:.4rem 0}
figure.trend svg{width:100%;height:auto;display:block}
ol.most-failed>li{margin:.3rem 0}
@media print{
  section.member-trends,figure.trend,ol.most-failed>li{break-inside:avoid-page}
  .trend-grid{grid-template-columns:1fr 1fr}
  a{color:inherit;text-decoration:none}
}
`;

/** Printing opens every collapsed part (the members × requirements matrix, the charts' tables). */
export const SCRIPT = `addEventListener('beforeprint',function(){document.querySelectorAll('details').forEach(function(d){d.open=true})});`;

const hash = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

export const CSP = `default-src 'none'; style-src ${hash(STYLE)}; script-src ${hash(SCRIPT)}; img-src 'none'; base-uri 'none'; form-action 'none'`;
