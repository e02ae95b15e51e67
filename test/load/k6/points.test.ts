// k6's `--out json` from two runners (fixtures/runner-*.json, written by hand per the documented
// format: Metric lines declaring types, thresholds and submetrics, then Points with tags; one runner's
// times in another UTC offset; setup() points with no scenario tag; gauges). Merged, the percentiles
// are those of the listed values (nearest rank, as HdrHistogram defines it) within the histogram's
// precision, and the declared thresholds are judged on all of them.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readK6Points } from '../../../load/k6/points.ts';
import { MergeInputError, judgeMerged, mergeByScenario, unionThresholds } from '../../../load/merge.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const RUNNER_0 = join(FIXTURES, 'runner-0.json');
const RUNNER_1 = join(FIXTURES, 'runner-1.json');
const SCENARIO = 'listPortCalls-smoke';

// The fixtures' http_req_duration values inside the scenario, and the failed ones.
const VALUES_0 = [12.5, 15.25, 30, 8.75, 250.5, 11, 13.125, 9.5, 410, 14];
const VALUES_1 = [10, 16.5, 22, 7.25, 12, 600.75, 13, 18, 9, 11.5, 35, 14.5];
const FAILED = [410, 600.75];

/** HdrHistogram's percentile: the value of rank max(1, round(p % of n)) in ascending order. */
function nearestRank(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.floor((p / 100) * sorted.length + 0.5)) - 1]!;
}

/** Within the histogram's precision: 3 significant digits, so 0.1 %. */
function close(got: number, want: number): boolean {
  return Math.abs(got - want) <= want * 1e-3;
}

const dir = mkdtempSync(join(tmpdir(), 'k6-points-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('two k6 runners merged', async () => {
  const r0 = await readK6Points(RUNNER_0);
  const r1 = await readK6Points(RUNNER_1);
  const merged = mergeByScenario([r0.scenarios, r1.scenarios]).get(SCENARIO)!;
  const recorded = unionThresholds([r0.declared, r1.declared]);
  const report = judgeMerged(merged, recorded, 'recorded');
  const all = [...VALUES_0, ...VALUES_1];

  it('keeps each scenario apart and leaves out what is outside them', () => {
    expect(r0.scenarios.map((s) => s.scenario)).toEqual([SCENARIO]);
    expect([r0.outsideScenarios, r1.outsideScenarios]).toEqual([3, 3]); // setup(): http_reqs, duration, failed
    expect([r0.gaugePoints, r1.gaugePoints]).toEqual([2, 2]);
    expect(merged.inputs).toEqual([RUNNER_0, RUNNER_1]);
  });

  it.each([50, 90, 95, 99])('p(%d) is the listed values’ own, within 0.1 %', (p) => {
    const got = report.latencyMs![`p${p}` as 'p50'];
    const want = nearestRank(all, p);
    expect(close(got, want), `p${p}: ${got} vs ${want}`).toBe(true);
  });

  it('min, max, count, requests, failures and drops are exact', () => {
    expect(report.latencyMs).toMatchObject({ count: all.length, min: Math.min(...all), max: Math.max(...all) });
    expect(report.latencyMs!.avg).toBeCloseTo(all.reduce((a, b) => a + b, 0) / all.length, 9);
    expect(report).toMatchObject({
      requests: all.length,
      failedRequests: FAILED.length,
      errorRate: FAILED.length / all.length,
      droppedIterations: 2,
    });
    // Both runners ran at once: the span is first point to last, 10:00:01.000123 to 10:00:03.750123 UTC.
    expect(report.durationMs).toBe(2750);
  });

  it('computes the declared submetric from the points’ tags', () => {
    const ok = all.filter((v) => !FAILED.includes(v));
    const summary = merged.summary(['min', 'max', 'p(95)']);
    expect(summary.metrics['http_req_duration{expected_response:true}']!.values).toMatchObject({
      min: Math.min(...ok),
      max: Math.max(...ok),
    });
    expect(
      close(summary.metrics['http_req_duration{expected_response:true}']!.values['p(95)']!, nearestRank(ok, 95)),
    ).toBe(true);
  });

  it('judges the thresholds the Metric lines declare on all runners together', () => {
    expect(recorded).toEqual({
      http_req_duration: ['p(95)<300'],
      http_req_failed: ['rate<0.1'],
      dropped_iterations: ['count==0'],
    });
    expect(report.thresholds.map((t) => [t.metric, t.source, t.ok])).toEqual([
      // p95 is 410 ms over both runners (one runner alone would say 410, the other 35).
      ['http_req_duration', 'p(95)<300', false],
      ['http_req_failed', 'rate<0.1', true],
      ['dropped_iterations', 'count==0', false],
    ]);
    expect(report.ok).toBe(false);
  });

  it('reads gzipped output the same (k6 gzips a .gz name)', async () => {
    const gz = join(dir, 'runner-0.json.gz');
    writeFileSync(gz, gzipSync(readFileSync(RUNNER_0)));
    const again = await readK6Points(gz);
    const a = judgeMerged(mergeByScenario([again.scenarios]).get(SCENARIO)!, {}, 'none');
    const b = judgeMerged(mergeByScenario([r0.scenarios]).get(SCENARIO)!, {}, 'none');
    expect({ ...a, inputs: [] }).toEqual({ ...b, inputs: [] });
  });
});

