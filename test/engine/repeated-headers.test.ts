// Evidence keeps a header sent several times as separate values (two Set-Cookie lines stay two), each
// redacted on its own, through to results.json; checks still read one joined string per header.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryEvidenceStore } from '../../engine/evidence.ts';
import { ScopedHttpClient } from '../../engine/http.ts';
import { REDACTED } from '../../engine/redact.ts';
import type { Target } from '../../engine/target.ts';
import type { HttpEvidence, Results } from '../../engine/types.ts';
import { writeReports } from '../../reports/index.ts';
import { validateResults } from '../../reports/schema.ts';
import { sampleResults } from '../reports/sample-results.ts';

const dir = mkdtempSync(join(tmpdir(), 'pc-headers-'));
let server: Server | undefined;
let client: ScopedHttpClient | undefined;
afterAll(async () => {
  await client?.close();
  server?.closeAllConnections();
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('repeated response headers', () => {
  it('are kept as separate, separately redacted values in the evidence and in results.json', async () => {
    server = createServer((_req, res) => {
      res.setHeader('set-cookie', ['session=abc123; Secure; HttpOnly', 'csrf=xyz789; Secure; SameSite=Strict']);
      res.setHeader('vary', 'accept');
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const target: Target = {
      name: 't',
      kind: 'remote',
      apiBaseUrl: `${base}/api/v1`,
      tokenUrl: `${base}/oauth/token`,
      jwksUrl: '',
      allowedHosts: [new URL(base).host],
      ca: [],
      credentials: {},
      notes: [],
    };
    const evidence = new MemoryEvidenceStore();
    client = new ScopedHttpClient({ target, evidence, token: async () => 't' });
    const ex = await client.request({ method: 'GET', url: '/things' });

    // The exchange checks read is unchanged: one string per header.
    expect(typeof ex.headers['set-cookie']).toBe('string');
    expect(ex.headers['set-cookie']!.split('\n')).toHaveLength(2);

    const ev = evidence.get(ex.evidenceId!) as HttpEvidence;
    expect(ev.response!.repeatedHeaders).toEqual({
      'set-cookie': [`session=${REDACTED}; Secure; HttpOnly`, `csrf=${REDACTED}; Secure; SameSite=Strict`],
    });
    expect(ev.response!.headers.vary).toBe('accept');

    const results: Results = { ...sampleResults(), evidence: { [ev.id]: ev } };
    // Only the one fail's first finding points at it, so the HTML shows it once.
    const failing = results.checks.findIndex((c) => c.outcome === 'fail' && c.findings.length);
    results.checks = results.checks.map((c, i) => ({
      ...c,
      evidence: [],
      findings: c.findings.map((f, j) => ({ ...f, evidence: i === failing && j === 0 ? [ev.id] : [] })),
    }));
    expect(validateResults(JSON.parse(JSON.stringify(results)))).toEqual({ valid: true, errors: [] });
    await writeReports(results, dir, ['json', 'html']);
    const written = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Results;
    const back = written.evidence[ev.id] as HttpEvidence;
    expect(back.response!.repeatedHeaders!['set-cookie']).toHaveLength(2);
    expect(JSON.stringify(written)).not.toMatch(/abc123|xyz789/);
    // The HTML shows each Set-Cookie on its own line.
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html.match(/set-cookie: /g) ?? []).toHaveLength(2);
  });
});
