/* eslint-disable @typescript-eslint/no-explicit-any -- tests read parsed JSON freely */
// SARIF for code scanning: results located in the member's OpenAPI document (SRCROOT) when given, else
// at URLs relative to the target (TARGET); HTTP exchanges stored once per run and bounded in size.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { operationLines, readSarifSource } from '../../cli/ci.ts';
import type { Results } from '../../engine/types.ts';
import {
  SARIF_MAX_BODY_CHARS,
  SARIF_MAX_EXCHANGES_PER_RULE,
  renderSarif,
  type SarifSource,
} from '../../reports/sarif.ts';
import { sampleResults } from './sample-results.ts';

type J = Record<string, any>;
const render = (r: Results, source?: SarifSource): J =>
  JSON.parse(JSON.stringify(renderSarif(r, source ? { source } : {}))) as J;

const OPENAPI = 'contracts/profile-v1/openapi.yaml';

describe('operationLines', () => {
  const text = readFileSync(OPENAPI, 'utf8');
  const ops = operationLines(text);
  const lines = text.split('\n');

  it('finds every operation of the profile document at its operationId line', () => {
    expect(ops.length).toBeGreaterThan(10);
    for (const op of ops) expect(lines[op.line - 1]).toMatch(new RegExp(`operationId:\\s*${op.operationId}\\b`));
  });

  it('reads JSON too, and falls back to the method key without an operationId', () => {
    const json = JSON.stringify({ paths: { '/a/{id}': { get: { operationId: 'getA' }, delete: {} } } }, null, 2);
    const jsonLines = json.split('\n');
    const found = operationLines(json);
    expect(found.map((o) => [o.method, o.path, o.operationId])).toEqual([
      ['GET', '/a/{id}', 'getA'],
      ['DELETE', '/a/{id}', undefined],
    ]);
    expect(jsonLines[found[0]!.line - 1]).toContain('"operationId"');
    expect(jsonLines[found[1]!.line - 1]).toContain('"delete"');
  });

  it('gives the path as the repository-relative uri the SARIF names', () => {
    expect(readSarifSource(`./${OPENAPI}`).uri).toBe(OPENAPI);
    expect(readSarifSource(`${process.cwd()}/${OPENAPI}`).uri).toBe(OPENAPI);
    expect(() => readSarifSource('no/such/openapi.yaml')).toThrow(/--sarif-source/);
  });
});

describe('renderSarif locations', () => {
  const results = sampleResults();

  it('puts results about an operation on its line in the source document, the URL kept as a property', () => {
    const source: SarifSource = {
      uri: 'api/openapi.yaml',
      operations: [
        { method: 'GET', path: '/port-calls/{id}', operationId: 'getPortCall', line: 40 },
        { method: 'GET', path: '/port-calls', operationId: 'listPortCalls', line: 20 },
        { method: 'OPTIONS', path: '/port-calls/{portCallId}', line: 55 },
        { method: 'OPTIONS', path: '/port-calls/{portCallId}/formalities/{type}', line: 77 },
      ],
    };
    const run = render(results, source).runs[0];
    expect(run.originalUriBaseIds.SRCROOT).toBeDefined();
    const located = (run.results as J[]).filter((r) => r.locations[0].physicalLocation?.region);
    expect(located.length).toBeGreaterThan(0);
    for (const r of located) {
      expect(r.locations[0].physicalLocation.artifactLocation).toEqual({
        uri: 'api/openapi.yaml',
        uriBaseId: 'SRCROOT',
      });
      expect(source.operations.map((o) => o.line)).toContain(r.locations[0].physicalLocation.region.startLine);
    }
    // By operationId, and by method and path template (the longest that matches) when there is none.
    for (const check of results.checks) {
      for (const f of check.findings) {
        const loc = f.location;
        const r = (run.results as J[]).find((x) => x.properties.findingId === f.id && x.ruleId === check.id);
        if (!r || !loc) continue;
        const expected = loc.operationId
          ? source.operations.find((o) => o.operationId === loc.operationId)?.line
          : undefined;
        if (expected !== undefined) expect(r.locations[0].physicalLocation.region.startLine).toBe(expected);
        if (expected !== undefined && loc.url)
          expect(r.locations[0].properties.url).toBe(new URL(loc.url).pathname + new URL(loc.url).search);
      }
    }
  });

  it('uses no SRCROOT without a source, and keeps URLs of another origin absolute', () => {
    const r = sampleResults();
    const f = r.checks.find((c) => c.findings.some((x) => x.location?.url))!.findings.find((x) => x.location?.url)!;
    f.location!.url = 'https://elsewhere.example/x';
    const run = render(r).runs[0];
    expect(run.originalUriBaseIds.SRCROOT).toBeUndefined();
    const uris = (run.results as J[]).map((x) => x.locations[0].physicalLocation?.artifactLocation);
    expect(uris).toContainEqual({ uri: 'https://elsewhere.example/x' });
  });
});

describe('renderSarif size', () => {
  /** The sample's cors-policy check with many findings sharing one large exchange. */
  function repeated(): Results {
    const r = sampleResults();
    const cors = r.checks.find((c) => c.id === 'cors-policy')!;
    const evId = cors.findings.flatMap((f) => f.evidence ?? []).find((e) => r.evidence[e]?.kind === 'http')!;
    const ev = r.evidence[evId]!;
    if (ev.kind === 'http' && ev.response) ev.response.body = 'x'.repeat(SARIF_MAX_BODY_CHARS * 5);
    cors.findings = Array.from({ length: 12 }, (_, i) => ({ id: `f${i}`, message: `m${i}`, evidence: [evId] }));
    return r;
  }

  it('stores an exchange once, for the first results of a rule only, referred to by index', () => {
    const run = render(repeated()).runs[0];
    const cors = (run.results as J[]).filter((r) => r.ruleId === 'cors-policy');
    expect(cors).toHaveLength(12);
    const withExchange = cors.filter((r) => r.webRequest);
    expect(withExchange).toHaveLength(SARIF_MAX_EXCHANGES_PER_RULE);
    expect(new Set(withExchange.map((r) => r.webRequest.index)).size).toBe(1);
    for (const r of cors) expect(r.properties.evidence.length).toBe(1);
    expect(run.webRequests.length).toBe(run.webResponses.length);
  });

  it('cuts long bodies and says so', () => {
    const run = render(repeated()).runs[0];
    const cut = (run.webResponses as J[]).filter((w) => w.body?.properties?.truncated);
    expect(cut).toHaveLength(1);
    expect(cut[0]!.body.properties.length).toBe(SARIF_MAX_BODY_CHARS * 5);
    expect(cut[0]!.body.text.length).toBeLessThan(SARIF_MAX_BODY_CHARS + 200);
  });
});

describe('report --from with --sarif-source', () => {
  it('re-renders the SARIF located in the document, and summary.md', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { reportCommand } = await import('../../cli/report.ts');
    const from = new URL('./fixtures/results-1.1.0-main.json', import.meta.url).pathname;
    const out = mkdtempSync(join(tmpdir(), 'pc-sarif-source-'));
    const quiet = { out: () => undefined, err: () => undefined, env: {}, isTty: false };
    try {
      const code = await reportCommand({ from, out, format: 'sarif,markdown', sarifSource: OPENAPI }, quiet);
      expect(code).toBe(0);
      const run = JSON.parse(readFileSync(join(out, 'results.sarif'), 'utf8')).runs[0] as J;
      expect(Object.keys(run.originalUriBaseIds)).toContain('SRCROOT');
      expect(readFileSync(join(out, 'summary.md'), 'utf8').length).toBeGreaterThan(0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
