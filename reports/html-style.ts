// The report's one stylesheet and the Content-Security-Policy that admits only it (by hash).
import { createHash } from 'node:crypto';

// Colours are dark text on light tints (contrast ≥ 7:1); status is always spelled out in text too.
export const STYLE = `
:root{color-scheme:light;--fg:#1b1f24;--muted:#4a525c;--line:#c9d0d8;--bg:#fff;--soft:#f4f6f8}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header,main,footer,nav{max-width:72rem;margin:0 auto;padding:0 1rem}
header{padding-top:1rem}
h1{font-size:1.6rem;margin:.2rem 0}
h2{font-size:1.3rem;margin:2rem 0 .6rem;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
.muted{color:var(--muted)}
nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;padding:0;margin:.6rem 0}
a{color:#0b4f9c}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem;font-size:.93rem}
caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{background:var(--soft)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
th[scope=row] code{white-space:nowrap}
code{font:.88rem/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
pre{font:.85rem/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);border:1px solid var(--line);padding:.5rem;margin:.3rem 0;white-space:pre-wrap;overflow-wrap:anywhere}
.badge{display:inline-block;padding:0 .4rem;border-radius:.25rem;font-weight:600;white-space:nowrap;border:1px solid currentColor}
.o-pass{color:#0b5a1e;background:#e6f4ea}
.o-fail,.s-critical,.s-high{color:#8b0f12;background:#fdeaea}
.o-error{color:#5a1b86;background:#f3eafb}
.o-needs-review,.s-medium{color:#6a4a00;background:#fff4d1}
.o-not-applicable,.o-skipped,.s-low,.s-info{color:#3a4350;background:#eef1f4}
.verdict{border:2px solid currentColor;border-left-width:.6rem;padding:.6rem 1rem;margin:1rem 0;border-radius:.25rem}
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
summary{cursor:pointer}
footer{margin:2rem auto;color:var(--muted);font-size:.85rem}
`;

const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');
/** Allows exactly the inline stylesheet above and nothing else. */
export const CSP = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action 'none'`;
