// Issue 8's history, as a consortium sees it: the flawed port run three times with its defects switched
// off one by one, each run recorded by the run session (`history`), shows the trend: findings falling,
// each fixed finding with the run that fixed it and how long it was open. On SQLite and PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../../engine/types.ts';
import { startFlawedServer } from '../../fixtures/index.ts';
import { openHistory } from '../../history/index.ts';
import type { StoredRun } from '../../history/store.ts';
import { findingTimeline, type FindingTimeline } from '../../history/timeline.ts';
import { runSession } from '../../session/index.ts';
import { skipNotice } from '../helpers/postgres.ts';
import { BACKENDS } from '../history/backends.ts';

skipNotice('test/e2e/history-trend.test.ts');

const MEMBER = 'flawed-port';
/** A few contract checks, each catching one of the defects below. */
const CHECKS = ['eta-etd-order', 'port-call-creation', 'receipt-format'];
/** Defects switched off one by one: the missing Location header first, then the reused receipt ids. */
const STAGES = [
  ['eta-after-etd-accepted', 'location-header-missing', 'receipt-id-reused'],
  ['eta-after-etd-accepted', 'receipt-id-reused'],
  ['eta-after-etd-accepted'],
];
const DAY_MS = 86_400_000;

describe.each(BACKENDS)('the trend of three runs recorded in $name', (backend) => {
  const dir = mkdtempSync(join(tmpdir(), 'pc-history-trend-'));
  const results: Results[] = [];
  let runs: StoredRun[] = [];
  let timeline: FindingTimeline;

  beforeAll(async () => {
    if (!backend.available) return;
    await backend.setup();
    const history = await backend.freshSpec();
    for (const defects of STAGES) {
      const server = await startFlawedServer({ host: '127.0.0.1', port: 0, defects });
      try {
        const outcome = await runSession({
          target: { config: { member: MEMBER, name: 'Flawed port', api: server.apiBaseUrl, baseDir: dir }, env: {} },
          suites: ['contract'],
          checks: CHECKS,
          seed: 1,
          history,
        });
        if (outcome.cause) throw new Error(outcome.cause.message);
        expect(outcome.results.errors).toEqual([]);
        results.push(outcome.results);
      } finally {
        await server.close();
      }
    }
    const store = await openHistory(history);
    try {
      runs = await store.runs({ member: MEMBER });
      expect(await store.results(results[0]!.run.id)).toEqual(results[0]);
    } finally {
      await store.close();
    }
    timeline = findingTimeline(runs);
  }, 240_000);
  afterAll(async () => {
    await backend.teardown();
    rmSync(dir, { recursive: true, force: true });
  });

  const itHere = it.skipIf(!backend.available);
  const spansOf = (check: string) => timeline.fingerprints.filter((f) => f.check === check);

  itHere('records each run under the member, oldest first', () => {
    expect(runs.map((r) => r.runId)).toEqual(results.map((r) => r.run.id));
  });

  itHere('shows the open findings falling', () => {
    const open = runs.map((r) => Object.values(r.openFindings).reduce((a, b) => a + b, 0));
    expect(open[0]).toBeGreaterThan(open[1]!);
    expect(open[1]).toBeGreaterThan(open[2]!);
    expect(open[2]).toBeGreaterThan(0);
    expect(timeline.perRun.map((r) => r.new)).toEqual([timeline.perRun[0]!.open, 0, 0]);
    expect(timeline.perRun.map((r) => r.fixed)).toEqual([
      0,
      spansOf('port-call-creation').length,
      spansOf('receipt-format').length,
    ]);
  });

  itHere.each([
    { check: 'port-call-creation', fixedIn: 1 },
    { check: 'receipt-format', fixedIn: 2 },
  ])('dates the fix of $check and counts its days open', ({ check, fixedIn }) => {
    const spans = spansOf(check);
    expect(spans.length).toBeGreaterThan(0);
    const first = runs[0]!.startedAt;
    const fixed = runs[fixedIn]!.startedAt;
    for (const s of spans) {
      expect(s).toMatchObject({ firstSeen: first, fixedAt: fixed, fixedRunId: runs[fixedIn]!.runId, open: false });
      expect(s.openDays).toBeCloseTo((Date.parse(fixed) - Date.parse(first)) / DAY_MS, 10);
    }
  });

  itHere('keeps the defect still switched on open', () => {
    const spans = spansOf('eta-etd-order');
    expect(spans.length).toBeGreaterThan(0);
    for (const s of spans) expect(s).toMatchObject({ open: true, lastRunId: runs[2]!.runId, seenIn: 3 });
    expect(spans.every((s) => s.fixedAt === undefined)).toBe(true);
  });
});