describe('a line that is not k6 output is an error naming the file and line', () => {
  const declare =
    '{"type":"Metric","data":{"type":"trend","contains":"time","thresholds":[],"submetrics":null},"metric":"http_req_duration"}';
  const point = (data: unknown, metric = 'http_req_duration') => JSON.stringify({ type: 'Point', data, metric });
  const ok = { time: '2026-03-01T10:00:00Z', value: 1, tags: { scenario: 's' } };
  it.each([
    ['not JSON', '{"type":"Point",', 'not JSON'],
    ['no data', '{"type":"Point","metric":"http_reqs"}', 'not a k6 output line'],
    ['an unknown line type', JSON.stringify({ type: 'Sample', data: {}, metric: 'x' }), 'is not Metric or Point'],
    ['a value that is not a number', point({ ...ok, value: 'fast' }), '"value" is not a number'],
    ['a time that is not one', point({ ...ok, time: 'noon' }), '"time" is not an RFC 3339'],
    ['tags that are not an object', point({ ...ok, tags: ['s'] }), '"tags" is not an object'],
    ['a custom metric never declared', point(ok, 'my_trend'), 'before any Metric line declares its type'],
    [
      'a bad metric type',
      JSON.stringify({ type: 'Metric', data: { type: 'histogram' }, metric: 'x' }),
      'has type "histogram"',
    ],
    [
      'a threshold k6 could not have',
      JSON.stringify({ type: 'Metric', data: { type: 'trend', thresholds: ['p95<1'] }, metric: 'x' }),
      'unknown aggregation',
    ],
    [
      'a type declared twice differently',
      JSON.stringify({ type: 'Metric', data: { type: 'counter' }, metric: 'http_req_duration' }),
      'declared trend before, counter now',
    ],
  ])('%s', async (_n, line, message) => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, `${declare}\n${line}\n${point(ok)}\n`);
    const read = readK6Points(file, { label: 'runner-7.json' });
    await expect(read).rejects.toThrow(MergeInputError);
    await expect(readK6Points(file, { label: 'runner-7.json' })).rejects.toThrow(`runner-7.json:2: ${''}`);
    await expect(readK6Points(file, { label: 'runner-7.json' })).rejects.toThrow(message);
  });

  it.each([
    ['too many lines', { maxLines: 5 }, 'runner-0.json: more than 5 lines'],
    ['a line too long', { maxLineBytes: 100 }, 'runner-0.json:1: line longer than 100'],
    ['too many bytes', { maxBytes: 1000 }, 'more than the 1000'],
  ])('bounded: %s', async (_n, limits, message) => {
    await expect(readK6Points(RUNNER_0, { label: 'runner-0.json', limits })).rejects.toThrow(message);
  });

  it('a truncated gzip file is an error naming it', async () => {
    const gz = join(dir, 'cut.json.gz');
    writeFileSync(gz, gzipSync(readFileSync(RUNNER_0)).subarray(0, 200));
    await expect(readK6Points(gz, { label: 'cut.json.gz' })).rejects.toThrow(/^cut\.json\.gz: /);
  });
});
