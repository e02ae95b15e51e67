// runK6 without k6: the clear error on an empty PATH, and the whole spawn → exit code → summary path
// against a stand-in `k6` executable that behaves like k6 run --summary-export.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findK6, K6NotFoundError, K6RunError, runK6 } from '../../../load/k6/run.ts';
import { DEFAULT_SMOKE_SCENARIOS } from '../../../load/scenario.ts';

const scenario = DEFAULT_SMOKE_SCENARIOS[0]!;
const target = { name: 'test', apiBaseUrl: 'https://127.0.0.1:9/api/v1', tokenUrl: 'https://127.0.0.1:9/oauth/token' };
const dir = mkdtempSync(join(tmpdir(), 'fake-k6-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LEGACY_SUMMARY = {
  root_group: { name: '', path: '', id: 'd41d8cd98f00b204e9800998ecf8427e', groups: {}, checks: {} },
  metrics: {
    http_reqs: { count: 100, rate: 20 },
    http_req_duration: {
      avg: 450,
      min: 3,
      med: 420,
      max: 800,
      'p(90)': 600,
      'p(95)': 650,
      thresholds: { 'p(95)<300': true },
    },
    http_req_failed: { passes: 0, fails: 100, value: 0, thresholds: { 'rate<0.01': false } },
    dropped_iterations: { count: 7, rate: 1.4, thresholds: { 'count==0': true } },
  },
};

/**
 * A `k6` stand-in: records its args and environment, writes `summary` to --summary-export and copies
 * `points` (a k6 --out json file) to --out json=PATH, exits `code`.
 */
function fakeK6(name: string, code: number, summary?: unknown, points?: string): string {
  const bin = join(dir, name);
  const log = join(dir, `${name}.log`);
  const script = [
    '#!/bin/sh',
    `printf '%s\\n' "$@" > ${JSON.stringify(log)}`,
    `env >> ${JSON.stringify(log)}`,
    'out=""; json=""; prev=""',
    'for a in "$@"; do [ "$prev" = "--summary-export" ] && out="$a"; [ "$prev" = "--out" ] && json="${a#json=}"; prev="$a"; done',
    summary === undefined ? '' : `cat > "$out" <<'JSON'\n${JSON.stringify(summary)}\nJSON`,
    points === undefined ? '' : `cp ${JSON.stringify(points)} "$json"`,
    `echo "level=error msg=\\"stand-in k6 exiting ${code}\\"" >&2`,
    `exit ${code}`,
  ].join('\n');
  writeFileSync(bin, script);
  return bin;
}

/** A PATH whose first entry holds the stand-in under the name k6. */
function pathWith(bin: string, name: string): { path: string; log: string } {
  const binDir = mkdtempSync(join(dir, `${name}-path-`));
  writeFileSync(join(binDir, 'k6'), readFileSync(bin));
  chmodSync(join(binDir, 'k6'), 0o755);
  return { path: `${binDir}:/usr/bin:/bin`, log: join(dir, `${name}.log`) };
}

describe('runK6', () => {
  it('says k6 is not on PATH when it is not', async () => {
    expect(findK6('')).toBeUndefined();
    await expect(runK6(scenario, target, { path: '' })).rejects.toThrow(K6NotFoundError);
    await expect(runK6(scenario, target, { path: '' })).rejects.toThrow('k6 not found on PATH');
  });

  it('maps exit 99 to failed thresholds and parses the legacy summary', async () => {
    const { path, log } = pathWith(fakeK6('thresholds', 99, LEGACY_SUMMARY), 'thresholds');
    const r = await runK6(scenario, target, {
      path,
      credentials: { clientId: 'cid', clientSecret: 'csecret' },
      ca: ['-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----'],
    });
    expect(r).toMatchObject({ exitCode: 99, thresholdsFailed: true, shape: 'B' });
    expect(r.thresholds.map((t) => [t.metric, t.source, t.ok])).toEqual([
      ['http_req_duration', 'p(95)<300', false],
      ['http_req_failed', 'rate<0.01', true],
      ['dropped_iterations', 'count==0', false],
    ]);
    expect(r.summary.metrics.dropped_iterations).toMatchObject({ type: 'counter', values: { count: 7 } });
    expect(r.script).toContain("import http from 'k6/http'");
    expect(r.script).not.toContain('csecret');
    const seen = readFileSync(log, 'utf8');
    const args = seen.split('\n');
    expect(args.slice(0, 7)).toEqual([
      'run',
      '--no-usage-report',
      '--quiet',
      '--summary-export',
      expect.stringMatching(/summary\.json$/),
      '--out',
      expect.stringMatching(/^json=.*points\.json$/),
    ]);
    expect(args[7]).toMatch(/listPortCalls-smoke\.js$/);
    // This stand-in wrote no points: the run stands on its summary, with nothing to merge.
    expect(r.mergeable).toBeUndefined();
    expect(r.pointsNote).toMatch(/k6 wrote no points/);
    // Credentials reach k6 through its environment only; nothing inherited can redirect its output.
    expect(seen).toMatch(/^PSW_CLIENT_ID=cid$/m);
    expect(seen).toMatch(/^PSW_CLIENT_SECRET=csecret$/m);
    expect(seen).toMatch(/^PSW_API_BASE=https:\/\/127\.0\.0\.1:9\/api\/v1$/m);
    expect(seen).toMatch(/^K6_NO_USAGE_REPORT=true$/m);
    expect(seen).toMatch(/^SSL_CERT_FILE=.*ca-bundle\.pem$/m);
    expect(seen).not.toMatch(/^K6_OUT=/m);
  });

  it("reads the scenario's points (--out json) into mergeable state", async () => {
    const points = join(import.meta.dirname, 'fixtures', 'runner-0.json');
    const { path } = pathWith(fakeK6('points', 0, LEGACY_SUMMARY, points), 'points');
    const r = await runK6(scenario, target, { path });
    expect(r.pointsNote).toBeUndefined();
    expect(r.mergeable!.durationMs).toBe(2250); // the fixture's first to last point in the scenario
    const state = r.mergeable!.metrics;
    expect(state.get('http_reqs')).toEqual({ type: 'counter', count: 10 });
    expect(state.get('http_req_failed')).toEqual({ type: 'rate', trues: 1, total: 10 });
    expect(state.get('http_req_duration')).toMatchObject({ type: 'trend', trend: { count: 10, min: 8.75, max: 410 } });
  });

  it('accepts exit 0 with a machine-readable summary (shape C) and judges it', async () => {
    const c = {
      version: '1.0.0',
      config: { duration: 5, execution: 'local' },
      metadata: { generatedAt: '2026-11-21T10:00:00Z', k6Version: '2.2.0' },
      results: {
        metrics: [
          { name: 'http_reqs', type: 'counter', contains: 'default', values: { count: 100 } },
          {
            name: 'http_req_duration',
            type: 'trend',
            contains: 'time',
            values: { avg: 2, min: 1, med: 2, max: 9, 'p(90)': 3, 'p(95)': 4 },
          },
          { name: 'http_req_failed', type: 'rate', contains: 'default', values: { matches: 0, total: 100, rate: 0 } },
        ],
      },
    };
    const { path, log } = pathWith(fakeK6('mrs', 0, c), 'mrs');
    const r = await runK6(scenario, target, { path, machineReadableSummary: true });
    expect(r).toMatchObject({ exitCode: 0, thresholdsFailed: false, shape: 'C' });
    expect(r.thresholds.every((t) => t.ok)).toBe(true);
    expect(readFileSync(log, 'utf8')).toMatch(/^K6_NEW_MACHINE_READABLE_SUMMARY=true$/m);
  });

  it.each([
    [107, /k6 exited 107 \(script exception\): .*stand-in k6 exiting 107/],
    [104, /k6 exited 104 \(invalid configuration\)/],
    [42, /k6 exited 42 \(unknown exit code\)/],
  ])('reports exit %d with its meaning', async (code, message) => {
    const { path } = pathWith(fakeK6(`exit${code}`, code), `exit${code}`);
    const err = await runK6(scenario, target, { path }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(K6RunError);
    expect((err as K6RunError).exitCode).toBe(code);
    expect((err as Error).message).toMatch(message);
  });

  it('reports a run that wrote no summary', async () => {
    const { path } = pathWith(fakeK6('nosummary', 0), 'nosummary');
    await expect(runK6(scenario, target, { path })).rejects.toThrow(/wrote no summary/);
  });
});
