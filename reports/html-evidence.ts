// Evidence in the HTML report: each piece rendered once (where it is first cited) and linked from
// everywhere else, bodies pretty-printed when they are compact JSON and cut at BODY_LIMIT characters,
// so a run with hundreds of findings citing the same exchanges stays a few megabytes.
import { e } from './html-common.ts';
import { describeEvidence, formatDuration } from './format.ts';
import type { Evidence, HttpMessageRecord, Results } from '../engine/types.ts';

/** Characters of a body or text shown; the rest stays in results.json. */
export const BODY_LIMIT = 8 * 1024;

function prettyBody(body: string, truncatedAtCapture: boolean): string {
  // Captured bodies are pretty-printed already when they parsed; a compact one is re-indented here.
  if (truncatedAtCapture || body.includes('\n') || !/^\s*[[{]/.test(body)) return body;
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function cut(text: string, evidenceId: string): string {
  if (text.length <= BODY_LIMIT) return text;
  const rest = Math.ceil((text.length - BODY_LIMIT) / 1024);
  return `${text.slice(0, BODY_LIMIT)}\n\n[${rest} KB more not shown here: see evidence "${evidenceId}" in results.json]`;
}

function httpMessage(side: 'request' | 'response', first: string, m: HttpMessageRecord, evidenceId: string): string {
  // A header that came several times is shown as it came: one line per value.
  const headers = Object.entries(m.headers).flatMap(([k, v]) =>
    (m.repeatedHeaders?.[k] ?? [v]).map((value) => `${k}: ${value}`),
  );
  const lines = [first, ...headers];
  const body =
    m.body !== undefined && m.body !== '' ? `\n\n${cut(prettyBody(m.body, !!m.bodyTruncated), evidenceId)}` : '';
  const truncated = m.bodyTruncated ? '\n\n[body truncated at capture]' : '';
  return `<pre data-http="${side}">${e(lines.join('\n') + body + truncated)}</pre>`;
}

/** A relative path inside the results directory, or null for anything that could point elsewhere. */
function safeRelativeHref(path: string): string | null {
  // The schema already refuses absolute paths and "..", but re-check: old files are not trusted.
  const unsafe = /^[/\\]|^[A-Za-z]:|(^|[/\\])\.\.([/\\]|$)|^[A-Za-z][A-Za-z0-9+.-]*:/.test(path);
  return unsafe ? null : path.split('/').map(encodeURIComponent).join('/');
}

function fileEvidence(ev: Extract<Evidence, { kind: 'file' }>): string {
  const href = safeRelativeHref(ev.path);
  const link = href ? `<a href="${e(href)}">${e(ev.path)}</a>` : `<code>${e(ev.path)}</code>`;
  const image =
    href && /^image\/(png|jpeg|gif|webp)$/i.test(ev.contentType)
      ? `<img class="shot" src="${e(href)}" alt="${e(ev.label ?? 'Screenshot')}" loading="lazy">`
      : '';
  return `<p>File ${link} (${e(ev.contentType)}), SHA-256 <code>${e(ev.sha256)}</code></p>${image}`;
}

function evidenceBody(ev: Evidence): string {
  switch (ev.kind) {
    case 'http': {
      const req = ev.request;
      const parts = [
        `<p>Request${ev.operationId ? ` (<code>${e(ev.operationId)}</code>)` : ''}, started ${e(ev.startedAt)}, took ${e(formatDuration(ev.durationMs))}</p>`,
        httpMessage('request', `${req.method ?? ''} ${req.url ?? ''}`.trim(), req, ev.id),
      ];
      if (ev.response)
        parts.push(
          '<p>Response</p>',
          httpMessage('response', `HTTP ${ev.response.status ?? '(no status)'}`, ev.response, ev.id),
        );
      if (ev.error) parts.push(`<p>No response: ${e(ev.error)}</p>`);
      return parts.join('\n');
    }
    case 'text':
      return `<p>${e(ev.contentType)}</p><pre>${e(cut(ev.text, ev.id))}</pre>`;
    case 'file':
      return fileEvidence(ev);
    default:
      // A kind added by a newer minor version.
      return `<pre>${e(cut(JSON.stringify(ev, null, 2), String((ev as { id?: unknown }).id)))}</pre>`;
  }
}

/** Renders each evidence id once; later citations link to the first. */
export class EvidenceRenderer {
  private readonly shown = new Map<string, string>();
  constructor(private readonly results: Results) {}

  private anchor(id: string): string {
    return `ev-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  }

  /** The evidence shown in place (open), or a link to where it was shown first. */
  inline(id: string): string {
    const ev = this.results.evidence[id];
    const title = `Evidence <code>${e(id)}</code>: ${e(describeEvidence(ev))}`;
    if (!ev) return `<p data-evidence-missing="${e(id)}">${title}</p>`;
    const first = this.shown.get(id);
    if (first)
      return `<p class="muted" data-evidence-ref="${e(id)}">${title} (<a href="#${first}">shown above</a>)</p>`;
    const anchor = this.anchor(id);
    this.shown.set(id, anchor);
    return `<div class="evidence" id="${anchor}" data-evidence="${e(id)}"><p class="ev-title">${title}</p>\n${evidenceBody(ev)}</div>`;
  }

  /** The same, behind a disclosure of its own (evidence of a check that no finding cites). */
  collapsed(id: string): string {
    if (this.shown.has(id) || !this.results.evidence[id]) return this.inline(id);
    const ev = this.results.evidence[id];
    return `<details class="ev"><summary>Evidence <code>${e(id)}</code>: ${e(describeEvidence(ev))}</summary>\n${this.inline(id)}\n</details>`;
  }
}
