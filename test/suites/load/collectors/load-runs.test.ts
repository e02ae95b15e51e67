// The LoadRuns collector end to end through the harness's own HTTP client, against a loopback
// stand-in of the single window whose listPortCalls misbehaves exactly like the flawed port's
// seeded load defects (the fixtures' LoadGauge). Proves the smoke scenarios make each load check
// fail on its defect and pass on a correct server. Assertions are on outcomes, ids and counts.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCheckContext, type AnyCheck } from '../../../../engine/check.ts';
import { createCollectContext } from '../../../../engine/wiring.ts';
import type { Engines } from '../../../../engine/context.ts';
import type { Profile } from '../../../../engine/profile.ts';
import type { Target } from '../../../../engine/target.ts';
import { LoadGauge, SLOW_DELAY_MS } from '../../../../fixtures/reference/load-gauge.ts';
import { startReferenceServer } from '../../../../fixtures/index.ts';
import { CERTIFICATION_SCENARIOS, DEFAULT_SMOKE_SCENARIOS } from '../../../../load/scenario.ts';
import { contextFor } from '../../../helpers/fixture-harness.ts';
import { loadRunsCollector, WARMUP_REQUESTS, type LoadRuns } from '../../../../suites/load/collectors/load-runs.ts';
import { checks } from '../../../../suites/load/index.ts';
import { validateResults } from '../../../../reports/schema.ts';
import type { Evidence } from '../../../../engine/types.ts';
import { HDR_CONTENT_TYPE, parseHdrFile } from '../../../../load/hdr-file.ts';
import { judgeMerged } from '../../../../load/merge.ts';
import { sampleResults } from '../../../reports/sample-results.ts';

const PORT_CALL_ID = '7b0c3c0e-0d7e-4a53-9d5c-4a4d2f7b1a11';

function standIn(defects: string[]): { server: Server; gauge: LoadGauge; counts: Record<string, number> } {
  const gauge = new LoadGauge(new Set(defects));
  const counts: Record<string, number> = {};
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, {
      'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
      ...headers,
    });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const key = `${req.method} ${url.pathname}`;
    counts[key] = (counts[key] ?? 0) + 1;
    req.resume();
    if (key === 'POST /oauth/token')
      return json(res, 200, { access_token: 'test-token', token_type: 'Bearer', expires_in: 900, scope: '' });
    if (req.headers.authorization !== 'Bearer test-token')
      return json(res, 401, { type: 'about:blank', title: 'Unauthorized', status: 401 });
    if (key === 'POST /api/v1/port-calls') {
      return json(
        res,
        201,
        {
          receiptId: 'r1',
          outcome: 'accepted',
          portCallId: PORT_CALL_ID,
          documentType: 'port-call',
          errors: [],
          warnings: [],
        },
        { location: `/api/v1/port-calls/${PORT_CALL_ID}`, etag: '"1"' },
      );
    }
    if (key === `GET /api/v1/port-calls/${PORT_CALL_ID}`)
      return json(res, 200, { portCallId: PORT_CALL_ID, version: 1 });
    if (key === 'GET /api/v1/port-calls') {
      const v = gauge.arrive();
      if (v.fail) return json(res, 503, { type: 'about:blank', title: 'Service Unavailable', status: 503 });
      const answer = (): void => json(res, 200, { items: [], nextCursor: null });
      return v.delayMs > 0 ? void setTimeout(answer, v.delayMs) : answer();
    }
    json(res, 404, { type: 'about:blank', title: 'Not Found', status: 404 });
  });
  return { server, gauge, counts };
}

function targetAt(port: number): Target {
  const origin = `http://127.0.0.1:${port}`;
  return {
    name: 'load stand-in',
    kind: 'remote',
    apiBaseUrl: `${origin}/api/v1`,
    tokenUrl: `${origin}/oauth/token`,
    jwksUrl: `${origin}/.well-known/jwks.json`,
    allowedHosts: [`127.0.0.1:${port}`],
    ca: [],
    credentials: { agentA: { clientId: 'agent-a', clientSecret: 'agent-a-secret' } },
    notes: [],
  };
}

