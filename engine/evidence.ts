// The evidence store: every item is redacted on the way in and gets a short stable id.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvidenceStore } from './context.ts';
import type { Evidence, HttpEvidence } from './types.ts';
import { redactBody, redactHeaders, redactRepeatedHeaders, redactText, redactUrl } from './redact.ts';

/** Cap on stored items so a runaway collector cannot fill the results file. */
const MAX_ITEMS = 5_000;

export class MemoryEvidenceStore implements EvidenceStore {
  #items = new Map<string, Evidence>();
  #counter = 0;
  #dropped = 0;
  constructor(private readonly outDir?: string) {}

  #nextId(prefix: string): string {
    this.#counter += 1;
    return `${prefix}-${String(this.#counter).padStart(4, '0')}`;
  }

  #put(e: Evidence): string {
    if (this.#items.size >= MAX_ITEMS) {
      this.#dropped += 1;
      return e.id;
    }
    this.#items.set(e.id, e);
    return e.id;
  }

  addHttp(e: Omit<HttpEvidence, 'id' | 'kind'>): string {
    const id = this.#nextId('http');
    const reqBody = redactBody(e.request.body, e.request.headers['content-type']);
    const request = {
      ...e.request,
      url: e.request.url ? redactUrl(e.request.url) : undefined,
      headers: redactHeaders(e.request.headers),
      ...(e.request.repeatedHeaders ? { repeatedHeaders: redactRepeatedHeaders(e.request.repeatedHeaders) } : {}),
      body: reqBody.text,
      ...(reqBody.truncated ? { bodyTruncated: true } : {}),
    };
    let response = e.response;
    if (response) {
      const resBody = redactBody(response.body, response.headers['content-type']);
      response = {
        ...response,
        headers: redactHeaders(response.headers),
        ...(response.repeatedHeaders ? { repeatedHeaders: redactRepeatedHeaders(response.repeatedHeaders) } : {}),
        body: resBody.text,
        ...(resBody.truncated ? { bodyTruncated: true } : {}),
      };
    }
    return this.#put({ ...e, kind: 'http', id, request, response, error: e.error ? redactText(e.error) : undefined });
  }

  addText(label: string, text: string, contentType = 'text/plain'): string {
    const id = this.#nextId('text');
    return this.#put({ kind: 'text', id, label, contentType, text: redactText(text) });
  }

  addFile(label: string, bytes: Uint8Array, contentType: string, ext: string): string {
    const id = this.#nextId('file');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const rel = join('evidence', `${sha256}.${ext.replace(/^\./, '')}`);
    if (this.outDir) {
      mkdirSync(join(this.outDir, 'evidence'), { recursive: true });
      writeFileSync(join(this.outDir, rel), bytes);
    }
    return this.#put({ kind: 'file', id, label, contentType, path: rel, sha256 });
  }

  get(id: string): Evidence | undefined {
    return this.#items.get(id);
  }

  all(): Record<string, Evidence> {
    return Object.fromEntries(this.#items);
  }

  /** Items refused past MAX_ITEMS (reported as a run warning). */
  dropped(): number {
    return this.#dropped;
  }
}
