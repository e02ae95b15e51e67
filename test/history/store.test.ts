// The history store's contract, one table of tests run on both backends: record, list and filter,
// replace, the whole results.json back, certificates, members.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../engine/errors.ts';
import { recordOf } from '../../history/record.ts';
import type { HistoryQuery, HistoryStore } from '../../history/store.ts';
import { validateResults } from '../../reports/schema.ts';
import { skipNotice } from '../helpers/postgres.ts';
import { BACKENDS, openFresh } from './backends.ts';
import { buildResults, day } from './results-builder.ts';

skipNotice('test/history/store.test.ts');

const RECORDED_AT = new Date('2025-06-01T12:00:00.000Z');

/** Five runs of two members over five days (port-a three, port-b two). */
const RUNS = [
  buildResults({
    runId: 'a1',
    member: 'port-a',
    startedAt: day(0, 9),
    findings: [
      { check: 'eta-etd-order', id: 'eta-after-etd', fingerprint: 'fp-eta' },
      { check: 'receipt-format', id: 'receipt-id-reused', fingerprint: 'fp-receipt', severity: 'medium' },
    ],
    passing: ['response-schema'],
    loadP95: { 'list-port-calls': 120.5 },
  }),
  buildResults({ runId: 'b1', member: 'port-b', startedAt: day(1, 23), passing: ['response-schema'] }),
  buildResults({
    runId: 'a2',
    member: 'port-a',
    startedAt: day(2, 0),
    findings: [{ check: 'eta-etd-order', id: 'eta-after-etd', fingerprint: 'fp-eta' }],
  }),
  buildResults({ runId: 'b2', member: 'port-b', startedAt: day(3, 12), profile: 'certification' }),
  buildResults({ runId: 'a3', member: 'port-a', startedAt: day(4, 6), passing: ['eta-etd-order'] }),
];

const QUERIES: { name: string; query: HistoryQuery; ids: string[] }[] = [
  { name: 'everything, oldest first', query: {}, ids: ['a1', 'b1', 'a2', 'b2', 'a3'] },
  { name: 'one member', query: { member: 'port-a' }, ids: ['a1', 'a2', 'a3'] },
  { name: 'an unknown member', query: { member: 'port-z' }, ids: [] },
  { name: 'one profile', query: { profile: 'certification' }, ids: ['b2'] },
  { name: 'since a date (from its start)', query: { since: '2025-01-02' }, ids: ['b1', 'a2', 'b2', 'a3'] },
  { name: 'since a date-time', query: { since: day(2, 0) }, ids: ['a2', 'b2', 'a3'] },
  { name: 'since with an offset', query: { since: '2025-01-03T02:00:00+02:00' }, ids: ['a2', 'b2', 'a3'] },
  { name: 'until a date (to the end of that day)', query: { until: '2025-01-02' }, ids: ['a1', 'b1'] },
  { name: 'until a date-time (before it)', query: { until: day(2, 0) }, ids: ['a1', 'b1'] },
  { name: 'a window', query: { since: '2025-01-02', until: '2025-01-04' }, ids: ['b1', 'a2', 'b2'] },
  { name: 'the last two, still oldest first', query: { limit: 2 }, ids: ['b2', 'a3'] },
  { name: "a member's last two", query: { member: 'port-a', limit: 2 }, ids: ['a2', 'a3'] },
  { name: 'member, window and limit', query: { member: 'port-b', until: '2025-01-05', limit: 1 }, ids: ['b2'] },
];

