// The "done when" for CI, on the flawed port (contract and security suites, the quicker part):
// summary.md under 60 lines with tables GFM renders, the step summary appended, at most ten escaped
// ::error annotations on the OpenAPI document's lines, and a SARIF far smaller per result than before.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import type { Io } from '../../cli/run.ts';
import { startFlawedServer, type FixtureServer } from '../../fixtures/index.ts';
import { MAX_ANNOTATIONS } from '../../reports/annotations.ts';
import { markdownTables, tableProblems } from '../helpers/markdown-tables.ts';

const OPENAPI = 'contracts/profile-v1/openapi.yaml';

describe('CI outputs for the flawed port', () => {
  let server: FixtureServer;
  let dir: string;
  let code: number;
  const out: string[] = [];

  beforeAll(async () => {
    server = await startFlawedServer();
    dir = mkdtempSync(join(tmpdir(), 'pc-ci-flawed-'));
    writeFileSync(join(dir, 'step-summary.md'), '');
    const io: Io = {
      out: (l) => out.push(l),
      err: () => undefined,
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: join(dir, 'step-summary.md') },
      isTty: false,
    };
    code = await main(
      [
        'run',
        '--target',
        server.origin,
        '--suites',
        'contract,security',
        '--format',
        'sarif,markdown',
        '--sarif-source',
        OPENAPI,
        '--out',
        join(dir, 'results'),
        '--seed',
        '4242',
      ],
      io,
    );
  }, 400_000);

  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes a summary.md under 60 lines whose tables render, and appends it to the step summary', () => {
    expect(code).toBe(1);
    const md = readFileSync(join(dir, 'results', 'summary.md'), 'utf8');
    expect(md.split('\n').length).toBeLessThan(60);
    const tables = markdownTables(md);
    expect(tables.map((t) => t.header[0])).toEqual(['Area', 'Failed', 'Severity']);
    for (const t of tables) expect(tableProblems(t)).toEqual([]);
    expect(tables[2]!.rows).toHaveLength(10);
    expect(readFileSync(join(dir, 'step-summary.md'), 'utf8')).toBe(`${md}\n`);
  });

  it('prints at most ten ::error annotations, each one line, on the operation lines of the document', () => {
    const annotations = out.filter((l) => l.startsWith('::error'));
    expect(annotations).toHaveLength(MAX_ANNOTATIONS);
    const lines = readFileSync(OPENAPI, 'utf8').split('\n');
    for (const a of annotations) {
      const m = /^::error title=[^,:]+(?:,file=([^,:]+),line=(\d+))?::[^\r\n]+$/.exec(a);
      expect(m, a).not.toBeNull();
      if (m![1]) {
        expect(m![1]).toBe(OPENAPI);
        expect(lines[Number(m![2]) - 1]).toMatch(/operationId:/);
      }
    }
    expect(annotations.some((a) => a.includes(`,file=${OPENAPI},`))).toBe(true);
  });

  it('writes SARIF located in the document, with exchanges stored once, at well under the old 4 KB a result', () => {
    const path = join(dir, 'results', 'results.sarif');
    const log = JSON.parse(readFileSync(path, 'utf8')) as {
      runs: Array<{
        results: Array<{ locations: Array<{ physicalLocation?: { artifactLocation: { uriBaseId?: string } } }> }>;
        originalUriBaseIds: Record<string, unknown>;
        webRequests: unknown[];
      }>;
    };
    const run = log.runs[0]!;
    expect(Object.keys(run.originalUriBaseIds).sort()).toEqual(['SRCROOT', 'TARGET']);
    const bases = run.results.map((r) => r.locations[0]!.physicalLocation?.artifactLocation.uriBaseId);
    expect(bases.filter((b) => b === 'SRCROOT').length).toBeGreaterThan(run.results.length / 2);
    expect(run.webRequests.length).toBeLessThan(run.results.length / 2);
    // The issue saw 1.9 MB for 452 results (4.2 KB each).
    expect(statSync(path).size / run.results.length).toBeLessThan(1500);
  });
});