function profileWith(scenarios: unknown[]): Profile {
  return {
    id: 'test',
    title: 'test',
    version: '1',
    standard: 'psw-v1',
    suites: ['load'],
    blocking: { levels: ['MUST'] },
    checks: {},
    limits: {
      concurrency: 1,
      requestTimeoutMs: 10_000,
      collectorTimeoutMs: 60_000,
      checkTimeoutMs: 10_000,
      maxRequests: 5_000,
      maxTimeMs: 600_000,
      maxRetryAfterMs: 30_000,
      unresponsiveAfter: 3,
    },
    load: { scenarios },
  };
}

// Where file evidence (the hdr files) is written.
const OUT_ROOT = mkdtempSync(join(tmpdir(), 'load-runs-out-'));
afterAll(() => rmSync(OUT_ROOT, { recursive: true, force: true }));

async function collect(defects: string[], scenarios: unknown[], engines: Partial<Engines> = {}) {
  const { server, counts } = standIn(defects);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const outDir = mkdtempSync(join(OUT_ROOT, 'run-'));
  const ctx = createCollectContext(targetAt((server.address() as AddressInfo).port), {
    profile: profileWith(scenarios),
    engines,
    outDir,
  });
  try {
    const artifact = await loadRunsCollector.collect(ctx, {});
    return { artifact, counts, evidence: ctx.evidenceStore.all(), outDir };
  } finally {
    await ctx.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

function judge(artifact: LoadRuns): Record<string, { outcome: string; findings: string[] }> {
  const out: Record<string, { outcome: string; findings: string[] }> = {};
  for (const c of checks as AnyCheck[]) {
    const r = c.run({ LoadRuns: artifact }, makeCheckContext(c, c.defaultOptions)) as {
      outcome: string;
      findings?: { id: string }[];
    };
    out[c.id] = { outcome: r.outcome, findings: (r.findings ?? []).map((f) => f.id) };
  }
  return out;
}

const LIST_SMOKE = DEFAULT_SMOKE_SCENARIOS.find((s) => s.name === 'listPortCalls-smoke')!;

// Short, generously sized scenarios: these rows check what the collector assembles, not verdicts
// (the verdicts on the seeded defects are proven in ../fixture-pairs.test.ts).
const SHORT = DEFAULT_SMOKE_SCENARIOS.map((s) => ({ ...s, rate: 10, duration: '1s', maxVUs: 20 }));

describe('LoadRuns collector (built-in engine)', () => {
  it('runs each scenario through the harness client with its port call, evidence and verdicts', async () => {
    const { artifact, counts, evidence, outDir } = await collect([], SHORT);
    expect(artifact.scenarios.map((s) => [s.name, s.engine, s.planned])).toEqual(
      SHORT.map((s) => [s.name, 'builtin', 10]),
    );
    for (const run of artifact.scenarios) {
      const m = run.summary.metrics;
      expect(m.http_reqs!.values.count! + m.dropped_iterations!.values.count!).toBeLessThanOrEqual(run.planned);
      expect(m.http_req_failed!.values.passes).toBe(0);
      expect(run.thresholds.map((t) => t.metric)).toEqual([
        'http_req_duration',
        'http_req_failed',
        'dropped_iterations',
      ]);
      // A recorded sample exchange, the summary and the mergeable histograms back every result.
      expect(run.evidence.map((id) => evidence[id]?.kind)).toEqual(['http', 'text', 'file']);
      const hdr = evidence[run.evidence[2]!] as Extract<Evidence, { kind: 'file' }>;
      expect(hdr.contentType).toBe(HDR_CONTENT_TYPE);
      expect(hdr.path).toMatch(/^evidence\/[0-9a-f]{64}\.hdr\.json$/);
      const { metrics, thresholds } = parseHdrFile(JSON.parse(readFileSync(join(outDir, hdr.path), 'utf8')), hdr.path);
      expect(thresholds).toEqual(SHORT.find((s) => s.name === run.name)!.thresholds);
      const back = judgeMerged(metrics, {}, 'none');
      expect(back).toMatchObject({ scenario: run.name, requests: m.http_reqs!.values.count, failedRequests: 0 });
      expect(back.latencyMs).toMatchObject({
        p95: m.http_req_duration!.values['p(95)'],
        max: m.http_req_duration!.values.max,
      });
      expect(run.operation.as).toBe('agentA');
    }
    // One port call created for {portCallId}; warm-up and load read it.
    expect(counts['POST /api/v1/port-calls']).toBe(1);
    const got = artifact.scenarios[1]!.summary.metrics.http_reqs!.values.count!;
    expect(counts[`GET /api/v1/port-calls/${PORT_CALL_ID}`]).toBe(got + WARMUP_REQUESTS);
    expect(Object.keys(judge(artifact))).toEqual(['load-latency', 'load-error-rate', 'load-arrival-rate-held']);
  });

  it("keeps each scenario's chart data, which load-latency puts in results.extensions and the schema accepts", async () => {
    const { artifact } = await collect([], SHORT.slice(0, 1));
    const run = artifact.scenarios[0]!;
    const charts = run.charts!;
    expect(charts).toMatchObject({ name: run.name, engine: 'builtin', operation: { method: 'GET' } });
    expect(charts.thresholds.map((t) => t.source)).toEqual(run.thresholds.map((t) => t.source));
    const completed = charts.ratePerSecond!.reduce((n, s) => n + s.completed, 0);
    expect(completed).toBe(run.summary.metrics.http_reqs!.values.count);
    expect(charts.latencyPercentiles.at(-1)!.percentile).toBe(100);
    const latency = (checks as AnyCheck[]).find((c) => c.id === 'load-latency')!;
    const product = (await latency.run({ LoadRuns: artifact }, makeCheckContext(latency, latency.defaultOptions))) as {
      extension?: unknown;
    };
    expect(product.extension).toEqual({ scenarios: [charts] });
    const results = sampleResults();
    results.extensions = { 'load-latency': JSON.parse(JSON.stringify(product.extension)) };
    expect(validateResults(results)).toEqual({ valid: true, errors: [] });
  });

  it('counts what the slow stand-in drops (structure only)', async () => {
    const { artifact } = await collect(['slow-under-load'], [LIST_SMOKE]);
    const m = artifact.scenarios[0]!.summary.metrics;
    // 7 VUs on 1 s answers cannot start 20 a second: some iterations must be dropped.
    expect(m.dropped_iterations!.values.count).toBeGreaterThan(0);
    expect(m.http_req_duration!.values.max).toBeGreaterThanOrEqual(SLOW_DELAY_MS);
  });

  it('yields no runs when the profile has no scenarios', async () => {
    const { artifact } = await collect([], []);
    expect(artifact).toEqual({ scenarios: [] });
    expect(Object.values(judge(artifact)).map((r) => r.outcome)).toEqual([
      'not-applicable',
      'not-applicable',
      'not-applicable',
    ]);
  });

  it('rejects a bad scenario in the profile naming its field', async () => {
    await expect(collect([], [{ ...LIST_SMOKE, rate: 0 }])).rejects.toThrow('profile load.scenarios[0].rate');
  });
});

describe('LoadRuns collector on the reference: every secured read can be loaded', () => {
  it("creates the port call and submits the formality the certification's formality scenarios read", async () => {
    const server = await startReferenceServer({ host: '127.0.0.1', port: 0 });
    const short = CERTIFICATION_SCENARIOS.filter((s) => s.name.includes('Formalit')).map((s) => ({
      ...s,
      rate: 10,
      duration: '1s',
      gracefulStop: '2s',
    }));
    expect(short.map((s) => s.operation.path)).toEqual([
      '/port-calls/{portCallId}/formalities',
      '/port-calls/{portCallId}/formalities/general-declaration',
    ]);
    const ctx = await contextFor(server, { profile: profileWith(short) });
    try {
      const artifact = await loadRunsCollector.collect(ctx, {});
      for (const run of artifact.scenarios) {
        const m = run.summary.metrics;
        expect(m.http_reqs!.values.count, run.name).toBeGreaterThan(0);
        expect(m.http_req_failed!.values.passes, run.name).toBe(0);
      }
      const posts = ctx.http
        .exchanges()
        .filter((e) => e.method === 'POST' && e.url.includes('/api/v1/'))
        .map((e) => [new URL(e.url).pathname, e.status]);
      expect(posts.map(([path, status]) => [String(path).replace(/[0-9a-f-]{36}/, 'ID'), status])).toEqual([
        ['/api/v1/port-calls', 201],
        ['/api/v1/port-calls/ID/formalities/general-declaration', 201],
      ]);
    } finally {
      await ctx.close();
      await server.close();
    }
  });
});

describe('LoadRuns collector (k6 engine)', () => {
  const saved = process.env.PATH;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'load-runs-k6-'));
  });
  afterAll(() => {
    process.env.PATH = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails clearly when k6 is not installed', async () => {
    process.env.PATH = dir; // an empty directory: no k6
    try {
      await expect(collect([], [LIST_SMOKE], { load: 'k6' })).rejects.toThrow('k6 not found on PATH');
    } finally {
      process.env.PATH = saved;
    }
  });

  it('runs k6 when present and keeps its script and summary as evidence', async () => {
    const summary = {
      metrics: {
        http_reqs: { count: 100, rate: 20 },
        http_req_duration: {
          avg: 2,
          min: 1,
          med: 2,
          max: 5,
          'p(90)': 3,
          'p(95)': 4,
          thresholds: { 'p(95)<300': false },
        },
        http_req_failed: { passes: 0, fails: 100, value: 0 },
      },
    };
    writeFileSync(
      join(dir, 'k6'),
      [
        '#!/bin/sh',
        'out=""; json=""; prev=""',
        'for a in "$@"; do [ "$prev" = "--summary-export" ] && out="$a"; [ "$prev" = "--out" ] && json="${a#json=}"; prev="$a"; done',
        `cat > "$out" <<'JSON'\n${JSON.stringify(summary)}\nJSON`,
        // k6's points of one runner of this scenario (a hand-written --out json file).
        `cp ${JSON.stringify(join(import.meta.dirname, '../../../load/k6/fixtures/runner-0.json'))} "$json"`,
        'exit 0',
      ].join('\n'),
    );
    chmodSync(join(dir, 'k6'), 0o755);
    process.env.PATH = `${dir}:/usr/bin:/bin`;
    try {
      const { artifact, evidence, outDir } = await collect([], [LIST_SMOKE], { load: 'k6' });
      const run = artifact.scenarios[0]!;
      expect(run.engine).toBe('k6');
      expect(run.thresholds.map((t) => [t.metric, t.ok])).toEqual([
        ['http_req_duration', true],
        ['http_req_failed', true],
        ['dropped_iterations', true],
      ]);
      expect(run.evidence.map((id) => evidence[id]?.kind)).toEqual(['text', 'text', 'file']);
      // Its points, mergeable with other runners' and runs' (port-conformance load merge).
      const hdr = evidence[run.evidence[2]!] as Extract<Evidence, { kind: 'file' }>;
      const file = JSON.parse(readFileSync(join(outDir, hdr.path), 'utf8')) as { engine: string };
      expect(file.engine).toBe('k6');
      expect(judgeMerged(parseHdrFile(file, hdr.path).metrics, {}, 'none')).toMatchObject({
        requests: 10,
        failedRequests: 1,
      });
      expect(judge(artifact)['load-latency']!.outcome).toBe('pass');
      // k6's summary gives percentiles only: no time series.
      expect(run.charts!.latencyPercentiles.map((p) => p.percentile)).toEqual([0, 50, 90, 95, 100]);
      expect(run.charts!.ratePerSecond).toBeUndefined();
    } finally {
      process.env.PATH = saved;
    }
  });
});
