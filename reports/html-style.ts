// The report's one stylesheet and the Content-Security-Policy that admits only it and the one script
// (by hash), plus evidence images beside the report.
import { createHash } from 'node:crypto';
import { SCRIPT } from './html-script.ts';

// Colours are dark text on light tints (contrast ≥ 7:1); status is always spelled out in text too.
export const STYLE = `
:root{color-scheme:light;--fg:#1b1f24;--muted:#4a525c;--line:#c9d0d8;--bg:#fff;--soft:#f4f6f8}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header,main,footer,nav{max-width:76rem;margin:0 auto;padding:0 1rem}
[hidden]{display:none!important}
header{padding-top:1rem}
h1{font-size:1.6rem;margin:.2rem 0}
h2{font-size:1.3rem;margin:2rem 0 .6rem;border-bottom:1px solid var(--line)}
h3{font-size:1.1rem;margin:1.2rem 0 .4rem}
h4{font-size:1rem;margin:.6rem 0 .3rem}
.muted{color:var(--muted)}
nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;padding:0;margin:.6rem 0}
a{color:#0b4f9c}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem;font-size:.93rem}
table.fixed{table-layout:fixed}
.table-wrap{max-width:100%;overflow-x:auto}
td,th{overflow-wrap:anywhere}
.w5{width:5%}.w8{width:8%}.w10{width:10%}.w12{width:12%}.w15{width:15%}.w20{width:20%}.w25{width:25%}.w30{width:30%}.w35{width:35%}
caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{background:var(--soft)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code{font:.88rem/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
pre{font:.85rem/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);border:1px solid var(--line);padding:.5rem;margin:.3rem 0;white-space:pre-wrap;overflow-wrap:anywhere;max-width:100%;max-height:32rem;overflow:auto}
.badge{display:inline-block;padding:0 .4rem;border-radius:.25rem;font-weight:600;white-space:nowrap;border:1px solid currentColor}
.o-pass{color:#0b5a1e;background:#e6f4ea}
.o-fail,.s-critical,.s-high{color:#8b0f12;background:#fdeaea}
.o-error{color:#5a1b86;background:#f3eafb}
.o-needs-review,.s-medium{color:#6a4a00;background:#fff4d1}
.o-not-applicable,.o-skipped,.s-low,.s-info{color:#3a4350;background:#eef1f4}
.verdict{border:2px solid currentColor;border-left-width:.6rem;padding:.4rem 1rem;margin:.6rem 0;border-radius:.25rem}
.verdict h2{border:0;margin:0;font-size:1.4rem}
.v-conformant{color:#0b5a1e;background:#e6f4ea}
.v-not-conformant,.v-unreachable,.v-error{color:#8b0f12;background:#fdeaea}
.v-incomplete{color:#6a4a00;background:#fff4d1}
.verdict p{color:var(--fg);margin:.3rem 0}
article.check{border:1px solid var(--line);border-radius:.25rem;padding:.2rem 1rem .6rem;margin:1rem 0}
ol.findings>li{margin:.6rem 0}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.4rem 0}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0}
details{margin:.3rem 0}
main,section,article,li,dd,p{overflow-wrap:anywhere;min-width:0}
.sev-row{display:flex;flex-wrap:wrap;gap:1rem 2rem;align-items:center}
ul.sev-counts{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.4rem 1.4rem}
ul.sev-counts .big{font-size:1.6rem;font-weight:700;font-variant-numeric:tabular-nums}
svg.chart{max-width:100%;height:auto}
ul.cards{list-style:none;padding:0;margin:.4rem 0;display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));gap:.6rem}
.card{border:1px solid var(--line);border-radius:.25rem;padding:.3rem .8rem}
.card.bad{border-left:.35rem solid #8b0f12}
.card h3{margin:.2rem 0;font-size:1rem}
.card p{margin:.2rem 0}
dl.counts{display:grid;grid-template-columns:1fr auto;margin:0;gap:0 .6rem}
dl.counts dt{font-weight:400}dl.counts dd{margin:0;text-align:right;font-variant-numeric:tabular-nums}
ul.owasp{columns:2 28rem;padding-left:1.2rem;margin:.4rem 0}
ul.owasp li{break-inside:avoid}
ul.tight{margin:.3rem 0;padding-left:1.2rem}
.filters{display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:end;padding:.5rem .8rem;background:var(--soft);border:1px solid var(--line);border-radius:.25rem}
.filters label{display:flex;flex-direction:column;font-size:.85rem;font-weight:600}
.filters select,.filters input{font:inherit;font-weight:400;max-width:14rem}
.filters p{margin:0;flex-basis:100%}
.evidence{border-left:3px solid var(--line);padding-left:.6rem;margin:.4rem 0}
.ev-title{font-weight:600}
img.shot{display:block;max-width:100%;height:auto;border:1px solid var(--line)}
.remedy{background:#e6f4ea;padding:.3rem .6rem;border-radius:.25rem}
@media print{
  .filters,nav{display:none!important}
  #findings [hidden]:not(.filters){display:revert!important}
  details>summary{list-style:none}
  pre{max-height:none;overflow:visible}
  .table-wrap{overflow:visible}
  article.check,li[data-finding]{break-inside:avoid-page}
}
summary{cursor:pointer}
footer{margin:2rem auto;color:var(--muted);font-size:.85rem}
`;

const hash = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
/**
 * Allows exactly the inline stylesheet and script and images from beside the report (evidence/), nothing
 * else: even an escaping bug could not run another script or reach the network.
 */
export const CSP = `default-src 'none'; style-src ${hash(STYLE)}; script-src ${hash(SCRIPT)}; img-src 'self'; base-uri 'none'; form-action 'none'`;