describe.each(BACKENDS)('history store on $name', (backend) => {
  let store: HistoryStore;
  let spec: string;

  beforeAll(async () => {
    if (!backend.available) return;
    await backend.setup();
    ({ spec, store } = await openFresh(backend, { now: () => RECORDED_AT }));
    for (const r of RUNS) await store.record(r);
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await backend.teardown();
  });

  const itHere = it.skipIf(!backend.available);

  itHere('says what it is without a password', () => {
    expect(store.kind).toBe(backend.name);
    expect(store.where).not.toMatch(/:[^/@]*@/);
  });

  itHere.each(QUERIES)('lists $name', async ({ query, ids }) => {
    expect((await store.runs(query)).map((r) => r.runId)).toEqual(ids);
  });

  itHere('gives back each run as recorded, with its findings in order', async () => {
    const runs = await store.runs();
    for (const r of RUNS) {
      const got = runs.find((x) => x.runId === r.run.id)!;
      expect(got).toEqual({ ...recordOf(r), recordedAt: RECORDED_AT.toISOString() });
    }
    const a1 = runs.find((x) => x.runId === 'a1')!;
    expect(a1.findings.map((f) => f.fingerprint)).toEqual(['fp-eta', 'fp-receipt']);
    expect(a1.openFindings).toMatchObject({ high: 1, medium: 1 });
    expect(a1.loadP95Ms).toEqual({ 'list-port-calls': 120.5 });
    expect(a1.areas).toMatchObject({ contract: 'fail', load: 'pass', portal: 'not-run' });
  });

  itHere('returns the whole results.json of a run', async () => {
    for (const r of RUNS) expect(await store.results(r.run.id)).toEqual(r);
    expect(await store.results('no-such-run')).toBeUndefined();
  });

  itHere('lists the members', async () => {
    expect(await store.members()).toEqual(['port-a', 'port-b']);
  });

  itHere('replaces a run recorded again (same id), findings included', async () => {
    const { store: s } = await openFresh(backend);
    try {
      await s.record(RUNS[0]!);
      const again = buildResults({
        runId: 'a1',
        member: 'port-a',
        startedAt: day(0, 10),
        findings: [{ check: 'datetime-offset', id: 'naive', fingerprint: 'fp-naive' }],
      });
      const stored = await s.record(again);
      const runs = await s.runs();
      expect(runs).toHaveLength(1);
      expect(runs[0]).toEqual(stored);
      expect(runs[0]!.findings.map((f) => f.fingerprint)).toEqual(['fp-naive']);
      expect(runs[0]!.startedAt).toBe(day(0, 10));
      expect(await s.results('a1')).toEqual(again);
    } finally {
      await s.close();
    }
  });

  itHere('keeps certificates (the latest per run) across a run recorded again', async () => {
    const { store: s } = await openFresh(backend);
    try {
      await s.record(RUNS[4]!);
      const older = { id: 'c-1', runId: 'a3', member: 'port-a', validFrom: day(5), validUntil: day(370) };
      const newer = { id: 'c-2', runId: 'a3', member: 'port-a', validFrom: day(6), validUntil: day(371) };
      await s.recordCertificate(older);
      await s.recordCertificate(newer);
      await s.recordCertificate(older); // the same certificate again: no duplicate
      expect((await s.runs())[0]!.certificate).toEqual(newer);
      expect((await s.record(RUNS[4]!)).certificate).toEqual(newer);
    } finally {
      await s.close();
    }
  });

  itHere.each([
    { query: { limit: 0 }, what: '--limit' },
    { query: { since: 'yesterday' }, what: '--since' },
    { query: { until: '2025-13-45' }, what: '--until' },
  ])('refuses $what that does not parse', async ({ query, what }) => {
    const err = await store.runs(query).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toContain(what);
  });

  itHere('stores load p95 as JSON text and results gzip-compressed', async () => {
    const rows = await backend.raw(spec, "SELECT load_p95_ms, results FROM runs WHERE run_id = 'a1'");
    expect(JSON.parse(String(rows[0]!.load_p95_ms))).toEqual({ 'list-port-calls': 120.5 });
    const blob = rows[0]!.results as Uint8Array;
    expect([blob[0], blob[1]]).toEqual([0x1f, 0x8b]);
  });
});

describe('the test results', () => {
  it.each(RUNS.map((r) => [r.run.id, r] as const))('%s is a valid results.json', (_id, r) => {
    expect(validateResults(r).errors).toEqual([]);
  });
});
